package webhook_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/webhook"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// TestParseEveryEventType parses each event as the server builds it into
// its own type, with every member typed, nothing misfit, and the event
// encoding back to the body byte for byte.
func TestParseEveryEventType(t *testing.T) {
	crm := jsontext.Value(`"{\"ticket\":\"T-77\"}"`)
	taken := room()
	taken.ServedBy, taken.CRMData, taken.LastMessageAt = johnServes, crm, hello.Timestamp
	forwarded := *taken
	forwarded.ServedBy = maryServes
	closed := forwarded
	closed.Open, closed.Tags, closed.ClosedAt, closed.Closer = false, []string{"sales"}, closing.Timestamp, models.CloserUser
	closed.ClosedBy = models.UserRef{ID: mary.ID, Username: mary.Username}
	closed.LivechatData = map[string]any{"orderNumber": "A-10001"}
	edited := closed
	edited.Topic = "Refund"

	check := map[string]func(t *testing.T, ev webhook.Event){
		webhook.TypeSessionStart: func(t *testing.T, ev webhook.Event) {
			e := ev.(*webhook.SessionStart)
			if e.DepartmentID != "dPt4Sales0000001" || e.Agent.ID != "" || len(e.Messages) != 0 || !e.CreatedAt.Equal(t0) {
				t.Errorf("%+v", e)
			}
			if e.Visitor.Token != ana.Token || !slices.Equal(e.Visitor.Email.Addresses(), ana.Emails) ||
				!slices.Equal(e.Visitor.Phone.Numbers(), ana.Phones) || e.Visitor.CustomFields["customerId"] != "C-1001" {
				t.Errorf("visitor %+v", e.Visitor)
			}
		},
		webhook.TypeSessionQueued: func(t *testing.T, ev webhook.Event) {
			if e := ev.(*webhook.SessionQueued); e.DepartmentID == "" || e.Visitor.ID != ana.ID {
				t.Errorf("%+v", e)
			}
		},
		webhook.TypeSessionTaken: func(t *testing.T, ev webhook.Event) {
			e := ev.(*webhook.SessionTaken)
			if e.ServedBy.ID != john.ID || !e.ServedBy.Timestamp.Equal(johnServes.Timestamp) ||
				e.Agent.Email != "john.doe@example.com" || e.Agent.Name != "John Doe" {
				t.Errorf("%+v", e)
			}
			if e.CRMData.Text() != `{"ticket":"T-77"}` || len(e.Messages) != 1 || !e.Messages[0].FromVisitor() {
				t.Errorf("crmData %s, messages %+v", e.CRMData, e.Messages)
			}
		},
		webhook.TypeNewMessage: func(t *testing.T, ev webhook.Event) {
			m := ev.(*webhook.NewMessage).Message()
			if m.ID != asks.ID || m.Text != asks.Text || m.AgentID != john.ID || m.FromVisitor() ||
				!m.Timestamp.Equal(asks.Timestamp) || m.User.Name != "John Doe" || m.RoomID != asks.RoomID {
				t.Errorf("%+v", m)
			}
		},
		webhook.TypeSessionForwarded: func(t *testing.T, ev webhook.Event) {
			e := ev.(*webhook.SessionForwarded)
			if e.ServedBy.ID != mary.ID || e.OldServedBy.ID != john.ID || e.Agent.ID != mary.ID || e.OldDepartmentID != "" {
				t.Errorf("%+v", e)
			}
		},
		webhook.TypeSessionClosed: func(t *testing.T, ev webhook.Event) {
			e := ev.(*webhook.SessionClosed)
			if e.Closer != models.CloserUser || e.ClosedBy.ID != mary.ID || !e.ClosedAt.Equal(closing.Timestamp) ||
				!slices.Equal(e.Tags, []string{"sales"}) || e.CustomFields["orderNumber"] != "A-10001" || e.IsTest() {
				t.Errorf("%+v", e)
			}
			if len(e.Messages) != 4 || !e.Messages[3].ClosingMessage || e.Messages[3].Text != "Solved" || e.Messages[0].ID != hello.ID {
				t.Errorf("transcript %+v", e.Messages)
			}
		},
		webhook.TypeRoomEdited: func(t *testing.T, ev webhook.Event) {
			if e := ev.(*webhook.RoomEdited); e.Topic != "Refund" || len(e.Messages) != 4 || len(e.Unknown) != 0 {
				t.Errorf("%+v", e)
			}
		},
		webhook.TypeLeadCapture: func(t *testing.T, ev webhook.Event) {
			if e := ev.(*webhook.LeadCapture); e.Messages == nil || len(e.Messages) != 0 || e.Visitor.Email[0].Address != ana.Emails[0] {
				t.Errorf("%+v", e)
			}
		},
	}
	cases := []struct {
		eventType string
		src       rocketchattest.WebhookSource
	}{
		{webhook.TypeSessionStart, rocketchattest.WebhookSource{Room: room()}},
		{webhook.TypeSessionQueued, rocketchattest.WebhookSource{Room: room()}},
		{webhook.TypeSessionTaken, rocketchattest.WebhookSource{Room: taken, Agent: &john, Messages: []models.Message{hello}}},
		{webhook.TypeNewMessage, rocketchattest.WebhookSource{Room: taken, Agent: &john, Messages: []models.Message{asks}}},
		{webhook.TypeSessionForwarded, rocketchattest.WebhookSource{Room: &forwarded, Agent: &mary, Messages: transcript[:2], OldServedBy: &johnServes}},
		{webhook.TypeSessionClosed, rocketchattest.WebhookSource{Room: &closed, Agent: &mary, Messages: transcript}},
		{webhook.TypeRoomEdited, rocketchattest.WebhookSource{Room: &edited, Agent: &mary, Messages: transcript}},
		{webhook.TypeLeadCapture, rocketchattest.WebhookSource{Room: taken, Agent: &john, Messages: transcript}},
	}
	for _, tc := range cases {
		t.Run(tc.eventType, func(t *testing.T) {
			body := build(t, tc.eventType, tc.src)
			ev := parse(t, body)
			if ev.EventType() != tc.eventType || ev.RoomID() != "Rb7qYy4Lq9Wf2nXkP" {
				t.Fatalf("%T: EventType %q, RoomID %q", ev, ev.EventType(), ev.RoomID())
			}
			if m := ev.Misfits(); m != nil {
				t.Errorf("misfits: %+v", m)
			}
			check[tc.eventType](t, ev)
			wantEncoding(t, ev, body)
			sum := sha256.Sum256(body)
			if ev.DeliveryKey() != hex.EncodeToString(sum[:]) {
				t.Errorf("DeliveryKey %s, want the body's SHA-256", ev.DeliveryKey())
			}
		})
	}
}

