package omnichannel_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/restcheck"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// anyAnswer answers every route of these tests: each list empty, so walks
// end at once, and each single value present.
const anyAnswer = `{"history":[],"pages":[],"visitors":[],"contacts":[],"items":[],"channels":[],"rooms":[],` +
	`"count":0,"offset":0,"total":0,"exists":false,"contactId":"c1","contact":{"_id":"c1","name":"x","channels":[]},` +
	`"visitor":{"_id":"v1","username":"guest-1"},"version":"8.8.1","success":true}`

// routeValidators are the rest-typings 8.8.1 validators of the routes, by
// the path's last segments. The token routes validate nothing (the server
// checks the path with check()); they must send no query.
var routeValidators = map[string]string{
	"livechat/visitors.info":              "isLivechatVisitorsInfoProps",
	"livechat/visitors.pagesVisited":      "isGETLivechatVisitorsPagesVisitedRoomIdParams",
	"livechat/visitors.searchChats":       "isGETLivechatVisitorsSearchChatsRoomRoomIdVisitorVisitorIdParams",
	"livechat/visitors.chatHistory":       chatHistoryValidator,
	"livechat/visitors.search":            "isGETLivechatVisitorsSearch",
	"livechat/visitors.autocomplete":      "isGETLivechatVisitorsAutocompleteParams",
	"omnichannel/contacts.get":            "isGETOmnichannelContactsProps",
	"omnichannel/contacts.search":         "isGETOmnichannelContactsSearchProps",
	"omnichannel/contacts.history":        "isGETOmnichannelContactHistoryProps",
	"omnichannel/contacts.channels":       "isGETOmnichannelContactsChannelsProps",
	"omnichannel/contacts.checkExistence": "isGETOmnichannelContactsCheckExistenceProps",
	"omnichannel/contacts":                "isPOSTOmnichannelContactsProps",
	"omnichannel/contacts.update":         "isPOSTUpdateOmnichannelContactsProps",
	"livechat/visitor":                    "", // {token} and {token}/room
}

// validatorOf finds the validator of a recorded request.
func validatorOf(t *testing.T, r *http.Request) (string, bool) {
	t.Helper()
	p := r.URL.Path
	if p == "/api/info" {
		return "", false
	}
	rest, ok := strings.CutPrefix(p, "/api/v1/")
	if !ok {
		t.Fatalf("request to %s, outside /api/v1/", p)
	}
	segs := strings.Split(rest, "/")
	key := segs[0] + "/" + segs[1]
	v, known := routeValidators[key]
	if !known {
		t.Fatalf("no validator known for %s", p)
	}
	if v == "" {
		if r.URL.RawQuery != "" || r.ContentLength > 0 || r.Method != http.MethodGet {
			t.Errorf("%s %s sends a query or body, which its route does not read", r.Method, r.URL)
		}
		return "", false
	}
	return v, true
}

// checkRecorded checks every recorded request against its route's validator
// and returns how many were checked per validator.
func checkRecorded(t *testing.T, rec *restcheck.Recorder) map[string]int {
	t.Helper()
	var reqs []restcheck.Request
	var sent []*http.Request
	for _, r := range rec.Requests() {
		v, ok := validatorOf(t, r)
		if !ok {
			continue
		}
		c, err := restcheck.FromHTTP(v, r)
		if err != nil {
			t.Fatal(err)
		}
		reqs, sent = append(reqs, c), append(sent, r)
	}
	per := map[string]int{}
	for i, res := range restcheck.Validate(t, reqs) {
		per[reqs[i].Validator]++
		if !res.OK {
			t.Errorf("Rocket.Chat would refuse %s %s\n  %s", sent[i].Method, sent[i].URL, res)
		}
	}
	return per
}

func newRecorderService(t *testing.T) (*omnichannel.Service, *restcheck.Recorder) {
	t.Helper()
	rec := &restcheck.Recorder{Body: anyAnswer}
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithToken("user-id", "auth-token"),
		rocketchat.WithHTTPClient(rec.Client()))
	if err != nil {
		t.Fatal(err)
	}
	return omnichannel.New(c), rec
}

var checkSorts = []rocketchat.Sort{
	nil,
	{{Field: "ts", Order: rocketchat.Desc}},
	{{Field: "name", Order: rocketchat.Asc}, {Field: "_id", Order: rocketchat.Desc}},
}

var checkPages = []struct{ offset, count int }{{0, 0}, {0, 1}, {10, 100}, {1<<31 - 1, rocketchat.AllItems}}

