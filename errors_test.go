package rocketchat_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

func TestEveryErrorShapeBecomesAnAPIError(t *testing.T) {
	cases := []struct {
		name        string
		status      int
		contentType string
		body        string
		code        string
		message     string
		sentinel    error
	}{
		{"401 since 9.0", 401, "application/json", `{"success":false,"error":"You must be logged in to do this."}`, "", "You must be logged in to do this.", rocketchat.ErrUnauthorized},
		{"401 before 9.0", 401, "application/json", `{"success":false,"error":"You must be logged in to do this.","status":"error","message":"You must be logged in to do this."}`, "", "You must be logged in to do this.", rocketchat.ErrUnauthorized},
		{"401 very old", 401, "application/json", `{"status":"error","message":"You must be logged in to do this."}`, "", "You must be logged in to do this.", rocketchat.ErrUnauthorized},
		{"403", 403, "application/json", `{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}`, "error-unauthorized", "User does not have the permissions required for this action", rocketchat.ErrForbidden},
		{"invalid room", 400, "application/json", `{"success":false,"error":"invalid-room"}`, "invalid-room", "invalid-room", rocketchat.ErrInvalidRoom},
		{"not allowed", 400, "application/json", `{"success":false,"error":"error-not-allowed"}`, "error-not-allowed", "error-not-allowed", rocketchat.ErrNotAllowed},
		{"not allowed, bare", 400, "application/json", `{"success":false,"error":"not-allowed"}`, "not-allowed", "not-allowed", rocketchat.ErrNotAllowed},
		{"403 unauthorized", 403, "application/json", `{"success":false,"error":"unauthorized"}`, "unauthorized", "unauthorized", rocketchat.ErrForbidden},
		{"invalid params", 400, "application/json", `{"success":false,"error":"must be number [invalid-params]","errorType":"invalid-params"}`, "invalid-params", "must be number", rocketchat.ErrInvalidParams},
		{"invalid sort", 400, "application/json", `{"success":false,"error":"Invalid sort parameter provided: \"{\\\"ts\\\":2}\" [error-invalid-sort]","errorType":"error-invalid-sort","details":{"helperMethod":"parseJsonQuery"}}`, "error-invalid-sort", `Invalid sort parameter provided: "{\"ts\":2}"`, rocketchat.ErrInvalidSort},
		{"500", 500, "application/json", `{"success":false,"error":"Internal server error"}`, "", "Internal server error", rocketchat.ErrServer},
		{"proxy html 502", 502, "text/html", `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`, "", "502 Bad Gateway", rocketchat.ErrServer},
		{"plain 503", 503, "text/plain", `Service Unavailable`, "", "Service Unavailable", rocketchat.ErrServer},
		{"empty 404", 404, "", ``, "", "Not Found", rocketchat.ErrNotFound},
		{"200 success false", 200, "application/json", `{"success":false,"error":"invalid-room"}`, "invalid-room", "invalid-room", rocketchat.ErrInvalidRoom},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mt := newMockClient(t, rocketchat.WithRetries(0, 0, 0))
			mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
				r := httpmock.NewStringResponse(tc.status, tc.body)
				if tc.contentType != "" {
					r.Header.Set("Content-Type", tc.contentType)
				}
				return r, nil
			})
			_, resp, err := omnichannel.New(c).Visitors.ChatHistory(context.Background(), "r1", "v1", nil)
			var apiErr *rocketchat.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Code != tc.code || apiErr.Message != tc.message {
				t.Errorf("got status %d code %q message %q; want %d %q %q", apiErr.StatusCode, apiErr.Code, apiErr.Message, tc.status, tc.code, tc.message)
			}
			if !errors.Is(err, tc.sentinel) {
				t.Errorf("errors.Is(err, %v) = false", tc.sentinel)
			}
			if apiErr.Method != "GET" || apiErr.Path != "/prefix/api/v1/livechat/visitors.chatHistory/room/r1/visitor/v1" {
				t.Errorf("request %s %s", apiErr.Method, apiErr.Path)
			}
			if string(apiErr.Body) != tc.body {
				t.Errorf("body %q, want the raw body", apiErr.Body)
			}
			if resp == nil || resp.StatusCode != tc.status {
				t.Errorf("resp = %v, want the answer with status %d", resp, tc.status)
			}
		})
	}
}

func TestSentinelsDoNotMatchOtherErrors(t *testing.T) {
	e := &rocketchat.APIError{StatusCode: 400, Code: "invalid-room"}
	for _, s := range []error{rocketchat.ErrUnauthorized, rocketchat.ErrForbidden, rocketchat.ErrNotAllowed, rocketchat.ErrRateLimited, rocketchat.ErrServer, rocketchat.ErrInvalidSort} {
		if errors.Is(e, s) {
			t.Errorf("invalid-room matched %v", s)
		}
	}
}

