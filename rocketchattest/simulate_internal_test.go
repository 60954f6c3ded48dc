package rocketchattest

import (
	"net/http"
	"strings"
	"testing"
)

// A simulated agent's reply function runs without the server's lock, so it
// may call the server (it used to run under it: any call deadlocked), and
// its answer is stored before the request that brought the visitor's
// message returns.
func TestSimulatedAgentRepliesWithoutTheLock(t *testing.T) {
	s := NewServer(t, WithoutListener(), WithoutRateLimit())
	ana := s.AddUser(User{Username: "ana", Roles: []string{roleAgent}})
	var heldDuringReply []bool
	err := s.SimulateAgent(ana.UserID, func(text string) string {
		free := s.mu.TryLock()
		if free {
			s.mu.Unlock()
			_ = s.Events() // a call into the server, safe only without the lock
		}
		heldDuringReply = append(heldDuringReply, !free)
		return "echo: " + text
	})
	if err != nil {
		t.Fatal(err)
	}
	room, err := s.OpenChat(Guest{Token: "tok", Name: "Maria"}, "hello")
	if err != nil {
		t.Fatal(err)
	}
	if room.LastMessage == nil || room.LastMessage.Text != "echo: hello" {
		t.Errorf("OpenChat's room does not carry the agent's answer: %+v", room.LastMessage)
	}
	body := `{"token":"tok","rid":"` + room.ID + `","msg":"again"}`
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/api/v1/livechat/message", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.HTTPClient().Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("livechat/message: %v %v", resp, err)
	}
	resp.Body.Close()
	msgs := s.RoomMessages(room.ID)
	if last := msgs[len(msgs)-1]; last.Text != "echo: again" || last.User.ID != ana.UserID {
		t.Errorf("after livechat/message answered, the last message is %+v", last)
	}
	if len(heldDuringReply) != 2 || heldDuringReply[0] || heldDuringReply[1] {
		t.Errorf("the server's lock was held during the replies: %v", heldDuringReply)
	}
}
