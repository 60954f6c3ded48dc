package omnichannel_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// desk is a fake server with a Sales department, an agent of it, a second
// agent and a manager, and their clients.
type desk struct {
	srv               *rocketchattest.Server
	agent, other, mgr *omnichannel.Service
	agentID, otherID  string
	sales             models.Department
}

func newDesk(t *testing.T, opts ...rocketchattest.Option) *desk {
	t.Helper()
	srv := rocketchattest.NewServer(t, append([]rocketchattest.Option{rocketchattest.WithoutRateLimit(), rocketchattest.WithoutListener()}, opts...)...)
	d := &desk{srv: srv}
	client := func(cred rocketchattest.Credentials) *omnichannel.Service {
		c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken), rocketchat.WithHTTPClient(srv.HTTPClient()))
		if err != nil {
			t.Fatal(err)
		}
		return omnichannel.New(c)
	}
	a := srv.AddUser(rocketchattest.User{Username: "agent.ana", Name: "Ana", Roles: []string{"livechat-agent"}})
	o := srv.AddUser(rocketchattest.User{Username: "agent.bruno", Name: "Bruno", Roles: []string{"livechat-agent"}})
	m := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager", "livechat-agent"}, StatusLivechat: models.AgentNotAvailable})
	d.agent, d.other, d.mgr, d.agentID, d.otherID = client(a), client(o), client(m), a.UserID, o.UserID
	d.sales = srv.AddDepartment(rocketchattest.Department{Name: "Sales", Agents: []string{a.UserID}, ChatClosingTags: []string{"sales"}})
	return d
}

