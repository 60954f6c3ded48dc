package rocketchattest

import (
	"net/http"
	"regexp"
	"slices"

	"github.com/rocketchat-go/rocketchat/models"
)

// Route names of the agent routes.
const (
	RouteAgentStatus = "POST /api/v1/livechat/agent.status"
	RouteUsers       = "GET /api/v1/livechat/users/{type}"
)

// agentStatusBody is isPOSTLivechatAgentStatusProps.
var agentStatusBody = objectBody(nil,
	prop("status", (&bodySchema{typ: "string", enum: []string{"available", "not-available"}}).orNull()),
	prop("agentId", strBody().orNull()),
)

// usersQuery is isLivechatUsersManagerGETProps.
var usersQuery = pagedQuery(
	queryProp{"text", stringParam().orNull()},
	queryProp{"onlyAvailable", booleanParam().orNull()},
	queryProp{"excludeId", stringParam().orNull()},
	queryProp{"showIdleAgents", booleanParam().orNull()},
	queryProp{"query", stringParam().orNull()},
	queryProp{"fields", stringParam().orNull()},
)

var agentRoutes = []*route{
	newRoute(RouteAgentStatus, (*Server).agentStatus,
		needsPermission(permViewLivechatRoom), withJSONBody(agentStatusBody, legacyQuery)),
	newRoute(RouteUsers, (*Server).listUsers, authRequired(), withQuery(usersQuery, legacyQuery)),
}

// agentStatus serves POST livechat/agent.status: the caller's own status,
// or another agent's for holders of manage-livechat-agents; no status
// toggles it. Business hours are not modelled: they are always open.
func (s *Server) agentStatus(c *call) *response {
	status, _ := c.bodyMap["status"].(string)
	agentID, _ := c.bodyMap["agentId"].(string)
	if agentID == "" {
		agentID = c.user.ID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.setAgentStatusLocked(c.user, agentID, models.AgentStatus(status))
}

// setAgentStatusLocked is the route's work: by caller, of agentID, to
// next ("" toggles). s.mu must be held.
func (s *Server) setAgentStatusLocked(caller *userEntry, agentID string, next models.AgentStatus) *response {
	u := s.users[agentID]
	if u == nil || !slices.Contains(u.Roles, roleAgent) {
		return jsonResponse(http.StatusNotFound, errorBody{Error: "Agent not found"})
	}
	if next == "" {
		next = models.AgentAvailable
		if u.StatusLivechat == models.AgentAvailable {
			next = models.AgentNotAvailable
		}
	}
	type answer struct {
		Status  models.AgentStatus `json:"status"`
		Success bool               `json:"success"`
	}
	if next == u.StatusLivechat {
		return jsonResponse(http.StatusOK, answer{u.StatusLivechat, true})
	}
	if agentID != caller.ID && !s.hasPermissionLocked(caller, permManageAgents) {
		return unauthorized()
	}
	u.StatusLivechat = next
	return jsonResponse(http.StatusOK, answer{next, true})
}

// listUsers serves GET livechat/users/{type}: agents for holders of
// transfer-livechat-guest or edit-omnichannel-contact, managers for holders
// of view-livechat-manager; filtered by text (user name, name or e-mail
// address), onlyAvailable, excludeId and showIdleAgents=false; sorted by
// name unless the request sorts them.
func (s *Server) listUsers(c *call) *response {
	var role string
	switch c.params["type"] {
	case "agent":
		role = roleAgent
		if !s.hasPermission(c.user, permTransferGuest) && !s.hasPermission(c.user, permEditContact) {
			return unauthorized()
		}
	case "manager":
		role = roleManager
		if !s.hasPermission(c.user, permViewLivechatManager) {
			return unauthorized()
		}
	default:
		return failure("Invalid type", "", nil)
	}
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	match := s.userFilter(c.query, role == roleAgent)
	s.mu.Lock()
	defer s.mu.Unlock()
	var docs []*storedDoc
	for _, u := range s.usersInOrderLocked() {
		if slices.Contains(u.Roles, role) && match(u) {
			if d, err := encodeDoc(s.agentDocLocked(u)); err == nil {
				docs = append(docs, d)
			}
		}
	}
	return docsPage(pageShape{member: "users"}, docs, pr, []sortKey{{field: "name", dir: 1}}, nil)
}

// userFilter is findUsers' query; onlyAvailable and showIdleAgents apply
// to agents only.
func (s *Server) userFilter(q *jsObject, agents bool) func(*userEntry) bool {
	var re *regexp.Regexp
	if t, _ := q.vals["text"].(string); t != "" {
		re = regexp.MustCompile("(?i)" + regexp.QuoteMeta(t))
	}
	onlyAvailable := agents && q.vals["onlyAvailable"] == true
	hideIdle := agents && q.vals["showIdleAgents"] == false
	exclude, _ := q.vals["excludeId"].(string)
	return func(u *userEntry) bool {
		switch {
		case re != nil && !re.MatchString(u.Username) && !re.MatchString(u.Name) && !re.MatchString(u.Email),
			onlyAvailable && u.StatusLivechat != models.AgentAvailable,
			exclude != "" && u.ID == exclude,
			hideIdle && u.Status == models.UserStatusOffline && !slices.Contains(u.Roles, roleBot):
			return false
		}
		return true
	}
}

// agentDocLocked is a user as findAgentsWithDepartments projects it.
func (s *Server) agentDocLocked(u *userEntry) *models.Agent {
	a := &models.Agent{ID: u.ID, Username: u.Username, Name: u.Name, Status: u.Status, StatusLivechat: u.StatusLivechat,
		Departments: s.agentDepartmentsLocked(u.ID, false)}
	if a.Departments == nil {
		a.Departments = []string{}
	}
	if u.Email != "" {
		a.Emails = []models.Email{{Address: u.Email, Verified: true}}
	}
	return a
}
