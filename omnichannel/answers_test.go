package omnichannel_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// Answers of each route, written from core-typings 8.8.1 (ILivechatVisitor,
// ILivechatContact, ILivechatContactChannel, IOmnichannelRoom, IMessage) and
// the server's handlers (their envelopes and projections). Every member of
// the typings is present, so a member the models lack would land in Unknown.
const (
	fixtureVisitor = `{"_id":"v1","_updatedAt":"2025-06-30T11:58:00.120Z","username":"guest-812","ts":"2024-02-10T08:00:00.000Z",` +
		`"department":"d1","name":"Maria","phone":[{"phoneNumber":"+5511"}],"lastChat":{"_id":"r1","ts":"2025-06-30T11:00:00.000Z"},` +
		`"userAgent":"Mozilla/5.0","ip":"203.0.113.7","host":"www.example.com","visitorEmails":[{"address":"m@x.org"}],` +
		`"externalIds":[{"appId":"a","entityId":"e","metadata":{}}],"status":"offline",` +
		`"lastAgent":{"username":"ana","agentId":"u1","ts":"2025-06-30T11:00:05.000Z"},"livechatData":{"crm":"42"},` +
		`"contactManager":{"username":"ana"},"activity":["2025-06"]}`
	fixtureRoomV   = `{"_id":"v1","username":"guest-812","token":"tok","status":"offline","lastMessageTs":"2025-06-30T11:02:00.000Z"}`
	fixtureClosing = `{"_id":"m9","rid":"r1","msg":"Solved","ts":"2025-06-30T11:10:00.000Z","u":{"_id":"u1","username":"ana"},"t":"livechat-close","groupable":false,"_updatedAt":"2025-06-30T11:10:00.000Z"}`
	fixtureChannel = `{"name":"widget","verified":false,"visitor":{"visitorId":"v1","source":{"type":"widget"}},"blocked":false,` +
		`"details":{"type":"widget","destination":"www.example.com"},"lastChat":{"_id":"r1","ts":"2025-06-30T11:00:00.000Z"}}`
	fixtureContact = `{"_id":"c1","_updatedAt":"2025-06-30T11:58:00.120Z","name":"Maria","phones":[{"phoneNumber":"+5511"}],` +
		`"emails":[{"address":"m@x.org"}],"contactManager":"u1","unknown":false,"conflictingFields":[{"field":"name","value":"M."}],` +
		`"customFields":{"crm":"42"},"channels":[` + fixtureChannel + `],"createdAt":"2024-02-10T08:00:00.000Z",` +
		`"lastChat":{"_id":"r1","ts":"2025-06-30T11:00:00.000Z"},"importIds":["x"],"activity":["2025-06"],"preRegistration":false}`
)

var answerFixtures = map[string]string{
	"/api/v1/livechat/visitors.info": `{"visitor":` + fixtureVisitor + `,"success":true}`,
	"/api/v1/livechat/visitors.pagesVisited/r1": `{"pages":[{"_id":"n1","rid":"r1","msg":"Cart - https://x/cart","ts":"2025-06-30T11:01:00.000Z",` +
		`"u":{"_id":"rocket.cat","username":"rocket.cat","name":"Rocket.Cat"},"t":"livechat_navigation_history","_updatedAt":"2025-06-30T11:01:00.000Z",` +
		`"navigation":{"page":{"title":"Cart","location":{"href":"https://x/cart"},"change":"url"},"token":"tok"}}],"count":1,"offset":0,"total":1,"success":true}`,
	"/api/v1/livechat/visitors.searchChats/room/r1/visitor/v1": `{"history":[{"_id":"r1","fname":"Maria","ts":"2025-06-30T11:00:00.000Z","v":` + fixtureRoomV +
		`,"msgs":7,"servedBy":{"_id":"u1","username":"ana","ts":"2025-06-30T11:00:05.000Z"},"closedAt":"2025-06-30T11:10:00.000Z",` +
		`"closedBy":{"_id":"u1","username":"ana"},"closer":"user","tags":["vip"],"closingMessage":` + fixtureClosing + `}],"count":1,"offset":0,"total":1,"success":true}`,
	"/api/v1/livechat/visitors.search": `{"visitors":[{"_id":"v1","username":"guest-812","name":"Maria","phone":null,"visitorEmails":[{"address":"m@x.org"}],` +
		`"livechatData":{},"lastChat":{"_id":"r1","ts":"2025-06-30T11:00:00.000Z"}}],"count":1,"offset":0,"total":1,"success":true}`,
	"/api/v1/livechat/visitors.autocomplete":      `{"items":[{"_id":"v1","name":"Maria","username":"guest-812","custom_name":"guest-812 - Maria"}],"success":true}`,
	"/api/v1/livechat/visitor/tok":                `{"visitor":` + fixtureVisitor[:len(fixtureVisitor)-1] + `,"token":"tok"},"success":true}`,
	"/api/v1/livechat/visitor/tok/room":           `{"rooms":[{"_id":"r1","t":"l","cl":false,"usernames":["ana","guest-812"],"servedBy":{"_id":"u1","username":"ana","ts":"2025-06-30T11:00:05.000Z"}}],"success":true}`,
	"/api/v1/omnichannel/contacts.get":            `{"contact":` + fixtureContact + `,"success":true}`,
	"/api/v1/omnichannel/contacts.channels":       `{"channels":[` + fixtureChannel + `],"success":true}`,
	"/api/v1/omnichannel/contacts.update":         `{"contact":` + fixtureContact + `,"success":true}`,
	"/api/v1/omnichannel/contacts":                `{"contactId":"c1","success":true}`,
	"/api/v1/omnichannel/contacts.checkExistence": `{"exists":true,"success":true}`,
	"/api/v1/omnichannel/contacts.search": `{"contacts":[` + strings.Replace(fixtureContact, `"contactManager":"u1"`,
		`"contactManager":{"_id":"u1","name":"Ana","username":"ana"}`, 1) + `],"count":50,"offset":0,"total":1,"success":true}`,
	"/api/v1/omnichannel/contacts.history": `{"history":[{"_id":"r1","fname":"Maria","ts":"2025-06-30T11:00:00.000Z","v":` + fixtureRoomV +
		`,"msgs":7,"servedBy":{"_id":"u1","username":"ana","ts":"2025-06-30T11:00:05.000Z"},"closedAt":"2025-06-30T11:10:00.000Z",` +
		`"closedBy":{"_id":"u1","username":"ana"},"closer":"user","tags":["vip"],"source":{"type":"widget"},` +
		`"lastMessage":{"_id":"m8","rid":"r1","msg":"bye","ts":"2025-06-30T11:09:00.000Z","u":{"_id":"v1","username":"guest-812"},"token":"tok"},"verified":true}],` +
		`"count":1,"offset":0,"total":1,"success":true}`,
}

