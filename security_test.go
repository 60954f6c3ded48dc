package rocketchat_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

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

func TestSecretsNeverLeak(t *testing.T) {
	checkNoLeaks(t)
	const (
		password = "pw-3c1f9a7e-never-print"
		code     = "731904"
	)
	srv := rocketchattest.NewServer(t, rocketchattest.WithRateLimit(1000, time.Minute))
	srv.AddUser(rocketchattest.User{Username: "agent", Password: password, Roles: []string{"livechat-manager"}, TwoFactor: rocketchattest.TwoFactorTOTP, TwoFactorCode: code})
	rooms := srv.GenerateHistory("v1", 30, 3)

	var out transcript
	logger := slog.New(slog.NewJSONHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	textLogger := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tr := loopbackTransport(t)
	anon, err := rocketchat.NewClient(srv.URL(), rocketchat.WithLogger(logger),
		rocketchat.WithHTTPClient(&http.Client{Transport: tr}), rocketchat.WithRetries(2, time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	logAll := func(msg string, args ...any) {
		logger.Info(msg, args...)
		textLogger.Info(msg, args...)
	}

	// Login: a wrong password, no code, a wrong code, then the right one.
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
	token := string(s.AuthToken)
	out.see(s, *s, s.Client, *s.Client, s.Me, resp, *resp, req)
	logAll("login", "session", s, "request", req, "response", resp, "client", s.Client, "token", s.AuthToken)

	// Token calls, with retries, failures and cancellations.
	c := s.Client
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
		page, resp, err := oc.Visitors.ChatHistory(callCtx, rooms[0].ID, "v1", nil)
		cancel()
		if i > 0 && err == nil {
			t.Fatalf("call %d succeeded; the faults did not act", i)
		}
		out.seeErr(err)
		out.see(page, resp)
		logAll("call", "err", err, "response", resp)
	}
	_, _, err = oc.Visitors.ChatHistory(ctx, "bad\nid", "v1", nil)
	out.seeErr(err)
	for _, err := range oc.Visitors.ChatHistoryAll(ctx, "nope", "v1", nil) {
		out.seeErr(err)
	}
	insecure, err := rocketchat.NewClient("http://chat.example.com")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = insecure.Login(ctx, req)
	out.seeErr(err)
	_, err = c.With(rocketchat.WithToken("", token))
	out.seeErr(err)

	// Misuse that panics must not print secrets either.
	var nilClient *rocketchat.Client
	if !out.recovered(func() { _, _, _ = nilClient.Me(ctx) }) {
		t.Error("Me on a nil client did not panic")
	}
	out.recovered(func() { _, _, _ = rocketchat.Do[struct{}](ctx, nilClient, rocketchat.Call{Method: "GET", Route: "me"}) })

	// Logout, then the token no longer works.
	resp, err = c.Logout(ctx)
	out.seeErr(err)
	out.see(resp)
	_, _, err = c.Me(ctx)
	if !errors.Is(err, rocketchat.ErrUnauthorized) {
		t.Fatalf("after logout: %v, want ErrUnauthorized", err)
	}
	out.seeErr(err)
	logAll("end", "err", err, "client", c, "session", *s)

	got := out.String()
	for name, secret := range map[string]string{"password": password, "token": token, "two-factor code": code} {
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

func TestCredentialsStayOnTheirHost(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			checkNoLeaks(t)
			other := &recorder{}
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
			originSrv := startServer(t, origin.ServeHTTP)

			tr := loopbackTransport(t)
			c, err := rocketchat.NewClient(originSrv.URL, rocketchat.WithToken("user-1", "secret-token-1"), rocketchat.WithHTTPClient(&http.Client{Transport: tr}))
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
			anon, err := rocketchat.NewClient(originSrv.URL, rocketchat.WithHTTPClient(&http.Client{Transport: tr}))
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

// routeParams splits a recorded chatHistory path into its two ids, unescaped
// as the server's router does, or reports that it is not that route's shape.
func routeParams(path string) (room, visitor string, ok bool) {
	const prefix = "/api/v1/livechat/visitors.chatHistory/room/"
	rest, found := strings.CutPrefix(path, prefix)
	if !found {
		return "", "", false
	}
	segs := strings.Split(rest, "/")
	if len(segs) != 3 || segs[1] != "visitor" {
		return "", "", false
	}
	room, err1 := url.PathUnescape(segs[0])
	visitor, err2 := url.PathUnescape(segs[2])
	return room, visitor, err1 == nil && err2 == nil
}

func TestPathInjectionCannotReachAnotherRoute(t *testing.T) {
	checkNoLeaks(t)
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	rooms := seedRooms(srv, "v1", 3)
	c, _ := loopbackClient(t, srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken), rocketchat.WithRetries(0, 0, 0))
	v := omnichannel.New(c).Visitors

	escaped := []string{
		"a/b", "../../../me", "../../me?x=", "..%2F..%2Fme", "%2e%2e", "%2F", "x?count=1000&offset=5", "x#frag",
		"x&offset=5", "with space", "a+b", "a;b=c", `a\b`, "~user", "@me", "ünïcode", "日本語", "emoji-😀", "a%00b",
		"\u202eright-to-left", "...", ".a", "a.", "%", "%zz", "' OR 1=1 --", `{"$ne":null}`, "*",
	}
	for _, id := range escaped {
		for _, pos := range []string{"room", "visitor"} {
			srv.ResetRecords()
			room, visitor := rooms[0].ID, "v1"
			if pos == "room" {
				room = id
			} else {
				visitor = id
			}
			_, resp, err := v.ChatHistory(t.Context(), room, visitor, nil)
			reqs := srv.Requests()
			if len(reqs) != 1 {
				t.Errorf("%s id %q: %d requests, want 1 (err %v)", pos, id, len(reqs), err)
				continue
			}
			r := reqs[0]
			gotRoom, gotVisitor, ok := routeParams(r.Path)
			if r.Route != rocketchattest.RouteChatHistory || !ok || gotRoom != room || gotVisitor != visitor || r.RawQuery != "" {
				t.Errorf("%s id %q arrived as %s %q?%s (route %q), want chatHistory with the id intact", pos, id, r.Method, r.Path, r.RawQuery, r.Route)
			}
			// The route itself answered: a page, or its own errors.
			if resp == nil || (resp.StatusCode != 200 && !errors.Is(err, rocketchat.ErrInvalidRoom)) {
				t.Errorf("%s id %q: err %v, want the chatHistory route's answer", pos, id, err)
			}
		}
	}

	srv.ResetRecords()
	refused := []string{"", ".", "..", "a\nb", "a\rb", "\x00", "a\x00b", "\x7f", "tab\there", "\u0085next-line", "\x1b[31m"}
	for _, id := range refused {
		for _, pos := range []string{"room", "visitor"} {
			room, visitor := rooms[0].ID, "v1"
			if pos == "room" {
				room = id
			} else {
				visitor = id
			}
			if _, _, err := v.ChatHistory(t.Context(), room, visitor, nil); !errors.Is(err, rocketchat.ErrInvalidArgument) {
				t.Errorf("%s id %q: err = %v, want ErrInvalidArgument", pos, id, err)
			}
			for r, err := range v.ChatHistoryAll(t.Context(), room, visitor, nil) {
				if r != nil || !errors.Is(err, rocketchat.ErrInvalidArgument) {
					t.Errorf("%s id %q: the walk yielded %v, %v; want ErrInvalidArgument", pos, id, r, err)
				}
			}
		}
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Fatalf("%d requests sent for ids that must be refused, the first to %q", len(reqs), reqs[0].Path)
	}
}

func TestQueryInjectionThroughSortFields(t *testing.T) {
	checkNoLeaks(t)
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	rooms := seedRooms(srv, "v1", 3)
	c, _ := loopbackClient(t, srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken), rocketchat.WithRetries(0, 0, 0))
	v := omnichannel.New(c).Visitors
	for _, field := range []string{"ts&count=1000", "ts#frag", "a=b", `ts":1,"x`, `"},{"$where":"1"}`, "ts\u0000", "ts\n", "日本", "a+b", "%26count%3D5"} {
		srv.ResetRecords()
		opts := &omnichannel.ChatHistoryOptions{Count: 2, Sort: rocketchat.Sort{{Field: field, Order: rocketchat.Desc}, {Field: "_id", Order: rocketchat.Asc}}}
		if _, _, err := v.ChatHistory(t.Context(), rooms[0].ID, "v1", opts); err != nil {
			t.Errorf("sort field %q: %v", field, err)
			continue
		}
		reqs := srv.Requests()
		if len(reqs) != 1 || len(reqs[0].Query) != 2 || reqs[0].Query.Get("count") != "2" {
			t.Errorf("sort field %q: query %v, want count and sort only", field, reqs[0].Query)
			continue
		}
		// The sort arrives as one JSON object whose keys are the fields.
		dec := jsontext.NewDecoder(strings.NewReader(reqs[0].Query.Get("sort")))
		var keys []string
		if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
			t.Errorf("sort field %q: sort %q is not an object", field, reqs[0].Query.Get("sort"))
			continue
		}
		for dec.PeekKind() == '"' {
			tok, _ := dec.ReadToken()
			keys = append(keys, tok.String())
			if _, err := dec.ReadValue(); err != nil {
				break
			}
		}
		if len(keys) != 2 || keys[0] != field || keys[1] != "_id" {
			t.Errorf("sort field %q arrived as keys %q", field, keys)
		}
	}
	srv.ResetRecords()
	for _, field := range []string{"bad\xffutf8", ""} {
		opts := &omnichannel.ChatHistoryOptions{Sort: rocketchat.Sort{{Field: field, Order: rocketchat.Asc}}}
		if _, _, err := v.ChatHistory(t.Context(), rooms[0].ID, "v1", opts); !errors.Is(err, rocketchat.ErrInvalidArgument) {
			t.Errorf("sort field %q: err = %v, want ErrInvalidArgument", field, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent with invalid sorts", n)
	}
}

func TestHeaderInjectionIsRefused(t *testing.T) {
	checkNoLeaks(t)
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit())
	srv.AddUser(rocketchattest.User{Username: "agent", Password: "pw", TwoFactor: rocketchattest.TwoFactorTOTP, TwoFactorCode: "123456"})
	anon, _ := loopbackClient(t, srv.URL(), rocketchat.WithRetries(0, 0, 0))
	anon, err := anon.With()
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []rocketchat.LoginRequest{
		{User: "agent", Password: "pw", Code: "123456", CodeMethod: "totp\r\nX-Injected: 1"},
		{User: "agent", Password: "pw", Code: "123456\r\nX-Injected: 1"},
	} {
		if _, _, err := anon.Login(t.Context(), req); err == nil || strings.Contains(err.Error(), "123456") {
			t.Errorf("login with a header break: err = %v, want a refusal that does not print the code", err)
		}
	}
	ua, _ := loopbackClient(t, srv.URL(), rocketchat.WithUserAgent("crm/1.0\r\nX-Injected: 1"), rocketchat.WithRetries(0, 0, 0))
	_, _ = ua.Logout(t.Context())
	for _, r := range srv.Requests() {
		if r.Header.Get("X-Injected") != "" {
			t.Fatalf("an injected header arrived: %v", r.Header)
		}
	}
}

// sized answers status with a JSON body of exactly n bytes.
func sized(status, n int) httpmock.Responder {
	var prefix, suffix string
	if status < 300 {
		prefix, suffix = `{"history":[],"count":0,"offset":0,"total":0,"success":true,"pad":"`, `"}`
	} else {
		prefix, suffix = `{"success":false,"error":"`, ` [invalid-params]"}`
	}
	body := prefix + strings.Repeat("x", n-len(prefix)-len(suffix)) + suffix
	return faultAnswer(status, "application/json", body)
}

func TestResponseSizeLimits(t *testing.T) {
	const success, errBody = 8 << 10, 2 << 10
	for _, tc := range []struct {
		name   string
		opts   []rocketchat.Option
		status int
		size   int
		ok     bool
	}{
		{"success body at the cap", []rocketchat.Option{rocketchat.WithMaxResponseSize(success, errBody)}, 200, success, true},
		{"success body over the cap", []rocketchat.Option{rocketchat.WithMaxResponseSize(success, errBody)}, 200, success + 1, false},
		{"error body at the cap", []rocketchat.Option{rocketchat.WithMaxResponseSize(success, errBody)}, 400, errBody, true},
		{"error body over the cap", []rocketchat.Option{rocketchat.WithMaxResponseSize(success, errBody)}, 400, errBody + 1, false},
		{"error body under the success cap is still capped", []rocketchat.Option{rocketchat.WithMaxResponseSize(success, errBody)}, 400, success, false},
		{"default error cap, 1 MiB", nil, 400, 1 << 20, true},
		{"default error cap, 1 MiB + 1", nil, 400, 1<<20 + 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			c, mt := newMockClient(t, tc.opts...)
			mt.RegisterNoResponder(sized(tc.status, tc.size))
			_, _, err := getHistory(t.Context(), c)
			switch {
			case !tc.ok && !errors.Is(err, rocketchat.ErrResponseTooLarge):
				t.Fatalf("err = %v, want ErrResponseTooLarge", err)
			case tc.ok && tc.status == 200 && err != nil:
				t.Fatalf("err = %v, want the page", err)
			case tc.ok && tc.status != 200 && (!errors.Is(err, rocketchat.ErrInvalidParams) || errors.Is(err, rocketchat.ErrResponseTooLarge)):
				t.Fatalf("err = %v, want the server's ErrInvalidParams", err)
			}
			if n := mt.GetTotalCallCount(); n != 1 {
				t.Fatalf("%d calls; an oversize answer must not be retried", n)
			}
		})
	}
	t.Run("a lying Content-Length", func(t *testing.T) {
		checkNoLeaks(t)
		c, mt := newMockClient(t, rocketchat.WithMaxResponseSize(success, errBody))
		mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
			r, _ := jsonResponder(200, emptyPage)(req)
			r.ContentLength = 1 << 50 // a buffer this size must not be made
			return r, nil
		})
		if _, _, err := getHistory(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	})
	for _, sizes := range [][2]int64{{0, 1}, {1, 0}, {-1, 1}} {
		if _, err := rocketchat.NewClient(testBase, rocketchat.WithMaxResponseSize(sizes[0], sizes[1])); err == nil {
			t.Errorf("WithMaxResponseSize(%d, %d) was accepted", sizes[0], sizes[1])
		}
	}
}
