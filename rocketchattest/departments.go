package rocketchattest

import (
	"net/http"
	"regexp"
	"slices"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// Route names of the department routes.
const (
	RouteDepartments      = "GET /api/v1/livechat/department"
	RouteDepartment       = "GET /api/v1/livechat/department/{_id}"
	RouteAgentDepartments = "GET /api/v1/livechat/agents/{agentId}/departments"
)

// departmentsQuery is isGETLivechatDepartmentProps.
var departmentsQuery = pagedQuery(
	queryProp{"text", stringParam().orNull()},
	queryProp{"onlyMyDepartments", stringParam().oneOfValues("true", "false").orNull()},
	queryProp{"enabled", stringParam().orNull()},
	queryProp{"excludeDepartmentId", stringParam().orNull()},
	queryProp{"showArchived", stringParam().orNull()},
	queryProp{"query", stringParam().orNull()},
)

// agentDepartmentsQuery is isGETLivechatAgentsAgentIdDepartmentsParams.
var agentDepartmentsQuery = &querySchema{props: []queryProp{{"enabledDepartmentsOnly", stringParam().orNull()}}}

var departmentRoutes = []*route{
	newRoute(RouteDepartments, (*Server).listDepartments,
		needsAnyPermission(permViewDepartments, permViewLivechatRoom), withQuery(departmentsQuery, legacyQuery)),
	// No validator is attached to this route: any query passes.
	newRoute(RouteDepartment, (*Server).getDepartment, needsAnyPermission(permViewDepartments, permViewLivechatRoom)),
	newRoute(RouteAgentDepartments, (*Server).agentDepartments,
		needsPermission(permViewLivechatRoom), withQuery(agentDepartmentsQuery, typedQuery)),
}

// Department is a department to seed with [Server.AddDepartment].
type Department struct {
	// ID is the department's id; a Meteor-style id is generated when empty.
	ID string
	// Name is required and unique.
	Name string
	// Disabled makes the department take no conversations.
	Disabled bool
	// Agents are the user ids of the department's agents.
	Agents []string
	// ChatClosingTags are added to every room of the department that
	// closes; with RequestTagBeforeClosingChat, closing a room needs a tag.
	ChatClosingTags             []string
	RequestTagBeforeClosingChat bool
	// FallbackForwardDepartment is the id of the department that takes the
	// conversations forwarded here when none of this one's agents can take
	// them (Enterprise; the fake serves it as licensed). It must name a
	// department added before, not this one, as the server's
	// saveDepartment requires.
	FallbackForwardDepartment string
	// AllowReceiveForwardOffline lets conversations be forwarded to the
	// department while none of its agents is online.
	AllowReceiveForwardOffline bool
}

// defaultDepartmentNames are the names of the departments generated
// conversations belong to by default.
var defaultDepartmentNames = map[string]string{
	"deptSupport00001A": "Support",
	"deptBilling00002B": "Billing",
}

// AddDepartment stores a department with its agents and returns it as the
// server serves it. Its agents, with the users added later with it in
// [User.Departments], are its agents for the routing, the room access rules
// of departments and the department routes alike, and the rooms list
// (livechat/rooms) adds {_id, name} of the department to each of its rooms.
// A department without a name, with a taken name or id, with an unknown
// agent or a bad fallback fails the test ([NewServer]) or panics
// ([Start]). [Server.GenerateHistory] adds the default departments of
// generated rooms itself (Support and Billing, without agents).
func (s *Server) AddDepartment(d Department) models.Department {
	if s.tb != nil {
		s.tb.Helper()
	}
	s.mu.Lock()
	dep, msg := s.addDepartmentLocked(d)
	s.mu.Unlock()
	if msg != "" {
		s.fail("AddDepartment: %s", msg)
	}
	return dep
}

// addDepartmentLocked is AddDepartment under the lock, so that two
// departments of one name cannot both pass the check; it returns the
// mistake to report, which must happen without the lock.
func (s *Server) addDepartmentLocked(d Department) (models.Department, string) {
	if msg := s.checkDepartmentLocked(d); msg != "" {
		return models.Department{}, msg
	}
	now := nowMillis(time.Now())
	if d.ID == "" {
		d.ID = s.newIDLocked()
	}
	dep := &models.Department{
		ID: d.ID, Name: d.Name, Enabled: !d.Disabled, ShowOnRegistration: true, ShowOnOfflineForm: true,
		ChatClosingTags: slices.Clone(d.ChatClosingTags), RequestTagBeforeClosingChat: d.RequestTagBeforeClosingChat,
		FallbackForwardDepartment: d.FallbackForwardDepartment, AllowReceiveForwardOffline: d.AllowReceiveForwardOffline,
		Type: "d", UpdatedAt: now,
	}
	s.omni.departments[dep.ID] = dep
	s.omni.deptOrder = append(s.omni.deptOrder, dep.ID)
	for _, uid := range d.Agents {
		s.addDepartmentAgentLocked(dep, s.users[uid], now)
	}
	return *dep, ""
}

// addDepartmentAgentLocked makes a user an agent of a department (a
// livechat_department_agents link), unless it is one already. The links
// are the one record of who belongs where: routing, the room access rules
// and the department routes all read them. s.mu must be held.
func (s *Server) addDepartmentAgentLocked(dep *models.Department, u *userEntry, now time.Time) {
	links := s.omni.deptAgents[dep.ID]
	if slices.ContainsFunc(links, func(a *models.DepartmentAgent) bool { return a.AgentID == u.ID }) {
		return
	}
	s.omni.deptAgents[dep.ID] = append(links, &models.DepartmentAgent{
		ID: s.newIDLocked(), AgentID: u.ID, DepartmentID: dep.ID, DepartmentEnabled: dep.Enabled,
		Username: u.Username, Order: len(links), UpdatedAt: now,
	})
	dep.NumAgents = len(s.omni.deptAgents[dep.ID])
}

// RemoveDepartment forgets a department, as deleting it does: its agents
// are no longer its agents, and rooms lose it (their departmentId goes).
// Departments whose fallback it was keep naming it, as on a real 8.x
// server (whose clean-up looks for a member departments do not have): a
// forward that needs that fallback fails with error-forwarding-chat.
func (s *Server) RemoveDepartment(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.omni.departments, id)
	delete(s.omni.deptAgents, id)
	s.omni.deptOrder = slices.DeleteFunc(s.omni.deptOrder, func(d string) bool { return d == id })
	var rids []string
	for rid, st := range s.rooms.byID {
		if st.doc["departmentId"] == id {
			rids = append(rids, rid)
		}
	}
	for _, rid := range rids { // bulkRemoveDepartmentAndUnitsFromRooms
		if r := s.loadRoomLocked(rid); r != nil {
			r.DepartmentID = ""
			s.saveRoomLocked(r)
		}
	}
}