// noErr fails the test on an error.
func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestVisitorRequestsPassServerValidation(t *testing.T) {
	oc, rec := newRecorderService(t)
	ctx := context.Background()
	for _, id := range []string{"visitor-1", "v/1?x=1&y", "訪問者", "100% a+b"} {
		_, _, err := oc.Visitors.Info(ctx, id)
		noErr(t, err)
		_, _, err = oc.Visitors.ByToken(ctx, id)
		noErr(t, err)
		_, _, err = oc.Visitors.RoomsByToken(ctx, id)
		noErr(t, err)
		for _, term := range []string{"", "ana", "a&b=c", "+5511 99999", "maria@example.com", "\"quoted\""} {
			_, _, err = oc.Visitors.Search(ctx, term, nil)
			noErr(t, err)
			_, _, err = oc.Visitors.Autocomplete(ctx, term, nil)
			noErr(t, err)
		}
	}
	_, _, err := oc.Visitors.Autocomplete(ctx, "ma", &omnichannel.AutocompleteOptions{Exceptions: []string{"v1", "v2"},
		Conditions: map[string]any{"department": "d1"}})
	noErr(t, err)
	for _, s := range checkSorts {
		for _, p := range checkPages {
			_, _, err = oc.Visitors.PagesVisited(ctx, "room/1", &omnichannel.PagesVisitedOptions{Offset: p.offset, Count: p.count, Sort: s})
			noErr(t, err)
			_, _, err = oc.Visitors.Search(ctx, "x", &omnichannel.VisitorSearchOptions{Offset: p.offset, Count: p.count, Sort: s})
			noErr(t, err)
			for _, f := range []omnichannel.SearchChatsOptions{{}, {SearchText: "refund & more", ClosedChatsOnly: true},
				{ServedChatsOnly: true, Source: "WhatsApp"}, {SearchText: "x", ClosedChatsOnly: true, ServedChatsOnly: true, Source: "email"}} {
				f.Offset, f.Count, f.Sort = p.offset, p.count, s
				_, _, err = oc.Visitors.SearchChats(ctx, "r1", "v1", &f)
				noErr(t, err)
			}
		}
	}
	for _, err := range oc.Visitors.PagesVisitedAll(ctx, "r1", &omnichannel.PagesVisitedOptions{Prefetch: 2}) {
		noErr(t, err)
	}
	for _, err := range oc.Visitors.SearchChatsAll(ctx, "r1", "v1", &omnichannel.SearchChatsOptions{ClosedChatsOnly: true, Count: rocketchat.AllItems}) {
		noErr(t, err)
	}
	for _, err := range oc.Visitors.SearchAll(ctx, "", nil) {
		noErr(t, err)
	}
	per := checkRecorded(t, rec)
	for _, v := range []string{"isLivechatVisitorsInfoProps", "isGETLivechatVisitorsPagesVisitedRoomIdParams",
		"isGETLivechatVisitorsSearchChatsRoomRoomIdVisitorVisitorIdParams", "isGETLivechatVisitorsSearch", "isGETLivechatVisitorsAutocompleteParams"} {
		if per[v] == 0 {
			t.Errorf("no request checked against %s", v)
		}
	}
}

