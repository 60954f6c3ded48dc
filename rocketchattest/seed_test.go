package rocketchattest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func TestAddRoomRefusesIncompleteRooms(t *testing.T) {
	bad := map[string]*models.Room{
		"a room without an ID":                 {Type: models.RoomTypeLivechat, Visitor: models.RoomVisitor{ID: "v"}},
		`room "r1" has no Type`:                {ID: "r1", Visitor: models.RoomVisitor{ID: "v"}},
		`livechat room "r2" has no Visitor.ID`: {ID: "r2", Type: models.RoomTypeLivechat},
		"a nil room":                           nil,
	}
	for want, room := range bad {
		ft := &fakeTB{TB: t}
		srv := rocketchattest.NewServer(ft, rocketchattest.WithoutListener())
		srv.AddRooms(&models.Room{ID: "good", Type: models.RoomTypeLivechat, Visitor: models.RoomVisitor{ID: "v"}}, room)
		if len(ft.fatals) != 1 || !strings.Contains(ft.fatals[0], want) {
			t.Errorf("fatals %q, want one naming %q", ft.fatals, want)
		}
		if srv.HistoryLen("v") != 0 {
			t.Errorf("%s: AddRooms stored the good room of a bad batch", want)
		}

		plain, err := rocketchattest.Start(rocketchattest.WithoutListener())
		if err != nil {
			t.Fatal(err)
		}
		func() {
			defer plain.Close()
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), want) {
					t.Errorf("Start server: recovered %v, want a panic naming %q", r, want)
				}
			}()
			plain.AddRoom(room)
		}()
	}
	// A channel is a room like any other: stored, and refused as a gate.
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener())
	srv.AddRoom(&models.Room{ID: "general", Type: "c"})
}

func TestAddRoomJSONRefusesIncompleteDocuments(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener())
	for doc, want := range map[string]string{
		`{"t":"l","v":{"_id":"v"}}`:   "no _id",
		`{"_id":"r","v":{"_id":"v"}}`: `room "r" has no t`,
		`{"_id":"r","t":"l"}`:         `livechat room "r" has no v._id`,
		`[1]`:                         "not a JSON object",
	} {
		if err := srv.AddRoomJSON([]byte(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error naming %q", doc, err, want)
		}
	}
	if err := srv.AddRoomJSON([]byte(`{"_id":"c1","t":"c"}`)); err != nil {
		t.Errorf("a channel: %v", err)
	}
}

// TestGeneratedRoomsHaveTheServersShapes checks what a real room has and
// does not have.
func TestGeneratedRoomsHaveTheServersShapes(t *testing.T) {
	srv, cred, ids := agentServer(t, 200)
	_, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", "count=0"), cred, "")
	var page struct {
		History []map[string]any `json:"history"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	var sms, email int
	for _, r := range page.History {
		if _, ok := r["closingMessage"]; ok {
			t.Fatalf("room %v carries closingMessage, which the server never stores on a room", r["_id"])
		}
		if r["priorityWeight"] != 99.0 || r["estimatedWaitingTimeQueue"] != 9999999.0 {
			t.Fatalf("room %v: priorityWeight %v, estimatedWaitingTimeQueue %v", r["_id"], r["priorityWeight"], r["estimatedWaitingTimeQueue"])
		}
		v := r["v"].(map[string]any)
		if _, ok := v["name"]; ok {
			t.Fatalf("room %v: v has a name; createLivechatRoom stores _id, username, token and status", r["_id"])
		}
		src, _ := json.Marshal(r["source"])
		switch r["source"].(map[string]any)["type"] {
		case "sms":
			sms++
			smsDoc, _ := json.Marshal(r["sms"])
			if string(src) != `{"alias":"twilio","destination":"+15550100200","type":"sms"}` || string(smsDoc) != `{"from":"+15550100200"}` || v["phone"] != nil {
				t.Fatalf("SMS room: source %s, sms %s, v %v", src, smsDoc, v)
			}
		case "email":
			email++
			mail := r["email"].(map[string]any)
			if string(src) != `{"alias":"email-inbox","id":"support@example.com","type":"email"}` || mail["inbox"] != "support@example.com" ||
				mail["replyTo"] == nil || mail["subject"] == nil || mail["thread"] == nil {
				t.Fatalf("e-mail room: source %s, email %v", src, mail)
			}
		}
	}
	if sms == 0 || email == 0 {
		t.Errorf("%d SMS and %d e-mail rooms in 200; the generator should make both", sms, email)
	}
}

// A removed room takes its inquiry, subscriptions and messages with it:
// the queue used to list a room that no longer existed.
func TestRemoveRoomTakesItsQueueStateAlong(t *testing.T) {
	o := newOmni(t)
	rid := o.openRoom("tok", "")
	o.ok("POST", "livechat/message", anon, `{"token":"tok","rid":"`+rid+`","msg":"anyone?"}`)
	if q := o.ok("GET", "livechat/inquiries.queuedForUser", o.agent, ""); q["total"] != 1.0 {
		t.Fatalf("queued before: %v", q)
	}
	if !o.srv.RemoveRoom(rid) {
		t.Fatal("RemoveRoom: the room did not exist")
	}
	if q := o.ok("GET", "livechat/inquiries.queuedForUser", o.agent, ""); q["total"] != 0.0 {
		t.Errorf("queued after the removal: %v", q)
	}
	if q := o.ok("GET", "livechat/inquiries.getOne?roomId="+rid, o.agent, ""); q["inquiry"] != nil {
		t.Errorf("inquiry after the removal: %v", q)
	}
	if msgs := o.srv.RoomMessages(rid); len(msgs) != 0 {
		t.Errorf("%d messages left", len(msgs))
	}

	srv, cred, ids := agentServer(t, 5)
	gone := srv.RoomMessages(ids[1])
	srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.DeleteRooms(1))
	call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", ""), cred, "")
	if len(gone) == 0 || len(srv.RoomMessages(ids[1])) != 0 {
		t.Errorf("the DeleteRooms fault left the messages of the room it deleted (%d before)", len(gone))
	}
}
