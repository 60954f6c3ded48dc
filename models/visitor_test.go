package models_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// visitorFixture is a visitor record with every member of core-typings
// 8.8.1's ILivechatVisitor, as livechat/visitor/{token} sends it (with the
// token), plus the source member the model writes into externalIds.
const visitorFixture = `{
  "_id": "pQx4W2Ymf7N3kTzAe",
  "_updatedAt": "2025-06-30T11:58:00.120Z",
  "username": "guest-812",
  "ts": "2024-02-10T08:00:00.000Z",
  "token": "k2m9x7c1q0z5w8e4r6t3y1",
  "department": "deptSupport00001A",
  "name": "Maria Souza",
  "phone": [{ "phoneNumber": "+5511999990000" }],
  "lastChat": { "_id": "Fz3kq9LmB7xW2pRt1", "ts": "2025-06-30T11:00:00.000Z" },
  "userAgent": "Mozilla/5.0 (X11; Linux x86_64)",
  "ip": "203.0.113.7",
  "host": "www.example.com",
  "visitorEmails": [{ "address": "maria@example.com" }, { "address": "m.souza@example.org" }],
  "externalIds": [{ "appId": "c33fa1a6", "entityId": "5511999990000", "source": "whatsapp", "metadata": { "wa": true } }],
  "status": "online",
  "lastAgent": { "username": "agent.ana", "agentId": "agentAna00000001X", "ts": "2025-06-30T11:00:05.000Z" },
  "livechatData": { "orderNumber": "A-12345", "plan": "pro" },
  "contactManager": { "_id": "agentAna00000001X", "username": "agent.ana", "name": "Ana Lima", "emails": [{ "address": "ana@example.com" }] },
  "activity": ["2025-06"],
  "disabled": false
}`

func TestDecodeVisitorRecord(t *testing.T) {
	var v models.Visitor
	if err := jsonx.Unmarshal([]byte(visitorFixture), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Unknown) != 0 || len(v.Misfits()) != 0 {
		t.Fatalf("every member is declared: Unknown = %s, misfits = %v", v.Unknown, v.Misfits())
	}
	if v.ID != "pQx4W2Ymf7N3kTzAe" || v.Username != "guest-812" || v.Token != "k2m9x7c1q0z5w8e4r6t3y1" ||
		v.Name != "Maria Souza" || v.Department != "deptSupport00001A" || v.Status != models.UserStatusOnline {
		t.Errorf("identity = %+v", v)
	}
	if len(v.Phones) != 1 || v.Phones[0].Number != "+5511999990000" {
		t.Errorf("Phones = %+v", v.Phones)
	}
	if len(v.Emails) != 2 || v.Emails[1].Address != "m.souza@example.org" {
		t.Errorf("Emails = %+v", v.Emails)
	}
	if v.LastChat.ID != "Fz3kq9LmB7xW2pRt1" || !v.LastChat.Timestamp.Equal(utcMillis("2025-06-30T11:00:00.000Z")) {
		t.Errorf("LastChat = %+v", v.LastChat)
	}
	if v.LastAgent.AgentID != "agentAna00000001X" || v.LastAgent.Username != "agent.ana" ||
		!v.LastAgent.Timestamp.Equal(utcMillis("2025-06-30T11:00:05.000Z")) {
		t.Errorf("LastAgent = %+v", v.LastAgent)
	}
	if !v.Timestamp.Equal(utcMillis("2024-02-10T08:00:00.000Z")) || !v.UpdatedAt.Equal(utcMillis("2025-06-30T11:58:00.120Z")) {
		t.Errorf("dates = %v %v", v.Timestamp, v.UpdatedAt)
	}
	if v.LivechatData["plan"] != "pro" || v.ContactManager.Username != "agent.ana" || len(v.ContactManager.Emails) != 1 {
		t.Errorf("custom fields and manager = %v %+v", v.LivechatData, v.ContactManager)
	}
	if len(v.ExternalIDs) != 1 || v.ExternalIDs[0].Source != "whatsapp" || v.ExternalIDs[0].Metadata["wa"] != true {
		t.Errorf("ExternalIDs = %+v", v.ExternalIDs)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	// disabled:false is not written back: omitted as the server omits it.
	want := []byte(visitorFixture)
	var m map[string]any
	if err := json.Unmarshal(want, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "disabled")
	want, _ = json.Marshal(m)
	assertSameJSON(t, out, want)
}

// Old visitors have phone (and visitorEmails) null: no misfit, no list.
func TestDecodeVisitorWithNullPhone(t *testing.T) {
	var v models.Visitor
	body := `{"_id":"v1","username":"guest-1","ts":"2019-01-01T00:00:00.000Z","phone":null,"visitorEmails":null}`
	if err := jsonx.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	if v.Phones != nil || v.Emails != nil || len(v.Misfits()) != 0 {
		t.Errorf("Phones %v, Emails %v, misfits %v", v.Phones, v.Emails, v.Misfits())
	}
}

// A value of the wrong type costs the member, not the record.
func TestDecodeVisitorKeepsAMisfit(t *testing.T) {
	var v models.Visitor
	body := `{"_id":"v1","name":"Ana","lastChat":{"_id":"r1","ts":"yesterday"},"phone":[{"phoneNumber":5511}]}`
	if err := jsonx.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	if v.Name != "Ana" || len(v.Misfits()) != 2 {
		t.Fatalf("Name %q, misfits %+v", v.Name, v.Misfits())
	}
	out, _ := json.Marshal(v)
	assertSameJSON(t, out, []byte(body))
}

// livechat/visitors.search projects the record; livechat/visitors.autocomplete
// answers suggestions whose custom_name is null without a username.
func TestDecodeVisitorProjections(t *testing.T) {
	var page struct {
		Visitors []models.Visitor `json:"visitors"`
	}
	body := `{"visitors":[{"_id":"v1","username":"guest-1","name":"Ana","phone":[{"phoneNumber":"+1"}],` +
		`"visitorEmails":[{"address":"a@x"}],"livechatData":{},"lastChat":{"_id":"r1","ts":"2025-01-01T00:00:00.000Z"}}]}`
	if err := jsonx.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	if v := page.Visitors[0]; v.Token != "" || v.LastChat.ID != "r1" || len(v.Unknown) != 0 {
		t.Errorf("visitor = %+v", v)
	}
	var items struct {
		Items []models.VisitorSuggestion `json:"items"`
	}
	body = `{"items":[{"_id":"v1","name":"Ana","username":"guest-1","custom_name":"guest-1 - Ana"},{"_id":"v2","name":"Bo","custom_name":null}]}`
	if err := jsonx.Unmarshal([]byte(body), &items); err != nil {
		t.Fatal(err)
	}
	want := []models.VisitorSuggestion{
		{ID: "v1", Name: "Ana", Username: "guest-1", CustomName: "guest-1 - Ana"},
		{ID: "v2", Name: "Bo"},
	}
	for i := range want {
		got := items.Items[i]
		if got.ID != want[i].ID || got.Name != want[i].Name || got.Username != want[i].Username ||
			got.CustomName != want[i].CustomName || len(got.Misfits()) != 0 {
			t.Errorf("item %d = %+v, want %+v", i, got, want[i])
		}
	}
	if !reflect.DeepEqual(models.UserStatus("disabled"), models.UserStatusDisabled) {
		t.Error("UserStatusDisabled is not the server's disabled")
	}
}
