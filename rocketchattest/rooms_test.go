package rocketchattest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// roomsPage is the livechat/rooms envelope.
type roomsPage struct {
	Rooms   []*models.Room `json:"rooms"`
	Count   int            `json:"count"`
	Offset  int            `json:"offset"`
	Total   int            `json:"total"`
	Success bool           `json:"success"`
}

func (p roomsPage) ids() []string {
	ids := make([]string, len(p.Rooms))
	for i, r := range p.Rooms {
		ids[i] = r.ID
	}
	return ids
}

// getRooms calls livechat/rooms with a raw query.
func getRooms(t *testing.T, srv *rocketchattest.Server, cred rocketchattest.Credentials, query string) (*http.Response, string) {
	t.Helper()
	u := srv.URL() + "/api/v1/livechat/rooms"
	if query != "" {
		u += "?" + query
	}
	return call(t, srv.HTTPClient(), http.MethodGet, u, cred, "")
}

// listRooms calls livechat/rooms and decodes a 200.
func listRooms(t *testing.T, srv *rocketchattest.Server, cred rocketchattest.Credentials, query string) roomsPage {
	t.Helper()
	resp, body := getRooms(t, srv, cred, query)
	wantStatus(t, resp, http.StatusOK)
	var p roomsPage
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return p
}

// roomsServer starts a server without rate limit holding the rooms of
// three visitors, with a manager.
func roomsServer(t *testing.T) (*rocketchattest.Server, rocketchattest.Credentials, []*models.Room) {
	t.Helper()
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	var rooms []*models.Room
	for i, v := range []string{"visitor-a", "visitor-b", "visitor-c"} {
		rooms = append(rooms, srv.GenerateHistory(v, 40, int64(10+i), rocketchattest.OpenRooms(16))...)
	}
	return srv, cred, rooms
}

func TestRoomsEnvelopeAndDefaults(t *testing.T) {
	srv, cred, rooms := roomsServer(t)
	resp, body := getRooms(t, srv, cred, "")
	wantStatus(t, resp, http.StatusOK)
	if !strings.HasPrefix(body, `{"rooms":[{"_id":`) || !strings.HasSuffix(body, `],"count":50,"offset":0,"total":120,"success":true}`) {
		t.Fatalf("envelope: %.60s ... %s", body, body[len(body)-60:])
	}
	p := listRooms(t, srv, cred, "count=0")
	byTS := slices.Clone(rooms)
	slices.SortStableFunc(byTS, func(a, b *models.Room) int { return b.Timestamp.Compare(a.Timestamp) })
	if !slices.Equal(p.ids(), idsOf(byTS)) {
		t.Fatal("rooms are not newest first")
	}
	for _, r := range p.Rooms {
		want := map[string]string{"deptSupport00001A": "Support", "deptBilling00002B": "Billing"}[r.DepartmentID]
		if r.Department.ID != r.DepartmentID || r.Department.Name != want || len(r.Unknown) != 0 {
			t.Fatalf("room %s of %s: department %+v, unknown %s", r.ID, r.DepartmentID, r.Department, r.Unknown)
		}
	}
	if p := listRooms(t, srv, cred, "count=10&offset=115"); p.Count != 5 || p.Offset != 115 || p.Total != 120 {
		t.Errorf("last page: count %d offset %d total %d", p.Count, p.Offset, p.Total)
	}
}

func idsOf(rooms []*models.Room) []string {
	ids := make([]string, len(rooms))
	for i, r := range rooms {
		ids[i] = r.ID
	}
	return ids
}

