package rocketchattest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/omnichannel/webhook"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// eventLog is a webhook handler that keeps the events it gets and answers
// each with the crmData of its ticket, as a CRM does.
type eventLog struct {
	mu     sync.Mutex
	events []webhook.Event
}

// handler is the webhook handler of rc, with the secret the tests give the
// server.
func handler(t *testing.T, rc *eventLog) http.Handler {
	t.Helper()
	return webhook.NewHandler("s3cr3t", rc.handle)
}

func (rc *eventLog) handle(_ context.Context, ev webhook.Event) (any, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.events = append(rc.events, ev)
	return map[string]string{"ticket": "ticket-1"}, nil
}

func (rc *eventLog) types() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []string
	for _, ev := range rc.events {
		out = append(out, ev.EventType())
	}
	return out
}

func TestLifecycleFiresTheServersWebhooks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rc := &eventLog{}
		h := handler(t, rc)
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(),
			rocketchattest.WithWebhook("https://crm.example.com/hooks", "s3cr3t", rocketchattest.WithWebhookHTTPClient(rocketchattest.HandlerClient(h))))
		ana := srv.AddUser(rocketchattest.User{Username: "ana", Roles: []string{"livechat-agent"}})
		bruno := srv.AddUser(rocketchattest.User{Username: "bruno", Roles: []string{"livechat-agent"}})
		boss := srv.AddUser(rocketchattest.User{Username: "boss", Roles: []string{"livechat-manager"}})
		c, _ := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(boss.UserID, boss.AuthToken), rocketchat.WithHTTPClient(srv.HTTPClient()))
		oc := omnichannel.New(c)
		ctx := t.Context()

		room, err := srv.OpenChat(rocketchattest.Guest{Token: "tok-1", Name: "Maria Souza"}, "Hello")
		if err != nil {
			t.Fatal(err)
		}
		step := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			// One step's events delivered before the next step's are built,
			// so that they carry the answers to the earlier ones.
			srv.Webhook().Wait()
		}
		step(nil)
		step(srv.TakeChat(room.ID, ana.UserID))
		_, err = srv.VisitorSay(room.ID, "You can write to maria@example.com")
		step(err)
		_, err = srv.AgentReply(room.ID, ana.UserID, "Thanks, Maria")
		step(err)
		_, err = oc.Rooms.Forward(ctx, room.ID, omnichannel.ForwardRequest{UserID: bruno.UserID, Comment: "billing"})
		step(err)
		_, err = oc.Rooms.Close(ctx, room.ID, &omnichannel.CloseOptions{Comment: "Refund issued"})
		step(err)
		srv.Webhook().Wait()

		// The room opens (start, queued), the visitor's first message; the
		// take; a message with an address, then its lead; the reply; the
		// forward (a take by the new agent, then the forward); the close.
		want := []string{webhook.TypeSessionStart, webhook.TypeSessionQueued, webhook.TypeNewMessage, webhook.TypeSessionTaken,
			webhook.TypeNewMessage, webhook.TypeLeadCapture, webhook.TypeNewMessage, webhook.TypeSessionTaken,
			webhook.TypeSessionForwarded, webhook.TypeSessionClosed}
		if got := rc.types(); !slices.Equal(got, want) {
			t.Fatalf("events = %q\nwant     %q", got, want)
		}
		rc.mu.Lock()
		closed := rc.events[len(rc.events)-1].(*webhook.SessionClosed)
		lead := rc.events[5].(*webhook.LeadCapture)
		forwarded := rc.events[8].(*webhook.SessionForwarded)
		rc.mu.Unlock()
		var texts []string
		for _, m := range closed.Messages {
			texts = append(texts, m.Text)
		}
		if strings.Join(texts, "|") != "Hello|You can write to maria@example.com|Thanks, Maria|Refund issued" || !closed.Messages[3].ClosingMessage {
			t.Errorf("the transcript on close = %q", texts)
		}
		if closed.Agent.Username != "bruno" || closed.ClosedAt.IsZero() || !strings.Contains(closed.CRMData.Text(), "ticket-1") {
			t.Errorf("closed event: agent %q, closedAt %v, crmData %q", closed.Agent.Username, closed.ClosedAt, closed.CRMData.Text())
		}
		if got := lead.Visitor.Email.Addresses(); !slices.Equal(got, []string{"maria@example.com"}) || len(lead.Messages) != 0 {
			t.Errorf("lead capture: emails %q, %d messages", got, len(lead.Messages))
		}
		if forwarded.OldServedBy.Username != "ana" {
			t.Errorf("forwarded from %+v, want ana", forwarded.OldServedBy)
		}
		if r, _ := srv.ChatRoom(room.ID); !strings.Contains(string(r.CRMData), "ticket-1") {
			t.Errorf("the room's crmData = %s, want the eventLog's answer", r.CRMData)
		}
		if v, _ := srv.VisitorByToken("tok-1"); len(v.Emails) != 1 || v.Emails[0].Address != "maria@example.com" {
			t.Errorf("the lead was not added to the visitor's record: %+v", v.Emails)
		}
	})
}

func TestWebhookSettingsTurnEventsOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rc := &eventLog{}
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(),
			rocketchattest.WithWebhook("https://crm.example.com/hooks", "s3cr3t",
				rocketchattest.WithWebhookHTTPClient(rocketchattest.HandlerClient(handler(t, rc)))),
			rocketchattest.WithSetting("Livechat_webhook_on_visitor_message", false),
			rocketchattest.WithSetting("Livechat_webhook_on_chat_queued", false))
		ana := srv.AddUser(rocketchattest.User{Username: "ana", Roles: []string{"livechat-agent"}})
		room, err := srv.OpenChat(rocketchattest.Guest{Token: "tok-1", Name: "Maria"}, "Hello")
		if err != nil {
			t.Fatal(err)
		}
		srv.TakeChat(room.ID, ana.UserID)
		srv.VisitorSay(room.ID, "anyone?")
		srv.AgentReply(room.ID, ana.UserID, "yes")
		srv.Webhook().Wait()
		want := []string{webhook.TypeSessionStart, webhook.TypeSessionTaken, webhook.TypeNewMessage}
		if got := rc.types(); !slices.Equal(got, want) { // the agent's reply only
			t.Errorf("events = %q, want %q (no queued, no visitor messages)", got, want)
		}
	})
}

func TestWebhookTestRouteSendsTheSample(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rc := &eventLog{}
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(),
			rocketchattest.WithWebhook("https://crm.example.com/hooks", "s3cr3t",
				rocketchattest.WithWebhookHTTPClient(rocketchattest.HandlerClient(handler(t, rc)))))
		boss := srv.AddUser(rocketchattest.User{Username: "boss", Roles: []string{"livechat-manager"}})
		req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/api/v1/livechat/webhook.test", nil)
		req.Header.Set("X-User-Id", boss.UserID)
		req.Header.Set("X-Auth-Token", boss.AuthToken)
		resp, err := srv.HTTPClient().Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("webhook.test: %v %v", resp, err)
		}
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if len(rc.events) != 1 || !webhook.SessionOf(rc.events[0]).IsTest() {
			t.Errorf("the eventLog got %d events, want the test sample", len(rc.events))
		}
	})
}

// bodyLog is a webhook receiver that keeps the bodies it gets and answers
// 200.
type bodyLog struct {
	mu     sync.Mutex
	bodies []map[string]any
}

func (b *bodyLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m map[string]any
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	b.mu.Lock()
	b.bodies = append(b.bodies, m)
	b.mu.Unlock()
}

// forwarded returns the LivechatSessionForwarded bodies.
func (b *bodyLog) forwarded() []map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, m := range b.bodies {
		if m["type"] == webhook.TypeSessionForwarded {
			out = append(out, m)
		}
	}
	return out
}

// The forward events' bodies: a forward to an agent names the agent before
// it and no department; a forward to a department (assigned at once under
// auto selection) names the department before it, and its new agent
// serves.
func TestForwardWebhookBodies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := &bodyLog{}
		o := newOmni(t, rocketchattest.WithRouting(rocketchattest.AutoSelection),
			rocketchattest.WithWebhook("https://crm.example.com/hooks", "", rocketchattest.WithWebhookHTTPClient(rocketchattest.HandlerClient(log))))
		third := o.srv.AddUser(rocketchattest.User{Username: "agent.carla", Roles: []string{"livechat-agent"}})
		rid := o.openRoom("tok", "Sales")
		o.ok("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","userId":"`+third.UserID+`"}`)
		support := lookupDepartment(t, o, "Support")
		o.ok("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","departmentId":"`+support+`"}`)
		o.srv.Webhook().Wait()
		got := log.forwarded()
		if len(got) != 2 {
			t.Fatalf("%d forward events", len(got))
		}
		toAgent, toDept := got[0], got[1]
		if old, _ := toAgent["oldServedBy"].(map[string]any); old["_id"] != o.agent.UserID || toAgent["oldDepartmentId"] != nil ||
			toAgent["departmentId"] != o.sales.ID {
			t.Errorf("forward to an agent: %v", toAgent)
		}
		served, _ := toDept["servedBy"].(map[string]any)
		agent, _ := toDept["agent"].(map[string]any)
		if toDept["oldDepartmentId"] != o.sales.ID || toDept["oldServedBy"] != nil || toDept["departmentId"] != support ||
			served["_id"] != o.other.UserID || agent["_id"] != o.other.UserID {
			t.Errorf("forward to a department: %v", toDept)
		}
	})
}

// A Message event is built from the room as it was before the message: its
// lastMessageAt is the previous message's time.
func TestMessageWebhookCarriesTheRoomBeforeTheMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := &bodyLog{}
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithSetting("Livechat_accept_chats_with_no_agents", true),
			rocketchattest.WithWebhook("https://crm.example.com/hooks", "", rocketchattest.WithWebhookHTTPClient(rocketchattest.HandlerClient(log))))
		room, err := srv.OpenChat(rocketchattest.Guest{Token: "tok"}, "first")
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Minute)
		if _, err := srv.VisitorSay(room.ID, "second"); err != nil {
			t.Fatal(err)
		}
		srv.Webhook().Wait()
		var last map[string]any
		log.mu.Lock()
		for _, b := range log.bodies {
			if b["type"] == webhook.TypeNewMessage {
				last = b
			}
		}
		log.mu.Unlock()
		first := srv.RoomMessages(room.ID)[1] // after livechat-started
		if want := first.Timestamp.Format("2006-01-02T15:04:05.000Z"); last["lastMessageAt"] != want {
			t.Errorf("the second message's event has lastMessageAt %v, want the first message's %s", last["lastMessageAt"], want)
		}
	})
}
