// Command login2fa logs in with a user name (or email) and a password and,
// when the account has two-factor authentication, a code: the first login
// fails with a *rocketchat.TwoFactorError that names the method ("totp" for
// an authenticator app, "email" for a code the server has just sent), and
// the second sends the code. It then reads the user with the new session's
// client, and logs out.
//
// With no environment it starts the built-in fake server (package
// rocketchattest) with the user agent.ana, password "demo", whose
// authenticator accepts the code 246810, and types the codes itself: a wrong
// one first, to show the refusal, then the right one. To log in to a real
// server, set:
//
//	ROCKETCHAT_URL          e.g. https://chat.example.com
//	ROCKETCHAT_USER         a user name or email
//	ROCKETCHAT_PASSWORD     the password
//	ROCKETCHAT_2FA_CODE     optional: the code; without it you are asked for
//	                        one on the terminal when the server wants it
//
// Usage:
//
//	go run ./examples/login2fa
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/exampleenv"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "login2fa:", err)
		os.Exit(1)
	}
}

// maxCodeTries is how many codes the user may type before the program gives
// up; servers lock the second factor after a few wrong codes.
const maxCodeTries = 3

func run(ctx context.Context) error {
	base, req, askCode, done, err := setup()
	if err != nil {
		return err
	}
	defer done()

	anon, err := rocketchat.NewClient(base)
	if err != nil {
		return err
	}
	fmt.Printf("logging in to %s as %s\n", anon.BaseURL(), req.User)
	s, _, err := anon.Login(ctx, req)
	for try := 0; try < maxCodeTries; try++ {
		var tf *rocketchat.TwoFactorError
		if !errors.As(err, &tf) {
			break
		}
		if errors.Is(err, rocketchat.ErrTwoFactorInvalid) {
			fmt.Println("the code was refused")
		} else {
			fmt.Printf("the server wants a two-factor code: method %q, available %q\n", tf.Method, tf.AvailableMethods)
		}
		code, err2 := askCode(tf.Method)
		if err2 != nil {
			return err2
		}
		req.Code, req.CodeMethod = rocketchat.Secret(code), tf.Method
		s, _, err = anon.Login(ctx, req)
	}
	if err != nil {
		return err
	}

	// s.Client is a new client that acts as the user; anon is unchanged.
	// string(s.AuthToken) is the token to keep, for rocketchat.WithToken
	// after a restart; printed, it shows as [REDACTED].
	fmt.Printf("logged in: user id %s, token %v\n", s.UserID, s.AuthToken)
	me, _, err := s.Client.Me(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("me: %s (%s), roles %v\n", me.Username, me.Name, me.Roles)

	if _, err := s.Client.Logout(ctx); err != nil {
		return err
	}
	fmt.Println("logged out")
	return nil
}

// setup reads the environment: a real server when ROCKETCHAT_URL is set, the
// built-in fake server otherwise. It returns the server's URL, the login
// request, how to get a code for a method, and what releases the server.
func setup() (base string, req rocketchat.LoginRequest, askCode func(method string) (string, error), done func(), err error) {
	base = exampleenv.ServerURL()
	if base == "" {
		srv, err := exampleenv.StartFake()
		if err != nil {
			return "", req, nil, nil, err
		}
		srv.AddUser(rocketchattest.User{
			Username: "agent.ana", Name: "Ana Lima", Email: "ana@example.com", Password: "demo",
			Roles:     []string{"livechat-agent"},
			TwoFactor: rocketchattest.TwoFactorTOTP, TwoFactorCode: "246810",
		})
		typed := []string{"000000", "246810"} // a wrong code, then the right one
		askCode = func(method string) (string, error) {
			code := typed[0]
			typed = typed[1:]
			fmt.Printf("%s code: %s\n", method, code)
			return code, nil
		}
		return srv.URL(), rocketchat.LoginRequest{User: "agent.ana", Password: "demo"}, askCode, srv.Close, nil
	}

	req, ok := exampleenv.PasswordLogin()
	if !ok {
		return "", req, nil, nil, errors.New("set ROCKETCHAT_USER and ROCKETCHAT_PASSWORD")
	}
	in := bufio.NewScanner(os.Stdin)
	askCode = func(method string) (string, error) {
		fmt.Printf("%s code: ", method)
		if !in.Scan() {
			if err := in.Err(); err != nil {
				return "", err
			}
			return "", errors.New("no code given")
		}
		return strings.TrimSpace(in.Text()), nil
	}
	return base, req, askCode, func() {}, nil
}
