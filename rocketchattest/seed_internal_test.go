package rocketchattest

import (
	"strings"
	"testing"
)

// TestClosingMessagesAreKeptBesideTheRooms: a later visitors.searchChats route
// projects closingMessage, and the closing message becomes a livechat-close
// message of the room, so the store keeps it while rooms never carry it.
func TestClosingMessagesAreKeptBesideTheRooms(t *testing.T) {
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
		if st.closingMessage != nil {
			kept++
			if !strings.Contains(string(st.closingMessage), `"t":"livechat-close"`) || !strings.Contains(string(st.closingMessage), `"rid":"`+r.ID+`"`) {
				t.Errorf("closing message of %s: %s", r.ID, st.closingMessage)
			}
		}
		if st.closingMessage != nil && r.Open {
			t.Errorf("open room %s has a closing message", r.ID)
		}
	}
	if kept == 0 {
		t.Error("no closing message kept for 60 conversations")
	}
}