func TestErrorBodyIsCappedAndDetailsKept(t *testing.T) {
	c, mt := newMockClient(t, rocketchat.WithRetries(0, 0, 0))
	long := `{"success":false,"error":"error-invalid-sort","details":{"helperMethod":"parseJsonQuery"},"pad":"` + strings.Repeat("x", 10000) + `"}`
	mt.RegisterNoResponder(jsonResponder(400, long))
	_, _, err := omnichannel.New(c).Visitors.ChatHistory(context.Background(), "r1", "v1", nil)
	var apiErr *rocketchat.APIError
	if !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	if len(apiErr.Body) != 4096 || apiErr.Details["helperMethod"] != "parseJsonQuery" {
		t.Fatalf("body len %d, details %v; want 4096 bytes kept and the details parsed", len(apiErr.Body), apiErr.Details)
	}
}

func TestMalformedSuccessBodyIsAClearError(t *testing.T) {
	for name, body := range map[string]string{
		"html":       `<html><body>Welcome to the captive portal</body></html>`,
		"truncated":  `{"history":[{"_id":"a","t":"l"`,
		"empty":      ``,
		"wrong type": `{"history":"nope","success":true}`,
	} {
		c, mt := newMockClient(t)
		mt.RegisterNoResponder(jsonResponder(200, body))
		page, resp, err := omnichannel.New(c).Visitors.ChatHistory(context.Background(), "r1", "v1", nil)
		if !errors.Is(err, rocketchat.ErrMalformedResponse) || page != nil {
			t.Errorf("%s: page %v err %v, want ErrMalformedResponse", name, page, err)
		}
		if resp == nil || resp.StatusCode != 200 {
			t.Errorf("%s: the response must still be returned", name)
		}
	}
}

// TestComposedErrorsNameTheCallOnce pins the messages of the errors built
// from others (a *CanceledError around an answer or a transport error, a
// *RateLimitError around a 429, a *TwoFactorError): "rocketchat:" and the
// call appear once, the server's wordy 429 text is left out, and a 429 at
// the deadline stays short.
func TestComposedErrorsNameTheCallOnce(t *testing.T) {
	const path = "/prefix/api/v1/livechat/visitors.chatHistory/room/r1/visitor/v1"
	hang := func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	}
	// cancelAfter returns a context cancelled d from now.
	cancelAfter := func(t *testing.T, d time.Duration) context.Context {
		ctx, cancel := context.WithCancel(t.Context())
		t.Cleanup(cancel)
		time.AfterFunc(d, cancel)
		return ctx
	}
	deadlineIn := func(t *testing.T, d time.Duration) context.Context {
		ctx, cancel := context.WithTimeout(t.Context(), d)
		t.Cleanup(cancel)
		return ctx
	}
	// Each case runs in its own bubble, whose clock starts at 2000-01-01 UTC.
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, c *rocketchat.Client, mt *httpmock.MockTransport) error
		want string
	}{
		{"429 then the deadline", func(t *testing.T, c *rocketchat.Client, mt *httpmock.MockTransport) error {
			seq, _ := sequence(rateLimited(time.Now().Add(time.Second)), hang)
			mt.RegisterNoResponder(seq)
			_, _, err := getHistory(deadlineIn(t, 5*time.Second), c)
			return err
		}, "rocketchat: GET " + path + ": context deadline exceeded (last answer: 429 rate limited (limit 10), retry after 0s at 2000-01-01T00:00:01Z)"},
		{"429 whose reset is past the deadline", func(t *testing.T, c *rocketchat.Client, mt *httpmock.MockTransport) error {
			mt.RegisterNoResponder(rateLimited(time.Now().Add(time.Minute)))
			_, _, err := getHistory(deadlineIn(t, 5*time.Second), c)
			return err
		}, "rocketchat: GET " + path + ": 429 rate limited (limit 10), retry after 1m0.01s at 2000-01-01T00:01:00Z"},
		{"cancelled while waiting to retry a 429", func(t *testing.T, c *rocketchat.Client, mt *httpmock.MockTransport) error {
			mt.RegisterNoResponder(rateLimited(time.Now().Add(time.Minute)))
			_, _, err := getHistory(cancelAfter(t, 10*time.Second), c)
			return err
		}, "rocketchat: GET " + path + ": context canceled (last answer: 429 rate limited (limit 10), retry after 50.01s at 2000-01-01T00:01:00Z)"},
		{"pacing past the deadline", func(t *testing.T, c *rocketchat.Client, mt *httpmock.MockTransport) error {
			learnUsedUpWindow(t, c, mt, time.Now().Add(30*time.Second))
			_, _, err := getHistory(deadlineIn(t, 5*time.Second), c)
			return err
		}, "rocketchat: GET " + path + ": rate limited (limit 1), retry after 30.01s at 2000-01-01T00:00:30Z, not sent"},
		{"cancelled while pacing", func(t *testing.T, c *rocketchat.Client, mt *httpmock.MockTransport) error {
			learnUsedUpWindow(t, c, mt, time.Now().Add(30*time.Second))
			_, _, err := getHistory(cancelAfter(t, 10*time.Second), c)
			return err
		}, "rocketchat: GET " + path + ": context canceled (last error: rate limited (limit 1), retry after 20.01s at 2000-01-01T00:00:30Z, not sent)"},
		{"connection refused", func(t *testing.T, c *rocketchat.Client, mt *httpmock.MockTransport) error {
			mt.RegisterNoResponder(httpmock.NewErrorResponder(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}))
			_, _, err := getHistory(t.Context(), c)
			return err
		}, "rocketchat: GET " + path + ": dial tcp: connect: connection refused"},
		{"two-factor code required", func(t *testing.T, c *rocketchat.Client, mt *httpmock.MockTransport) error {
			mt.RegisterNoResponder(jsonResponder(401, `{"success":false,"error":"totp-required","message":"TOTP Required","details":{"method":"totp"}}`))
			_, _, err := c.Login(t.Context(), rocketchat.LoginRequest{User: "u", Password: "pw"})
			return err
		}, "rocketchat: POST /prefix/api/v1/login: two-factor authentication (totp): 401 totp-required: TOTP Required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mt := newMockClient(t, rocketchat.WithRetries(2, time.Second, time.Second))
				err := tc.run(t, c, mt)
				if err == nil {
					t.Fatal("no error")
				}
				msg := err.Error()
				if msg != tc.want {
					t.Fatalf("err = %q\nwant  %q", msg, tc.want)
				}
				call := path
				if strings.Contains(tc.want, "/login") {
					call = "/prefix/api/v1/login"
				}
				if strings.Count(msg, "rocketchat:") != 1 || strings.Count(msg, call) != 1 || len(msg) > 200 {
					t.Fatalf("err = %q (%d bytes): want the prefix and the call once, and at most 200 bytes", msg, len(msg))
				}
			})
		})
	}
}

