package rocketchattest_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// omni is a fake server with livechat agents and departments, reached in
// memory.
type omni struct {
	t     *testing.T
	srv   *rocketchattest.Server
	http  *http.Client
	agent rocketchattest.Credentials // agent.ana, of Sales
	other rocketchattest.Credentials // agent.bruno, of Support
	mgr   rocketchattest.Credentials
	sales models.Department
}

func newOmni(t *testing.T, opts ...rocketchattest.Option) *omni {
	t.Helper()
	srv := rocketchattest.NewServer(t, append([]rocketchattest.Option{rocketchattest.WithoutRateLimit(), rocketchattest.WithoutListener()}, opts...)...)
	o := &omni{t: t, srv: srv, http: srv.HTTPClient()}
	o.agent = srv.AddUser(rocketchattest.User{Username: "agent.ana", Name: "Ana", Roles: []string{"livechat-agent"}})
	o.other = srv.AddUser(rocketchattest.User{Username: "agent.bruno", Name: "Bruno", Roles: []string{"livechat-agent"}})
	o.mgr = srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	o.sales = srv.AddDepartment(rocketchattest.Department{Name: "Sales", Agents: []string{o.agent.UserID}, ChatClosingTags: []string{"sales"}})
	srv.AddDepartment(rocketchattest.Department{Name: "Support", Agents: []string{o.other.UserID}})
	return o
}

// do sends a request and decodes a JSON answer into a map.
func (o *omni) do(method, path string, cred rocketchattest.Credentials, body string) (int, map[string]any) {
	o.t.Helper()
	resp, b := call(o.t, o.http, method, o.srv.URL()+"/api/v1/"+path, cred, body)
	var m map[string]any
	if err := json.Unmarshal([]byte(b), &m); err != nil {
		o.t.Fatalf("%s %s: not JSON: %s", method, path, b)
	}
	return resp.StatusCode, m
}

// ok sends a request that must succeed.
func (o *omni) ok(method, path string, cred rocketchattest.Credentials, body string) map[string]any {
	o.t.Helper()
	status, m := o.do(method, path, cred, body)
	if status != 200 || m["success"] != true {
		o.t.Fatalf("%s %s: %d %v", method, path, status, m)
	}
	return m
}

// fails sends a request that must fail with the error text.
func (o *omni) fails(method, path string, cred rocketchattest.Credentials, body string, status int, errText string) {
	o.t.Helper()
	got, m := o.do(method, path, cred, body)
	if got != status || m["error"] != errText {
		o.t.Fatalf("%s %s: %d %v; want %d with error %q", method, path, got, m, status, errText)
	}
}

// openRoom registers a visitor with token and opens a room, returning its id.
func (o *omni) openRoom(token, dept string) string {
	o.t.Helper()
	o.ok("POST", "livechat/visitor", rocketchattest.Credentials{}, `{"visitor":{"token":"`+token+`","name":"Maria","department":"`+dept+`"}}`)
	m := o.ok("GET", "livechat/room?token="+token, rocketchattest.Credentials{}, "")
	if m["newRoom"] != true {
		o.t.Fatalf("not a new room: %v", m)
	}
	return m["room"].(map[string]any)["_id"].(string)
}

func (o *omni) room(rid string) models.Room {
	o.t.Helper()
	r, ok := o.srv.ChatRoom(rid)
	if !ok {
		o.t.Fatalf("no room %s", rid)
	}
	return r
}

