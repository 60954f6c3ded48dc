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

const forbiddenBody = `{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}`

// contactPaths are a GET of each contact route.
var contactPaths = []string{
	"/api/v1/omnichannel/contacts.get?contactId=c1",
	"/api/v1/omnichannel/contacts.search",
	"/api/v1/omnichannel/contacts.history?contactId=c1",
	"/api/v1/omnichannel/contacts.channels?contactId=c1",
	"/api/v1/omnichannel/contacts.checkExistence?contactId=c1",
}

func TestContactRoutesCameWith7(t *testing.T) {
	for _, version := range []string{"6.13.0", "6.0.0"} {
		srv, manager, _, rooms := visitorServer(t, 3, rocketchattest.WithVersion(version))
		for _, p := range contactPaths {
			wantAnswer(t, srv, p, manager, 404, `{"success":false,"error":"Resource not found"}`)
		}
		if status, _ := fetch(t, srv, http.MethodPost, "/api/v1/omnichannel/contacts", manager, `{"name":"x","emails":[],"phones":[]}`); status != 404 {
			t.Errorf("%s: POST contacts answered %d", version, status)
		}
		if rooms[0].ContactID != "" {
			t.Errorf("%s: a generated room names a contact", version)
		}
	}
	srv, manager, _, rooms := visitorServer(t, 3, rocketchattest.WithVersion("7.0.0"))
	if rooms[0].ContactID == "" {
		t.Fatal("7.0.0: generated rooms name no contact")
	}
	wantAnswer(t, srv, "/api/v1/omnichannel/contacts.get?contactId=nope", manager, 404, `{"success":false,"error":"Resource not found"}`)
	status, _ := fetch(t, srv, http.MethodGet, "/api/v1/omnichannel/contacts.get?contactId="+rooms[0].ContactID, manager, "")
	if status != 200 {
		t.Errorf("7.0.0: contacts.get answered %d", status)
	}
}

// getContact fetches a contact with contacts.get.
func getContact(t *testing.T, srv *rocketchattest.Server, cred rocketchattest.Credentials, id string) models.Contact {
	t.Helper()
	status, body := fetch(t, srv, http.MethodGet, "/api/v1/omnichannel/contacts.get?contactId="+url.QueryEscape(id), cred, "")
	var a struct {
		Contact models.Contact `json:"contact"`
	}
	if err := json.Unmarshal([]byte(body), &a); status != 200 || err != nil {
		t.Fatalf("contacts.get %s: %d %v %s", id, status, err, body)
	}
	return a.Contact
}

// The generated contact agrees with the visitor and its rooms: one channel
// per source, and a history of exactly the visitor's closed rooms.
func TestGeneratedContactAgreesWithTheRooms(t *testing.T) {
	srv, _, agent, rooms := visitorServer(t, 40)
	v, _ := srv.Visitor("v1")
	c := getContact(t, srv, agent, rooms[0].ContactID)
	if c.Name != v.Name || c.IsUnknown || len(c.Emails) != 1 || c.Emails[0].Address != v.Emails[0].Address ||
		c.LastChat.ID != rooms[0].ID || v.LastChat.ID != rooms[0].ID || len(c.Unknown) != 0 {
		t.Errorf("contact %+v\nvisitor %+v", c, v)
	}
	sources := map[string]bool{}
	for _, r := range rooms {
		if r.ContactID != c.ID {
			t.Fatalf("room %s names contact %q", r.ID, r.ContactID)
		}
		sources[string(r.Source.Type)+"/"+r.Source.ID] = true
	}
	if len(c.Channels) != len(sources) {
		t.Errorf("%d channels for %d sources", len(c.Channels), len(sources))
	}
	for _, ch := range c.Channels {
		if ch.Visitor.VisitorID != "v1" || ch.LastChat.ID == "" || ch.Name == "" || ch.Details.Type != ch.Visitor.Source.Type {
			t.Errorf("channel %+v", ch)
		}
	}
	var closed []string
	for _, r := range rooms {
		if !r.ClosedAt.IsZero() {
			closed = append(closed, r.ID)
		}
	}
	_, body := fetch(t, srv, http.MethodGet, "/api/v1/omnichannel/contacts.history?count=0&sort="+url.QueryEscape(`{"ts":-1}`)+"&contactId="+c.ID, agent, "")
	var h struct {
		History []models.Room `json:"history"`
		Count   int
		Total   int
	}
	if err := json.Unmarshal([]byte(body), &h); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range h.History {
		got = append(got, r.ID)
		if r.Source.Type == "" || r.LastMessage == nil || r.Metrics.ChatDuration != 0 || r.ClosingMessage != nil {
			t.Errorf("room %s not projected as contacts.history does", r.ID)
		}
	}
	if !slices.Equal(got, closed) || h.Total != len(closed) || h.Count != len(closed) {
		t.Errorf("history %v (total %d), want the closed rooms %v", got, h.Total, closed)
	}
	wantAnswer(t, srv, "/api/v1/omnichannel/contacts.history?contactId=nope", agent, 400, `{"success":false,"error":"error-contact-not-found"}`)
}