// checkDepartmentLocked returns what makes a department unfit to add, or
// "". s.mu must be held.
func (s *Server) checkDepartmentLocked(d Department) string {
	switch {
	case d.Name == "":
		return "a department needs a Name"
	case s.omni.departments[d.ID] != nil || s.departmentByIDOrNameLocked(d.Name) != nil:
		return "department " + d.Name + " already exists"
	}
	for _, uid := range d.Agents {
		if s.users[uid] == nil {
			return "no user " + uid + " to be an agent of " + d.Name
		}
	}
	switch fb := d.FallbackForwardDepartment; {
	case fb != "" && fb == d.ID:
		return "department " + d.Name + " cannot be its own fallback (error-fallback-department-circular)"
	case fb != "" && s.omni.departments[fb] == nil:
		return "fallback department " + fb + " of " + d.Name + " not found (error-fallback-department-not-found)"
	}
	return ""
}

// departmentByIDOrNameLocked is LivechatDepartment.findOneByIdOrName.
func (s *Server) departmentByIDOrNameLocked(idOrName string) *models.Department {
	if d := s.omni.departments[idOrName]; d != nil {
		return d
	}
	for _, id := range s.omni.deptOrder {
		if d := s.omni.departments[id]; d.Name == idOrName {
			return d
		}
	}
	return nil
}

