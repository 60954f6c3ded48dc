package rocketchat_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// Secrets never leak: no password, token or two-factor code appears in
// anything the SDK logs, formats, returns as an error or panics with.

// transcript collects everything the SDK lets a program see: log records,
// error strings, formatted values and recovered panics.
type transcript struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (tr *transcript) Write(p []byte) (int, error) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.buf.Write(p)
}

// see records v as a program could print or log it.
func (tr *transcript) see(vs ...any) {
	for _, v := range vs {
		fmt.Fprintf(tr, "%v\n%+v\n%#v\n%s\n%q\n", v, v, v, v, v)
		if err, ok := v.(error); ok && err != nil {
			fmt.Fprintln(tr, err.Error())
			for e := err; e != nil; e = errors.Unwrap(e) {
				fmt.Fprintf(tr, "%+v\n", e)
			}
		}
	}
}

// seeErr records err and every SDK error type in its chain.
func (tr *transcript) seeErr(err error) {
	tr.see(err)
	var apiErr *rocketchat.APIError
	var rle *rocketchat.RateLimitError
	var tfe *rocketchat.TwoFactorError
	var ce *rocketchat.CanceledError
	if errors.As(err, &apiErr) {
		tr.see(apiErr, *apiErr, string(apiErr.Body))
	}
	if errors.As(err, &rle) {
		tr.see(rle, *rle)
	}
	if errors.As(err, &tfe) {
		tr.see(tfe, *tfe)
	}
	if errors.As(err, &ce) {
		tr.see(ce, *ce)
	}
}

// recovered runs f and records the value of its panic, if any.
func (tr *transcript) recovered(f func()) (panicked bool) {
	defer func() {
		if v := recover(); v != nil {
			panicked = true
			tr.see(v)
		}
	}()
	f()
	return false
}

func (tr *transcript) String() string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.buf.String()
}

// secretsScene is what the SDK lets a program see while it works: the
// transcript, and a JSON and a text logger that write to it.
type secretsScene struct {
	out        transcript
	logger     *slog.Logger // JSON; the clients log to it
	textLogger *slog.Logger
}

