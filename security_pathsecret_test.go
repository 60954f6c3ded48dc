package rocketchat_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// pathSecret stands for a visitor token: a secret the route's path carries.
const pathSecret = "vtok-5f0c2e9b-never-print"

// tokenCall is a call whose path holds a secret, as livechat/visitor/{token}.
func tokenCall(token string) rocketchat.Call {
	return rocketchat.Call{Method: http.MethodGet, Route: "livechat/visitor/{token}/room",
		Params: []string{token}, Secrets: []rocketchat.Secret{rocketchat.Secret(token)}}
}

// A secret path parameter never shows in logs or errors, whatever the call
// runs into: an error answer, a retried 502, a 429, a malformed answer, a
// refused connection, a cancelled wait; the request itself still carries it.
func TestPathSecretsNeverShow(t *testing.T) {
	checkNoLeaks(t)
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(pathSecretFaults(func(path string) {
		mu.Lock()
		paths = append(paths, path)
		mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	sc := newSecretsScene()
	observe := rocketchat.WithAttemptObserver(func(a rocketchat.Attempt) { sc.out.see(a, a.Err) })
	c, _ := loopbackClient(t, srv.URL, rocketchat.WithLogger(sc.logger), rocketchat.WithRetries(1, time.Millisecond, time.Millisecond), rocketchat.WithoutPacing(), observe)
	ctx := t.Context()
	type roomsAnswer struct{}
	call := func(ctx context.Context, c *rocketchat.Client) {
		_, resp, err := rocketchat.Do[roomsAnswer](ctx, c, tokenCall(pathSecret))
		sc.out.seeErr(err)
		sc.logAll("call", "err", err)
		_ = resp // the caller's own request: it holds the token, as sent
	}
	call(ctx, c) // 400 invalid-token
	call(ctx, c) // 502, retried, 200
	call(ctx, c) // 502, retried: 429 with an hours-long wait
	call(ctx, c) // truncated answer
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	call(short, c) // cancelled while the server is slow
	cancel()
	srv.CloseClientConnections()
	srv.Close()
	call(ctx, c) // connection refused

	got := sc.out.String()
	if i := strings.Index(got, pathSecret); i >= 0 {
		t.Errorf("the token appears in what the SDK printed or logged: ...%s...", got[max(i-200, 0):min(i+100, len(got))])
	}
	for _, want := range []string{"/api/v1/livechat/visitor/[REDACTED]/room", `"msg":"rocketchat request"`, "invalid-token", "Route:livechat/visitor/{token}/room",
		"429 rate limited", "malformed response", "deadline exceeded", "connection refused"} {
		if !strings.Contains(got, want) {
			t.Errorf("the transcript lacks %q", want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(paths) != 7 || paths[0] != "/api/v1/livechat/visitor/"+pathSecret+"/room" {
		t.Errorf("the server got %q; the requests must carry the token", paths)
	}
}

// pathSecretFaults answers the calls of TestPathSecretsNeverShow in turn:
// an error answer, a 502 then a 200, a 502 then a 429 with an hours-long
// wait, a truncated answer, then slow answers. It tells seen each path.
func pathSecretFaults(seen func(path string)) http.Handler {
	var n atomic.Int32
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen(r.URL.Path)
		switch n.Add(1) {
		case 1:
			writeJSON(w, 400, `{"success":false,"error":"[invalid-token]","errorType":"invalid-token"}`)
		case 2, 4:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = w.Write([]byte("<html><title>502 Bad Gateway</title></html>"))
		case 3:
			writeJSON(w, 200, `{"rooms":[],"success":true}`)
		case 5:
			w.Header().Set("X-RateLimit-Limit", "10")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", "99999999999999")
			writeJSON(w, 429, `{"success":false,"error":"Error, too many requests. [error-too-many-requests]"}`)
		case 6:
			writeJSON(w, 200, `{"rooms":`)
		default:
			time.Sleep(200 * time.Millisecond)
			writeJSON(w, 200, `{"rooms":[],"success":true}`)
		}
	})
}

// A visitor token in the path is a secret like any other: an anonymous
// client does not send it over plain http to a remote host.
func TestPathSecretRefusedOverPlainHTTP(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(jsonResponder(200, `{"visitor":{"_id":"v1"},"success":true}`))
	c, err := rocketchat.NewClient("http://chat.example.com", rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	visitors := omnichannel.New(c).Visitors
	if _, _, err := visitors.ByToken(t.Context(), pathSecret); !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Errorf("ByToken: err %v, want ErrInvalidArgument for a token over plain http", err)
	}
	if _, _, err := visitors.RoomsByToken(t.Context(), pathSecret); !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Errorf("RoomsByToken: err %v, want ErrInvalidArgument for a token over plain http", err)
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent the token over plain http", n)
	}
}

// A path parameter equal to a secret is redacted as a whole, however it is
// escaped in the path.
func TestPathSecretIsRedactedWhole(t *testing.T) {
	const token = "tok/with?odd chars"
	c, mt := newMockClient(t, rocketchat.WithRetries(0, 0, 0))
	mt.RegisterNoResponder(jsonResponder(400, `{"success":false,"error":"invalid-token"}`))
	_, _, err := rocketchat.Do[struct{}](t.Context(), c, tokenCall(token))
	var apiErr *rocketchat.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err %v, want an *APIError", err)
	}
	if apiErr.Path != "/prefix/api/v1/livechat/visitor/[REDACTED]/room" {
		t.Errorf("path %q", apiErr.Path)
	}
}