func TestContactSearch(t *testing.T) {
	srv, manager, agent, rooms := visitorServer(t, 2)
	mgr := srv.AddUser(rocketchattest.User{Username: "ana", Name: "Ana Lima", Roles: []string{"livechat-agent"}})
	srv.AddContact(models.Contact{ID: "k1", Name: "Zoe", Emails: []models.EmailAddress{{Address: "zoe@shop.org"}}, ContactManager: models.ContactManager{ID: mgr.UserID}})
	srv.AddContact(models.Contact{ID: "k2", Name: "Yuri", Phones: []models.Phone{{Number: "+4930555"}}, ContactManager: models.ContactManager{ID: "gone"}})
	srv.AddContact(models.Contact{ID: "u1", Name: "Unknown visitor", IsUnknown: true})
	f := false
	srv.AddContact(models.Contact{ID: "d1", Name: "Deleted", Enabled: &f})
	search := func(query string) (ids []string, contacts []models.Contact, count int) {
		t.Helper()
		_, body := fetch(t, srv, http.MethodGet, "/api/v1/omnichannel/contacts.search?"+query, agent, "")
		var p struct {
			Contacts []models.Contact `json:"contacts"`
			Count    int              `json:"count"`
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Contacts {
			ids = append(ids, c.ID)
		}
		return ids, p.Contacts, p.Count
	}
	generated := rooms[0].ContactID
	ids, contacts, count := search("")
	want := []string{generated, "k2", "k1"} // by name: the generated visitor's, Yuri, Zoe
	if v, _ := srv.Visitor("v1"); v.Name > "Yuri" {
		want = []string{"k2", generated, "k1"}
	}
	if !slices.Equal(ids, want) || count != 50 {
		t.Errorf("known contacts %v (count %d), want %v and the default count echoed", ids, count, want)
	}
	for _, c := range contacts {
		switch c.ID {
		case "k1":
			if c.ContactManager.Username != "ana" || c.ContactManager.Name != "Ana Lima" {
				t.Errorf("manager %+v", c.ContactManager)
			}
		case "k2":
			if c.ContactManager.ID != "" {
				t.Errorf("a manager who is no user is dropped: %+v", c.ContactManager)
			}
		}
	}
	for query, want := range map[string][]string{
		"unknown=true": {"u1"}, "searchText=SHOP": {"k1"}, "searchText=30555": {"k2"}, "searchText=zoe&count=7": {"k1"},
	} {
		if ids, _, _ := search(query); !slices.Equal(ids, want) {
			t.Errorf("%s: %v, want %v", query, ids, want)
		}
	}
	if _, _, count := search("count=7"); count != 7 {
		t.Errorf("count echoes the request: %d", count)
	}
	wantAnswer(t, srv, "/api/v1/omnichannel/contacts.search?unknown=1", manager, 400,
		`{"success":false,"error":"must be boolean [invalid-params]","errorType":"invalid-params"}`)
}

func TestContactChannelsAndExistence(t *testing.T) {
	srv, manager, _, _ := visitorServer(t, 1)
	ch := func(name, room, ts string) models.ContactChannel {
		c := models.ContactChannel{Name: name, Visitor: models.ContactVisitor{VisitorID: "v-" + room, Source: models.Source{Type: "widget"}}}
		if ts != "" {
			at, err := time.Parse(time.RFC3339, ts)
			if err != nil {
				t.Fatal(err)
			}
			c.LastChat = models.LastChat{ID: room, Timestamp: at}
		}
		return c
	}
	srv.AddContact(models.Contact{ID: "c1", Name: "Ana", Emails: []models.EmailAddress{{Address: "Ana@x.org"}}, Phones: []models.Phone{{Number: "+1 555"}},
		Channels: []models.ContactChannel{ch("widget", "r1", "2025-01-01T00:00:00.000Z"), ch("sms", "r2", ""), ch("widget", "r3", "2025-03-01T00:00:00.000Z"), ch("widget", "r4", "2025-02-01T00:00:00.000Z")}})
	_, body := fetch(t, srv, http.MethodGet, "/api/v1/omnichannel/contacts.channels?contactId=c1", manager, "")
	var a struct {
		Channels []models.ContactChannel `json:"channels"`
	}
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Channels) != 2 || a.Channels[0].LastChat.ID != "r3" || a.Channels[1].Name != "sms" {
		t.Errorf("grouped channels: %s", body)
	}
	wantAnswer(t, srv, "/api/v1/omnichannel/contacts.channels?contactId=nope", manager, 200, `{"channels":[],"success":true}`)
	for query, exists := range map[string]bool{
		"contactId=c1": true, "contactId=c2": false, "email=Ana%40x.org": true, "email=ana%40x.org": false, "phone=%2B1+555": true, "phone=%2B1555": false,
	} {
		wantAnswer(t, srv, "/api/v1/omnichannel/contacts.checkExistence?"+query, manager, 200, `{"exists":`+map[bool]string{true: "true", false: "false"}[exists]+`,"success":true}`)
	}
	wantAnswer(t, srv, "/api/v1/omnichannel/contacts.checkExistence?email=a%40x.org&phone=1", manager, 400,
		`{"success":false,"error":"must have required property 'contactId'\n must NOT have additional properties\n must NOT have additional properties\n must match exactly one schema in oneOf [invalid-params]","errorType":"invalid-params"}`)
	wantAnswer(t, srv, "/api/v1/omnichannel/contacts.checkExistence?email=bad", manager, 400,
		`{"success":false,"error":"must have required property 'contactId'\n must match format \"basic_email\"\n must have required property 'phone'\n must match exactly one schema in oneOf [invalid-params]","errorType":"invalid-params"}`)
	wantAnswer(t, srv, "/api/v1/omnichannel/contacts.get?contactId=%20", manager, 400,
		`{"success":false,"error":"must pass \"isNotEmpty\" keyword validation [invalid-params]","errorType":"invalid-params"}`)
}

