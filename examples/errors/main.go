// Command errors shows how to handle the failures of the SDK's calls: branch
// with errors.Is on the sentinels (rocketchat.ErrInvalidRoom,
// rocketchat.ErrForbidden, ...), and read the details with errors.As into a
// *rocketchat.APIError, *rocketchat.RateLimitError, *rocketchat.TwoFactorError
// or *rocketchat.CanceledError.
//
// It provokes one failure of each kind and prints how the explain function
// below reads it. With no environment it runs every case against the built-in
// fake server (package rocketchattest), whose seeded users, limits and
// injected faults make each failure happen. To run the cases that are safe
// on a real server (an unknown room, a wrong token, a bad option, a cancelled
// call, a server that is down, played by a local port nothing listens on),
// set:
//
//	ROCKETCHAT_URL          e.g. https://chat.example.com
//	ROCKETCHAT_USER_ID and ROCKETCHAT_TOKEN (a login or personal access token),
//	  or ROCKETCHAT_USER and ROCKETCHAT_PASSWORD (and ROCKETCHAT_2FA_CODE if asked)
//
// Usage:
//
//	go run ./examples/errors
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/exampleenv"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "errors:", err)
		os.Exit(1)
	}
}

// explain tells what a failure means and what to do about it. The order of
// the cases matters: a failure can match several sentinels (a call cancelled
// while it waited to retry also carries the server's last answer; a missing
// two-factor code is also a 401).
func explain(err error) string {
	var (
		canceled *rocketchat.CanceledError
		limited  *rocketchat.RateLimitError
		twoF     *rocketchat.TwoFactorError
		apiErr   *rocketchat.APIError
	)
	switch {
	case err == nil:
		return "no error"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		s := "the call's context ended"
		switch {
		case errors.As(err, &canceled) && errors.As(canceled.Last, &limited) && limited.Err == nil:
			s += fmt.Sprintf(" while it waited for the rate limit (%v more)", limited.RetryAfter.Round(time.Second))
		case errors.As(err, &canceled) && errors.As(canceled.Last, &apiErr):
			s += fmt.Sprintf(" while retrying; the server last answered %d", apiErr.StatusCode)
		case errors.Is(err, syscall.ECONNREFUSED):
			s += " while retrying; the server refused the connection: it is down"
		}
		return s
	case errors.Is(err, rocketchat.ErrInvalidArgument):
		return "refused before sending: fix the arguments"
	case errors.As(err, &limited):
		return fmt.Sprintf("rate limited: %d calls per window, try again in %v", limited.Limit, limited.RetryAfter.Round(time.Second))
	case errors.As(err, &twoF):
		return fmt.Sprintf("log in again with a code (method %q; the user could use %q)", twoF.Method, twoF.AvailableMethods)
	case errors.Is(err, rocketchat.ErrUnauthorized):
		return "not authenticated: the token is wrong, expired or revoked; log in again"
	case errors.Is(err, rocketchat.ErrForbidden):
		return "permission denied: the user lacks view-l-room"
	case errors.Is(err, rocketchat.ErrInvalidRoom), errors.Is(err, rocketchat.ErrNotAllowed):
		return "the room does not exist, is not a livechat room, or is not yours"
	case errors.Is(err, rocketchat.ErrServer):
		errors.As(err, &apiErr)
		return fmt.Sprintf("the server failed with %d, even after retries; try later", apiErr.StatusCode)
	case errors.As(err, &apiErr):
		return fmt.Sprintf("the server said %d %s: %s", apiErr.StatusCode, apiErr.Code, apiErr.Message)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "the server is down (connection refused), even after retries; try later"
	default:
		return "not from the server (network, TLS, ...): " + err.Error()
	}
}

// A failure to provoke. Cases that need setup only the fake server allows
// have fake set.
type failure struct {
	name string
	fake bool
	call func(ctx context.Context, t *exampleenv.Target) error // t.Server is nil on a real server
}

