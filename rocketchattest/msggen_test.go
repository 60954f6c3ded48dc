package rocketchattest_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// countedTypes are the message types the server counts in a room's msgs:
// what users write, and the system messages saved with saveSystemMessage.
// Navigation messages are saved without counting.
var countedTypes = map[string]bool{"": true, "livechat-started": true, "command": true, "uj": true,
	"livechat_transfer_history": true, "livechat-close": true}

var genVisitor = models.RoomVisitor{ID: "v1", Username: "guest-1", Token: "tok-1", Name: "Maria"}

func TestGeneratedMessagesAgreeWithTheirRoom(t *testing.T) {
	convs := rocketchattest.GenerateConversations(genVisitor, 300, 5, rocketchattest.OpenRooms(40))
	var transfers, navigations, visitorClosed int
	for i, c := range convs {
		r := c.Room
		checkConversation(t, i, c)
		for _, m := range c.Messages {
			switch m.Type {
			case "livechat_transfer_history":
				transfers++
			case "livechat_navigation_history":
				navigations++
			case "livechat-close":
				if m.User.ID == genVisitor.ID {
					visitorClosed++
				}
			}
		}
		if r.ClosingMessage != nil {
			t.Fatalf("room %d carries its closing message", i)
		}
	}
	if transfers == 0 || navigations == 0 || visitorClosed == 0 {
		t.Errorf("300 conversations hold %d transfers, %d navigation messages, %d closed by the visitor", transfers, navigations, visitorClosed)
	}
}

// checkConversation checks what a generated room says about its messages.
func checkConversation(t *testing.T, i int, c rocketchattest.Conversation) {
	t.Helper()
	r := c.Room
	end := r.ClosedAt
	if r.Open {
		end = r.LastMessageAt
	}
	counted, closing := 0, 0
	var lastUser *models.Message
	ids := map[string]bool{}
	for j, m := range c.Messages {
		if ids[m.ID] || m.RoomID != r.ID {
			t.Fatalf("room %d message %d: id %q repeated or rid %q", i, j, m.ID, m.RoomID)
		}
		ids[m.ID] = true
		if m.Timestamp.Before(r.Timestamp) || m.Timestamp.After(end) || (j > 0 && m.Timestamp.Before(c.Messages[j-1].Timestamp)) {
			t.Fatalf("room %d message %d (%s) at %v, outside %v-%v or out of order", i, j, m.Type, m.Timestamp, r.Timestamp, end)
		}
		if countedTypes[m.Type] {
			counted++
		}
		switch m.Type {
		case "":
			lastUser = m
			checkAuthor(t, i, r, m)
		case "livechat-close":
			closing++
		case "livechat_navigation_history":
			if m.Navigation == nil || m.Navigation.Token != genVisitor.Token || m.User.ID != "rocket.cat" {
				t.Fatalf("room %d navigation message %+v", i, m)
			}
		}
	}
	if c.Messages[0].Type != "livechat-started" || c.Messages[0].Token != genVisitor.Token {
		t.Fatalf("room %d starts with %q", i, c.Messages[0].Type)
	}
	if counted != r.MessageCount {
		t.Fatalf("room %d: msgs %d, but %d counted messages", i, r.MessageCount, counted)
	}
	if lastUser == nil || lastUser.ID != r.LastMessage.ID || !lastUser.Timestamp.Equal(r.LastMessageAt) {
		t.Fatalf("room %d: lastMessage %s is not the last message written (%v)", i, r.LastMessage.ID, lastUser)
	}
	if want := map[bool]int{true: 0, false: 1}[r.Open]; closing != want {
		t.Fatalf("room %d (open %v) has %d closing messages", i, r.Open, closing)
	}
}