func (d *desk) open(t *testing.T, token, dept, text string) *models.Room {
	t.Helper()
	r, err := d.srv.OpenChat(rocketchattest.Guest{Token: token, Name: "Maria", Department: dept}, text)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A bot's day: become available, find the queued chat, take it, answer,
// tag it and close it.
func TestTakeAnswerTagClose(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	room := d.open(t, "tok", "Sales", "What are your opening hours?")

	if st, _, err := d.agent.Agents.SetStatus(ctx, models.AgentAvailable); err != nil || st != models.AgentAvailable {
		t.Fatalf("SetStatus: %v %v", st, err)
	}
	var queued []*models.Inquiry
	for inq, err := range d.agent.Inquiries.QueuedForUserAll(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		queued = append(queued, inq)
	}
	if len(queued) != 1 || queued[0].RoomID != room.ID || queued[0].LastMessage == nil || queued[0].LastMessage.Text != "What are your opening hours?" {
		t.Fatalf("queued %+v", queued)
	}
	if _, err := d.agent.Inquiries.Take(ctx, queued[0].ID, &omnichannel.TakeOptions{ClientAction: true}); err != nil {
		t.Fatal(err)
	}
	_, err := d.other.Inquiries.Take(ctx, queued[0].ID, nil)
	if !errors.Is(err, omnichannel.ErrInquiryTaken) {
		t.Fatalf("a second take: %v, want ErrInquiryTaken", err)
	}
	inq, _, err := d.agent.Inquiries.GetByRoom(ctx, room.ID)
	if err != nil || inq.Status != models.InquiryTaken {
		t.Fatalf("Get: %+v %v", inq, err)
	}
	m, _, err := d.agent.Rooms.Send(ctx, room.ID, "We open at 9.")
	if err != nil || m.Text != "We open at 9." || m.User.ID != d.agentID {
		t.Fatalf("Send: %+v %v", m, err)
	}
	if _, err := d.agent.Rooms.SaveInfo(ctx, room.ID, room.Visitor.ID, &omnichannel.SaveInfoOptions{
		Guest: omnichannel.GuestInfo{Email: "maria@example.com"},
		Room:  omnichannel.RoomInfo{Topic: "hours", Tags: []string{"faq"}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.agent.Rooms.Close(ctx, room.ID, &omnichannel.CloseOptions{Comment: "answered", Tags: []string{"hours"}}); err != nil {
		t.Fatal(err)
	}
	r, _ := d.srv.ChatRoom(room.ID)
	if r.Open || r.Topic != "hours" || !slices.Equal(r.Tags, []string{"faq", "hours", "sales"}) || r.ClosedBy.ID != d.agentID ||
		r.ResponseBy.ID != d.agentID || r.Metrics.Response.Total != 1 || r.MessageCount != 2 {
		t.Fatalf("the closed room: %+v", r)
	}
	if _, _, err := d.agent.Inquiries.GetByRoom(ctx, room.ID); !errors.Is(err, rocketchat.ErrNotFound) {
		t.Fatalf("Get after the close: %v, want ErrNotFound", err)
	}
	if _, err := d.agent.Rooms.Close(ctx, room.ID, nil); !errors.Is(err, rocketchat.ErrForbidden) {
		t.Fatalf("closing it again (no subscription left): %v, want ErrForbidden", err)
	}
	if _, err := d.mgr.Rooms.Close(ctx, room.ID, nil); !errors.Is(err, rocketchat.ErrRoomClosed) {
		t.Fatalf("a manager closing it again: %v, want ErrRoomClosed", err)
	}
	if _, _, err := d.agent.Rooms.Send(ctx, room.ID, "late"); !errors.Is(err, rocketchat.ErrNotAllowed) {
		t.Fatalf("sending in a closed room: %v, want ErrNotAllowed", err)
	}
}

func TestTakeErrors(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	room := d.open(t, "tok", "", "hi")
	inq, ok := d.srv.Inquiry(room.ID)
	if !ok {
		t.Fatal("no inquiry")
	}
	if _, err := d.mgr.Inquiries.Take(ctx, inq.ID, nil); !errors.Is(err, omnichannel.ErrAgentOffline) {
		t.Fatalf("an unavailable agent takes: %v, want ErrAgentOffline", err)
	}
	if _, err := d.agent.Inquiries.Take(ctx, "nope", nil); !errors.Is(err, rocketchat.ErrNotFound) {
		t.Fatalf("an unknown inquiry: %v, want ErrNotFound", err)
	}
	if _, _, err := d.agent.Inquiries.List(ctx, nil); !errors.Is(err, rocketchat.ErrForbidden) {
		t.Fatalf("an agent lists every inquiry: %v, want ErrForbidden", err)
	}
	page, _, err := d.mgr.Inquiries.List(ctx, &omnichannel.InquiryListOptions{Department: "Sales"})
	if err != nil || page.Total != 0 {
		t.Fatalf("Sales' queue: %+v %v", page, err)
	}
	if _, _, err := d.other.Inquiries.QueuedForUser(ctx, &omnichannel.InquiryListOptions{Department: "nope"}); err != nil {
		t.Fatalf("an agent without departments filtering: %v", err)
	}
	if _, _, err := d.agent.Inquiries.QueuedForUser(ctx, &omnichannel.InquiryListOptions{Department: "nope"}); !errors.Is(err, rocketchat.ErrForbidden) {
		t.Fatalf("an agent filtering another department: %v, want ErrForbidden", err)
	}
}

func TestForwardAndOnHold(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	room := d.open(t, "tok", "Sales", "hi")
	if err := d.srv.TakeChat(room.ID, d.agentID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.agent.Rooms.Forward(ctx, room.ID, omnichannel.ForwardRequest{UserID: d.otherID}); !errors.Is(err, rocketchat.ErrForbidden) {
		t.Fatalf("an agent forwards: %v, want ErrForbidden", err)
	}
	for _, c := range []struct {
		roomID string
		req    omnichannel.ForwardRequest
		want   error
	}{
		{room.ID, omnichannel.ForwardRequest{DepartmentID: "nope"}, omnichannel.ErrInvalidDepartment},
		{room.ID, omnichannel.ForwardRequest{DepartmentID: d.sales.ID}, omnichannel.ErrForwardFailed},
		{room.ID, omnichannel.ForwardRequest{UserID: d.agentID}, omnichannel.ErrForwardFailed},
		{"nope", omnichannel.ForwardRequest{UserID: d.otherID}, rocketchat.ErrInvalidRoom},
	} {
		if _, err := d.mgr.Rooms.Forward(ctx, c.roomID, c.req); !errors.Is(err, c.want) {
			t.Errorf("Forward(%s, %+v): %v, want %v", c.roomID, c.req, err, c.want)
		}
	}
	if _, err := d.mgr.Rooms.Forward(ctx, room.ID, omnichannel.ForwardRequest{UserID: d.otherID, Comment: "billing"}); err != nil {
		t.Fatal(err)
	}
	if r, _ := d.srv.ChatRoom(room.ID); r.ServedBy.ID != d.otherID {
		t.Fatalf("served by %s after the forward", r.ServedBy.ID)
	}
	if _, err := d.other.Rooms.OnHold(ctx, room.ID); !errors.Is(err, omnichannel.ErrCannotPlaceOnHold) {
		t.Fatalf("on hold after the visitor wrote: %v, want ErrCannotPlaceOnHold", err)
	}
	if _, _, err := d.other.Rooms.Send(ctx, room.ID, "one moment"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.other.Rooms.OnHold(ctx, room.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.mgr.Rooms.Forward(ctx, room.ID, omnichannel.ForwardRequest{UserID: d.agentID}); !errors.Is(err, omnichannel.ErrRoomOnHold) {
		t.Fatalf("forwarding a room on hold: %v, want ErrRoomOnHold", err)
	}
	if _, err := d.other.Rooms.ResumeOnHold(ctx, room.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.other.Rooms.ResumeOnHold(ctx, room.ID); !errors.Is(err, omnichannel.ErrCannotPlaceOnHold) {
		t.Fatalf("resuming twice: %v, want ErrCannotPlaceOnHold", err)
	}
	if _, err := d.mgr.Rooms.RequestTranscript(ctx, room.ID, omnichannel.TranscriptRequest{Email: "m@example.com", Subject: "chat"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.mgr.Rooms.RequestTranscript(ctx, room.ID, omnichannel.TranscriptRequest{Email: "m@example.com", Subject: "chat"}); !errors.Is(err, omnichannel.ErrTranscriptRequested) {
		t.Fatalf("a second request: %v", err)
	}
	if _, err := d.mgr.Rooms.CancelTranscript(ctx, room.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.mgr.Rooms.CancelTranscript(ctx, room.ID); !errors.Is(err, omnichannel.ErrTranscriptNotRequested) {
		t.Fatalf("a second cancel: %v", err)
	}
	if _, err := d.mgr.Rooms.Join(ctx, room.ID); err != nil || !d.srv.Subscribed(room.ID, mustUserID(t, d.mgr)) {
		t.Fatalf("Join: %v", err)
	}
}

func mustUserID(t *testing.T, oc *omnichannel.Service) string {
	t.Helper()
	var id string
	for a, err := range oc.Agents.ListAll(context.Background(), &omnichannel.AgentListOptions{Text: "manager"}) {
		if err != nil {
			t.Fatal(err)
		}
		id = a.ID
	}
	return id
}

// Forwarding to a department under auto selection: its next agent takes the
// room; with nobody online there, the forward fails with ErrNoAgentOnline.
func TestForwardToADepartmentUnderAutoSelection(t *testing.T) {
	d := newDesk(t, rocketchattest.WithRouting(rocketchattest.AutoSelection))
	ctx := context.Background()
	support := d.srv.AddDepartment(rocketchattest.Department{Name: "Support", Agents: []string{d.otherID}})
	room := d.open(t, "tok", "Sales", "hi")
	if room.ServedBy.ID != d.agentID {
		t.Fatalf("auto selection gave the room to %q", room.ServedBy.ID)
	}
	if _, err := d.mgr.Rooms.Forward(ctx, room.ID, omnichannel.ForwardRequest{DepartmentID: support.ID}); err != nil {
		t.Fatal(err)
	}
	if r, _ := d.srv.ChatRoom(room.ID); r.ServedBy.ID != d.otherID || r.DepartmentID != support.ID {
		t.Fatalf("after the forward: %+v in %s", r.ServedBy, r.DepartmentID)
	}
	if err := d.srv.SetAgentStatus(d.agentID, models.AgentNotAvailable); err != nil {
		t.Fatal(err)
	}
	if _, err := d.mgr.Rooms.Forward(ctx, room.ID, omnichannel.ForwardRequest{DepartmentID: d.sales.ID}); !errors.Is(err, omnichannel.ErrNoAgentOnline) {
		t.Fatalf("forwarding to a department nobody serves: %v, want ErrNoAgentOnline", err)
	}
}

func TestAgentsAndDepartments(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	page, _, err := d.agent.Agents.List(ctx, &omnichannel.AgentListOptions{OnlyAvailable: true})
	if err != nil || page.Total != 2 {
		t.Fatalf("available agents: %+v %v", page, err)
	}
	if _, _, err := d.agent.Agents.Managers(ctx, nil); !errors.Is(err, rocketchat.ErrForbidden) {
		t.Fatalf("an agent lists managers: %v", err)
	}
	if st, _, err := d.agent.Agents.SetStatusOf(ctx, d.otherID, models.AgentNotAvailable); !errors.Is(err, rocketchat.ErrForbidden) {
		t.Fatalf("an agent sets another's status: %v %v", st, err)
	}
	if st, _, err := d.mgr.Agents.SetStatusOf(ctx, d.otherID, models.AgentNotAvailable); err != nil || st != models.AgentNotAvailable {
		t.Fatalf("a manager sets another's status: %v %v", st, err)
	}
	if _, _, err := d.agent.Agents.SetStatus(ctx, "busy"); !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Fatalf("an unknown status: %v", err)
	}
	links, _, err := d.other.Agents.Departments(ctx, d.agentID, &omnichannel.AgentDepartmentsOptions{EnabledOnly: true})
	if err != nil || len(links) != 1 || links[0].DepartmentName != "Sales" {
		t.Fatalf("Departments: %+v %v", links, err)
	}
	var names []string
	for dep, err := range d.agent.Departments.ListAll(ctx, &omnichannel.DepartmentListOptions{EnabledOnly: true}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, dep.Name)
	}
	if !slices.Equal(names, []string{"Sales"}) {
		t.Fatalf("departments %v", names)
	}
	info, _, err := d.mgr.Departments.Get(ctx, d.sales.ID, nil)
	if err != nil || info.Department.Name != "Sales" || len(info.Agents) != 1 || info.Agents[0].AgentID != d.agentID {
		t.Fatalf("Get: %+v %v", info, err)
	}
	if info, _, err := d.mgr.Departments.Get(ctx, d.sales.ID, &omnichannel.DepartmentGetOptions{WithoutAgents: true}); err != nil || info.Agents != nil {
		t.Fatalf("Get without agents: %+v %v", info, err)
	}
	if _, _, err := d.agent.Departments.Get(ctx, "nope", nil); !errors.Is(err, rocketchat.ErrNotFound) {
		t.Fatalf("an unknown department: %v", err)
	}
}