func newSecretsScene() *secretsScene {
	sc := &secretsScene{}
	sc.logger = slog.New(slog.NewJSONHandler(&sc.out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sc.textLogger = slog.New(slog.NewTextHandler(&sc.out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return sc
}

// logAll logs msg and args with both loggers.
func (sc *secretsScene) logAll(msg string, args ...any) {
	sc.logger.Info(msg, args...)
	sc.textLogger.Info(msg, args...)
}

func TestSecretsNeverLeak(t *testing.T) {
	checkNoLeaks(t)
	const (
		password = "pw-3c1f9a7e-never-print"
		code     = "731904"
	)
	srv := rocketchattest.NewServer(t, rocketchattest.WithRateLimit(1000, time.Minute))
	srv.AddUser(rocketchattest.User{Username: "agent", Password: password, Roles: []string{"livechat-manager"}, TwoFactor: rocketchattest.TwoFactorTOTP, TwoFactorCode: code})
	rooms := srv.GenerateHistory("v1", 30, 3)

	sc := newSecretsScene()
	tr := loopbackTransport(t)
	anon, err := rocketchat.NewClient(srv.URL(), rocketchat.WithLogger(sc.logger),
		rocketchat.WithHTTPClient(&http.Client{Transport: tr}), rocketchat.WithRetries(2, time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	s, req := sc.loginWithTwoFactor(t, anon, password, code)
	token := string(s.AuthToken)
	sc.callThroughFaults(t, srv, s.Client, rooms[0].ID)
	sc.misuse(t, s.Client, req, token)
	sc.logout(t, s)
	checkTranscript(t, sc.out.String(), map[string]string{"password": password, "token": token, "two-factor code": code})
}

// loginWithTwoFactor signs in with a wrong password, no code, a wrong code,
// then the right one, and returns the session and the request that opened
// it.
func (sc *secretsScene) loginWithTwoFactor(t *testing.T, anon *rocketchat.Client, password, code rocketchat.Secret) (*rocketchat.Session, rocketchat.LoginRequest) {
	t.Helper()
	ctx := t.Context()
	out := &sc.out
	req := rocketchat.LoginRequest{User: "agent", Password: "wrong-" + password}
	_, resp, err := anon.Login(ctx, req)
	out.seeErr(err)
	out.see(resp, req, &req)
	req.Password = password
	_, resp, err = anon.Login(ctx, req)
	var tfe *rocketchat.TwoFactorError
	if !errors.As(err, &tfe) {
		t.Fatalf("login without a code: %v, want a *TwoFactorError", err)
	}
	out.seeErr(err)
	out.see(resp, req)
	req.Code = "000000"
	_, _, err = anon.Login(ctx, req)
	out.seeErr(err)
	req.Code, req.CodeMethod = code, "totp"
	s, resp, err := anon.Login(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	out.see(s, *s, s.Client, *s.Client, s.Me, resp, *resp, req)
	sc.logAll("login", "session", s, "request", req, "response", resp, "client", s.Client, "token", s.AuthToken)
	return s, req
}

// callThroughFaults makes token calls that are retried, fail, are rate
// limited, lose their connection and are cancelled, and calls the server
// never sees.
func (sc *secretsScene) callThroughFaults(t *testing.T, srv *rocketchattest.Server, c *rocketchat.Client, roomID string) {
	t.Helper()
	ctx := t.Context()
	out := &sc.out
	oc := omnichannel.New(c)
	me, resp, err := c.Me(ctx)
	out.seeErr(err)
	out.see(me, resp)
	srv.Inject(rocketchattest.RouteChatHistory,
		rocketchattest.ServerErrors(http.StatusServiceUnavailable, 2),            // retried, then served
		rocketchattest.BadGatewayHTML(1).Repeat(3).AfterCalls(3),                 // retries run out
		rocketchattest.ServerErrors(http.StatusTooManyRequests, 3).AfterCalls(6), // rate limited
		rocketchattest.ResetMidBody().Repeat(3).AfterCalls(9),                    // transport errors
		rocketchattest.Latency(time.Hour).AfterCalls(12),                         // cancelled
	)
	for i := range 5 {
		timeout := 10 * time.Second
		if i == 4 {
			timeout = 50 * time.Millisecond // the latency fault: give up
		}
		callCtx, cancel := context.WithTimeout(ctx, timeout)
		page, resp, err := oc.Visitors.ChatHistory(callCtx, roomID, "v1", nil)
		cancel()
		if i > 0 && err == nil {
			t.Fatalf("call %d succeeded; the faults did not act", i)
		}
		out.seeErr(err)
		out.see(page, resp)
		sc.logAll("call", "err", err, "response", resp)
	}
	_, _, err = oc.Visitors.ChatHistory(ctx, "bad\nid", "v1", nil)
	out.seeErr(err)
	for _, err := range oc.Visitors.ChatHistoryAll(ctx, "nope", "v1", nil) {
		out.seeErr(err)
	}
}

// misuse logs in over plain http, sets a token without a user, and calls a
// nil client, which panics: none of it may print a secret either.
func (sc *secretsScene) misuse(t *testing.T, c *rocketchat.Client, req rocketchat.LoginRequest, token string) {
	t.Helper()
	ctx := t.Context()
	out := &sc.out
	insecure, err := rocketchat.NewClient("http://chat.example.com")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = insecure.Login(ctx, req)
	out.seeErr(err)
	_, err = c.With(rocketchat.WithToken("", token))
	out.seeErr(err)

	var nilClient *rocketchat.Client
	if !out.recovered(func() { _, _, _ = nilClient.Me(ctx) }) {
		t.Error("Me on a nil client did not panic")
	}
	out.recovered(func() { _, _, _ = rocketchat.Do[struct{}](ctx, nilClient, rocketchat.Call{Method: "GET", Route: "me"}) })
}

// logout ends the session, then checks that its token no longer works.
func (sc *secretsScene) logout(t *testing.T, s *rocketchat.Session) {
	t.Helper()
	ctx := t.Context()
	out := &sc.out
	c := s.Client
	resp, err := c.Logout(ctx)
	out.seeErr(err)
	out.see(resp)
	_, _, err = c.Me(ctx)
	if !errors.Is(err, rocketchat.ErrUnauthorized) {
		t.Fatalf("after logout: %v, want ErrUnauthorized", err)
	}
	out.seeErr(err)
	sc.logAll("end", "err", err, "client", c, "session", *s)
}

// checkTranscript fails the test if a secret appears in what the SDK printed
// or logged, or if the transcript lacks what the scenes must have shown.
func checkTranscript(t *testing.T, got string, secrets map[string]string) {
	t.Helper()
	for name, secret := range secrets {
		if strings.Contains(got, secret) {
			i := strings.Index(got, secret)
			t.Errorf("the %s appears in what the SDK printed or logged: ...%s...", name, got[max(i-200, 0):min(i+100, len(got))])
		}
	}
	// The transcript is not empty: the values were seen, the requests logged.
	for _, want := range []string{`"msg":"rocketchat request"`, `"msg":"rocketchat retrying"`, "[REDACTED]", "429", "502 Bad Gateway", "two-factor", "deadline exceeded"} {
		if !strings.Contains(got, want) {
			t.Errorf("the transcript lacks %q", want)
		}
	}
}

// A Secret prints as [REDACTED] with every fmt verb, not only the string
// ones: fmt reports a verb that does not fit a string with the value.
func TestSecretRedactedForEveryVerb(t *testing.T) {
	const pw = "pw-6a1f-never-print"
	s := rocketchat.Secret(pw)
	var out strings.Builder
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%10s"} {
		fmt.Fprintf(&out, verb+"\n", s)
	}
	if strings.Contains(out.String(), pw) {
		t.Errorf("the secret shows:\n%s", out.String())
	}
}