// Only departments that exist are added; a room of a deleted or unknown
// department comes without one. Other routes never carry it.
func TestRoomsDepartmentOnlyWhenItExists(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "admin", Roles: []string{"admin"}})
	srv.AddDepartment(rocketchattest.Department{ID: "d1", Name: "Sales"})
	srv.AddRooms(
		&models.Room{ID: "r1", Type: "l", DepartmentID: "d1", Visitor: models.RoomVisitor{ID: "v"},
			Department: models.DepartmentRef{ID: "stale", Name: "never stored"}},
		&models.Room{ID: "r2", Type: "l", DepartmentID: "gone", Visitor: models.RoomVisitor{ID: "v"}},
		&models.Room{ID: "r3", Type: "l", Visitor: models.RoomVisitor{ID: "v"}},
	)
	_, body := getRooms(t, srv, cred, "sort="+url.QueryEscape(`{"_id":1}`))
	if !strings.Contains(body, `"departmentId":"d1","department":{"_id":"d1","name":"Sales"}}`) ||
		strings.Count(body, `"department":`) != 1 {
		t.Errorf("body %s", body)
	}
	srv.RemoveDepartment("d1")
	if _, body := getRooms(t, srv, cred, ""); strings.Contains(body, `"department":`) {
		t.Errorf("a removed department is still added: %s", body)
	}
	_, body = call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), "r1", "v", ""), cred, "")
	if strings.Contains(body, `"department":`) {
		t.Errorf("chatHistory carries department: %s", body)
	}
}

// The handler's own permission check: view-livechat-rooms, or view-l-room
// and exactly one agent, the caller.
func TestRoomsPermission(t *testing.T) {
	srv, manager, rooms := roomsServer(t)
	agentID := rooms[0].ServedBy.ID
	if agentID == "" {
		agentID = rooms[1].ServedBy.ID
	}
	agent := srv.AddUser(rocketchattest.User{ID: agentID, Username: "agent", Roles: []string{"livechat-agent"}})
	plain := srv.AddUser(rocketchattest.User{Username: "plain"})
	monitor := srv.AddUser(rocketchattest.User{Username: "monitor", Roles: []string{"livechat-monitor"}})
	const forbidden = `{"success":false,"error":"unauthorized"}`
	tests := []struct {
		name  string
		cred  rocketchattest.Credentials
		query string
		ok    bool
	}{
		{"manager, all rooms", manager, "", true},
		{"monitor, all rooms", monitor, "", true},
		{"manager, another agent's rooms", manager, "agents[]=someone", true},
		{"agent, all rooms", agent, "", false},
		{"agent, own rooms", agent, "agents[]=" + agentID, true},
		{"agent, own rooms as a plain value", agent, "agents=" + agentID, true},
		{"agent, own and another's", agent, "agents[]=" + agentID + "&agents[]=other", false},
		{"agent, another's", agent, "agents[]=other", false},
		{"user without view-l-room, own rooms", plain, "agents[]=" + plain.UserID, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := getRooms(t, srv, tt.cred, tt.query)
			if !tt.ok {
				wantStatus(t, resp, http.StatusForbidden)
				wantBody(t, body, forbidden)
				return
			}
			wantStatus(t, resp, http.StatusOK)
		})
	}
	p := listRooms(t, srv, agent, "count=0&agents[]="+agentID)
	for _, r := range p.Rooms {
		if r.ServedBy.ID != agentID {
			t.Fatalf("the agent's list holds room %s served by %q", r.ID, r.ServedBy.ID)
		}
	}
	if p.Total == 0 {
		t.Fatal("the agent serves no room")
	}
	srv.SetPermission("view-l-room", "admin")
	resp, body := getRooms(t, srv, agent, "agents[]="+agentID)
	wantStatus(t, resp, http.StatusForbidden)
	wantBody(t, body, forbidden)
}

