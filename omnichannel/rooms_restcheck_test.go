package omnichannel_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/restcheck"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// The routes' own query validators in @rocket.chat/rest-typings 8.8.1
// (dist/v1/omnichannel.js), both compiled with ajvQuery.
const (
	roomsValidator    = "isGETLivechatRoomsParams"
	messagesValidator = "isLivechatRidMessagesProps"
)

// roomsVariants are values for each option of RoomsOptions; every request
// the tests build picks one per option.
var roomsVariants = []func(o *omnichannel.RoomsOptions, i int){
	func(o *omnichannel.RoomsOptions, i int) { o.Count = []int{0, 1, 100, 101, rocketchat.AllItems}[i%5] },
	func(o *omnichannel.RoomsOptions, i int) { o.Offset = []int{0, 7, 1<<31 - 1}[i%3] },
	func(o *omnichannel.RoomsOptions, i int) {
		o.Sort = []rocketchat.Sort{nil, omnichannel.OldestFirst(), {{Field: "closedAt", Order: rocketchat.Desc}}, {{Field: `odd "name"`, Order: rocketchat.Asc}}}[i%4]
	},
	func(o *omnichannel.RoomsOptions, i int) {
		o.Agents = [][]string{nil, {"agent-1"}, {"a1", "a2", "é&=?#"}}[i%3]
	},
	func(o *omnichannel.RoomsOptions, i int) { o.Departments = [][]string{nil, {"d1"}, {"d1", "d 2"}}[i%3] },
	func(o *omnichannel.RoomsOptions, i int) {
		o.Tags = [][]string{nil, {"refund"}, {"refund", "vip", "a,b"}}[i%3]
	},
	func(o *omnichannel.RoomsOptions, i int) { o.Units = [][]string{nil, {"u1"}, {"u1", "u2"}}[i%3] },
	func(o *omnichannel.RoomsOptions, i int) { o.CreatedAt = dateVariants[i%len(dateVariants)] },
	func(o *omnichannel.RoomsOptions, i int) { o.ClosedAt = dateVariants[(i+1)%len(dateVariants)] },
	func(o *omnichannel.RoomsOptions, i int) { o.Open = []*bool{nil, new(true), new(false)}[i%3] },
	func(o *omnichannel.RoomsOptions, i int) { o.OnHold = i%2 == 1 },
	func(o *omnichannel.RoomsOptions, i int) { o.Queued = i%2 == 1 },
	func(o *omnichannel.RoomsOptions, i int) {
		o.RoomName = []string{"", "Maria", `"Maria Souza"`, "a&b=c?#%"}[i%4]
	},
	func(o *omnichannel.RoomsOptions, i int) {
		o.CustomFields = []map[string]string{nil, {"orderNumber": "A-1"}, {"a.b": `x "y" \z`, "plan": "(pro)"}}[i%3]
	},
	func(o *omnichannel.RoomsOptions, i int) {
		o.CustomFieldPatterns = []map[string]string{nil, {"nps": `^\d+$`}}[i%2]
	},
}

var dateVariants = []omnichannel.DateRange{
	{},
	{Start: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)},
	{End: time.Date(2026, 5, 8, 12, 30, 0, 123456789, time.FixedZone("BRT", -3*3600))},
	{Start: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), End: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
}

// roomsCombinations returns option sets covering every value of every
// option alone, every value of each option with all the others set, and
// random combinations. Each option has its own query parameter, so these
// cover how any combination encodes.
func roomsCombinations() []*omnichannel.RoomsOptions {
	var out []*omnichannel.RoomsOptions
	for v, set := range roomsVariants {
		for i := range 5 {
			alone, full := &omnichannel.RoomsOptions{}, &omnichannel.RoomsOptions{}
			set(alone, i)
			for w, other := range roomsVariants {
				if w != v {
					other(full, i+w+1)
				}
			}
			set(full, i)
			out = append(out, alone, full)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		o := &omnichannel.RoomsOptions{}
		for _, set := range roomsVariants {
			set(o, rng.IntN(12))
		}
		out = append(out, o)
	}
	return out
}

func TestRoomsQueriesPassServerValidation(t *testing.T) {
	rooms, rec := recordingRooms(t, "agent-1", emptyRooms)
	ctx := context.Background()
	combos := roomsCombinations()
	for _, opts := range combos {
		if _, _, err := rooms.List(ctx, opts); err != nil {
			t.Fatalf("List(%+v): %v", opts, err)
		}
	}
	// The walker's own requests: one page at a time, with prefetch,
	// everything in one streamed answer, and the agent's own rooms.
	for _, opts := range []*omnichannel.RoomsOptions{nil, combos[len(combos)-1], {Prefetch: 4, Tags: []string{"x"}},
		{Count: rocketchat.AllItems, Open: new(false)}, {Mine: true, Open: new(true)}} {
		for _, err := range rooms.ListAll(ctx, opts) {
			if err != nil {
				t.Fatalf("ListAll(%+v): %v", opts, err)
			}
		}
	}
	reqs := rec.Requests()
	if len(reqs) < len(combos)+5 {
		t.Fatalf("recorded %d requests, sent at least %d", len(reqs), len(combos)+5)
	}
	results := restcheck.Check(t, roomsValidator, reqs...)
	for i, r := range results {
		if r.OK {
			checkHandlerSees(t, reqs[i].URL.Query(), r.Params)
		}
	}
}

// checkHandlerSees checks what the route's handler gets after the
// validator's coercion: lists as arrays, booleans as true/false, the JSON
// strings as strings that parse.
func checkHandlerSees(t *testing.T, sent url.Values, params json.RawMessage) {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(params, &p); err != nil {
		t.Fatalf("params %s: %v", params, err)
	}
	for _, name := range []string{"agents", "tags", "units", "departmentId"} {
		want := append(slices.Clone(sent[name]), sent[name+"[]"]...)
		if len(want) == 0 {
			continue
		}
		if got, ok := p[name].([]any); !ok || !reflect.DeepEqual(strs(got), want) {
			t.Errorf("%s: handler sees %#v, sent %q", name, p[name], want)
		}
	}
	for _, name := range []string{"open", "onhold", "queued"} {
		if v := sent.Get(name); v != "" && p[name] != (v == "true") {
			t.Errorf("%s=%s: handler sees %#v, want a boolean", name, v, p[name])
		}
	}
	for _, name := range []string{"createdAt", "closedAt", "customFields"} {
		if v := sent.Get(name); v != "" {
			var obj map[string]string
			if s, ok := p[name].(string); !ok || json.Unmarshal([]byte(s), &obj) != nil {
				t.Errorf("%s: handler sees %#v, want a JSON object string", name, p[name])
			}
			for k, d := range obj {
				if _, err := time.Parse("2006-01-02T15:04:05.000Z", d); name != "customFields" && err != nil {
					t.Errorf("%s.%s = %q: %v", name, k, d, err)
				}
			}
		}
	}
}

func strs(vs []any) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprint(v)
	}
	return out
}

