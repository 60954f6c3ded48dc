package rocketchattest_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// accessFixture is a server with agents, supervisors and rooms of
// department deptA: open and served by ana, open and served by otto, closed
// and served by otto, and a channel.
type accessFixture struct {
	srv                                   *rocketchattest.Server
	ana, otto, carl, monitor, admin, boss rocketchattest.Credentials
}

func newAccessFixture(t *testing.T) *accessFixture {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit(), rocketchattest.WithoutListener())
	srv.AddDepartment(rocketchattest.Department{ID: "deptA", Name: "A"})
	agent := func(id, name string, depts ...string) rocketchattest.Credentials {
		return srv.AddUser(rocketchattest.User{ID: id, Username: name, Roles: []string{"user", "livechat-agent"}, Departments: depts})
	}
	f := &accessFixture{
		srv:     srv,
		ana:     agent("anaAgent000000001", "ana", "deptA"),
		otto:    agent("ottoAgent00000001", "otto", "deptA"),
		carl:    agent("carlAgent00000001", "carl"),
		monitor: srv.AddUser(rocketchattest.User{Username: "mona", Roles: []string{"livechat-monitor"}}),
		admin:   srv.AddUser(rocketchattest.User{Username: "root", Roles: []string{"admin"}}),
		boss:    srv.AddUser(rocketchattest.User{Username: "boss", Roles: []string{"supervisor"}}),
	}
	v := models.RoomVisitor{ID: "v"}
	served := func(id string) models.ServedBy { return models.ServedBy{ID: id, Username: id, Timestamp: time.Now()} }
	srv.AddRooms(
		&models.Room{ID: "anaOpen", Type: models.RoomTypeLivechat, Open: true, Visitor: v, DepartmentID: "deptA", ServedBy: served("anaAgent000000001")},
		&models.Room{ID: "ottoOpen", Type: models.RoomTypeLivechat, Open: true, Visitor: v, DepartmentID: "deptA", ServedBy: served("ottoAgent00000001")},
		&models.Room{ID: "ottoClosed", Type: models.RoomTypeLivechat, Visitor: v, DepartmentID: "deptA", ServedBy: served("ottoAgent00000001")},
		&models.Room{ID: "general", Type: "c"},
	)
	return f
}

// gate returns the status and body of a chatHistory call through the room.
func (f *accessFixture) gate(t *testing.T, cred rocketchattest.Credentials, room string) (int, string) {
	t.Helper()
	resp, body := call(t, f.srv.HTTPClient(), http.MethodGet, historyURL(f.srv.URL(), room, "v", ""), cred, "")
	return resp.StatusCode, body
}

func (f *accessFixture) want(t *testing.T, who string, cred rocketchattest.Credentials, room string, ok bool) {
	t.Helper()
	status, body := f.gate(t, cred, room)
	switch {
	case ok && status != http.StatusOK:
		t.Errorf("%s, room %s: %d %s, want access", who, room, status, body)
	case !ok && (status != http.StatusBadRequest || body != `{"success":false,"error":"error-not-allowed"}`):
		t.Errorf("%s, room %s: %d %s, want error-not-allowed", who, room, status, body)
	}
}

func TestRoomAccessWithDefaultPermissions(t *testing.T) {
	f := newAccessFixture(t)
	f.want(t, "ana", f.ana, "anaOpen", true)     // she serves it
	f.want(t, "ana", f.ana, "ottoOpen", false)   // an open room of her department, served by another
	f.want(t, "ana", f.ana, "ottoClosed", false) // closed: agents lack the closed-room permissions
	f.want(t, "otto", f.otto, "ottoClosed", true)
	for _, room := range []string{"anaOpen", "ottoOpen", "ottoClosed"} {
		f.want(t, "monitor", f.monitor, room, true) // view-livechat-rooms
		f.want(t, "admin", f.admin, room, true)
	}
	status, body := f.gate(t, f.admin, "general")
	if status != http.StatusBadRequest || body != `{"success":false,"error":"invalid-room"}` {
		t.Errorf("a channel as the gate: %d %s, want invalid-room", status, body)
	}
}

func TestRoomAccessClosedRoomPermissions(t *testing.T) {
	f := newAccessFixture(t)
	f.srv.GrantPermission("view-livechat-room-closed-same-department", "livechat-agent")
	f.want(t, "ana (agent of deptA)", f.ana, "ottoClosed", true)
	f.want(t, "carl (no department)", f.carl, "ottoClosed", false)
	f.want(t, "ana", f.ana, "ottoOpen", false) // the permission is for closed rooms only

	f.srv.SetPermission("view-livechat-room-closed-by-another-agent", "livechat-agent")
	f.want(t, "carl", f.carl, "ottoClosed", true)
	f.want(t, "carl", f.carl, "ottoOpen", false)
}

func TestRoomAccessCustomRoleAndRevokedPermission(t *testing.T) {
	f := newAccessFixture(t)
	if status, _ := f.gate(t, f.boss, "anaOpen"); status != http.StatusForbidden {
		t.Fatalf("a custom role without view-l-room: status %d, want 403", status)
	}
	f.srv.GrantPermission("view-l-room", "supervisor")
	f.want(t, "boss", f.boss, "anaOpen", false)
	f.srv.GrantPermission("view-livechat-rooms", "supervisor")
	f.want(t, "boss", f.boss, "anaOpen", true)

	f.srv.SetPermission("view-livechat-rooms", "admin")
	f.want(t, "monitor without view-livechat-rooms", f.monitor, "ottoOpen", false)
	if got := f.srv.PermissionRoles("view-livechat-rooms"); !slices.Equal(got, []string{"admin"}) {
		t.Errorf("PermissionRoles = %v", got)
	}
}

func TestRocketCatOpensEveryLivechatRoom(t *testing.T) {
	f := newAccessFixture(t)
	cat := f.srv.AddUser(rocketchattest.User{ID: "rocket.cat", Username: "rocket.cat", Roles: []string{"bot"}})
	f.srv.GrantPermission("view-l-room", "bot")
	f.want(t, "rocket.cat", cat, "ottoClosed", true)
}

func TestDefaultPermissionTable(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener())
	for perm, want := range map[string][]string{
		"view-l-room":         {"livechat-manager", "livechat-monitor", "livechat-agent", "admin"},
		"view-livechat-rooms": {"livechat-manager", "livechat-monitor", "admin"},
		"view-livechat-room-closed-same-department":  {"livechat-manager", "livechat-monitor", "admin"},
		"view-livechat-room-closed-by-another-agent": {"livechat-manager", "livechat-monitor", "admin"},
		"api-bypass-rate-limit":                      {"admin", "bot", "app"},
		"view-statistics":                            {"admin"},
	} {
		if got := srv.PermissionRoles(perm); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", perm, got, want)
		}
	}
}

// A user who joined a room keeps it open through the subscription, with
// view-l-room, when the permission that let them join is gone.
func TestRoomAccessOfAJoinedUser(t *testing.T) {
	o := newOmni(t)
	rid := o.openRoom("tok", "Sales")
	o.ok("GET", "livechat/room.join?roomId="+rid, o.mgr, "")
	if !o.srv.Subscribed(rid, o.mgr.UserID) {
		t.Fatal("room.join made no subscription")
	}
	o.srv.SetPermission("view-livechat-rooms", "admin")
	o.ok("GET", "livechat/"+rid+"/messages", o.mgr, "")
	o.fails("GET", "livechat/"+rid+"/messages", o.other, "", 400, "not-allowed")
}
