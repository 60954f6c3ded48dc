package rocketchat_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

const emptyPage = `{"history":[],"count":0,"offset":0,"total":0,"success":true}`

func TestChatHistoryRequestShape(t *testing.T) {
	c, mt := newMockClient(t, rocketchat.WithUserAgent("crm-sync/2.1"))
	var req *http.Request
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		req = r
		return jsonResponder(200, emptyPage)(r)
	})
	opts := &omnichannel.ChatHistoryOptions{Offset: 200, Count: 100, Sort: rocketchat.Sort{
		{Field: "ts", Order: rocketchat.Desc}, {Field: "_id", Order: rocketchat.Asc}, {Field: "closedAt", Order: rocketchat.Desc},
	}}
	if _, _, err := omnichannel.New(c).Visitors.ChatHistory(context.Background(), "room-1", "visitor-1", opts); err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodGet {
		t.Errorf("method %s, want GET", req.Method)
	}
	if p := req.URL.EscapedPath(); p != "/prefix/api/v1/livechat/visitors.chatHistory/room/room-1/visitor/visitor-1" {
		t.Errorf("path %s", p)
	}
	q := req.URL.Query()
	if q.Get("offset") != "200" || q.Get("count") != "100" || len(q) != 3 {
		t.Errorf("query %v, want offset, count and sort only", q)
	}
	// The sort's key order is its precedence: it must survive encoding.
	if s := q.Get("sort"); s != `{"ts":-1,"_id":1,"closedAt":-1}` {
		t.Errorf("sort %s", s)
	}
	if req.Header.Get("X-User-Id") != "user-1" || req.Header.Get("X-Auth-Token") != "secret-token-1" {
		t.Errorf("auth headers %v", req.Header)
	}
	if ua := req.Header.Get("User-Agent"); !strings.HasPrefix(ua, "crm-sync/2.1 rocketchat-go/"+rocketchat.Version) {
		t.Errorf("User-Agent %q", ua)
	}
}

func TestZeroOptionsSendNoQueryAndAllItemsSendsCountZero(t *testing.T) {
	c, mt := newMockClient(t)
	var queries []url.Values
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		queries = append(queries, r.URL.Query())
		return jsonResponder(200, emptyPage)(r)
	})
	v := omnichannel.New(c).Visitors
	ctx := context.Background()
	for _, o := range []*omnichannel.ChatHistoryOptions{nil, {}, {Count: rocketchat.AllItems}} {
		if _, _, err := v.ChatHistory(ctx, "r", "v", o); err != nil {
			t.Fatal(err)
		}
	}
	if len(queries[0]) != 0 || len(queries[1]) != 0 {
		t.Errorf("nil and zero options sent %v and %v; a zero count must never be sent by accident", queries[0], queries[1])
	}
	if queries[2].Get("count") != "0" {
		t.Errorf("AllItems sent %v, want count=0", queries[2])
	}
}

func TestInvalidOptionsAreRefusedBeforeSending(t *testing.T) {
	c, mt := newMockClient(t)
	v := omnichannel.New(c).Visitors
	for name, o := range map[string]*omnichannel.ChatHistoryOptions{
		"negative offset": {Offset: -1},
		"negative count":  {Count: -5},
		"bad order":       {Sort: rocketchat.Sort{{Field: "ts", Order: 2}}},
		"empty field":     {Sort: rocketchat.Sort{{Order: rocketchat.Asc}}},
		"duplicate field": {Sort: rocketchat.Sort{{"ts", rocketchat.Asc}, {"ts", rocketchat.Desc}}},
	} {
		_, _, err := v.ChatHistory(context.Background(), "r", "v", o)
		if !errors.Is(err, rocketchat.ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Fatalf("%d requests sent for invalid options", n)
	}
}

func TestPathParametersCannotReachAnotherRoute(t *testing.T) {
	c, mt := newMockClient(t)
	var paths []string
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		paths = append(paths, r.URL.EscapedPath())
		return jsonResponder(200, emptyPage)(r)
	})
	v := omnichannel.New(c).Visitors
	const prefix = "/prefix/api/v1/livechat/visitors.chatHistory/room/"
	for id, want := range map[string]string{
		"a/b":        "a%2Fb",
		"../../me":   "..%2F..%2Fme",
		"x?count=1":  "x%3Fcount=1",
		"x#frag":     "x%23frag",
		"%2F":        "%252F",
		"with space": "with%20space",
		"ünïcode":    "%C3%BCn%C3%AFcode",
	} {
		paths = nil
		if _, _, err := v.ChatHistory(context.Background(), id, "v", nil); err != nil {
			t.Fatalf("%q: %v", id, err)
		}
		if len(paths) != 1 || paths[0] != prefix+want+"/visitor/v" {
			t.Errorf("room id %q went to %v, want %s", id, paths, prefix+want+"/visitor/v")
		}
	}
	for _, id := range []string{"", ".", "..", "a\nb", "a\x00"} {
		if _, _, err := v.ChatHistory(context.Background(), id, "v", nil); !errors.Is(err, rocketchat.ErrInvalidArgument) {
			t.Errorf("room id %q: err = %v, want ErrInvalidArgument", id, err)
		}
	}
}

