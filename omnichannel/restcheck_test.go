package omnichannel_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/restcheck"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// chatHistoryValidator is the route's own query validator in
// @rocket.chat/rest-typings 8.8.1 (dist/v1/omnichannel.js): count and offset
// numbers, sort a string, nothing else (additionalProperties: false).
const chatHistoryValidator = "isGETLivechatVisitorsChatHistoryRoomRoomIdVisitorVisitorIdParams"

// emptyHistory is a chatHistory answer that ends any walk at once.
const emptyHistory = `{"history":[],"count":0,"offset":0,"total":0,"success":true}`

// chatHistoryIDs are room and visitor ids that must stay in the path: were a
// '?', '&' or '#' to leak into the query, the validator would see keys it
// does not allow.
var chatHistoryIDs = [][2]string{
	{"GENERAL", "visitor-1"},
	{"room/with/slashes", "visitor/x"},
	{"room?count=abc", "v&offset=x#frag"},
	{"sälle-ü-✓", "訪問者"},
	{"100%", "a+b c"},
}

func TestChatHistoryQueriesPassServerValidation(t *testing.T) {
	rec := &restcheck.Recorder{Body: emptyHistory}
	c, err := rocketchat.NewClient("https://chat.example.com",
		rocketchat.WithToken("user-id", "auth-token"), rocketchat.WithHTTPClient(rec.Client()))
	if err != nil {
		t.Fatal(err)
	}
	oc := omnichannel.New(c)
	ctx := context.Background()

	sorts := []rocketchat.Sort{
		nil,
		{{Field: "ts", Order: rocketchat.Desc}},
		{{Field: "ts", Order: rocketchat.Asc}, {Field: "_id", Order: rocketchat.Desc}},
		{{Field: "closedAt", Order: rocketchat.Desc}, {Field: "ts", Order: rocketchat.Asc}, {Field: "_id", Order: rocketchat.Asc}},
		{{Field: `odd "name"`, Order: rocketchat.Asc}, {Field: "é&=?#", Order: rocketchat.Desc}},
	}
	var sent int
	send := func(roomID, visitorID string, opts *omnichannel.ChatHistoryOptions) {
		t.Helper()
		if _, _, err := oc.Visitors.ChatHistory(ctx, roomID, visitorID, opts); err != nil {
			t.Fatalf("ChatHistory(%q, %q, %+v): %v", roomID, visitorID, opts, err)
		}
		sent++
	}
	for _, ids := range chatHistoryIDs {
		send(ids[0], ids[1], nil)
	}
	for _, offset := range []int{0, 1, 100, 1<<31 - 1} {
		for _, count := range []int{0, 1, 50, 100, 101, rocketchat.AllItems} {
			for _, sort := range sorts {
				send("GENERAL", "visitor-1", &omnichannel.ChatHistoryOptions{Offset: offset, Count: count, Sort: sort, Prefetch: 3})
			}
		}
	}
	// The walker's own requests: one page at a time, with prefetch, and
	// everything in one streamed answer.
	for _, opts := range []*omnichannel.ChatHistoryOptions{
		nil,
		{Prefetch: 4, Sort: sorts[2]},
		{Count: rocketchat.AllItems, Sort: sorts[1]},
		{Offset: 10, Count: 25},
	} {
		for _, err := range oc.Visitors.ChatHistoryAll(ctx, chatHistoryIDs[3][0], chatHistoryIDs[3][1], opts) {
			if err != nil {
				t.Fatalf("ChatHistoryAll(%+v): %v", opts, err)
			}
		}
	}

	reqs := rec.Requests()
	if len(reqs) < sent+4 {
		t.Fatalf("recorded %d requests, sent at least %d", len(reqs), sent+4)
	}
	for i, ids := range chatHistoryIDs {
		want := "/api/v1/livechat/visitors.chatHistory/room/" + url.PathEscape(ids[0]) + "/visitor/" + url.PathEscape(ids[1])
		if got := reqs[i].URL.EscapedPath(); got != want {
			t.Errorf("ids %q: path %s, want %s", ids, got, want)
		}
	}
	results := restcheck.Check(t, chatHistoryValidator, reqs...)

	// What the route's handler sees for AllItems: count 0, a number.
	for i, r := range results {
		if q := reqs[i].URL.Query(); q.Get("count") == "0" && !strings.Contains(string(r.Params), `"count":0`) {
			t.Errorf("count=0 reached the handler as %s", r.Params)
		}
	}
}