func TestContactCreateAndUpdate(t *testing.T) {
	srv, manager, agent, rooms := visitorServer(t, 3)
	post := func(path, body string) (int, string) {
		t.Helper()
		return fetch(t, srv, http.MethodPost, path, agent, body)
	}
	status, body := post("/api/v1/omnichannel/contacts", `{"name":"Maria","emails":["m@x.org"],"phones":["+1"],"contactManager":"`+agent.UserID+`"}`)
	var created struct {
		ContactID string `json:"contactId"`
	}
	if err := json.Unmarshal([]byte(body), &created); status != 200 || err != nil || created.ContactID == "" {
		t.Fatalf("%d %s", status, body)
	}
	c := getContact(t, srv, agent, created.ContactID)
	if c.Name != "Maria" || c.ContactManager.ID != agent.UserID || !c.PreRegistration || c.IsUnknown || len(c.Channels) != 0 || c.CreatedAt.IsZero() {
		t.Errorf("created %+v", c)
	}
	for body, want := range map[string]string{
		`{"name":"A","emails":["a","a"],"phones":[]}`: `{"success":false,"error":"must NOT have duplicate items (items ## 1 and 0 are identical) [invalid-params]","errorType":"invalid-params"}`,
		`{"name":"A","emails":[]}`:                    `{"success":false,"error":"must have required property 'phones' [invalid-params]","errorType":"invalid-params"}`,
		`not json`:                                    `{"success":false,"error":"must have required property 'name' [invalid-params]","errorType":"invalid-params"}`,
		`{"name":"A","emails":[],"phones":[],"contactManager":"` + manager.UserID + `"}`: `{"success":false,"error":"error-contact-manager-not-found"}`,
		`{"name":"A","emails":[],"phones":[],"customFields":{"crm":"1"}}`:                `{"success":false,"error":"error-custom-field-not-allowed"}`,
	} {
		if status, got := post("/api/v1/omnichannel/contacts", body); status != 400 || got != want {
			t.Errorf("%s: %d %s\nwant %s", body, status, got, want)
		}
	}
	srv.AddCustomField(rocketchattest.CustomField{ID: "crm", Label: "CRM id", Scope: "visitor", Regexp: `^\d+$`})
	if _, got := post("/api/v1/omnichannel/contacts", `{"name":"A","emails":[],"phones":[],"customFields":{"crm":"x1"}}`); got != `{"success":false,"error":"Invalid value for CRM id field"}` {
		t.Errorf("a value failing the pattern: %s", got)
	}

	// Update: only what is given changes; "" removes the manager (8.x).
	id := rooms[0].ContactID
	status, body = post("/api/v1/omnichannel/contacts.update", `{"contactId":"`+id+`","name":"Renamed","phones":[],"emails":null,"customFields":{"crm":" 42 "},"contactManager":"`+agent.UserID+`"}`)
	var updated struct {
		Contact models.Contact `json:"contact"`
	}
	if err := json.Unmarshal([]byte(body), &updated); status != 200 || err != nil {
		t.Fatalf("%d %s", status, body)
	}
	u := updated.Contact
	if u.Name != "Renamed" || u.Phones == nil || len(u.Phones) != 0 || len(u.Emails) != 1 || u.CustomFields["crm"] != "42" || u.ContactManager.ID != agent.UserID {
		t.Errorf("updated %s", body)
	}
	_, body = fetch(t, srv, http.MethodGet, "/api/v1/livechat/visitors.chatHistory/room/"+rooms[0].ID+"/visitor/v1", manager, "")
	if strings.Count(body, `"fname":"Renamed"`) != 3 {
		t.Errorf("the contact's rooms keep their old name: %.300s", body)
	}
	_, body = post("/api/v1/omnichannel/contacts.update", `{"contactId":"`+id+`","contactManager":""}`)
	if strings.Contains(body, `"contactManager"`) {
		t.Errorf("8.x: an empty manager removes it: %s", body)
	}
	if _, got := post("/api/v1/omnichannel/contacts.update", `{"contactId":"nope"}`); got != `{"success":false,"error":"error-contact-not-found"}` {
		t.Errorf("unknown contact: %s", got)
	}
	old, _, oldAgent, oldRooms := visitorServer(t, 1, rocketchattest.WithVersion("7.4.0"))
	fetch(t, old, http.MethodPost, "/api/v1/omnichannel/contacts.update", oldAgent, `{"contactId":"`+oldRooms[0].ContactID+`","contactManager":"`+oldAgent.UserID+`"}`)
	_, body = fetch(t, old, http.MethodPost, "/api/v1/omnichannel/contacts.update", oldAgent, `{"contactId":"`+oldRooms[0].ContactID+`","contactManager":""}`)
	if !strings.Contains(body, `"contactManager":"`+oldAgent.UserID+`"`) {
		t.Errorf("7.x keeps the manager: %s", body)
	}
}

