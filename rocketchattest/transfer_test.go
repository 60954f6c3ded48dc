package rocketchattest_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// A department's fallback must exist and not be the department itself, as
// saveDepartment requires.
func TestAddDepartmentChecksItsFallback(t *testing.T) {
	tb := &fakeTB{TB: t}
	srv := rocketchattest.NewServer(tb, rocketchattest.WithoutListener())
	srv.AddDepartment(rocketchattest.Department{ID: "d1", Name: "Loop", FallbackForwardDepartment: "d1"})
	srv.AddDepartment(rocketchattest.Department{Name: "Orphan", FallbackForwardDepartment: "nowhere"})
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.fatals) != 2 || !strings.Contains(tb.fatals[0], "circular") || !strings.Contains(tb.fatals[1], "not found") {
		t.Errorf("fatals = %q", tb.fatals)
	}
}

// fallbackFixture is an auto-selection server whose Sales room ana serves,
// and departments A and B with ana as their only agent: forwarding the
// room to either finds its own agent again, so the fallback is followed.
func fallbackFixture(t *testing.T) (*omni, string) {
	t.Helper()
	o := newOmni(t, rocketchattest.WithRouting(rocketchattest.AutoSelection))
	rid := o.openRoom("tok", "Sales")
	if got := o.room(rid).ServedBy.ID; got != o.agent.UserID {
		t.Fatalf("the Sales room is served by %q", got)
	}
	return o, rid
}

// A cycle of fallbacks ends after Omnichannel_max_fallback_forward_depth
// hops with error-forwarding-chat, where it used to recurse until the stack
// overflowed.
func TestForwardThroughACycleOfFallbacks(t *testing.T) {
	o, rid := fallbackFixture(t)
	ana := []string{o.agent.UserID}
	o.srv.AddDepartment(rocketchattest.Department{ID: "deptB", Name: "B", Agents: ana})
	o.srv.AddDepartment(rocketchattest.Department{ID: "deptA", Name: "A", Agents: ana, FallbackForwardDepartment: "deptB"})
	o.srv.RemoveDepartment("deptB")
	o.srv.AddDepartment(rocketchattest.Department{ID: "deptB", Name: "B", Agents: ana, FallbackForwardDepartment: "deptA"})
	o.fails("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","departmentId":"deptA"}`, 400, "error-forwarding-chat")
	if r := o.room(rid); r.DepartmentID != o.sales.ID || r.ServedBy.ID != o.agent.UserID {
		t.Errorf("a failed forward changed the room: %+v", r)
	}
}

// A fallback removed after it was set fails the forward, where the fake
// used to dereference a nil department.
func TestForwardToARemovedFallback(t *testing.T) {
	o, rid := fallbackFixture(t)
	ana := []string{o.agent.UserID}
	o.srv.AddDepartment(rocketchattest.Department{ID: "deptB", Name: "B"})
	o.srv.AddDepartment(rocketchattest.Department{ID: "deptA", Name: "A", Agents: ana, FallbackForwardDepartment: "deptB"})
	o.srv.RemoveDepartment("deptB")
	o.fails("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","departmentId":"deptA"}`, 400, "error-forwarding-chat")
}

// Each forward's event carries the member of its scope only: the agent
// before a forward to an agent, the department before a forward to a
// department. A forward to a department that queues the room makes nobody
// its default agent, even one named in the forward.
func TestForwardEventsCarryOnlyTheirScope(t *testing.T) {
	o := newOmni(t)
	rid := o.openRoom("tok", "Sales")
	if err := o.srv.TakeChat(rid, o.agent.UserID); err != nil {
		t.Fatal(err)
	}
	o.ok("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","userId":"`+o.other.UserID+`"}`)
	ev := lastEvent(t, o.srv, rocketchattest.EventSessionForwarded)
	if ev.Scope != rocketchattest.ForwardToAgent || ev.OldServedBy.ID != o.agent.UserID || ev.OldDepartmentID != "" {
		t.Errorf("forward to an agent: %+v", ev)
	}
	support := o.srv.AddDepartment(rocketchattest.Department{Name: "Billing", Agents: []string{o.other.UserID}})
	o.ok("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","departmentId":"`+support.ID+`","userId":"`+o.other.UserID+`"}`)
	ev = lastEvent(t, o.srv, rocketchattest.EventSessionForwarded)
	if ev.Scope != rocketchattest.ForwardToDepartment || ev.OldDepartmentID != o.sales.ID || ev.OldServedBy.ID != "" {
		t.Errorf("forward to a department: %+v", ev)
	}
	if inq, _ := o.srv.Inquiry(rid); inq.Status != models.InquiryQueued || inq.DefaultAgent != nil {
		t.Errorf("the queued inquiry: %+v", inq)
	}
}

// lastEvent returns the last event of a type.
func lastEvent(t *testing.T, srv *rocketchattest.Server, typ string) rocketchattest.Event {
	t.Helper()
	evs := srv.Events()
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Type == typ {
			return evs[i]
		}
	}
	t.Fatalf("no %s event in %v", typ, eventTypes(evs))
	return rocketchattest.Event{}
}

// Under auto selection a forward to a department goes as the server's
// forwardRoomToDepartment goes: the department's agent takes the room,
// the transfer is written down, the old agent leaves, and Forwarded comes
// last, with the new agent serving.
func TestAutoSelectionForwardToADepartment(t *testing.T) {
	o := newOmni(t, rocketchattest.WithRouting(rocketchattest.AutoSelection))
	rid := o.openRoom("tok", "Sales")
	if got := o.room(rid).ServedBy.ID; got != o.agent.UserID {
		t.Fatalf("served by %q", got)
	}
	support := lookupDepartment(t, o, "Support")
	events, msgs := len(o.srv.Events()), len(o.srv.RoomMessages(rid))
	o.ok("POST", "livechat/room.forward", o.mgr, `{"roomId":"`+rid+`","departmentId":"`+support+`"}`)
	if got := eventTypes(o.srv.Events()[events:]); !slices.Equal(got, []string{rocketchattest.EventSessionTaken, rocketchattest.EventSessionForwarded}) {
		t.Errorf("events %v, want Taken then Forwarded", got)
	}
	var types []string
	for _, m := range o.srv.RoomMessages(rid)[msgs:] {
		types = append(types, m.Type+":"+m.User.Username)
	}
	if want := []string{"command:agent.bruno", "uj:agent.bruno", "livechat_transfer_history:manager", "ul:agent.ana"}; !slices.Equal(types, want) {
		t.Errorf("messages %v, want %v", types, want)
	}
	r := o.room(rid)
	inq, _ := o.srv.Inquiry(rid)
	if r.ServedBy.ID != o.other.UserID || r.DepartmentID != support || o.srv.Subscribed(rid, o.agent.UserID) ||
		inq.Status != models.InquiryTaken || inq.Department != support {
		t.Errorf("after the forward: servedBy %+v, department %s, inquiry %+v", r.ServedBy, r.DepartmentID, inq)
	}
}

// lookupDepartment returns the id of a department by name, read from
// livechat/department.
func lookupDepartment(t *testing.T, o *omni, name string) string {
	t.Helper()
	page := o.ok("GET", "livechat/department?text="+name, o.mgr, "")
	for _, d := range page["departments"].([]any) {
		if d := d.(map[string]any); d["name"] == name {
			return d["_id"].(string)
		}
	}
	t.Fatalf("no department %s in %v", name, page)
	return ""
}