// The walker against the fake server, paging for real: every page request
// passes the route's validation.
func TestChatHistoryWalkQueriesPassServerValidation(t *testing.T) {
	srv := rocketchattest.NewServer(t)
	cred := srv.AddUser(rocketchattest.User{Username: "agent", Roles: []string{"livechat-manager"}})
	roomID := srv.GenerateHistory("visitor/ü", 250, 7)[0].ID
	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken),
		rocketchat.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	oc := omnichannel.New(c)
	n := 0
	for _, err := range oc.Visitors.ChatHistoryAll(context.Background(), roomID, "visitor/ü",
		&omnichannel.ChatHistoryOptions{Count: 60, Sort: rocketchat.Sort{{Field: "ts", Order: rocketchat.Asc}}}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 250 {
		t.Fatalf("walked %d rooms, want 250", n)
	}
	var reqs []restcheck.Request
	for _, r := range srv.Requests() {
		if strings.Contains(r.Path, "visitors.chatHistory") {
			reqs = append(reqs, restcheck.Request{Validator: chatHistoryValidator, Query: r.RawQuery})
		}
	}
	if len(reqs) < 5 { // 250 rooms, 60 a page
		t.Fatalf("the walk sent %d page requests, want at least 5", len(reqs))
	}
	for _, r := range restcheck.Validate(t, reqs) {
		if !r.OK {
			t.Errorf("Rocket.Chat would refuse a page request:\n%s", r)
		}
	}
}

// The negative control: the same route, with requests the server refuses.
// If this passes while the harness is broken, the tests above prove nothing.
func TestChatHistoryValidationRefusesWrongQueries(t *testing.T) {
	rec := &restcheck.Recorder{Body: emptyHistory}
	c, err := rocketchat.NewClient("https://chat.example.com",
		rocketchat.WithToken("user-id", "auth-token"), rocketchat.WithHTTPClient(rec.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = omnichannel.New(c).Visitors.ChatHistory(context.Background(), "GENERAL", "visitor-1",
		&omnichannel.ChatHistoryOptions{Count: 10, Offset: 20, Sort: rocketchat.Sort{{Field: "ts", Order: rocketchat.Desc}}})
	if err != nil {
		t.Fatal(err)
	}
	good := rec.Requests()[0].URL.RawQuery

	cases := []struct {
		name, validator, query, want string
	}{
		{"unknown key", chatHistoryValidator, good + "&foo=1", "must NOT have additional properties"},
		{"count not a number", chatHistoryValidator, strings.Replace(good, "count=10", "count=abc", 1), "must be number"},
		{"count twice", chatHistoryValidator, good + "&count=5", "must be number"},
		{"sort as brackets", chatHistoryValidator, "count=10&sort[ts]=-1", "must be string"},
		{"offset a boolean", chatHistoryValidator, "offset=true", "must be number"},
		{"over the parser's array limit", chatHistoryValidator, strings.Repeat("count=1&", 501), "Invalid query parameters"},
		{"unknown validator", "isGETLivechatVisitorsChatHistoryParams", good, "unknown validator"},
	}
	reqs := make([]restcheck.Request, len(cases))
	for i, c := range cases {
		reqs[i] = restcheck.Request{Validator: c.validator, Query: c.query}
	}
	reqs = append(reqs, restcheck.Request{Validator: chatHistoryValidator, Query: good})
	results := restcheck.Validate(t, reqs)
	for i, c := range cases {
		r := results[i]
		got := fmt.Sprint(r.Message, " ", r.Problem)
		if r.OK || !strings.Contains(got, c.want) {
			t.Errorf("%s (%s): ok=%v %q; want a refusal mentioning %q", c.name, c.query, r.OK, got, c.want)
		}
	}
	if last := results[len(cases)]; !last.OK {
		t.Errorf("the untampered request is refused:\n%s", last)
	}
}