// Permissions: each route's own, and on 7.x after the validation.
func TestContactPermissions(t *testing.T) {
	srv, _, agent, _ := visitorServer(t, 1)
	srv.SetPermission("view-livechat-contact", "admin")
	srv.SetPermission("create-livechat-contact", "admin")
	srv.SetPermission("view-livechat-contact-history", "admin")
	for _, p := range []string{contactPaths[0], contactPaths[1], contactPaths[2], contactPaths[3], contactPaths[4]} {
		wantAnswer(t, srv, p, agent, 403, forbiddenBody)
	}
	if status, body := fetch(t, srv, http.MethodPost, "/api/v1/omnichannel/contacts", agent, `{}`); status != 403 || body != forbiddenBody {
		t.Errorf("8.x: the permission comes before the body: %d %s", status, body)
	}
	old, _, oldAgent, _ := visitorServer(t, 1, rocketchattest.WithVersion("7.10.0"))
	old.SetPermission("create-livechat-contact", "admin")
	if status, body := fetch(t, old, http.MethodPost, "/api/v1/omnichannel/contacts", oldAgent, `{}`); status != 400 || !strings.Contains(body, "invalid-params") {
		t.Errorf("7.x: the body comes before the permission: %d %s", status, body)
	}
}

// A new name reaches the contact's rooms without losing the messages of
// generated rooms not read yet, and the inquiries of its visitors; an empty
// one is saved, then refused as updateContactDataByContactId refuses it.
func TestContactRenameReachesRoomsAndInquiries(t *testing.T) {
	srv, _, agent, rooms := visitorServer(t, 2)
	srv.AddUser(rocketchattest.User{Username: "ana", Roles: []string{"livechat-agent"}})
	before := len(srv.RoomMessages(rooms[1].ID)) // rooms[0] is left unread
	room, err := srv.OpenChat(rocketchattest.Guest{Token: "tok", Name: "Maria"}, "hi")
	if err != nil {
		t.Fatal(err)
	}
	srv.AddContact(models.Contact{ID: "c2", Name: "Maria", Channels: []models.ContactChannel{
		{Name: "widget", Visitor: models.ContactVisitor{VisitorID: room.Visitor.ID}}}})
	for _, id := range []string{rooms[0].ContactID, "c2"} {
		if status, body := fetch(t, srv, http.MethodPost, "/api/v1/omnichannel/contacts.update", agent, `{"contactId":"`+id+`","name":"Renamed"}`); status != 200 {
			t.Fatalf("%d %s", status, body)
		}
	}
	if n := len(srv.RoomMessages(rooms[0].ID)); n < 3 {
		t.Errorf("the renamed, unread room has %d messages: its generated messages were lost", n)
	}
	if n := len(srv.RoomMessages(rooms[1].ID)); n != before {
		t.Errorf("the renamed room has %d messages, had %d", n, before)
	}
	if r, _ := srv.ChatRoom(rooms[0].ID); r.FName != "Renamed" {
		t.Errorf("room name %q", r.FName)
	}
	if inq, _ := srv.Inquiry(room.ID); inq.Name != "Renamed" {
		t.Errorf("the inquiry keeps the name %q", inq.Name)
	}
	status, body := fetch(t, srv, http.MethodPost, "/api/v1/omnichannel/contacts.update", agent, `{"contactId":"c2","name":""}`)
	if status != 400 || body != `{"success":false,"error":"error-invalid-operation"}` {
		t.Errorf("an empty name: %d %s", status, body)
	}
	if c, _ := srv.Contact("c2"); c.Name != "" {
		t.Errorf("the empty name was not saved first: %q", c.Name)
	}
}

// Custom-field patterns are JavaScript's: \u0041 is A, and V8 refuses an
// unclosed group with its SyntaxError.
func TestContactCustomFieldPatterns(t *testing.T) {
	srv, _, agent, _ := visitorServer(t, 1)
	for pattern, want := range map[string]string{
		`^\u0041$`: `{"success":false,"error":"Invalid value for CRM id field"}`,
		`(a`:       `{"success":false,"error":"Invalid regular expression: /(a/: Unterminated group"}`,
	} {
		srv.AddCustomField(rocketchattest.CustomField{ID: "crm", Label: "CRM id", Scope: "visitor", Regexp: pattern})
		_, got := fetch(t, srv, http.MethodPost, "/api/v1/omnichannel/contacts", agent, `{"name":"A","emails":[],"phones":[],"customFields":{"crm":"B"}}`)
		if got != want {
			t.Errorf("pattern %s: %s\nwant %s", pattern, got, want)
		}
	}
}
