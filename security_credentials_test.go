package rocketchat_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// Credentials stay where they belong: not sent to another host or over
// plain http after a redirect, and not sent over plain http to a remote
// host at all without an explicit opt-in.

// recorder answers every request with a fixed body and keeps the headers
// and bodies it received.
type recorder struct {
	mu      sync.Mutex
	headers []http.Header
	bodies  []string
	answer  func(w http.ResponseWriter, r *http.Request)
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.headers = append(rec.headers, r.Header.Clone())
	rec.bodies = append(rec.bodies, string(b))
	rec.mu.Unlock()
	if rec.answer != nil {
		rec.answer(w, r)
		return
	}
	writeJSON(w, http.StatusOK, `{"_id":"u","username":"x","success":true}`)
}

func (rec *recorder) leaked(secrets ...string) []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var found []string
	for i, h := range rec.headers {
		all := fmt.Sprint(h) + rec.bodies[i]
		for _, s := range secrets {
			if strings.Contains(all, s) {
				found = append(found, s)
			}
		}
	}
	return found
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.headers)
}

// redirectElsewhere starts two loopback servers that are two hosts to a
// client, and returns the first's URL and what the second received. The
// first answers status, redirecting every request to the same path on the
// second, but /hop/api/v1/me to /api/v1/me on itself.
func redirectElsewhere(t *testing.T, status int) (originURL string, other *recorder) {
	t.Helper()
	other = &recorder{}
	otherSrv := startServer(t, other.ServeHTTP)
	// The same loopback server, named differently: another host.
	elsewhere := strings.Replace(otherSrv.URL, "127.0.0.1", "localhost", 1)
	origin := &recorder{answer: func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hop/api/v1/me" {
			w.Header().Set("Location", "/api/v1/me")
		} else {
			w.Header().Set("Location", elsewhere+r.URL.Path)
		}
		w.WriteHeader(status)
	}}
	return startServer(t, origin.ServeHTTP).URL, other
}

func TestCredentialsStayOnTheirHost(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			checkNoLeaks(t)
			originURL, other := redirectElsewhere(t, status)
			tr := loopbackTransport(t)
			c, err := rocketchat.NewClient(originURL, rocketchat.WithToken("user-1", "secret-token-1"), rocketchat.WithHTTPClient(&http.Client{Transport: tr}))
			if err != nil {
				t.Fatal(err)
			}
			_, _, _ = c.Me(t.Context())
			if other.count() == 0 {
				t.Fatal("the redirect was not followed; the test proves nothing")
			}
			if leaked := other.leaked("secret-token-1", "user-1"); len(leaked) > 0 {
				t.Fatalf("credentials %q reached another host", leaked)
			}

			// The password of a login must not follow either: a 307 or 308
			// repeats the body.
			anon, err := rocketchat.NewClient(originURL, rocketchat.WithHTTPClient(&http.Client{Transport: tr}))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = anon.Login(t.Context(), rocketchat.LoginRequest{User: "agent", Password: "pw-never-elsewhere", Code: "424242"})
			if leaked := other.leaked("pw-never-elsewhere", "424242"); len(leaked) > 0 {
				t.Fatalf("login secrets %q reached another host (err %v)", leaked, err)
			}
		})
	}
	t.Run("same host keeps them", func(t *testing.T) {
		checkNoLeaks(t)
		var got http.Header
		var mu sync.Mutex
		ts := startServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/v1/me" {
				http.Redirect(w, r, "/api/v1/me2", http.StatusFound)
				return
			}
			mu.Lock()
			got = r.Header.Clone()
			mu.Unlock()
			writeJSON(w, http.StatusOK, `{"_id":"u","success":true}`)
		})
		c, _ := loopbackClient(t, ts.URL)
		if _, _, err := c.Me(t.Context()); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if got.Get("X-Auth-Token") != "secret-token-1" || got.Get("X-User-Id") != "user-1" {
			t.Fatalf("a same-host redirect lost the credentials: %v", got)
		}
	})
}

// dialer sends the connections for host:443 to one listener and host:80 to
// another, so that https://host and http://host are the same host name on
// two loopback servers.
func dialer(tlsAddr, plainAddr string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		switch {
		case strings.HasSuffix(addr, ":443"):
			addr = tlsAddr
		case strings.HasSuffix(addr, ":80"):
			addr = plainAddr
		default:
			return nil, fmt.Errorf("unexpected dial to %s", addr)
		}
		return d.DialContext(ctx, network, addr)
	}
}