// checkAuthor checks that a message was written by the room's visitor,
// with their token, or by its agent.
func checkAuthor(t *testing.T, i int, r *models.Room, m *models.Message) {
	t.Helper()
	switch m.User.ID {
	case genVisitor.ID:
		if m.Token != genVisitor.Token {
			t.Fatalf("room %d: a visitor's message without the token: %+v", i, m)
		}
	case r.ServedBy.ID:
		if m.Token != "" {
			t.Fatalf("room %d: an agent's message with a token", i)
		}
	default:
		t.Fatalf("room %d: message by %+v, neither visitor nor agent %s", i, m.User, r.ServedBy.ID)
	}
}

func TestGenerateConversationsIsDeterministic(t *testing.T) {
	encode := func(cs []rocketchattest.Conversation) []byte {
		b, err := json.Marshal(cs)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a := rocketchattest.GenerateConversations(genVisitor, 30, 8)
	if !bytes.Equal(encode(a), encode(rocketchattest.GenerateConversations(genVisitor, 30, 8))) {
		t.Fatal("two runs with the same seed differ")
	}
	if !bytes.Equal(encode(a[:10]), encode(rocketchattest.GenerateConversations(genVisitor, 10, 8))) {
		t.Fatal("a shorter history is not the start of a longer one")
	}
	rooms := rocketchattest.GenerateRooms(genVisitor, 30, 8)
	for i, r := range rooms {
		if !bytes.Equal(encode([]rocketchattest.Conversation{{Room: r}}), encode([]rocketchattest.Conversation{{Room: a[i].Room}})) {
			t.Fatalf("room %d differs from GenerateRooms'", i)
		}
	}
}

// The server makes a generated room's messages when they are first read:
// the same messages as GenerateConversations, the closing one last.
func TestGenerateHistoryStoresTheMessages(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener())
	srv.AddVisitor(models.Visitor{ID: genVisitor.ID, Username: genVisitor.Username, Token: genVisitor.Token, Name: genVisitor.Name})
	rooms := srv.GenerateHistory(genVisitor.ID, 12, 3, rocketchattest.OpenRooms(2))
	convs := rocketchattest.GenerateConversations(genVisitor, 12, 3, rocketchattest.OpenRooms(2))
	for i, r := range rooms {
		got := srv.RoomMessages(r.ID)
		want := convs[i].Messages
		if len(got) != len(want) {
			t.Fatalf("room %d: %d messages stored, %d generated", i, len(got), len(want))
		}
		for j := range got {
			if got[j].ID != want[j].ID || !got[j].Timestamp.Equal(want[j].Timestamp) || got[j].Type != want[j].Type {
				t.Fatalf("room %d message %d: stored %s %s, generated %s %s", i, j, got[j].ID, got[j].Type, want[j].ID, want[j].Type)
			}
		}
	}
}

func TestMessagesPerRoom(t *testing.T) {
	convs := rocketchattest.GenerateConversations(genVisitor, 3, 4, rocketchattest.MessagesPerRoom(2000), rocketchattest.OpenRooms(1))
	for i, c := range convs {
		checkConversation(t, i, c)
		var users []*models.Message
		for _, m := range c.Messages {
			if m.Type == "" {
				users = append(users, m)
			}
		}
		if len(users) != 2000 {
			t.Fatalf("room %d: %d messages written, want 2000", i, len(users))
		}
		for j := 1; j < len(users); j++ {
			if users[j].Timestamp.Sub(users[j-1].Timestamp) < time.Millisecond {
				t.Fatalf("room %d: messages %d and %d share a millisecond", i, j-1, j)
			}
		}
	}
}

// BenchmarkGenerateHistory seeds the 1,250 conversations of the
// chathistory example, then reads the messages of one of them.
func BenchmarkGenerateHistory(b *testing.B) {
	for b.Loop() {
		srv, err := rocketchattest.Start(rocketchattest.WithoutListener())
		if err != nil {
			b.Fatal(err)
		}
		rooms := srv.GenerateHistory("visitor-1", 1250, 42)
		if len(srv.RoomMessages(rooms[7].ID)) == 0 {
			b.Fatal("no messages")
		}
		srv.Close()
	}
}
