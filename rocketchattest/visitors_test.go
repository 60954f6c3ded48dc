package rocketchattest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// fetch sends a request to srv's in-memory handler and returns the status
// and the body.
func fetch(t *testing.T, srv *rocketchattest.Server, method, path string, cred rocketchattest.Credentials, body string) (int, string) {
	t.Helper()
	resp, b := call(t, srv.HTTPClient(), method, srv.URL()+path, cred, body)
	return resp.StatusCode, b
}

// wantAnswer fails unless the request answers status and exactly body.
func wantAnswer(t *testing.T, srv *rocketchattest.Server, path string, cred rocketchattest.Credentials, status int, body string) {
	t.Helper()
	got, b := fetch(t, srv, http.MethodGet, path, cred, "")
	if got != status || b != body {
		t.Errorf("GET %s = %d %s\nwant %d %s", path, got, b, status, body)
	}
}

// visitorServer starts a server (no rate limit) with a manager, an agent
// who serves nothing, and a generated visitor "v1" with n rooms.
func visitorServer(t *testing.T, n int, opts ...rocketchattest.Option) (srv *rocketchattest.Server, manager, agent rocketchattest.Credentials, rooms []*models.Room) {
	t.Helper()
	srv = rocketchattest.NewServer(t, append([]rocketchattest.Option{rocketchattest.WithoutRateLimit(), rocketchattest.WithoutListener()}, opts...)...)
	manager = srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	agent = srv.AddUser(rocketchattest.User{Username: "agent", Roles: []string{"livechat-agent"}})
	rooms = srv.GenerateHistory("v1", n, 5)
	return srv, manager, agent, rooms
}

func TestVisitorInfo(t *testing.T) {
	srv, manager, agent, _ := visitorServer(t, 3)
	_, body := fetch(t, srv, http.MethodGet, "/api/v1/livechat/visitors.info?visitorId=v1", agent, "")
	var a struct {
		Visitor models.Visitor `json:"visitor"`
		Success bool           `json:"success"`
	}
	if err := json.Unmarshal([]byte(body), &a); err != nil || !a.Success {
		t.Fatalf("%v: %s", err, body)
	}
	v := a.Visitor
	if v.ID != "v1" || v.Token != "" || strings.Contains(body, `"token"`) || len(v.Emails) != 1 || len(v.Phones) != 1 ||
		v.LastChat.ID == "" || v.Username == "" || len(v.Unknown) != 0 || len(v.Misfits()) != 0 {
		t.Errorf("8.8.1 visitor = %s", body)
	}
	wantAnswer(t, srv, "/api/v1/livechat/visitors.info?visitorId=nope", manager, 400, `{"success":false,"error":"visitor-not-found"}`)
	wantAnswer(t, srv, "/api/v1/livechat/visitors.info", manager, 400,
		`{"success":false,"error":"must have required property 'visitorId' [invalid-params]","errorType":"invalid-params"}`)
	user := srv.AddUser(rocketchattest.User{Username: "someone"})
	wantAnswer(t, srv, "/api/v1/livechat/visitors.info?visitorId=v1", user, 403,
		`{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}`)

	// A disabled visitor is not found; before the fix its token came too.
	srv.AddVisitor(models.Visitor{ID: "gone", Disabled: true})
	wantAnswer(t, srv, "/api/v1/livechat/visitors.info?visitorId=gone", manager, 400, `{"success":false,"error":"visitor-not-found"}`)
	for version, token := range map[string]bool{"7.10.11": true, "7.10.12": false, "8.4.1": true, "8.4.2": false, "8.5.0": false, "6.13.0": true} {
		old, m, _, _ := visitorServer(t, 1, rocketchattest.WithVersion(version))
		_, body := fetch(t, old, http.MethodGet, "/api/v1/livechat/visitors.info?visitorId=v1", m, "")
		if strings.Contains(body, `"token":`) != token {
			t.Errorf("%s: token sent = %v, want %v", version, !token, token)
		}
	}
}

// navigation makes a page-visited message, as savePageHistory stores it.
func navigation(id, rid, title, href string, at time.Time, hidden bool) *models.Message {
	m := &models.Message{ID: id, RoomID: rid, Type: "livechat_navigation_history", Text: title + " - " + href, Timestamp: at,
		User:       models.UserRef{ID: "rocket.cat", Username: "rocket.cat"},
		Navigation: &models.Navigation{Page: models.NavigationPage{Title: title, Location: models.PageLocation{Href: href}, Change: "url"}, Token: "tok"}}
	if hidden {
		m.Unknown = []byte(`{"_hidden":true}`)
	}
	return m
}