func TestResponseBodyIsNotAnotherCallsBuffer(t *testing.T) {
	c, mt := newMockClient(t)
	n := 0
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		n++
		return jsonResponder(200, fmt.Sprintf(`{"history":[],"count":0,"offset":0,"total":%d,"success":true}`, n))(r)
	})
	_, first, err := chatHistory(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := chatHistory(c); err != nil {
		t.Fatal(err)
	}
	// Response buffers are pooled: the first Response must not read what
	// the second call left in its old buffer.
	b, err := io.ReadAll(first.Body)
	if err != nil || len(b) != 0 {
		t.Fatalf("first response's body reads %q (%v); want an empty, already read body", b, err)
	}
}

// bareTransport answers like a RoundTripper that leaves resp.Request unset.
type bareTransport struct{}

func (bareTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 503, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("busy"))}, nil
}

func TestLoggingWithATransportThatLeavesRequestUnset(t *testing.T) {
	var logs strings.Builder
	c, err := rocketchat.NewClient(testBase, rocketchat.WithToken("u", "secret-token-1"),
		rocketchat.WithHTTPClient(&http.Client{Transport: bareTransport{}}),
		rocketchat.WithRetries(1, 0, 0),
		rocketchat.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = chatHistory(c)
	if !errors.Is(err, rocketchat.ErrServer) {
		t.Fatalf("err = %v, want the 503", err)
	}
	if !strings.Contains(logs.String(), "status=503") || strings.Count(logs.String(), "rocketchat request") != 2 {
		t.Fatalf("logs:\n%s\nwant both attempts and their 503", logs.String())
	}
}

// tagFilter is a filter that encodes itself, as a top-level query may.
type tagFilter []string

func (f tagFilter) EncodeValues(_ string, v *url.Values) error {
	for _, t := range f {
		v.Add("tags[]", t)
	}
	return nil
}

// ListQuery encodes its filters as a call's Query is encoded: a struct with
// url tags, or a value that encodes itself.
func TestListQueryEncodesFiltersAsAQuery(t *testing.T) {
	for name, filters := range map[string]any{
		"struct": struct {
			Tags []string `url:"tags[]"`
		}{[]string{"a", "b"}},
		"self-encoder": tagFilter{"a", "b"},
	} {
		t.Run(name, func(t *testing.T) {
			c, mt := newMockClient(t)
			var got url.Values
			mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
				got = r.URL.Query()
				return jsonResponder(200, `{"success":true}`)(r)
			})
			q := rocketchat.ListQuery{List: rocketchat.ListOptions{Count: 5}, Filters: filters}
			if _, _, err := rocketchat.Do[struct{}](context.Background(), c, rocketchat.Call{Method: "GET", Route: "x", Query: q}); err != nil {
				t.Fatal(err)
			}
			if got.Get("count") != "5" || strings.Join(got["tags[]"], ",") != "a,b" {
				t.Errorf("query %v", got)
			}
		})
	}
}