// Stubs build the SDK's error types by hand: a zero value prints, and
// errors.Is and errors.As walk it, without a panic.
func TestZeroErrorsDoNotPanic(t *testing.T) {
	for _, err := range []error{
		&rocketchat.APIError{}, &rocketchat.RateLimitError{}, &rocketchat.TwoFactorError{},
		&rocketchat.CanceledError{}, &rocketchat.VersionError{},
	} {
		t.Run(fmt.Sprintf("%T", err), func(t *testing.T) {
			defer func() {
				if v := recover(); v != nil {
					t.Fatalf("panic: %v", v)
				}
			}()
			if msg := err.Error(); !strings.HasPrefix(msg, "rocketchat: ") {
				t.Errorf("Error() = %q", msg)
			}
			var apiErr *rocketchat.APIError
			_ = errors.Is(err, rocketchat.ErrNotFound) || errors.Is(err, context.Canceled) || errors.As(err, &apiErr)
		})
	}
}

// A call whose context was cancelled with a cause returns an error that
// matches the cause as well as context.Canceled.
func TestCanceledErrorCarriesTheCause(t *testing.T) {
	errShutdown := errors.New("shutting down")
	c, mt := newMockClient(t)
	mt.RegisterNoResponder(jsonResponder(200, `{"success":true}`))
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errShutdown)
	_, _, err := rocketchat.Do[struct{}](ctx, c, rocketchat.Call{Method: "GET", Route: "me"})
	var ce *rocketchat.CanceledError
	if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) || !errors.Is(err, errShutdown) {
		t.Fatalf("err = %v; want a *CanceledError matching context.Canceled and the cause", err)
	}
	if !strings.Contains(err.Error(), "shutting down") {
		t.Errorf("the message does not say the cause: %v", err)
	}
	// Without a cause of its own, the context's error is not repeated.
	ctx, cancel2 := context.WithCancel(context.Background())
	cancel2()
	_, _, err = rocketchat.Do[struct{}](ctx, c, rocketchat.Call{Method: "GET", Route: "me"})
	if !errors.As(err, &ce) || ce.Cause != nil || strings.Count(err.Error(), "context canceled") != 1 {
		t.Errorf("err = %v, Cause %v; want the context's error once, no cause", err, ce.Cause)
	}
}