func TestCredentialsNotSentAfterHTTPSDowngrade(t *testing.T) {
	checkNoLeaks(t)
	plain := &recorder{}
	plainSrv := startServer(t, plain.ServeHTTP)
	secure := &recorder{answer: func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/me": // same host, same scheme
			http.Redirect(w, r, "https://example.com/api/v1/me-again", http.StatusFound)
		case "/api/v1/me-again": // same host, down to plain http
			http.Redirect(w, r, "http://example.com/api/v1/me", http.StatusFound)
		case "/api/v1/login":
			w.Header().Set("Location", "http://example.com/api/v1/login")
			w.WriteHeader(http.StatusPermanentRedirect)
		}
	}}
	tlsSrv := httptest.NewTLSServer(secure)
	t.Cleanup(tlsSrv.Close)
	tr := tlsSrv.Client().Transport.(*http.Transport).Clone()
	tr.DialContext = dialer(tlsSrv.Listener.Addr().String(), plainSrv.Listener.Addr().String())
	t.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Transport: tr}

	// example.com is a name the test certificate holds.
	c, err := rocketchat.NewClient("https://example.com", rocketchat.WithToken("user-1", "secret-token-1"), rocketchat.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	_, _, _ = c.Me(t.Context())
	if secure.count() != 2 || plain.count() != 1 {
		t.Fatalf("%d https and %d http requests, want the redirects followed (2 and 1)", secure.count(), plain.count())
	}
	if len(secure.leaked("secret-token-1")) != 2 {
		t.Error("the https redirect on the same host lost the credentials")
	}
	if leaked := plain.leaked("secret-token-1", "user-1"); len(leaked) > 0 {
		t.Fatalf("credentials %q sent over plain http after a redirect from https", leaked)
	}

	anon, err := rocketchat.NewClient("https://example.com", rocketchat.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	_, _, _ = anon.Login(t.Context(), rocketchat.LoginRequest{User: "agent", Password: "pw-only-over-tls", Code: "424242"})
	if leaked := plain.leaked("pw-only-over-tls", "424242"); len(leaked) > 0 {
		t.Fatalf("login secrets %q sent over plain http after a 308 from https", leaked)
	}
}

func TestPlainHTTPToARemoteHostIsRefused(t *testing.T) {
	remote := []string{
		"http://chat.example.com", "HTTP://chat.example.com:3000/prefix", "http://10.0.0.5", "http://0.0.0.0",
		"http://localhost.example.com", "http://127.0.0.1.nip.io", "http://[2001:db8::1]", "http://127.1",
	}
	local := []string{"http://localhost:3000", "http://127.0.0.1", "http://127.0.0.2:8080", "http://[::1]:3000", "http://chat.localhost", "https://chat.example.com"}
	for _, base := range remote {
		if _, err := rocketchat.NewClient(base, rocketchat.WithToken("u", "secret-token-1")); err == nil || !strings.Contains(err.Error(), "WithInsecureHTTP") {
			t.Errorf("NewClient(%q) with a token: err = %v, want a refusal naming WithInsecureHTTP", base, err)
		}
		mt := httpmock.NewMockTransport()
		mt.RegisterNoResponder(jsonResponder(200, loginOK))
		anon, err := rocketchat.NewClient(base, rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
		if err != nil {
			t.Fatalf("an anonymous client of %q: %v", base, err)
		}
		if _, err := anon.With(rocketchat.WithToken("u", "secret-token-1")); err == nil {
			t.Errorf("%q: With(WithToken) over plain http was allowed", base)
		}
		_, _, err = anon.Login(t.Context(), rocketchat.LoginRequest{User: "u", Password: "pw-plain"})
		if err == nil || strings.Contains(err.Error(), "pw-plain") || mt.GetTotalCallCount() != 0 {
			t.Errorf("%q: Login over plain http: err %v after %d requests, want a refusal before sending", base, err, mt.GetTotalCallCount())
		}
		c, err := rocketchat.NewClient(base, rocketchat.WithToken("u", "secret-token-1"), rocketchat.WithInsecureHTTP(), rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
		if err != nil {
			t.Fatalf("%q with WithInsecureHTTP: %v", base, err)
		}
		if _, err := anon.With(rocketchat.WithInsecureHTTP(), rocketchat.WithToken("u", "secret-token-1")); err != nil {
			t.Errorf("%q: With(WithInsecureHTTP, WithToken): %v", base, err)
		}
		mt.RegisterNoResponder(jsonResponder(200, `{"_id":"u","success":true}`))
		if _, _, err := c.Me(t.Context()); err != nil || mt.GetTotalCallCount() != 1 {
			t.Errorf("%q with WithInsecureHTTP: err %v after %d requests, want the call made", base, err, mt.GetTotalCallCount())
		}
	}
	for _, base := range local {
		if _, err := rocketchat.NewClient(base, rocketchat.WithToken("u", "secret-token-1")); err != nil {
			t.Errorf("NewClient(%q): %v; loopback and https need no opt-in", base, err)
		}
	}
}

// A redirect loop is not retried: it would loop again.
func TestRedirectLoopIsNotRetried(t *testing.T) {
	c, mt := newMockClient(t, rocketchat.WithRetries(3, 0, 0))
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(http.StatusFound, "")
		r.Header.Set("Location", req.URL.String())
		return r, nil
	})
	_, _, err := rocketchat.Do[struct{}](t.Context(), c, rocketchat.Call{Method: http.MethodGet, Route: "me"})
	if err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("err = %v, want the redirect loop", err)
	}
	if n := mt.GetTotalCallCount(); n != 10 {
		t.Errorf("%d requests, want the 10 of one attempt", n)
	}
}
