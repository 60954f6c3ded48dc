package models_test

import (
	"encoding/json"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// contactFixture has every member of core-typings 8.8.1's ILivechatContact
// and ILivechatContactChannel, as omnichannel/contacts.get sends it
// (contactManager a user id), plus the untyped enabled member.
const contactFixture = `{
  "_id": "6745e1c2a9b0f2d3e4a5b6c7",
  "_updatedAt": "2025-06-30T11:58:00.120Z",
  "name": "Maria Souza",
  "phones": [{ "phoneNumber": "+5511999990000" }],
  "emails": [{ "address": "maria@example.com" }],
  "contactManager": "agentAna00000001X",
  "unknown": false,
  "conflictingFields": [{ "field": "name", "value": "Maria S." }, { "field": "customFields.plan", "value": "free" }],
  "customFields": { "plan": "pro" },
  "channels": [{
    "name": "widget",
    "verified": true,
    "visitor": { "visitorId": "pQx4W2Ymf7N3kTzAe", "source": { "type": "widget" } },
    "blocked": false,
    "field": "email",
    "value": "maria@example.com",
    "verifiedAt": "2025-01-05T10:00:00.000Z",
    "details": { "type": "widget", "destination": "www.example.com" },
    "lastChat": { "_id": "Fz3kq9LmB7xW2pRt1", "ts": "2025-06-30T11:00:00.000Z" }
  }, {
    "name": "WhatsApp",
    "verified": false,
    "visitor": { "visitorId": "pQx4W2Ymf7N3kTzAe", "source": { "type": "app", "id": "c33fa1a6" } },
    "blocked": true,
    "details": { "type": "app", "id": "c33fa1a6", "alias": "WhatsApp", "label": "WhatsApp", "sidebarIcon": "icon-whatsapp", "defaultIcon": "icon-chat" }
  }],
  "createdAt": "2024-02-10T08:00:00.000Z",
  "lastChat": { "_id": "Fz3kq9LmB7xW2pRt1", "ts": "2025-06-30T11:00:00.000Z" },
  "importIds": ["crm-991"],
  "activity": ["2025-06"],
  "preRegistration": true,
  "enabled": true
}`

func TestDecodeContact(t *testing.T) {
	var c models.Contact
	if err := jsonx.Unmarshal([]byte(contactFixture), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Unknown) != 0 || len(c.Misfits()) != 0 {
		t.Fatalf("every member is declared: Unknown = %s, misfits = %v", c.Unknown, c.Misfits())
	}
	if c.ID != "6745e1c2a9b0f2d3e4a5b6c7" || c.Name != "Maria Souza" || c.IsUnknown || !c.PreRegistration ||
		c.Enabled == nil || !*c.Enabled {
		t.Errorf("contact = %+v", c)
	}
	if c.ContactManager.ID != "agentAna00000001X" || c.ContactManager.Username != "" {
		t.Errorf("ContactManager = %+v", c.ContactManager)
	}
	if len(c.Phones) != 1 || c.Phones[0].Number != "+5511999990000" || len(c.Emails) != 1 || c.Emails[0].Address != "maria@example.com" {
		t.Errorf("phones %+v emails %+v", c.Phones, c.Emails)
	}
	if len(c.ConflictingFields) != 2 || c.ConflictingFields[1].Field != "customFields.plan" || c.CustomFields["plan"] != "pro" {
		t.Errorf("conflicts %+v custom %v", c.ConflictingFields, c.CustomFields)
	}
	if !c.CreatedAt.Equal(utcMillis("2024-02-10T08:00:00.000Z")) || c.LastChat.ID != "Fz3kq9LmB7xW2pRt1" {
		t.Errorf("createdAt %v lastChat %+v", c.CreatedAt, c.LastChat)
	}
	if len(c.Channels) != 2 {
		t.Fatalf("channels = %+v", c.Channels)
	}
	w, app := c.Channels[0], c.Channels[1]
	if !w.Verified || w.Blocked || w.Visitor.VisitorID != "pQx4W2Ymf7N3kTzAe" || w.Visitor.Source.Type != models.SourceWidget ||
		!w.VerifiedAt.Equal(utcMillis("2025-01-05T10:00:00.000Z")) || w.Details.Destination != "www.example.com" ||
		w.LastChat.ID != "Fz3kq9LmB7xW2pRt1" || w.Field != "email" {
		t.Errorf("widget channel = %+v", w)
	}
	if app.Verified || !app.Blocked || app.Visitor.Source.ID != "c33fa1a6" || app.Details.Alias != "WhatsApp" || !app.LastChat.Timestamp.IsZero() {
		t.Errorf("app channel = %+v", app)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal([]byte(contactFixture), &m)
	delete(m, "unknown") // false is omitted, as absent
	want, _ := json.Marshal(m)
	assertSameJSON(t, out, want)
}

// omnichannel/contacts.search sends the manager as {_id, name, username}:
// it decodes, and both forms encode back as they came, with either JSON
// package.
func TestContactManagerBothForms(t *testing.T) {
	for _, body := range []string{
		`{"_id":"c1","name":"A","channels":[],"contactManager":"u1"}`,
		`{"_id":"c1","name":"A","channels":[],"contactManager":{"_id":"u1","name":"Ana Lima","username":"agent.ana"}}`,
		`{"_id":"c1","name":"A","channels":[],"contactManager":{"_id":"u1"}}`,
		`{"_id":"c1","name":"A","channels":[],"contactManager":{"_id":"u1","username":"a","active":true}}`,
	} {
		var c models.Contact
		if err := jsonx.Unmarshal([]byte(body), &c); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if c.ContactManager.ID != "u1" || len(c.Misfits()) != 0 {
			t.Errorf("%s: manager %+v misfits %v", body, c.ContactManager, c.Misfits())
		}
		v1, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		assertSameJSON(t, v1, []byte(body))
		v2, err := jsonv2.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		assertSameJSON(t, v2, []byte(body))
	}
	var c models.Contact
	if err := json.Unmarshal([]byte(`{"_id":"c1","name":"A","channels":[],"contactManager":{"_id":"u2","username":"bo"}}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.ContactManager.Username != "bo" {
		t.Errorf("encoding/json: manager %+v", c.ContactManager)
	}
}

// A manager that is neither an id nor a user is a misfit of the contact.
func TestContactManagerMisfit(t *testing.T) {
	var c models.Contact
	body := `{"_id":"c1","name":"A","channels":[],"contactManager":42}`
	if err := jsonx.Unmarshal([]byte(body), &c); err != nil {
		t.Fatal(err)
	}
	if c.Name != "A" || len(c.Misfits()) != 1 || c.Misfits()[0].Path != "contactManager" {
		t.Fatalf("name %q misfits %+v", c.Name, c.Misfits())
	}
	out, _ := json.Marshal(c)
	assertSameJSON(t, out, []byte(body))
}