func TestPagesVisited(t *testing.T) {
	srv, _, agent, rooms := visitorServer(t, 2)
	t0 := time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	// A closed room the agent does not serve (no access check), without the
	// navigation messages of a generated one.
	rid := "pages-room"
	srv.AddRoom(&models.Room{ID: rid, Type: models.RoomTypeLivechat, Visitor: rooms[1].Visitor, Timestamp: t0})
	srv.AddMessages(
		navigation("n1", rid, "Home", "https://shop.example.com/", t0, false),
		&models.Message{ID: "m1", RoomID: rid, Text: "hello", Timestamp: t0.Add(time.Second)},
		navigation("n2", rid, "Cart", "https://shop.example.com/cart", t0.Add(2*time.Minute), true),
		navigation("n3", rid, "Pay", "https://shop.example.com/pay", t0.Add(time.Minute), false),
		navigation("x1", rooms[0].ID, "Other", "https://x", t0, false),
	)
	path := "/api/v1/livechat/visitors.pagesVisited/" + rid
	_, body := fetch(t, srv, http.MethodGet, path, agent, "")
	var p struct {
		Pages                []models.Message `json:"pages"`
		Count, Offset, Total int
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, m := range p.Pages {
		ids = append(ids, m.ID)
	}
	if !slices.Equal(ids, []string{"n2", "n3", "n1"}) || p.Count != 3 || p.Total != 3 || p.Pages[0].Navigation.Page.Location.Href != "https://shop.example.com/cart" {
		t.Errorf("pages %v count %d total %d: %s", ids, p.Count, p.Total, body)
	}
	_, body = fetch(t, srv, http.MethodGet, path+"?count=1&offset=1&sort="+url.QueryEscape(`{"ts":1}`), agent, "")
	if !strings.Contains(body, `"_id":"n3"`) || !strings.HasSuffix(body, `],"count":1,"offset":1,"total":3,"success":true}`) {
		t.Errorf("second page ascending: %s", body)
	}
	wantAnswer(t, srv, "/api/v1/livechat/visitors.pagesVisited/nope", agent, 400, `{"success":false,"error":"invalid-room"}`)
	wantAnswer(t, srv, path+"?sort=ts", agent, 400,
		`{"success":false,"error":"Invalid sort parameter provided: \"ts\" [error-invalid-sort]","errorType":"error-invalid-sort","details":{"helperMethod":"parseJsonQuery"}}`)
}

// searchChatsPage is the searchChats answer, decoded into the models.
type searchChatsPage struct {
	History []models.Room `json:"history"`
	Count   int           `json:"count"`
	Total   int           `json:"total"`
}

func searchChats(t *testing.T, srv *rocketchattest.Server, cred rocketchattest.Credentials, gate, query string) searchChatsPage {
	t.Helper()
	status, body := fetch(t, srv, http.MethodGet, "/api/v1/livechat/visitors.searchChats/room/"+gate+"/visitor/v1?"+query, cred, "")
	var p searchChatsPage
	if err := json.Unmarshal([]byte(body), &p); status != 200 || err != nil {
		t.Fatalf("%d %v: %s", status, err, body)
	}
	return p
}

func TestSearchChats(t *testing.T) {
	srv, manager, agent, rooms := visitorServer(t, 12)
	// Reopened and closed again: a second closing message.
	closed := rooms[3]
	srv.AddMessages(&models.Message{ID: "close-2", RoomID: closed.ID, Type: "livechat-close", Text: "closed once more",
		Timestamp: closed.ClosedAt.Add(time.Hour)})
	all := searchChats(t, srv, manager, rooms[0].ID, "count=0")
	closings := 0
	for _, r := range rooms {
		closings += max(len(closingMessages(srv, r.ID)), 1)
	}
	if len(all.History) != closings || all.Total != closings || all.Count != closings {
		t.Fatalf("%d results (total %d), want one per closing message: %d", len(all.History), all.Total, closings)
	}
	twice := 0
	for _, r := range all.History {
		if r.ID == closed.ID {
			twice++
		}
		// The projection: the room's v whole, no source, no metrics.
		if r.Visitor.Token == "" || r.Source.Type != "" || r.Metrics.ChatDuration != 0 || r.LastMessage != nil || len(r.Unknown) != 0 {
			t.Errorf("room %s is not projected: %+v", r.ID, r)
		}
		if r.ClosingMessage != nil && (r.ClosingMessage.Type != "livechat-close" || r.ClosingMessage.RoomID != r.ID) {
			t.Errorf("room %s closing message %+v", r.ID, r.ClosingMessage)
		}
	}
	if twice != 2 {
		t.Errorf("the room closed twice came %d times", twice)
	}
	for _, r := range searchChats(t, srv, manager, rooms[0].ID, "closedChatsOnly=true&count=0").History {
		if r.ClosedAt.IsZero() {
			t.Errorf("closedChatsOnly: room %s is open", r.ID)
		}
	}
	if got := searchChats(t, srv, manager, rooms[0].ID, "closedChatsOnly=1&count=0"); got.Total != closings {
		t.Errorf("closedChatsOnly=1 is not \"true\": it must not filter (%d results)", got.Total)
	}
	for _, r := range searchChats(t, srv, manager, rooms[0].ID, "source=MAIL&count=0").History {
		full := roomByID(rooms, r.ID)
		if full.Source.Type != models.SourceEmail {
			t.Errorf("source=MAIL kept a %s room", full.Source.Type)
		}
	}
	// A room matches by any of its messages, and then comes with each of
	// its closing messages.
	if got := searchChats(t, srv, manager, rooms[0].ID, "searchText=once+more"); got.Total != 2 || got.History[0].ID != closed.ID || got.History[1].ID != closed.ID {
		t.Errorf("searchText=once more: %d results", got.Total)
	}
	if got := searchChats(t, srv, manager, rooms[0].ID, "searchText=ONCE+MORE"); got.Total != 0 {
		t.Errorf("searchText is case-sensitive: %d results", got.Total)
	}
	wantAnswer(t, srv, "/api/v1/livechat/visitors.searchChats/room/nope/visitor/v1", manager, 400, `{"success":false,"error":"invalid-room"}`)
	wantAnswer(t, srv, "/api/v1/livechat/visitors.searchChats/room/"+rooms[0].ID+"/visitor/v1", agent, 400, `{"success":false,"error":"error-not-allowed"}`)
}

func closingMessages(srv *rocketchattest.Server, rid string) []*models.Message {
	var out []*models.Message
	for _, m := range srv.RoomMessages(rid) {
		if m.Type == "livechat-close" {
			out = append(out, m)
		}
	}
	return out
}

func roomByID(rooms []*models.Room, id string) *models.Room {
	for _, r := range rooms {
		if r.ID == id {
			return r
		}
	}
	return nil
}

func TestVisitorSearch(t *testing.T) {
	srv, _, agent, _ := visitorServer(t, 1)
	srv.AddVisitor(models.Visitor{ID: "v1", Name: "Zed", Timestamp: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)})
	srv.AddVisitor(models.Visitor{ID: "a", Name: "Ana Lima", Emails: []models.EmailAddress{{Address: "ana@x.org"}},
		Phones: []models.Phone{{Number: "+5511"}}, LivechatData: map[string]any{"crm": "ZX-9"}, Timestamp: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	srv.AddVisitor(models.Visitor{ID: "b", Name: "Bruno", Username: "guest-anaïs", Timestamp: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)})
	srv.AddVisitor(models.Visitor{ID: "off", Name: "Ana Off", Disabled: true})
	search := func(term string) []string {
		t.Helper()
		_, body := fetch(t, srv, http.MethodGet, "/api/v1/livechat/visitors.search?term="+url.QueryEscape(term), agent, "")
		var p struct {
			Visitors []models.Visitor `json:"visitors"`
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, v := range p.Visitors {
			if v.Token != "" || v.Timestamp.Year() > 1 {
				t.Errorf("visitor %s not projected", v.ID)
			}
			ids = append(ids, v.ID)
		}
		return ids
	}
	cases := map[string][]string{
		"ANA": {"b", "a"}, "ana@x.org": {"a"}, "ANA@X.ORG": nil, "+5511": {"a"}, "+551": nil, "ZX": nil, "": {"v1", "b", "a"},
	}
	for term, want := range cases {
		if got := search(term); !slices.Equal(got, want) {
			t.Errorf("term %q = %v, want %v", term, got, want)
		}
	}
	srv.AddCustomField(rocketchattest.CustomField{ID: "crm", Scope: "visitor", Searchable: true})
	if got := search("zx"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("a searchable field: %v", got)
	}
	wantAnswer(t, srv, "/api/v1/livechat/visitors.search?count=5", agent, 400,
		`{"success":false,"error":"must have required property 'term' [invalid-params]","errorType":"invalid-params"}`)
}

func TestVisitorAutocomplete(t *testing.T) {
	srv, _, agent, _ := visitorServer(t, 1)
	for _, n := range []string{"Ana", "anabela", "Bruno", "Ânia", "ana-maria", "Anatol", "Anne", "An", "Analu", "Anan", "Anazi", "Anaka", "Ana.", "Anaya"} {
		srv.AddVisitor(models.Visitor{ID: "id-" + n, Name: n})
	}
	selector := func(s string) []models.VisitorSuggestion {
		t.Helper()
		status, body := fetch(t, srv, http.MethodGet, "/api/v1/livechat/visitors.autocomplete?selector="+url.QueryEscape(s), agent, "")
		var a struct {
			Items []models.VisitorSuggestion `json:"items"`
		}
		if err := json.Unmarshal([]byte(body), &a); status != 200 || err != nil {
			t.Fatalf("%d %v %s", status, err, body)
		}
		return a.Items
	}
	items := selector(`{"term":" ana","exceptions":["id-Anan"]}`)
	var names []string
	for _, it := range items {
		names = append(names, it.Name)
		if it.CustomName != it.Username+" - "+it.Name {
			t.Errorf("custom_name %q", it.CustomName)
		}
	}
	want := []string{"Ana", "Ana.", "Anaka", "Analu", "Anatol", "Anaya", "Anazi", "ana-maria", "anabela"}
	if !slices.Equal(names, want) {
		t.Errorf("names %q, want %q (prefix, exceptions out, by name)", names, want)
	}
	if got := selector(`{"term":""}`); len(got) != 10 {
		t.Errorf("an empty term lists %d, want the limit of 10", len(got))
	}
	if got := selector(`{"term":"a.*"}`); len(got) != 0 {
		t.Errorf("the term is escaped: %v", got)
	}
	// JSON.parse's SyntaxError, with Node 22's message.
	status, body := fetch(t, srv, http.MethodGet, "/api/v1/livechat/visitors.autocomplete?selector=%7Bbad", agent, "")
	if want := `{"success":false,"error":"Expected property name or '}' in JSON at position 1 (line 1 column 2)"}`; status != 400 || body != want {
		t.Errorf("a selector that is not JSON: %d %s\nwant %s", status, body, want)
	}
}

func TestVisitorByTokenAndRooms(t *testing.T) {
	srv, manager, agent, rooms := visitorServer(t, 5, rocketchattest.WithRateLimit(10, time.Minute))
	v, _ := srv.Visitor("v1")
	_, body := fetch(t, srv, http.MethodGet, "/api/v1/livechat/visitor/"+string(v.Token), rocketchattest.Credentials{}, "")
	if !strings.Contains(body, `"token":"`+string(v.Token)+`"`) || !strings.HasPrefix(body, `{"visitor":{`) {
		t.Errorf("no credentials needed, and the token comes back: %s", body)
	}
	wantAnswer(t, srv, "/api/v1/livechat/visitor/nope", rocketchattest.Credentials{}, 400,
		`{"success":false,"error":"[invalid-token]","errorType":"invalid-token"}`)
	_, body = fetch(t, srv, http.MethodGet, "/api/v1/livechat/visitor/"+string(v.Token)+"/room", manager, "")
	var a struct {
		Rooms []models.Room `json:"rooms"`
	}
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Rooms) != 1 || a.Rooms[0].ID != rooms[0].ID || a.Rooms[0].Type != "l" || a.Rooms[0].Visitor.ID != "" || a.Rooms[0].ServedBy.ID != rooms[0].ServedBy.ID {
		t.Errorf("the open room, projected: %s", body)
	}
	wantAnswer(t, srv, "/api/v1/livechat/visitor/nope/room", manager, 200, `{"rooms":[],"success":true}`)
	wantAnswer(t, srv, "/api/v1/livechat/visitor/"+string(v.Token)+"/room", agent, 403,
		`{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}`)
	// The widget route is rate limited by address, like the others.
	limited := 0
	for range 12 {
		if status, _ := fetch(t, srv, http.MethodGet, "/api/v1/livechat/visitor/"+string(v.Token), rocketchattest.Credentials{}, ""); status == 429 {
			limited++
		}
	}
	if limited != 4 { // 2 calls above, then 12: the 11th and 12th of the window, and 2 more
		t.Errorf("%d calls of 14 limited, want 4", limited)
	}
}
