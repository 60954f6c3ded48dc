package rocketchat_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
)

func TestIdempotentPOSTIsRetriedLikeAGet(t *testing.T) {
	cases := []struct {
		name      string
		responder httpmock.Responder
		call      rocketchat.Call
		wantCalls int
	}{
		{"transport error, plain POST", httpmock.NewErrorResponder(syscall.ECONNRESET), rocketchat.Call{Method: "POST", Route: "x", Body: 1}, 1},
		{"transport error, idempotent POST", httpmock.NewErrorResponder(syscall.ECONNRESET), rocketchat.Call{Method: "POST", Route: "x", Body: 1, Idempotent: true}, 3},
		{"503, idempotent POST", jsonResponder(503, `{"success":false}`), rocketchat.Call{Method: "POST", Route: "x", Body: 1, Idempotent: true}, 3},
		{"500, idempotent POST", jsonResponder(500, `{"success":false}`), rocketchat.Call{Method: "POST", Route: "x", Body: 1, Idempotent: true}, 3},
		{"400, idempotent POST", jsonResponder(400, `{"success":false,"error":"x"}`), rocketchat.Call{Method: "POST", Route: "x", Body: 1, Idempotent: true}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mt := newMockClient(t, rocketchat.WithRetries(2, time.Second, time.Second))
				mt.RegisterNoResponder(tc.responder)
				if _, _, err := rocketchat.Do[struct{}](context.Background(), c, tc.call); err == nil {
					t.Fatal("no error")
				}
				if got := mt.GetTotalCallCount(); got != tc.wantCalls {
					t.Fatalf("%d calls, want %d", got, tc.wantCalls)
				}
			})
		})
	}
}

func TestAnonymousCallSendsNoCredentials(t *testing.T) {
	c, mt := newMockClient(t)
	var got http.Header
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		got = req.Header.Clone()
		return jsonResponder(200, `{"success":true}`)(req)
	})
	if _, _, err := rocketchat.Do[struct{}](context.Background(), c, rocketchat.Call{Method: "GET", Route: "livechat/config", Anonymous: true}); err != nil {
		t.Fatal(err)
	}
	if got.Get("X-User-Id") != "" || got.Get("X-Auth-Token") != "" {
		t.Fatalf("an anonymous call sent credentials: %v", got)
	}
	if _, _, err := rocketchat.Do[struct{}](context.Background(), c, rocketchat.Call{Method: "GET", Route: "me"}); err != nil {
		t.Fatal(err)
	}
	if got.Get("X-Auth-Token") != "secret-token-1" {
		t.Fatal("an ordinary call of the same client sent no token")
	}
}

// A secret in the path, the query or a header shows in no log line and no
// error, whatever the failure.
func TestCallSecretsStayOutOfLogsAndErrors(t *testing.T) {
	const token = "visitor-token-Zq8"
	failures := map[string]httpmock.Responder{
		"api error":       jsonResponder(400, `{"success":false,"error":"invalid-token"}`),
		"transport error": httpmock.NewErrorResponder(syscall.ECONNREFUSED),
		"rate limited":    rateLimited(time.Now().Add(time.Hour)),
		"malformed":       jsonResponder(200, `{"success":tru`),
	}
	for name, responder := range failures {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			var tr transcript
			observe := rocketchat.WithAttemptObserver(func(a rocketchat.Attempt) { tr.see(a, a.Err) })
			c, mt := newMockClient(t, rocketchat.WithLogger(logger), rocketchat.WithRetries(1, 0, 0), observe)
			mt.RegisterNoResponder(responder)
			call := rocketchat.Call{
				Method: "GET", Route: "livechat/visitor/{token}", Params: []string{token},
				Query: struct {
					Token string `url:"token"`
				}{token},
				Header: http.Header{"X-Visitor-Token": {token}}, Anonymous: true, Secrets: []rocketchat.Secret{token},
			}
			_, _, err := rocketchat.Do[struct{}](context.Background(), c, call)
			if err == nil {
				t.Fatal("no error")
			}
			tr.seeErr(err)
			var uerr interface{ Unwrap() error }
			for e := err; e != nil && errors.As(e, &uerr); e = uerr.Unwrap() {
				tr.see(e)
			}
			for where, text := range map[string]string{"log": logs.String(), "error": tr.buf.String()} {
				if strings.Contains(text, token) {
					t.Errorf("the %s shows the token:\n%s", where, text)
				}
			}
			if !strings.Contains(err.Error(), "livechat/visitor/[REDACTED]") {
				t.Errorf("the error does not name the call with the token redacted: %v", err)
			}
		})
	}
}

func TestCallSecretsRefusedOverPlainHTTP(t *testing.T) {
	c, err := rocketchat.NewClient("http://chat.example.com", rocketchat.WithHTTPClient(&http.Client{Transport: httpmock.NewMockTransport()}))
	if err != nil {
		t.Fatal(err)
	}
	call := rocketchat.Call{Method: "GET", Route: "livechat/room", Secrets: []rocketchat.Secret{"tok"}, Anonymous: true}
	if _, _, err := rocketchat.Do[struct{}](context.Background(), c, call); !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Fatalf("err %v, want ErrInvalidArgument for a secret over plain http", err)
	}
	insecure, _ := c.With(rocketchat.WithInsecureHTTP(), rocketchat.WithRetries(0, 0, 0))
	if _, _, err := rocketchat.Do[struct{}](context.Background(), insecure, call); errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Fatalf("WithInsecureHTTP still refused: %v", err)
	}
}