func (o *omni) types(rid string) []string {
	var out []string
	for _, m := range o.srv.RoomMessages(rid) {
		out = append(out, cmpOr(m.Type, "msg:"+m.Text))
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func eventTypes(evs []rocketchattest.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Type
	}
	return out
}

func TestManualSelectionTakeAnswerClose(t *testing.T) {
	o := newOmni(t)
	rid := o.openRoom("tok-1", "Sales")
	inq, ok := o.srv.Inquiry(rid)
	if !ok || inq.Status != models.InquiryQueued || inq.Department != o.sales.ID {
		t.Fatalf("inquiry %+v", inq)
	}
	o.ok("POST", "livechat/message", rocketchattest.Credentials{}, `{"token":"tok-1","rid":"`+rid+`","msg":"Where is my order?"}`)

	q := o.ok("GET", "livechat/inquiries.queuedForUser", o.agent, "")
	if q["total"] != 1.0 {
		t.Fatalf("queued for the Sales agent: %v", q)
	}
	if q := o.ok("GET", "livechat/inquiries.queuedForUser", o.other, ""); q["total"] != 0.0 {
		t.Fatalf("a Support agent sees a Sales inquiry: %v", q)
	}
	o.ok("POST", "livechat/inquiries.take", o.agent, `{"inquiryId":"`+inq.ID+`"}`)
	o.fails("POST", "livechat/inquiries.take", o.agent, `{"inquiryId":"`+inq.ID+`"}`, 400, "Inquiry already taken [error-inquiry-taken]")

	r := o.room(rid)
	if r.ServedBy.ID != o.agent.UserID || r.UsersCount != 2 || !o.srv.Subscribed(rid, o.agent.UserID) {
		t.Fatalf("after the take: servedBy %+v usersCount %d", r.ServedBy, r.UsersCount)
	}
	o.ok("POST", "chat.sendMessage", o.agent, `{"message":{"rid":"`+rid+`","msg":"It ships today."}}`)
	r = o.room(rid)
	if r.MessageCount != 2 || r.LastMessage.Text != "It ships today." || r.WaitingResponse || r.ResponseBy.ID != o.agent.UserID ||
		r.Metrics.Response.Total != 1 || r.Metrics.Response.FirstDate.IsZero() {
		t.Fatalf("after the answer: msgs %d last %+v waiting %v responseBy %+v metrics %+v", r.MessageCount, r.LastMessage, r.WaitingResponse, r.ResponseBy, r.Metrics.Response)
	}

	o.ok("POST", "livechat/room.closeByUser", o.agent, `{"rid":"`+rid+`","comment":"Solved","tags":["shipping"]}`)
	r = o.room(rid)
	if r.Open || r.ClosedAt.IsZero() || r.Closer != models.CloserUser || r.ClosedBy.ID != o.agent.UserID ||
		!slices.Equal(r.Tags, []string{"sales", "shipping"}) || r.Metrics.ChatDuration < 0 || r.Visitor.Status != models.UserStatusOffline {
		t.Fatalf("closed room: %+v", r)
	}
	if _, ok := o.srv.Inquiry(rid); ok || o.srv.Subscribed(rid, o.agent.UserID) {
		t.Fatal("the inquiry or the subscription outlived the room")
	}
	want := []string{"livechat-started", "msg:Where is my order?", "command", "uj", "msg:It ships today.", "livechat-close"}
	if got := o.types(rid); !slices.Equal(got, want) {
		t.Fatalf("messages %v, want %v", got, want)
	}
	last := o.srv.RoomMessages(rid)[5]
	if last.Text != "Solved" || last.User.ID != o.agent.UserID {
		t.Fatalf("closing message %+v", last)
	}
	wantEvents := []string{"LivechatSessionStart", "LivechatSessionQueued", "Message", "LivechatSessionTaken", "Message", "LivechatSession"}
	if got := eventTypes(o.srv.Events()); !slices.Equal(got, wantEvents) {
		t.Fatalf("events %v, want %v", got, wantEvents)
	}
	o.fails("POST", "livechat/room.closeByUser", o.agent, `{"rid":"`+rid+`"}`, 400, "error-not-authorized")
	o.fails("POST", "livechat/room.closeByUser", o.mgr, `{"rid":"`+rid+`"}`, 400, "error-room-already-closed")
}

func TestAutoSelectionAssignsTheLeastBusyOnlineAgent(t *testing.T) {
	o := newOmni(t, rocketchattest.WithRouting(rocketchattest.AutoSelection))
	first := o.openRoom("tok-a", "")
	second := o.openRoom("tok-b", "")
	a, b := o.room(first).ServedBy.ID, o.room(second).ServedBy.ID
	if a == "" || b == "" || a == b {
		t.Fatalf("served by %q and %q; want two different agents", a, b)
	}
	if inq, _ := o.srv.Inquiry(first); inq.Status != models.InquiryTaken {
		t.Fatalf("inquiry %+v", inq)
	}
	sales := o.openRoom("tok-c", "Sales")
	if got := o.room(sales).ServedBy.ID; got != o.agent.UserID {
		t.Fatalf("a Sales room went to %q", got)
	}
}

func TestNoAgentOnline(t *testing.T) {
	o := newOmni(t)
	if err := o.srv.SetAgentStatus(o.agent.UserID, models.AgentNotAvailable); err != nil {
		t.Fatal(err)
	}
	o.ok("POST", "livechat/visitor", rocketchattest.Credentials{}, `{"visitor":{"token":"tok","department":"Sales"}}`)
	o.fails("GET", "livechat/room?token=tok", rocketchattest.Credentials{}, "", 400, "Sorry, no online agents [no-agent-online]")
	o.srv.SetSetting("Livechat_accept_chats_with_no_agents", true)
	o.ok("GET", "livechat/room?token=tok", rocketchattest.Credentials{}, "")
}

func TestForwardToAnAgentAndToADepartment(t *testing.T) {
	o := newOmni(t)
	rid := o.openRoom("tok", "Sales")
	if err := o.srv.TakeChat(rid, o.agent.UserID); err != nil {
		t.Fatal(err)
	}
	o.fails("POST", "livechat/room.forward", o.agent, `{"roomId":"`+rid+`","userId":"`+o.other.UserID+`"}`, 403,
		"User does not have the permissions required for this action [error-unauthorized]")
	o.ok("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","userId":"`+o.other.UserID+`","comment":"billing"}`)
	r := o.room(rid)
	if r.ServedBy.ID != o.other.UserID || o.srv.Subscribed(rid, o.agent.UserID) || !o.srv.Subscribed(rid, o.other.UserID) {
		t.Fatalf("after forwarding to an agent: %+v", r.ServedBy)
	}
	msgs := o.srv.RoomMessages(rid)
	hist := msgs[len(msgs)-2]
	if hist.Type != "livechat_transfer_history" || hist.TransferData.Scope != "agent" || hist.TransferData.Comment != "billing" ||
		hist.TransferData.TransferredTo.ID != o.other.UserID {
		t.Fatalf("transfer message %+v", hist)
	}
	o.fails("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","departmentId":"nope"}`, 400, "error-invalid-department")
	o.fails("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","departmentId":"`+o.sales.ID+`"}`, 400, "error-forwarding-chat-same-department")
	o.fails("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`"}`, 400, "error-forwarding-chat")

	support := o.srv.AddDepartment(rocketchattest.Department{Name: "Billing"})
	o.ok("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","departmentId":"`+support.ID+`"}`)
	r = o.room(rid)
	inq, _ := o.srv.Inquiry(rid)
	if r.ServedBy.ID != "" || r.DepartmentID != support.ID || inq.Status != models.InquiryQueued || inq.Department != support.ID {
		t.Fatalf("after forwarding to a department: servedBy %+v dept %s inquiry %+v", r.ServedBy, r.DepartmentID, inq)
	}
	ev := o.srv.Events()
	if got := eventTypes(ev[len(ev)-2:]); !slices.Equal(got, []string{"LivechatSessionForwarded", "LivechatSessionQueued"}) {
		t.Fatalf("last events %v", got)
	}
	o.ok("POST", "livechat/room.closeByUser", o.mgr, `{"rid":"`+rid+`"}`)
	o.fails("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","userId":"x"}`, 400, "This_conversation_is_already_closed")
}

