package rocketchattest_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// golden returns testdata/webhook/<name>.json, compacted.
func golden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "webhook", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	v := jsontext.Value(b)
	if err := v.Compact(); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBuildWebhookPayloadMatchesTheServer checks each event against the
// body the server's sendToCRM builds: the same members, in the same order,
// byte for byte. Only the file message's attachment, whose members the
// models write in their own order, is compared as a value.
func TestBuildWebhookPayloadMatchesTheServer(t *testing.T) {
	for _, tc := range webhookCases() {
		t.Run(tc.file, func(t *testing.T) {
			p, err := rocketchattest.BuildWebhookPayload(tc.eventType, tc.src)
			if err != nil {
				t.Fatal(err)
			}
			want := golden(t, tc.file)
			if p.Type != tc.eventType || p.RoomID != roomID {
				t.Errorf("Type, RoomID = %q, %q; want %q, %q", p.Type, p.RoomID, tc.eventType, roomID)
			}
			if tc.file == "message-file" {
				if !sameJSONValue(t, p.Body, want) {
					t.Errorf("body:\n got %s\nwant %s", p.Body, want)
				}
				return
			}
			if !bytes.Equal(p.Body, want) {
				t.Errorf("body:\n got %s\nwant %s", p.Body, want)
			}
		})
	}
}

func TestBuildOfflineWebhookPayload(t *testing.T) {
	p := rocketchattest.BuildOfflineWebhookPayload(rocketchattest.WebhookOfflineForm{
		Name: "Ana Souza", Email: "ana@example.com", Message: "Hello, are you there?"}, at("12:00:00.000"))
	if want := golden(t, "offline-message"); !bytes.Equal(p.Body, want) {
		t.Errorf("body:\n got %s\nwant %s", p.Body, want)
	}
	if p.Type != "LivechatOfflineMessage" || p.RoomID != "" {
		t.Errorf("Type, RoomID = %q, %q", p.Type, p.RoomID)
	}
}

func TestWebhookTestPayload(t *testing.T) {
	p := rocketchattest.WebhookTestPayload(at("12:00:00.000"))
	if want := golden(t, "test-button"); !bytes.Equal(p.Body, want) {
		t.Errorf("body:\n got %s\nwant %s", p.Body, want)
	}
	if p.Type != "LivechatSession" || p.RoomID != "" {
		t.Errorf("Type, RoomID = %q, %q; want LivechatSession and no room (answers are not stored)", p.Type, p.RoomID)
	}
}

func TestBuildWebhookPayloadDetails(t *testing.T) {
	room := baseRoom()
	room.ServedBy = johnServes
	t.Run("navigation history only when the settings send it", func(t *testing.T) {
		for _, on := range []bool{false, true} {
			p, err := rocketchattest.BuildWebhookPayload("LivechatSessionTaken", rocketchattest.WebhookSource{
				Room: room, Visitor: &ana, Messages: []models.Message{visited, visitorHi}, NavigationHistory: on})
			if err != nil {
				t.Fatal(err)
			}
			has := strings.Contains(string(p.Body), `"navigation":{"page":{"title":"Orders","location":{"href":"https://shop.example.com/orders"}}}`)
			if has != on {
				t.Errorf("NavigationHistory %v: navigation sent = %v in %s", on, has, p.Body)
			}
		}
	})
	t.Run("agent from servedBy when no record is given", func(t *testing.T) {
		p, err := rocketchattest.BuildWebhookPayload("LivechatSessionTaken", rocketchattest.WebhookSource{Room: room, Visitor: &ana})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(p.Body), `"agent":{"_id":"agentJohn0000001","username":"john.doe"},"type"`) {
			t.Errorf("agent member missing or wrong: %s", p.Body)
		}
	})
	t.Run("blocks-only message: msg is the blocks as text", func(t *testing.T) {
		m := johnAsks
		m.Text, m.Blocks = "", jsontext.Value(`[ {"type":"section","text":{"type":"mrkdwn","text":"*Hi*"}} ]`)
		p, err := rocketchattest.BuildWebhookPayload("Message", rocketchattest.WebhookSource{Room: room, Visitor: &ana, Messages: []models.Message{m}})
		if err != nil {
			t.Fatal(err)
		}
		want := `"msg":"[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*Hi*\"}}]","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*Hi*"}}],"ts"`
		if !strings.Contains(string(p.Body), want) {
			t.Errorf("got %s\nwant it to contain %s", p.Body, want)
		}
	})
	t.Run("closing message without a comment has no msg", func(t *testing.T) {
		m := closing
		m.Text = ""
		p, err := rocketchattest.BuildWebhookPayload("LivechatSession", rocketchattest.WebhookSource{Room: room, Visitor: &ana, Messages: []models.Message{m}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(p.Body), `"username":"mary.roe","ts"`) {
			t.Errorf("msg not left out: %s", p.Body)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		if _, err := rocketchattest.BuildWebhookPayload("LivechatSessionStart", rocketchattest.WebhookSource{}); err == nil {
			t.Error("no room: no error")
		}
		if _, err := rocketchattest.BuildWebhookPayload("LivechatOfflineMessage", rocketchattest.WebhookSource{Room: room}); err == nil {
			t.Error("offline message as a room event: no error")
		}
		noVisitor := *room
		noVisitor.Visitor = models.RoomVisitor{}
		if _, err := rocketchattest.BuildWebhookPayload("LivechatSessionStart", rocketchattest.WebhookSource{Room: &noVisitor}); err == nil ||
			!strings.Contains(err.Error(), "error-invalid-visitor") {
			t.Errorf("no visitor: %v", err)
		}
	})
}

// sameJSONValue reports whether a and b hold the same JSON value, whatever
// the order of members.
func sameJSONValue(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(va, vb)
}
