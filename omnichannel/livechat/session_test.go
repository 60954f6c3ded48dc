package livechat_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/omnichannel/livechat"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// desk is a fake server with an agent who answers by himself, and a
// session of a new visitor.
type desk struct {
	srv     *rocketchattest.Server
	session *livechat.Session
	agentID string
	agent   rocketchattest.Credentials
}

func newDesk(t *testing.T, opts ...rocketchattest.Option) *desk {
	t.Helper()
	srv := rocketchattest.NewServer(t, append([]rocketchattest.Option{rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit()}, opts...)...)
	agent := srv.AddUser(rocketchattest.User{Username: "agent.ana", Name: "Ana", Roles: []string{"livechat-agent"}})
	srv.AddDepartment(rocketchattest.Department{Name: "Sales", Agents: []string{agent.UserID}})
	err := srv.SimulateAgent(agent.UserID, func(text string) string {
		if strings.Contains(text, "price") {
			return "It costs 10 euros."
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	s, err := livechat.NewSession(c, livechat.NewToken())
	if err != nil {
		t.Fatal(err)
	}
	return &desk{srv: srv, session: s, agentID: agent.UserID, agent: agent}
}

func texts(msgs []*models.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.Type+":"+m.Text)
	}
	return out
}

func TestBridgeConversation(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	s := d.session
	if _, _, err := s.Room(ctx, nil); !errors.Is(err, livechat.ErrInvalidToken) {
		t.Fatalf("a room before registering: %v, want ErrInvalidToken", err)
	}
	v, _, err := s.Register(ctx, &livechat.RegisterOptions{Name: "Maria", Email: "Maria@Example.com", Department: "Sales",
		CustomFields: []livechat.CustomField{{Key: "plan", Value: "pro"}}})
	if err != nil || string(v.Token) != string(s.Token()) || v.Emails[0].Address != "maria@example.com" || v.Department == "" {
		t.Fatalf("Register: %+v %v", v, err)
	}
	if got, _, err := s.Visitor(ctx); err != nil || got.ID != v.ID {
		t.Fatalf("Visitor: %+v %v", got, err)
	}
	room, _, err := s.Room(ctx, nil)
	if err != nil || !room.NewRoom || room.Room.ServedBy.ID != d.agentID {
		t.Fatalf("Room: %+v %v", room, err)
	}
	again, _, err := s.Room(ctx, &livechat.RoomOptions{RoomID: room.Room.ID})
	if err != nil || again.NewRoom || again.Room.ID != room.Room.ID {
		t.Fatalf("Room again: %+v %v", again, err)
	}
	rid := room.Room.ID
	if m, _, err := s.Send(ctx, rid, "What is the price?"); err != nil || string(m.Token) != string(s.Token()) || len(m.ID) != 17 {
		t.Fatalf("Send: %+v %v", m, err)
	}
	file := livechat.File{Name: "photo.png", Content: bytes.NewReader([]byte("\x89PNG")), Description: "the product"}
	if m, _, err := s.Upload(ctx, rid, file); err != nil || m.File == nil || m.File.Type != "image/png" || m.Attachments[0].Description != "the product" {
		t.Fatalf("Upload: %+v %v", m, err)
	}
	page, _, err := s.History(ctx, rid, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{":", ":It costs 10 euros.", ":What is the price?", "uj:agent.ana", "command:connected", "livechat-started:"}
	if got := texts(page); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("history %q, want %q", got, want)
	}
	cfg, _, err := s.Config(ctx, nil)
	if err != nil || !cfg.Online || cfg.Room == nil || cfg.Room.ID != rid || cfg.Agent.Username != "agent.ana" {
		t.Fatalf("Config: %+v %v", cfg, err)
	}
	if got, _, err := s.Survey(ctx, rid, []livechat.SurveyAnswer{{Name: "satisfaction", Value: "5"}, {Name: "nonsense", Value: "x"}}); err != nil || len(got) != 1 {
		t.Fatalf("Survey: %v %v", got, err)
	}
	closed, _, err := s.Close(ctx, rid)
	if err != nil || closed.RoomID != rid || closed.Comment == "" {
		t.Fatalf("Close: %+v %v", closed, err)
	}
	if _, _, err := s.Send(ctx, rid, "hello?"); !errors.Is(err, rocketchat.ErrRoomClosed) {
		t.Fatalf("Send after the close: %v, want ErrRoomClosed", err)
	}
	if _, _, err := s.Close(ctx, rid); !errors.Is(err, rocketchat.ErrRoomClosed) {
		t.Fatalf("Close again: %v, want ErrRoomClosed", err)
	}
	if msg, _, err := s.EmailTranscript(ctx, rid, "maria@example.com"); err != nil || msg == "" || len(d.srv.TranscriptEmails()) != 1 {
		t.Fatalf("EmailTranscript: %q %v", msg, err)
	}
	if _, _, err := s.SendOfflineMessage(ctx, livechat.OfflineMessage{Name: "Maria", Email: "m@example.com", Message: "call me"}); err != nil {
		t.Fatal(err)
	}
	r, _ := d.srv.ChatRoom(rid)
	if r.Closer != models.CloserVisitor || r.SurveyFeedback["satisfaction"] != "5" {
		t.Fatalf("the room: %+v", r)
	}
}

func TestVisitorErrors(t *testing.T) {
	d := newDesk(t, rocketchattest.WithSetting("FileUpload_MaxFileSize", 10))
	ctx := context.Background()
	s := d.session
	if _, _, err := s.Register(ctx, &livechat.RegisterOptions{Email: "nope"}); !errors.Is(err, livechat.ErrInvalidEmail) {
		t.Fatalf("a bad address: %v", err)
	}
	if _, _, err := s.Register(ctx, &livechat.RegisterOptions{Department: "Nowhere"}); !errors.Is(err, livechat.ErrInvalidDepartment) {
		t.Fatalf("a bad department: %v", err)
	}
	if _, _, err := s.Register(ctx, &livechat.RegisterOptions{Department: "Sales"}); err != nil {
		t.Fatal(err)
	}
	if err := d.srv.SetAgentStatus(d.agentID, models.AgentNotAvailable); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Room(ctx, nil); !errors.Is(err, livechat.ErrNoAgentOnline) {
		t.Fatalf("nobody online: %v, want ErrNoAgentOnline", err)
	}
	if err := d.srv.SetAgentStatus(d.agentID, models.AgentAvailable); err != nil {
		t.Fatal(err)
	}
	room, _, err := s.Room(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	rid := room.Room.ID
	cases := []struct {
		file livechat.File
		want error
	}{
		{livechat.File{Name: "big.png", Content: bytes.NewReader(make([]byte, 11))}, livechat.ErrFileTooLarge},
		{livechat.File{Name: "x.svg", Content: strings.NewReader("<svg/>")}, livechat.ErrFileTypeNotAllowed},
	}
	for _, c := range cases {
		if _, _, err := s.Upload(ctx, rid, c.file); !errors.Is(err, c.want) {
			t.Errorf("Upload %s: %v, want %v", c.file.Name, err, c.want)
		}
	}
	if _, _, err := s.Upload(ctx, "not-mine", livechat.File{Name: "a.txt", Content: strings.NewReader("x")}); !errors.Is(err, rocketchat.ErrForbidden) {
		t.Fatalf("an upload to another room: %v, want ErrForbidden", err)
	}
	d.srv.SetSetting("FileUpload_Enabled", false)
	if _, _, err := s.Upload(ctx, rid, livechat.File{Name: "a.txt", Content: strings.NewReader("x")}); !errors.Is(err, livechat.ErrFileUploadDisabled) {
		t.Fatalf("uploads off: %v", err)
	}
	if _, _, err := s.Send(ctx, "not-mine", "x"); !errors.Is(err, rocketchat.ErrInvalidRoom) {
		t.Fatalf("another room: %v, want ErrInvalidRoom", err)
	}
	d.srv.SetSetting("Omnichannel_allow_visitors_to_close_conversation", false)
	if _, _, err := s.Close(ctx, rid); !errors.Is(err, livechat.ErrVisitorCannotClose) {
		t.Fatalf("closing while not allowed: %v", err)
	}
	if _, _, err := s.Survey(ctx, rid, []livechat.SurveyAnswer{{Name: "mood", Value: "ok"}}); !errors.Is(err, livechat.ErrInvalidSurvey) {
		t.Fatalf("a survey of nothing known: %v", err)
	}
	if _, err := livechat.NewSession(nil, "t"); !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Fatal("a session without a client")
	}
}

// Sending is safe to retry: the connection is reset after the server stored
// the message, the client sends it again with the same id, and the room
// holds it once. A plain POST in the same situation is not retried.
func TestSendIsPostedOnceThroughAResetConnection(t *testing.T) {
	synctest.Test(t, testSendIsPostedOnce) // the retry's backoff in fake time
}

func testSendIsPostedOnce(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	s := d.session
	if _, _, err := s.Register(ctx, &livechat.RegisterOptions{Name: "Maria"}); err != nil {
		t.Fatal(err)
	}
	room, _, err := s.Room(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	rid := room.Room.ID
	d.srv.Inject(rocketchattest.RouteWidgetMessage, rocketchattest.DropAfterServe())
	m, _, err := s.Send(ctx, rid, "only once, please")
	if err != nil {
		t.Fatalf("Send through a reset: %v", err)
	}
	var ids []string
	for _, r := range d.srv.Requests() {
		if r.Route == rocketchattest.RouteWidgetMessage {
			ids = append(ids, r.Body[strings.Index(r.Body, `"_id"`):])
		}
	}
	if len(ids) != 2 || ids[0] != ids[1] {
		t.Fatalf("requests %q; want two with the same _id", ids)
	}
	n := 0
	for _, msg := range d.srv.RoomMessages(rid) {
		if msg.Text == "only once, please" {
			n++
			if msg.ID != m.ID {
				t.Fatalf("stored %s, answered %s", msg.ID, m.ID)
			}
		}
	}
	if n != 1 {
		t.Fatalf("the message is stored %d times", n)
	}

	// The control: an agent's message, a POST the server does not dedupe,
	// is not retried, so the caller learns of the doubt.
	c, _ := rocketchat.NewClient(d.srv.URL(), rocketchat.WithToken(d.agent.UserID, d.agent.AuthToken), rocketchat.WithHTTPClient(d.srv.HTTPClient()))
	d.srv.Inject(rocketchattest.RouteChatSendMessage, rocketchattest.DropAfterServe())
	if _, _, err := omnichannel.New(c).Rooms.Send(ctx, rid, "maybe sent"); err == nil {
		t.Fatal("an agent's POST through a reset succeeded")
	}
	if got := d.srv.Stats(rocketchattest.RouteChatSendMessage).Requests; got != 1 {
		t.Fatalf("the agent's POST was sent %d times", got)
	}
}