// agentDepartmentsLocked returns the ids of an agent's departments, only
// the enabled ones when enabledOnly.
func (s *Server) agentDepartmentsLocked(agentID string, enabledOnly bool) []string {
	var out []string
	for _, id := range s.omni.deptOrder {
		if enabledOnly && !s.omni.departments[id].Enabled {
			continue
		}
		if slices.ContainsFunc(s.omni.deptAgents[id], func(a *models.DepartmentAgent) bool { return a.AgentID == agentID }) {
			out = append(out, id)
		}
	}
	return out
}

// listDepartments serves findDepartments: departments (not units), archived
// ones only with showArchived, enabled ones only with enabled=true, by
// name, sorted by name unless the request sorts them.
func (s *Server) listDepartments(c *call) *response {
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	str := func(k string) string { v, _ := c.query.vals[k].(string); return v }
	var re *regexp.Regexp
	if t := str("text"); t != "" {
		re = regexp.MustCompile("(?i)" + regexp.QuoteMeta(t))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []*models.Department
	for _, id := range s.omni.deptOrder {
		d := s.omni.departments[id]
		switch {
		case d.Archived && str("showArchived") != "true",
			str("enabled") == "true" && !d.Enabled,
			re != nil && !re.MatchString(d.Name),
			d.ID == str("excludeDepartmentId"):
			continue
		}
		all = append(all, d)
	}
	docs := make([]*storedDoc, 0, len(all))
	for _, d := range all {
		if doc, err := encodeDoc(d); err == nil {
			docs = append(docs, doc)
		}
	}
	return docsPage(pageShape{member: "departments"}, docs, pr, []sortKey{{field: "name", dir: 1}}, nil)
}

type departmentAnswer struct {
	Department *models.Department        `json:"department"`
	Agents     []*models.DepartmentAgent `json:"agents,omitempty"`
	Success    bool                      `json:"success"`
}

// getDepartment serves findDepartmentById: null for an unknown id (no
// 404), and the agents unless includeAgents is given as anything but
// "true", to callers holding view-livechat-departments only.
func (s *Server) getDepartment(c *call) *response {
	include := true
	if v, ok := c.query.vals["includeAgents"]; ok {
		include = v == "true"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.omni.departments[c.params["_id"]]
	out := departmentAnswer{Department: d, Success: true}
	if d != nil && include && s.hasPermissionLocked(c.user, permViewDepartments) {
		out.Agents = append([]*models.DepartmentAgent{}, s.omni.deptAgents[d.ID]...)
	}
	return jsonResponse(http.StatusOK, out)
}

// agentDepartments serves findAgentDepartments: the agent's links, with the
// department's name, only enabled departments when enabledDepartmentsOnly
// is "true". Any agent's list is open to any caller.
func (s *Server) agentDepartments(c *call) *response {
	onlyEnabled := c.query.vals["enabledDepartmentsOnly"] == "true"
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []models.DepartmentAgent{}
	for _, id := range s.agentDepartmentsLocked(c.params["agentId"], onlyEnabled) {
		for _, a := range s.omni.deptAgents[id] {
			if a.AgentID == c.params["agentId"] {
				link := *a
				link.DepartmentName = s.omni.departments[id].Name
				out = append(out, link)
			}
		}
	}
	return jsonResponse(http.StatusOK, struct {
		Departments []models.DepartmentAgent `json:"departments"`
		Success     bool                     `json:"success"`
	}{out, true})
}

func cmpStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