// wantEncoding fails unless ev encodes to body with both JSON packages.
func wantEncoding(t *testing.T, ev webhook.Event, body []byte) {
	t.Helper()
	got, err := jsonx.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, compact(t, body)) {
		t.Errorf("v2 encoding:\n got %s\nwant %s", got, compact(t, body))
	}
	v1, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(v1, compact(t, body)) {
		t.Errorf("encoding/json:\n got %s\nwant %s", v1, compact(t, body))
	}
}

func TestParseOfflineMessage(t *testing.T) {
	p := rocketchattest.BuildOfflineWebhookPayload(rocketchattest.WebhookOfflineForm{
		Name: "Ana Souza", Email: "ana@example.com", Message: "Hello, are you there?"}, t0)
	e, ok := parse(t, p.Body).(*webhook.OfflineMessage)
	if !ok {
		t.Fatalf("%T", e)
	}
	if e.Visitor.Name != "Ana Souza" || e.Visitor.Email != "ana@example.com" || e.Message != "Hello, are you there?" ||
		!e.SentAt.Equal(t0) || e.RoomID() != "" || e.EventType() != webhook.TypeOfflineMessage {
		t.Errorf("%+v", e)
	}
	wantEncoding(t, e, p.Body)
}

// TestParseTestButton checks the settings' Test button's shape: email and
// phone as plain strings land in the same typed fields as the real lists,
// and encode back as strings.
func TestParseTestButton(t *testing.T) {
	p := rocketchattest.WebhookTestPayload(t0)
	e, ok := parse(t, p.Body).(*webhook.SessionClosed)
	if !ok {
		t.Fatalf("%T", e)
	}
	if !e.IsTest() || e.ID != webhook.TestRoomID || e.Misfits() != nil {
		t.Errorf("IsTest %v, ID %q, misfits %v", e.IsTest(), e.ID, e.Misfits())
	}
	if got := e.Visitor.Email.Addresses(); !slices.Equal(got, []string{"email@address.com"}) {
		t.Errorf("emails %q", got)
	}
	if got := e.Visitor.Phone.Numbers(); !slices.Equal(got, []string{"192873192873"}) {
		t.Errorf("phones %q", got)
	}
	if e.Agent.Email != "agent@email.com" || len(e.Messages) != 2 || e.Messages[1].AgentID != "asdf89as6df8" ||
		!e.Messages[0].Timestamp.Equal(t0.Truncate(time.Millisecond)) {
		t.Errorf("%+v", e)
	}
	got, err := jsonx.Marshal(e.Visitor)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(got, []byte(`"email":"email@address.com","phone":"192873192873"`)) {
		t.Errorf("visitor encodes to %s", got)
	}
}

func TestParseUnknownType(t *testing.T) {
	body := []byte(`{"_id":"Rb7qYy4Lq9Wf2nXkP","type":"LivechatSessionOnHold","onHold":true}`)
	e, ok := parse(t, body).(*webhook.Unknown)
	if !ok {
		t.Fatalf("%T", e)
	}
	if e.EventType() != "LivechatSessionOnHold" || e.RoomID() != "Rb7qYy4Lq9Wf2nXkP" || !bytes.Equal(e.Raw, body) {
		t.Errorf("%+v", e)
	}
	wantEncoding(t, e, body)
}