func TestNewSentinelMatchesItsCodes(t *testing.T) {
	errTaken := rocketchat.NewSentinel("inquiry taken", "error-inquiry-taken", "error-taken-old")
	errOther := rocketchat.NewSentinel("other", "error-other")
	for _, code := range []string{"error-inquiry-taken", "error-taken-old"} {
		e := &rocketchat.APIError{StatusCode: 400, Code: code}
		if !errors.Is(e, errTaken) || errors.Is(e, errOther) {
			t.Errorf("code %s: matches taken %v, other %v", code, errors.Is(e, errTaken), errors.Is(e, errOther))
		}
	}
	if errors.Is(&rocketchat.APIError{StatusCode: 400}, rocketchat.NewSentinel("empty", "")) {
		t.Error("an error without a code matched a sentinel")
	}
	if errTaken.Error() != "inquiry taken" {
		t.Errorf("Error() = %q", errTaken.Error())
	}
}

func TestLivechatErrorShapes(t *testing.T) {
	cases := []struct {
		body, code string
		sentinel   error
	}{
		{`{"reason":"error-type-not-allowed","success":false}`, "error-type-not-allowed", nil},
		{`{"success":false,"error":"This_conversation_is_already_closed"}`, "This_conversation_is_already_closed", rocketchat.ErrRoomClosed},
		{`{"success":false,"error":"room-closed"}`, "room-closed", rocketchat.ErrRoomClosed},
		{`{"success":false,"error":"error-invalid-room"}`, "error-invalid-room", rocketchat.ErrInvalidRoom},
		{`{"success":false,"error":"Not_authorized"}`, "Not_authorized", rocketchat.ErrForbidden},
		{`{"success":false,"error":"Inquiry not found [error-not-found]","errorType":"error-not-found"}`, "error-not-found", rocketchat.ErrNotFound},
		{`{"success":false,"error":"Unauthorized"}`, "", nil},
		{`{"success":false,"error":"The user is invalid"}`, "", nil},
	}
	for _, tc := range cases {
		c, mt := newMockClient(t, rocketchat.WithRetries(0, 0, 0))
		mt.RegisterNoResponder(jsonResponder(400, tc.body))
		_, _, err := rocketchat.Do[struct{}](context.Background(), c, rocketchat.Call{Method: "GET", Route: "x"})
		var apiErr *rocketchat.APIError
		if !errors.As(err, &apiErr) {
			t.Errorf("%s: err %v, want an *APIError", tc.body, err)
			continue
		}
		if apiErr.Code != tc.code {
			t.Errorf("%s: code %q, want %q", tc.body, apiErr.Code, tc.code)
		}
		if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
			t.Errorf("%s: does not match %v", tc.body, tc.sentinel)
		}
	}
}

func TestDoDocumentDecodesTheTopLevel(t *testing.T) {
	c, mt := newMockClient(t)
	mt.RegisterNoResponder(jsonResponder(200, `{"_id":"m1","rid":"r1","msg":"","file":{"_id":"f1","name":"a.png"},"newRoom":false,"showConnecting":true,"success":true}`))
	m, _, err := rocketchat.DoDocument[models.Message](context.Background(), c, rocketchat.Call{Method: "POST", Route: "livechat/upload/{rid}", Params: []string{"r1"}})
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "m1" || m.File == nil || m.File.Name != "a.png" || m.ShowConnecting == nil || !*m.ShowConnecting {
		t.Fatalf("decoded %+v", m)
	}
	mt.RegisterNoResponder(jsonResponder(200, `{"success":false,"error":"invalid-room"}`))
	if _, _, err := rocketchat.DoDocument[models.Message](context.Background(), c, rocketchat.Call{Method: "GET", Route: "x"}); !errors.Is(err, rocketchat.ErrInvalidRoom) {
		t.Fatalf("a success:false answer: err %v", err)
	}
}

// A redirect to another host loses the visitor token header and every other
// header the call set, as it loses the credentials, and learns nothing of
// the first URL (whose path holds the token) from a Referer.
func TestRedirectDropsTheVisitorTokenHeader(t *testing.T) {
	mt := httpmock.NewMockTransport()
	var got http.Header
	mt.RegisterResponder("GET", "https://chat.example.com/api/v1/x/tok", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(302, "")
		r.Header.Set("Location", "https://elsewhere.example.net/y")
		return r, nil
	})
	mt.RegisterResponder("GET", "https://elsewhere.example.net/y", func(req *http.Request) (*http.Response, error) {
		got = req.Header.Clone()
		return jsonResponder(200, `{"success":true}`)(req)
	})
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	call := rocketchat.Call{Method: "GET", Route: "x/{token}", Params: []string{"tok"}, Secrets: []rocketchat.Secret{"tok"}, Header: http.Header{
		"X-Visitor-Token": {"tok"}, "X-Widget-Auth": {"tok"}, "x-lower-case": {"other"}}}
	if _, _, err := rocketchat.Do[struct{}](context.Background(), c, call); err != nil {
		t.Fatal(err)
	}
	if got == nil || got.Get("X-Visitor-Token") != "" || got.Get("X-Widget-Auth") != "" || got.Get("X-Lower-Case") != "" ||
		got.Get("Referer") != "" {
		t.Fatalf("the other host got headers %v", got)
	}
}