func TestRoomsErrorsInTheHandlersOrder(t *testing.T) {
	srv, manager, _ := roomsServer(t)
	agent := srv.AddUser(rocketchattest.User{Username: "agent", Roles: []string{"livechat-agent"}})
	q := url.QueryEscape
	dateErr := func(p string) string {
		return `{"success":false,"error":"The \"` + p + `\" query parameter must be a valid date."}`
	}
	const cfErr = `{"success":false,"error":"The \"customFields\" query parameter must be a valid JSON."}`
	tests := []struct {
		name   string
		cred   rocketchattest.Credentials
		query  string
		status int
		body   string
	}{
		{"no credentials", rocketchattest.Credentials{}, "", 401,
			`{"success":false,"error":"You must be logged in to do this.","status":"error","message":"You must be logged in to do this."}`},
		{"validation before the permission", agent, "units[a]=x", 400,
			`{"success":false,"error":"must be array [invalid-params]","errorType":"invalid-params"}`},
		{"sort before the permission", agent, "sort=ts", 400, sortError("ts")},
		{"createdAt not JSON, before the permission", agent, "createdAt=" + q(`{"start":"2026-01-01"`), 400,
			`{"success":false,"error":"Expected ',' or '}' after property value in JSON at position 21 (line 1 column 22)"}`},
		{"createdAt.start", agent, "createdAt=" + q(`{"start":"yesterday"}`), 400, dateErr("createdAt.start")},
		{"createdAt.end", manager, "createdAt=" + q(`{"start":"2026-01-01","end":"soon"}`), 400, dateErr("createdAt.end")},
		{"createdAt before closedAt", manager, "closedAt=" + q(`{"start":"x"}`) + "&createdAt=" + q(`{"end":"y"}`), 400, dateErr("createdAt.end")},
		{"closedAt.start", manager, "closedAt=" + q(`{"start":{}}`), 400, dateErr("closedAt.start")},
		{"closedAt.end", manager, "closedAt=" + q(`{"end":"2026-02-30T25:00:00Z"}`), 400, dateErr("closedAt.end")},
		{"closedAt not JSON", manager, "closedAt=" + q(`abc`), 400,
			`{"success":false,"error":"Unexpected token 'a', \"abc\" is not valid JSON"}`},
		{"permission before the custom fields", agent, "customFields=" + q(`{`), 403, `{"success":false,"error":"unauthorized"}`},
		{"custom fields not JSON", manager, "customFields=" + q(`{`), 400, cfErr},
		{"custom fields an array", manager, "customFields=" + q(`["a"]`), 400, cfErr},
		{"custom fields null", manager, "customFields=null", 400, cfErr},
		{"custom fields a string", manager, "customFields=" + q(`"x"`), 400, cfErr},
		{"custom-field pattern", manager, "customFields=" + q(`{"a":"x","b":"(","c":"["}`), 400,
			`{"success":false,"error":"Invalid regular expression: /(/i: Unterminated group"}`},
		{"negative offset, after the rest", manager, "offset=-1", 400,
			`{"success":false,"error":"BSON field 'skip' value must be >= 0, actual value '-1'"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := getRooms(t, srv, tt.cred, tt.query)
			wantStatus(t, resp, tt.status)
			wantBody(t, body, tt.body)
		})
	}
	resp, body := getRooms(t, srv, manager, "customFields="+q(`{"a":"(?=x)"}`))
	wantStatus(t, resp, http.StatusBadRequest)
	if !strings.Contains(body, "rocketchattest: the fake server cannot run") {
		t.Errorf("a look-ahead: %s", body)
	}
}

// 8.x ignores query and fields: the rooms come whole and unfiltered.
func TestRoomsIgnoresQueryAndFields(t *testing.T) {
	srv, cred, _ := roomsServer(t)
	all := listRooms(t, srv, cred, "count=0")
	p := listRooms(t, srv, cred, "count=0&query="+url.QueryEscape(`{"t":"x"}`)+"&fields="+url.QueryEscape(`{"_id":1}`))
	if !slices.Equal(p.ids(), all.ids()) || p.Rooms[0].Visitor.ID == "" {
		t.Errorf("query and fields changed the answer")
	}
}

// Each route has its own window of the rate limiter.
func TestRoomsRateLimit(t *testing.T) {
	srv := rocketchattest.NewServer(t)
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	for range 10 {
		resp, _ := getRooms(t, srv, cred, "")
		wantStatus(t, resp, http.StatusOK)
	}
	resp, _ := getRooms(t, srv, cred, "")
	wantStatus(t, resp, http.StatusTooManyRequests)
	resp, _ = call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/livechat/x/messages", cred, "")
	if resp.StatusCode == http.StatusTooManyRequests || resp.Header.Get("X-RateLimit-Remaining") != "9" {
		t.Errorf("the messages route shares the rooms' window: %d %v", resp.StatusCode, resp.Header)
	}
}