// Each answer decodes strictly (a value that does not fit fails the call),
// and leaves nothing the typings declare in Unknown.
func TestAnswersDecodeStrictly(t *testing.T) {
	mt := httpmock.NewMockTransport()
	for path, body := range answerFixtures {
		mt.RegisterResponder(http.MethodGet, "=~^https://chat\\.example\\.com"+path+`(\?|$)`, httpmock.NewStringResponder(200, body))
		mt.RegisterResponder(http.MethodPost, "https://chat.example.com"+path, httpmock.NewStringResponder(200, body))
	}
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithToken("u", "t"),
		rocketchat.WithHTTPClient(&http.Client{Transport: mt}), rocketchat.WithStrictDecoding())
	if err != nil {
		t.Fatal(err)
	}
	oc, ctx := omnichannel.New(c), t.Context()
	check := func(name string, err error, ok bool) {
		t.Helper()
		if err != nil || !ok {
			t.Errorf("%s: err %v, fields ok %v", name, err, ok)
		}
	}
	v, _, err := oc.Visitors.Info(ctx, "v1")
	check("Info", err, v != nil && len(v.Unknown) == 0 && v.LastAgent.AgentID == "u1" && v.ContactManager.Username == "ana")
	pv, _, err := oc.Visitors.PagesVisited(ctx, "r1", nil)
	check("PagesVisited", err, pv != nil && len(pv.Pages[0].Unknown) == 0 && pv.Pages[0].Navigation.Page.Change == "url")
	sc, _, err := oc.Visitors.SearchChats(ctx, "r1", "v1", nil)
	check("SearchChats", err, sc != nil && len(sc.History[0].Unknown) == 0 && sc.History[0].ClosingMessage.ID == "m9" && sc.History[0].Visitor.Token == "tok")
	vs, _, err := oc.Visitors.Search(ctx, "m", nil)
	check("Search", err, vs != nil && vs.Visitors[0].Phones == nil && len(vs.Visitors[0].Unknown) == 0)
	items, _, err := oc.Visitors.Autocomplete(ctx, "m", nil)
	check("Autocomplete", err, len(items) == 1 && items[0].CustomName == "guest-812 - Maria")
	bt, _, err := oc.Visitors.ByToken(ctx, "tok")
	check("ByToken", err, bt != nil && bt.Token == "tok" && len(bt.Unknown) == 0)
	rooms, _, err := oc.Visitors.RoomsByToken(ctx, "tok")
	// usernames has no field in models.Room: it is kept in Unknown.
	check("RoomsByToken", err, len(rooms) == 1 && rooms[0].CanLeave != nil && string(rooms[0].Unknown) == `{"usernames":["ana","guest-812"]}`)
	ct, _, err := oc.Contacts.Get(ctx, "c1")
	check("Get", err, ct != nil && len(ct.Unknown) == 0 && ct.ContactManager.ID == "u1" && len(ct.Channels[0].Unknown) == 0)
	chans, _, err := oc.Contacts.Channels(ctx, "c1")
	check("Channels", err, len(chans) == 1 && chans[0].Visitor.VisitorID == "v1")
	cs, _, err := oc.Contacts.Search(ctx, nil)
	check("Search", err, cs != nil && cs.Contacts[0].ContactManager.Username == "ana" && len(cs.Contacts[0].Unknown) == 0)
	ch, _, err := oc.Contacts.History(ctx, "c1", nil)
	check("History", err, ch != nil && ch.History[0].Verified && ch.History[0].LastMessage.Token == "tok" && len(ch.History[0].Unknown) == 0)
	exists, _, err := oc.Contacts.CheckExistence(ctx, omnichannel.ContactLookup{Phone: "1"})
	check("CheckExistence", err, exists)
	id, _, err := oc.Contacts.Create(ctx, omnichannel.NewContact{Name: "M"})
	check("Create", err, id == "c1")
	up, _, err := oc.Contacts.Update(ctx, "c1", nil)
	check("Update", err, up != nil && up.Name == "Maria")
}
