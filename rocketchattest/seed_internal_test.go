package rocketchattest

import (
	"strings"
	"testing"
)

// TestClosingMessagesAreMessagesOfTheRooms: the server never stores
// closingMessage on a room; the closing message is a livechat-close message
// of the room, which visitors.searchChats projects.
func TestClosingMessagesAreMessagesOfTheRooms(t *testing.T) {
	s := NewServer(t, WithoutListener())
	rooms := s.GenerateHistory("v1", 60, 3)
	kept := 0
	for _, r := range rooms {
		if r.ClosingMessage != nil {
			t.Fatalf("GenerateHistory returned room %s with a ClosingMessage", r.ID)
		}
		st := s.rooms.get(r.ID)
		if strings.Contains(string(st.raw), "closingMessage") {
			t.Fatalf("room %s is served with its closing message", r.ID)
		}
		closing := s.messages.closing(r.ID)
		if closing == nil {
			continue
		}
		kept++
		if closing.rid != r.ID || !strings.Contains(string(closing.raw), `"t":"livechat-close"`) {
			t.Errorf("closing message of %s: %s", r.ID, closing.raw)
		}
		if r.Open {
			t.Errorf("open room %s has a closing message", r.ID)
		}
	}
	if kept == 0 {
		t.Error("no closing message kept for 60 conversations")
	}
}

func TestMessageStoreKeepsRoomOrderAndReplacesInPlace(t *testing.T) {
	s := NewServer(t, WithoutListener())
	for _, raw := range []string{
		`{"_id":"m1","rid":"r1","msg":"a"}`, `{"_id":"m2","rid":"r1","msg":"b"}`,
		`{"_id":"m3","rid":"r2","msg":"c"}`, `{"_id":"m1","rid":"r1","msg":"a2"}`,
	} {
		if err := s.AddMessageJSON([]byte(raw)); err != nil {
			t.Fatal(err)
		}
	}
	got := s.RoomMessages("r1")
	if len(got) != 2 || got[0].ID != "m1" || got[0].Text != "a2" || got[1].ID != "m2" {
		t.Errorf("r1 = %+v", got)
	}
	if err := s.AddMessageJSON([]byte(`{"_id":"m9"}`)); err == nil {
		t.Error("a message without rid was stored")
	}
	if err := s.AddMessageJSON([]byte(`{"_id":"m2","rid":"r2","msg":"moved"}`)); err != nil {
		t.Fatal(err)
	}
	if r1, r2 := s.RoomMessages("r1"), s.RoomMessages("r2"); len(r1) != 1 || len(r2) != 2 || r2[1].Text != "moved" {
		t.Errorf("after moving m2: r1 %+v r2 %+v", r1, r2)
	}
}
