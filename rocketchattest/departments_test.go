package rocketchattest_test

import (
	"testing"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// The departments of generated rooms exist as any other: the department
// routes serve them and a visitor can register in one by name.
func TestGeneratedDepartmentsExist(t *testing.T) {
	o := newOmni(t)
	rooms := o.srv.GenerateHistory("v1", 6, 3)
	if rooms[0].DepartmentID == "" {
		t.Fatal("the generated room has no department")
	}
	got := o.ok("GET", "livechat/department/"+rooms[0].DepartmentID, o.mgr, "")
	if d, _ := got["department"].(map[string]any); d == nil || d["name"] == "" {
		t.Errorf("livechat/department/%s: %v", rooms[0].DepartmentID, got)
	}
	if all := names(o.ok("GET", "livechat/department", o.mgr, ""), "departments", "name"); len(all) != 4 {
		t.Errorf("departments %v, want Sales, Support, and the generated Billing and Support (under its id: the name is taken)", all)
	}
	o.ok("POST", "livechat/visitor", anon, `{"visitor":{"token":"tok","department":"Billing"}}`)
}

// A user's Departments are the same links as a department's Agents: the
// department routes, the routing and RemoveDepartment all see them.
func TestUserDepartmentsAreDepartmentAgents(t *testing.T) {
	o := newOmni(t, rocketchattest.WithRouting(rocketchattest.AutoSelection))
	vip := o.srv.AddDepartment(rocketchattest.Department{Name: "VIP"})
	if err := o.srv.SetAgentStatus(o.agent.UserID, "not-available"); err != nil {
		t.Fatal(err)
	}
	carla := o.srv.AddUser(rocketchattest.User{Username: "carla", Roles: []string{"livechat-agent"}, Departments: []string{vip.ID}})
	links := o.ok("GET", "livechat/agents/"+carla.UserID+"/departments", o.mgr, "")
	if got := names(links, "departments", "departmentId"); len(got) != 1 || got[0] != vip.ID {
		t.Errorf("carla's departments %v", got)
	}
	rid := o.openRoom("tok", "VIP")
	if r := o.room(rid); r.ServedBy.ID != carla.UserID {
		t.Errorf("a VIP room went to %q", r.ServedBy.ID)
	}
	o.srv.RemoveDepartment(vip.ID)
	if got := names(o.ok("GET", "livechat/agents/"+carla.UserID+"/departments", o.mgr, ""), "departments", "departmentId"); len(got) != 0 {
		t.Errorf("after RemoveDepartment carla is still in %v", got)
	}
	if r := o.room(rid); r.DepartmentID != "" {
		t.Errorf("the room keeps the removed department %q", r.DepartmentID)
	}
	tb := &fakeTB{TB: t}
	rocketchattest.NewServer(tb, rocketchattest.WithoutListener()).AddUser(rocketchattest.User{Username: "x", Departments: []string{"nowhere"}})
	if len(tb.fatals) != 1 {
		t.Errorf("an unknown department: %q", tb.fatals)
	}
}