// TestParseKeepsMisfits checks that a value that does not fit its field
// costs only that field: the event decodes, lists the misfit, and encodes
// it back as sent.
func TestParseKeepsMisfits(t *testing.T) {
	body := build(t, webhook.TypeSessionClosed, rocketchattest.WebhookSource{Room: room(), Messages: transcript})
	body = bytes.Replace(body, []byte(`"createdAt":"2025-09-01T12:00:00.123Z"`), []byte(`"createdAt":{"$date":1}`), 1)
	body = bytes.Replace(body, []byte(`"_updatedAt":"2025-09-01T12:09:00.133Z"`), []byte(`"_updatedAt":false`), 1)
	e := parse(t, body).(*webhook.SessionClosed)
	var paths []string
	for _, m := range e.Misfits() {
		paths = append(paths, m.Path)
	}
	if want := []string{"createdAt", "messages[2]._updatedAt"}; !slices.Equal(paths, want) {
		t.Errorf("misfits at %q, want %q", paths, want)
	}
	if len(e.Messages) != 4 || e.Messages[2].Text != refund.Text || e.Visitor.ID != ana.ID {
		t.Errorf("the rest did not decode: %+v", e)
	}
	got, err := jsonx.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	for _, kept := range []string{`"createdAt":{"$date":1}`, `"_updatedAt":false`} {
		if !bytes.Contains(got, []byte(kept)) {
			t.Errorf("%s not written back: %s", kept, got)
		}
	}
}

// TestEventsDecodeWithEncodingJSON checks that encoding/json users get the
// same tolerant decoding.
func TestEventsDecodeWithEncodingJSON(t *testing.T) {
	body := build(t, webhook.TypeSessionStart, rocketchattest.WebhookSource{Room: room()})
	body = bytes.Replace(body, []byte(`"label":"Ana Souza"`), []byte(`"label":7`), 1)
	var e webhook.SessionStart
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	if len(e.Misfits()) != 1 || e.Visitor.Name != ana.Name || e.DepartmentID == "" {
		t.Errorf("%+v", e)
	}
}

func TestDeliveryKey(t *testing.T) {
	r := room()
	first := parse(t, build(t, webhook.TypeNewMessage, rocketchattest.WebhookSource{Room: r, Messages: []models.Message{hello}}))
	again := parse(t, build(t, webhook.TypeNewMessage, rocketchattest.WebhookSource{Room: r, Messages: []models.Message{hello}}))
	edit := hello
	edit.Text, edit.EditedAt = "Hi, I need help with order A-1", t0.Add(time.Minute)
	edited := parse(t, build(t, webhook.TypeNewMessage, rocketchattest.WebhookSource{Room: r, Messages: []models.Message{edit}}))
	if first.DeliveryKey() != again.DeliveryKey() {
		t.Error("the same body gave two keys")
	}
	if first.DeliveryKey() == edited.DeliveryKey() {
		t.Error("an edit of the message has the key of the original")
	}
	built := &webhook.NewMessage{Session: webhook.Session{ID: "r1", Type: webhook.TypeNewMessage}}
	if k := built.DeliveryKey(); len(k) != 64 || k != built.DeliveryKey() {
		t.Errorf("key of an event built in code: %q", k)
	}
	other := &webhook.NewMessage{Session: webhook.Session{ID: "r2", Type: webhook.TypeNewMessage}}
	if built.DeliveryKey() == other.DeliveryKey() {
		t.Error("two events built in code share a key")
	}
}

func TestCRMData(t *testing.T) {
	type ticket struct{ Ticket string }
	for _, tc := range []struct {
		name string
		raw  string
		text string
	}{
		{"stored text, as servers send it", `"{\"Ticket\":\"T-77\"}"`, `{"Ticket":"T-77"}`},
		{"parsed JSON, as old servers sent it", `{"Ticket":"T-77"}`, `{"Ticket":"T-77"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := webhook.CRMData(tc.raw)
			var got ticket
			if c.Text() != tc.text || c.Decode(&got) != nil || got.Ticket != "T-77" {
				t.Errorf("Text %q, decoded %+v", c.Text(), got)
			}
		})
	}
	if c := webhook.CRMDataText(`{"a":1}`); string(c) != `"{\"a\":1}"` || c.Text() != `{"a":1}` {
		t.Errorf("CRMDataText: %s", c)
	}
	var zero webhook.CRMData
	if !zero.IsZero() || zero.Text() != "" || !errors.Is(zero.Decode(new(ticket)), webhook.ErrNoCRMData) {
		t.Error("zero CRMData")
	}
}

func TestSessionOf(t *testing.T) {
	ev := parse(t, build(t, webhook.TypeLeadCapture, rocketchattest.WebhookSource{Room: room()}))
	if s := webhook.SessionOf(ev); s == nil || s != &ev.(*webhook.LeadCapture).Session {
		t.Errorf("SessionOf(%T) = %p", ev, s)
	}
	for _, ev := range []webhook.Event{&webhook.OfflineMessage{}, &webhook.Unknown{}} {
		if s := webhook.SessionOf(ev); s != nil {
			t.Errorf("SessionOf(%T) = %+v, want nil", ev, s)
		}
	}
}
