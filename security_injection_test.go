package rocketchat_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// What a caller or a server sends cannot steer a request or exhaust the
// client: ids and sort fields cannot reach another route or add query
// parameters, header breaks are refused, and answers are read up to a cap.

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

// idAt returns the room and visitor ids of a call to visitor v1's room
// roomID, with id in their place at pos, "room" or "visitor".
func idAt(pos, id, roomID string) (room, visitor string) {
	if pos == "room" {
		return id, "v1"
	}
	return roomID, id
}

func TestPathInjectionCannotReachAnotherRoute(t *testing.T) {
	checkNoLeaks(t)
	srv, c, _ := managerOnSocket(t, rocketchat.WithRetries(0, 0, 0))
	rooms := seedRooms(srv, "v1", 3)
	v := omnichannel.New(c).Visitors

	escaped := []string{
		"a/b", "../../../me", "../../me?x=", "..%2F..%2Fme", "%2e%2e", "%2F", "x?count=1000&offset=5", "x#frag",
		"x&offset=5", "with space", "a+b", "a;b=c", `a\b`, "~user", "@me", "ünïcode", "日本語", "emoji-😀", "a%00b",
		"\u202eright-to-left", "...", ".a", "a.", "%", "%zz", "' OR 1=1 --", `{"$ne":null}`, "*",
	}
	for _, id := range escaped {
		for _, pos := range []string{"room", "visitor"} {
			srv.ResetRecords()
			room, visitor := idAt(pos, id, rooms[0].ID)
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
			room, visitor := idAt(pos, id, rooms[0].ID)
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
	srv, c, _ := managerOnSocket(t, rocketchat.WithRetries(0, 0, 0))
	rooms := seedRooms(srv, "v1", 3)
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
	return jsonResponder(status, body)
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
		{"a 2 MiB 401 is still unauthorized", nil, 401, 2 << 20, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			c, mt := newMockClient(t, tc.opts...)
			mt.RegisterNoResponder(sized(tc.status, tc.size))
			_, _, err := getHistory(t.Context(), c)
			var apiErr *rocketchat.APIError
			switch {
			case !tc.ok && tc.status == 200 && (!errors.Is(err, rocketchat.ErrResponseTooLarge) || !strings.Contains(err.Error(), "GET /prefix/api/v1/livechat/visitors.chatHistory/")):
				t.Fatalf("err = %v, want ErrResponseTooLarge naming the call", err)
			case !tc.ok && tc.status != 200 && (!errors.As(err, &apiErr) || apiErr.StatusCode != tc.status || apiErr.Method != "GET" || errors.Is(err, rocketchat.ErrResponseTooLarge) ||
				(tc.status == 401 && !errors.Is(err, rocketchat.ErrUnauthorized))):
				// The answer is cut at the cap: too short to say its code,
				// it still says its status and the call.
				t.Fatalf("err = %v, want the %d *APIError, its body cut", err, tc.status)
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