func TestMessagesQueriesPassServerValidation(t *testing.T) {
	rooms, rec := recordingRooms(t, "agent-1", emptyMessages)
	ctx := context.Background()
	var sent int
	for _, id := range []string{"GENERAL", "room/with/slashes", "room?count=abc", "sälle-ü-✓", "100%"} {
		for _, opts := range []*omnichannel.MessagesOptions{nil, {SearchTerm: "a&b=c?# %"}} {
			if _, _, err := rooms.Messages(ctx, id, opts); err != nil {
				t.Fatal(err)
			}
			sent++
		}
	}
	for _, offset := range []int{0, 1, 1<<31 - 1} {
		for _, count := range []int{0, 1, 100, 101, rocketchat.AllItems} {
			for _, sort := range []rocketchat.Sort{nil, omnichannel.OldestFirst(), {{Field: "ts", Order: rocketchat.Desc}}} {
				for _, term := range []string{"", "refund", "ünïcode (x)"} {
					opts := &omnichannel.MessagesOptions{Offset: offset, Count: count, Sort: sort, SearchTerm: term, Prefetch: 2}
					if _, _, err := rooms.Messages(ctx, "r1", opts); err != nil {
						t.Fatal(err)
					}
					sent++
				}
			}
		}
	}
	for _, opts := range []*omnichannel.MessagesOptions{nil, {Prefetch: 3, Sort: omnichannel.OldestFirst()}, {Count: rocketchat.AllItems, SearchTerm: "x"}} {
		for _, err := range rooms.MessagesAll(ctx, "r1", opts) {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	reqs := rec.Requests()
	if len(reqs) < sent+3 {
		t.Fatalf("recorded %d requests, sent at least %d", len(reqs), sent+3)
	}
	restcheck.Check(t, messagesValidator, reqs...)
}

// The negative control: the same validators refuse what the server
// refuses. If this passes while the harness is broken, the tests above
// prove nothing.
func TestRoomsValidationRefusesWrongQueries(t *testing.T) {
	cases := []struct{ validator, query, want string }{
		{roomsValidator, "agents[a]=x", "must be array"},
		{roomsValidator, "customFields[a]=1", "must be string"},
		{roomsValidator, "createdAt[start]=2026-01-01", "must be string"},
		{roomsValidator, "searchTerm=x", "must NOT have additional properties"},
		{roomsValidator, "units[a]=x", "must be array"},
		{roomsValidator, strings.Repeat("tags[]=x&", 501), "Invalid query parameters"},
		{messagesValidator, "agents[]=x", "must NOT have additional properties"},
		{messagesValidator, "searchTerm[a]=x", "must be string"},
		{messagesValidator, "count=many", "must be number"},
	}
	reqs := make([]restcheck.Request, len(cases))
	for i, c := range cases {
		reqs[i] = restcheck.Request{Validator: c.validator, Query: c.query}
	}
	for i, r := range restcheck.Validate(t, reqs) {
		got := fmt.Sprint(r.Message, " ", r.Problem)
		if r.OK || !strings.Contains(got, cases[i].want) {
			t.Errorf("%s %q: ok=%v %q; want a refusal mentioning %q", cases[i].validator, cases[i].query, r.OK, got, cases[i].want)
		}
	}
}

// Past the validator, the route's handler checks the date ranges, the
// custom fields and their patterns, and the sort: the fake server runs
// those checks, and accepts every request the SDK sends.
func TestRoomsQueriesPassTheHandlersChecks(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit(), rocketchattest.WithoutListener())
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	srv.GenerateHistory("visitor-1", 30, 5)
	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken),
		rocketchat.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	rooms := omnichannel.New(c).Rooms
	for _, opts := range roomsCombinations() {
		if _, _, err := rooms.List(context.Background(), opts); err != nil {
			t.Fatalf("List(%+v): %v", opts, err)
		}
	}
	if st := srv.Stats(rocketchattest.RouteRooms); st.Requests != len(roomsCombinations()) {
		t.Errorf("%d requests reached the server", st.Requests)
	}
}