func TestContactRequestsPassServerValidation(t *testing.T) {
	oc, rec := newRecorderService(t)
	ctx := context.Background()
	for _, id := range []string{"6745e1c2a9b0f2d3e4a5b6c7", "c/1?x&y=2", " spaced ", "ü"} {
		_, _, err := oc.Contacts.Get(ctx, id)
		noErr(t, err)
		_, _, err = oc.Contacts.Channels(ctx, id)
		noErr(t, err)
		_, _, err = oc.Contacts.History(ctx, id, nil)
		noErr(t, err)
		_, _, err = oc.Contacts.CheckExistence(ctx, omnichannel.ContactLookup{ContactID: id})
		noErr(t, err)
	}
	for _, e := range []string{"maria@example.com", "a+b@x.org", "ü@ü"} {
		_, _, err := oc.Contacts.CheckExistence(ctx, omnichannel.ContactLookup{Email: e})
		noErr(t, err)
	}
	for _, p := range []string{"+5511999990000", "(11) 9999-0000"} {
		_, _, err := oc.Contacts.CheckExistence(ctx, omnichannel.ContactLookup{Phone: p})
		noErr(t, err)
	}
	for _, s := range checkSorts {
		for _, p := range checkPages {
			for _, f := range []omnichannel.ContactSearchOptions{{}, {SearchText: "maria"}, {Unknown: true}, {SearchText: "+55 11", Unknown: true}} {
				f.Offset, f.Count, f.Sort = p.offset, p.count, s
				_, _, err := oc.Contacts.Search(ctx, &f)
				noErr(t, err)
			}
			for _, src := range []string{"", "widget", "WhatsApp & co"} {
				_, _, err := oc.Contacts.History(ctx, "c1", &omnichannel.ContactHistoryOptions{Offset: p.offset, Count: p.count, Sort: s, Source: src})
				noErr(t, err)
			}
		}
	}
	for _, err := range oc.Contacts.SearchAll(ctx, &omnichannel.ContactSearchOptions{Prefetch: 3}) {
		noErr(t, err)
	}
	for _, err := range oc.Contacts.HistoryAll(ctx, "c1", &omnichannel.ContactHistoryOptions{Count: rocketchat.AllItems}) {
		noErr(t, err)
	}
	mgr, none := "agentAna00000001X", ""
	for _, c := range []omnichannel.NewContact{
		{Name: "Maria"},
		{Name: "Maria", Emails: []string{"m@x.org", "n@x.org"}, Phones: []string{"+1"}, CustomFields: map[string]string{"plan": "pro"}, ContactManager: mgr},
	} {
		_, _, err := oc.Contacts.Create(ctx, c)
		noErr(t, err)
	}
	for _, u := range []*omnichannel.ContactUpdateOptions{
		nil, {},
		{Name: "Maria S.", Emails: []string{}, Phones: []string{"+1", "+2"}, WipeConflicts: true},
		{CustomFields: map[string]string{}, ContactManager: &mgr},
		{ContactManager: &none},
	} {
		_, _, err := oc.Contacts.Update(ctx, "c1", u)
		noErr(t, err)
	}
	per := checkRecorded(t, rec)
	for _, v := range []string{"isGETOmnichannelContactsProps", "isGETOmnichannelContactsSearchProps", "isGETOmnichannelContactHistoryProps",
		"isGETOmnichannelContactsChannelsProps", "isGETOmnichannelContactsCheckExistenceProps", "isPOSTOmnichannelContactsProps",
		"isPOSTUpdateOmnichannelContactsProps"} {
		if per[v] == 0 {
			t.Errorf("no request checked against %s", v)
		}
	}
}

// The negative control: requests these routes' validators refuse, so the
// checks above can fail.
func TestVisitorAndContactValidationRefusesWrongRequests(t *testing.T) {
	cases := []struct {
		validator, query, body, want string
	}{
		{"isGETLivechatVisitorsSearch", "count=10", "", "must have required property 'term'"},
		{"isLivechatVisitorsInfoProps", "visitorId=v1&token=x", "", "must NOT have additional properties"},
		{"isGETLivechatVisitorsAutocompleteParams", "term=ma", "", "must have required property 'selector'"},
		{"isGETLivechatVisitorsSearchChatsRoomRoomIdVisitorVisitorIdParams", "closedChatsOnly[]=true&closedChatsOnly[]=false", "", "must be string"},
		{"isGETOmnichannelContactsProps", "contactId=%20", "", "isNotEmpty"},
		{"isGETOmnichannelContactsSearchProps", "unknown=1", "", "must be boolean"},
		{"isGETOmnichannelContactsCheckExistenceProps", "email=a@x.org&phone=1", "", "must match exactly one schema in oneOf"},
		{"isGETOmnichannelContactsCheckExistenceProps", "email=not-an-address", "", "must match exactly one schema in oneOf"},
		{"isGETOmnichannelContactHistoryProps", "count=5", "", "must have required property 'contactId'"},
		{"isPOSTOmnichannelContactsProps", "", `{"name":"A","emails":["a@x","a@x"],"phones":[]}`, "must NOT have duplicate items"},
		{"isPOSTOmnichannelContactsProps", "", `{"name":"A","emails":[]}`, "must have required property 'phones'"},
		{"isPOSTUpdateOmnichannelContactsProps", "", `{"contactId":"c1","contactManager":{"username":"a"}}`, "must be string"},
	}
	reqs := make([]restcheck.Request, len(cases))
	for i, c := range cases {
		reqs[i] = restcheck.Request{Validator: c.validator, Query: c.query}
		if c.body != "" {
			reqs[i].Body = []byte(c.body)
		}
	}
	for i, r := range restcheck.Validate(t, reqs) {
		got := r.Message + " " + r.Problem
		for _, e := range r.Errors {
			got += " " + e.Keyword
		}
		if r.OK || !strings.Contains(got, cases[i].want) {
			t.Errorf("%s %q %s: ok=%v %q; want a refusal mentioning %q", cases[i].validator, cases[i].query, cases[i].body, r.OK, got, cases[i].want)
		}
	}
}