func TestOnHoldAndTranscriptRequests(t *testing.T) {
	o := newOmni(t)
	rid := o.openRoom("tok", "Sales")
	o.fails("POST", "livechat/room.onHold", o.agent, `{"roomId":"`+rid+`"}`, 400, "Not_authorized")
	if err := o.srv.TakeChat(rid, o.agent.UserID); err != nil {
		t.Fatal(err)
	}
	if _, err := o.srv.VisitorSay(rid, "hello?"); err != nil {
		t.Fatal(err)
	}
	o.fails("POST", "livechat/room.onHold", o.agent, `{"roomId":"`+rid+`"}`, 400, "error-contact-sent-last-message-so-cannot-place-on-hold")
	if _, err := o.srv.AgentReply(rid, o.agent.UserID, "one moment"); err != nil {
		t.Fatal(err)
	}
	o.ok("POST", "livechat/room.onHold", o.agent, `{"roomId":"`+rid+`"}`)
	o.fails("POST", "livechat/room.onHold", o.agent, `{"roomId":"`+rid+`"}`, 400, "error-room-is-already-on-hold")
	o.fails("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","userId":"`+o.other.UserID+`"}`, 400, "error-room-onHold")
	o.ok("POST", "livechat/room.resumeOnHold", o.agent, `{"roomId":"`+rid+`"}`)
	if o.room(rid).OnHold {
		t.Fatal("still on hold")
	}

	o.fails("POST", "livechat/transcript/"+rid, o.agent, `{"email":"a@b.c","subject":"s"}`, 403,
		"User does not have the permissions required for this action [error-unauthorized]")
	o.ok("POST", "livechat/transcript/"+rid, o.mgr, `{"email":"maria@example.com","subject":"Your chat"}`)
	o.fails("POST", "livechat/transcript/"+rid, o.mgr, `{"email":"maria@example.com","subject":"Your chat"}`, 400,
		"Transcript already requested [error-transcript-already-requested]")
	o.ok("DELETE", "livechat/transcript/"+rid, o.mgr, "")
	o.fails("DELETE", "livechat/transcript/"+rid, o.mgr, "", 400, "Transcript not requested [error-transcript-not-requested]")
	o.ok("POST", "livechat/transcript/"+rid, o.mgr, `{"email":"maria@example.com","subject":"Your chat"}`)
	o.ok("POST", "livechat/room.closeByUser", o.agent, `{"rid":"`+rid+`"}`)
	if got := o.srv.TranscriptEmails(); len(got) != 1 || got[0].Email != "maria@example.com" || got[0].RoomID != rid {
		t.Fatalf("transcripts sent %+v", got)
	}
}

// Body validation answers as the legacy validateParams does, before the
// handler.
func TestActionBodiesAreValidated(t *testing.T) {
	o := newOmni(t)
	cases := []struct{ path, body, err string }{
		{"livechat/inquiries.take", `{}`, "must have required property 'inquiryId' [invalid-params]"},
		{"livechat/inquiries.take", `{"inquiryId":"x","options":{}}`, "must have required property 'clientAction' [invalid-params]"},
		{"livechat/room.forward", `{"roomId":"r","extra":1}`, "must NOT have additional properties [invalid-params]"},
		{"livechat/room.closeByUser", `{"rid":"r","tags":"a"}`, "must be array [invalid-params]"},
		{"livechat/room.closeByUser", `{"rid":"r","transcriptEmail":{"requestData":{"email":"e","subject":"s"}}}`, "must have required property 'sendToVisitor' [invalid-params]"},
		{"livechat/agent.status", `{"status":"busy"}`, "must be equal to one of the allowed values [invalid-params]"},
	}
	for _, tc := range cases {
		o.fails("POST", tc.path, o.mgr, tc.body, 400, tc.err)
	}
	// The typed transcript route answers its own way.
	_, m := o.do("POST", "livechat/transcript/r", o.mgr, `{"email":"e"}`)
	if m["errorType"] != "error-invalid-params" || m["error"] != "must have required property 'subject'" {
		t.Fatalf("typed route: %v", m)
	}
}

func TestAgentStatusAndLists(t *testing.T) {
	o := newOmni(t)
	if m := o.ok("POST", "livechat/agent.status", o.agent, `{}`); m["status"] != "not-available" {
		t.Fatalf("toggle: %v", m)
	}
	if m := o.ok("POST", "livechat/agent.status", o.agent, `{"status":"available"}`); m["status"] != "available" {
		t.Fatalf("set: %v", m)
	}
	o.fails("POST", "livechat/agent.status", o.agent, `{"agentId":"`+o.other.UserID+`","status":"not-available"}`, 403, "unauthorized")
	o.fails("POST", "livechat/agent.status", o.mgr, `{}`, 404, "Agent not found")

	agents := o.ok("GET", "livechat/users/agent?onlyAvailable=true&text=ana", o.mgr, "")
	users := agents["users"].([]any)
	if len(users) != 1 || users[0].(map[string]any)["username"] != "agent.ana" ||
		!slices.Equal(toStrings(users[0].(map[string]any)["departments"]), []string{o.sales.ID}) {
		t.Fatalf("agents %v", agents)
	}
	o.fails("GET", "livechat/users/manager", o.agent, "", 403, "unauthorized")
	o.fails("GET", "livechat/users/robot", o.mgr, "", 400, "Invalid type")

	deps := o.ok("GET", "livechat/department?text=sal", o.agent, "")
	if deps["total"] != 1.0 {
		t.Fatalf("departments %v", deps)
	}
	one := o.ok("GET", "livechat/department/"+o.sales.ID, o.mgr, "")
	if len(one["agents"].([]any)) != 1 {
		t.Fatalf("a manager gets the agents: %v", one)
	}
	if one := o.ok("GET", "livechat/department/"+o.sales.ID, o.agent, ""); one["agents"] != nil {
		t.Fatalf("an agent gets the agents: %v", one)
	}
	if none := o.ok("GET", "livechat/department/unknown", o.agent, ""); none["department"] != nil {
		t.Fatalf("an unknown department: %v", none)
	}
	mine := o.ok("GET", "livechat/agents/"+o.agent.UserID+"/departments", o.other, "")
	if d := mine["departments"].([]any); len(d) != 1 || d[0].(map[string]any)["departmentName"] != "Sales" {
		t.Fatalf("agent departments %v", mine)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	return out
}

func TestSimulatedAgentTakesAndAnswers(t *testing.T) {
	o := newOmni(t)
	if err := o.srv.SimulateAgent(o.agent.UserID, func(text string) string { return "echo: " + strings.ToUpper(text) }); err != nil {
		t.Fatal(err)
	}
	r, err := o.srv.OpenChat(rocketchattest.Guest{Token: "sim", Name: "Maria", Department: "Sales"}, "hi")
	if err != nil {
		t.Fatal(err)
	}
	if r.ServedBy.ID != o.agent.UserID {
		t.Fatalf("the simulated agent did not take the room: %+v", r.ServedBy)
	}
	want := []string{"livechat-started", "command", "uj", "msg:hi", "msg:echo: HI"}
	if got := o.types(r.ID); !slices.Equal(got, want) {
		t.Fatalf("messages %v, want %v", got, want)
	}
}

// Rooms of the lifecycle are rooms like the others: the visitor's chat
// history lists them with their counters.
func TestLifecycleRoomsShowInChatHistory(t *testing.T) {
	o := newOmni(t)
	rid := o.openRoom("tok", "Sales")
	if _, err := o.srv.VisitorSay(rid, "hello"); err != nil {
		t.Fatal(err)
	}
	v, _ := o.srv.VisitorByToken("tok")
	m := o.ok("GET", "livechat/visitors.chatHistory/room/"+rid+"/visitor/"+v.ID, o.mgr, "")
	hist := m["history"].([]any)
	if m["total"] != 1.0 || hist[0].(map[string]any)["_id"] != rid || hist[0].(map[string]any)["msgs"] != 1.0 {
		t.Fatalf("chat history %v", m)
	}
}