var failures = []failure{
	{name: "an unknown room", call: func(ctx context.Context, t *exampleenv.Target) error {
		_, _, err := omnichannel.New(t.Client).Visitors.ChatHistory(ctx, "no-such-room", "no-such-visitor", nil)
		return err
	}},
	{name: "a wrong token", call: func(ctx context.Context, t *exampleenv.Target) error {
		c, err := t.Client.With(rocketchat.WithToken(t.Client.UserID(), "not-the-token"))
		if err != nil {
			return err
		}
		_, _, err = c.Me(ctx)
		return err
	}},
	{name: "a negative offset", call: func(ctx context.Context, t *exampleenv.Target) error {
		_, _, err := omnichannel.New(t.Client).Visitors.ChatHistory(ctx, "room", "visitor", &omnichannel.ChatHistoryOptions{Offset: -1})
		return err
	}},
	{name: "a cancelled context", call: func(ctx context.Context, t *exampleenv.Target) error {
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		_, _, err := t.Client.Me(ctx)
		return err
	}},
	{name: "a server that is down", call: func(ctx context.Context, t *exampleenv.Target) error {
		// A local port nothing listens on: each attempt is refused.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		base := "http://" + ln.Addr().String()
		ln.Close()
		c, err := rocketchat.NewClient(base, rocketchat.WithRetries(2, 10*time.Millisecond, 50*time.Millisecond))
		if err != nil {
			return err
		}
		_, _, err = c.Me(ctx)
		return err
	}},
	{name: "a user without permission", fake: true, call: func(ctx context.Context, t *exampleenv.Target) error {
		cred := t.Server.AddUser(rocketchattest.User{Username: "visitor.desk", Roles: []string{"user"}})
		c, err := t.Client.With(rocketchat.WithToken(cred.UserID, cred.AuthToken))
		if err != nil {
			return err
		}
		_, _, err = omnichannel.New(c).Visitors.ChatHistory(ctx, "no-such-room", "no-such-visitor", nil)
		return err
	}},
	{name: "a login without the two-factor code", fake: true, call: func(ctx context.Context, t *exampleenv.Target) error {
		t.Server.AddUser(rocketchattest.User{Username: "agent.bo", Password: "demo", TwoFactor: rocketchattest.TwoFactorEmail, TwoFactorCode: "918273"})
		anon, err := rocketchat.NewClient(t.Client.BaseURL())
		if err != nil {
			return err
		}
		_, _, err = anon.Login(ctx, rocketchat.LoginRequest{User: "agent.bo", Password: "demo"})
		return err
	}},
	{name: "too many calls", fake: true, call: func(ctx context.Context, t *exampleenv.Target) error {
		// The fake server allows 10 calls per route in a two-second window.
		// The client knows when they are used up, and fails at once rather
		// than wait longer than WithMaxRetryWait for the next window.
		c, err := t.Client.With(rocketchat.WithMaxRetryWait(time.Second))
		if err != nil {
			return err
		}
		for range 100 {
			if _, _, err := c.Me(ctx); err != nil {
				return err
			}
		}
		return nil
	}},
	{name: "a proxy's 502 page", fake: true, call: func(ctx context.Context, t *exampleenv.Target) error {
		t.Server.Inject(rocketchattest.RouteChatHistory, rocketchattest.BadGatewayHTML(3))
		c, err := t.Client.With(rocketchat.WithRetries(2, 10*time.Millisecond, 50*time.Millisecond))
		if err != nil {
			return err
		}
		_, _, err = omnichannel.New(c).Visitors.ChatHistory(ctx, "room", "visitor", nil)
		return err
	}},
	{name: "a deadline while retrying", fake: true, call: func(ctx context.Context, t *exampleenv.Target) error {
		t.Server.Inject(rocketchattest.RouteChatHistory, rocketchattest.ServerErrors(http.StatusServiceUnavailable, 1).Repeat(rocketchattest.Forever))
		defer t.Server.ClearFaults(rocketchattest.RouteChatHistory)
		ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		c, err := t.Client.With(rocketchat.WithRetries(10, 50*time.Millisecond, 100*time.Millisecond))
		if err != nil {
			return err
		}
		_, _, err = omnichannel.New(c).Visitors.ChatHistory(ctx, "room", "visitor", nil)
		return err
	}},
}

func run(ctx context.Context) error {
	t, err := exampleenv.Connect(ctx, nil)
	if err != nil {
		return err
	}
	defer t.Close()
	for _, f := range failures {
		if f.fake && t.Server == nil {
			continue
		}
		err := f.call(ctx, t)
		fmt.Printf("%s:\n  error:   %v\n  meaning: %s\n", f.name, err, explain(err))
	}
	return nil
}
