package rocketchattest_test

import (
	"strings"
	"testing"

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
