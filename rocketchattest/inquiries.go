package rocketchattest

import (
	"net/http"
	"slices"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// Route names of the inquiry routes.
const (
	RouteInquiriesList   = "GET /api/v1/livechat/inquiries.list"
	RouteInquiriesQueued = "GET /api/v1/livechat/inquiries.queuedForUser"
	RouteInquiryGet      = "GET /api/v1/livechat/inquiries.getOne"
	RouteInquiryTake     = "POST /api/v1/livechat/inquiries.take"
)

// inquiriesQuery is isGETLivechatInquiriesListParams and
// isGETLivechatInquiriesQueuedForUserParams.
var inquiriesQuery = pagedQuery(queryProp{"department", stringParam().orNull()})

// inquiryGetQuery is isGETLivechatInquiriesGetOneParams.
var inquiryGetQuery = &querySchema{props: []queryProp{{"roomId", stringParam()}}, required: []string{"roomId"}}

// takeBody is isPOSTLivechatInquiriesTakeParams.
var takeBody = objectBody([]string{"inquiryId"},
	prop("inquiryId", strBody()),
	prop("userId", strBody().orNull()),
	prop("options", objectBody([]string{"clientAction"},
		prop("clientAction", boolBody()),
		prop("forwardingToDepartment", objectBody([]string{"oldDepartmentId", "transferData"},
			prop("oldDepartmentId", strBody()),
			prop("transferData", &bodySchema{typ: "object"}),
		).orNull()),
	).orNull()),
)

var inquiryRoutes = []*route{
	newRoute(RouteInquiriesList, (*Server).listInquiries,
		needsPermission(permViewLivechatManager), withQuery(inquiriesQuery, legacyQuery)),
	newRoute(RouteInquiriesQueued, (*Server).queuedForUser,
		needsPermission(permViewLivechatRoom), withQuery(inquiriesQuery, legacyQuery)),
	newRoute(RouteInquiryGet, (*Server).getInquiry,
		needsPermission(permViewLivechatRoom), withQuery(inquiryGetQuery, legacyQuery)),
	newRoute(RouteInquiryTake, (*Server).takeInquiry,
		needsPermission(permViewLivechatRoom), withJSONBody(takeBody, legacyQuery)),
}

// inquiryBrief is the projection of inquiries.list.
type inquiryBrief struct {
	ID         string    `json:"_id"`
	RoomID     string    `json:"rid"`
	Name       string    `json:"name"`
	Timestamp  time.Time `json:"ts"`
	Status     string    `json:"status"`
	Department string    `json:"department,omitempty"`
}

type inquiriesPage[T any] struct {
	Inquiries []T     `json:"inquiries"`
	Offset    float64 `json:"offset"`
	Count     int     `json:"count"`
	Total     int     `json:"total"`
	Success   bool    `json:"success"`
}

// queuedLocked returns the queued inquiries, oldest first.
func (s *Server) queuedLocked(keep func(*models.Inquiry) bool) []*models.Inquiry {
	var out []*models.Inquiry
	for _, inq := range s.omni.inquiries {
		if inq.Status == models.InquiryQueued && keep(inq) {
			out = append(out, inq)
		}
	}
	slices.SortFunc(out, func(a, b *models.Inquiry) int {
		if c := a.Timestamp.Compare(b.Timestamp); c != 0 {
			return c
		}
		return cmpStrings(a.ID, b.ID)
	})
	return out
}

// listInquiries serves inquiries.list: the queued inquiries, of a department
// given by id or name (an unknown one is ignored), newest first, projected.
// A sort parameter is checked but the order stays the default.
func (s *Server) listInquiries(c *call) *response {
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	dept := ""
	if name, _ := c.query.vals["department"].(string); name != "" {
		if d := s.departmentByIDOrNameLocked(name); d != nil {
			dept = d.ID
		}
	}
	all := s.queuedLocked(func(inq *models.Inquiry) bool { return dept == "" || inq.Department == dept })
	slices.Reverse(all)
	if msg := pr.queryError(); msg != "" {
		return failure(msg, "", nil)
	}
	from, to := mongoWindow(len(all), pr.skip, pr.limit)
	page := make([]inquiryBrief, 0, to-from)
	for _, inq := range all[from:to] {
		page = append(page, inquiryBrief{inq.ID, inq.RoomID, inq.Name, inq.Timestamp, string(inq.Status), inq.Department})
	}
	return jsonResponse(http.StatusOK, inquiriesPage[inquiryBrief]{Inquiries: page, Offset: pr.offset, Count: len(page), Total: len(all), Success: true})
}

// queuedForUser serves findInquiries: the queued inquiries meant for the
// caller, or for nobody and of one of the caller's enabled departments or
// of none; a department filter must be one of the caller's. Oldest first
// (the Timestamp sorting mechanism).
func (s *Server) queuedForUser(c *call) *response {
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	mine := s.agentDepartmentsLocked(c.user.ID, true)
	filter, _ := c.query.vals["department"].(string)
	if filter != "" && len(mine) > 0 {
		if !slices.Contains(mine, filter) {
			return failure("error-not-authorized", "", nil)
		}
		mine = []string{filter}
	}
	all := s.queuedLocked(func(inq *models.Inquiry) bool {
		if inq.DefaultAgent != nil {
			return inq.DefaultAgent.AgentID == c.user.ID
		}
		return inq.Department == "" || slices.Contains(mine, inq.Department)
	})
	if msg := pr.queryError(); msg != "" {
		return failure(msg, "", nil)
	}
	from, to := mongoWindow(len(all), pr.skip, pr.limit)
	return jsonResponse(http.StatusOK, inquiriesPage[*models.Inquiry]{Inquiries: all[from:to], Offset: pr.offset, Count: to - from, Total: len(all), Success: true})
}

// getInquiry serves inquiries.getOne: the room's inquiry, or null.
func (s *Server) getInquiry(c *call) *response {
	rid, _ := c.query.vals["roomId"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	return jsonResponse(http.StatusOK, struct {
		Inquiry *models.Inquiry `json:"inquiry"`
		Success bool            `json:"success"`
	}{s.omni.inquiries[rid], true})
}

// takeInquiry serves inquiries.take for the caller or the user of userId.
func (s *Server) takeInquiry(c *call) *response {
	userID, _ := c.bodyMap["userId"].(string)
	inquiryID, _ := c.bodyMap["inquiryId"].(string)
	clientAction := false
	if opts, ok := c.bodyMap["options"].(map[string]any); ok {
		clientAction, _ = opts["clientAction"].(bool)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if userID != "" && s.users[userID] == nil {
		return failure("The user is invalid", "", nil)
	}
	if userID == "" {
		userID = c.user.ID
	}
	if resp := s.takeInquiryLocked(userID, inquiryID, clientAction, nowMillis(c.now)); resp != nil {
		return resp
	}
	return jsonResponse(http.StatusOK, errorBody{Success: true})
}

// takeInquiryLocked is takeInquiry's checks, in order, then the take. A
// closed room, or one the agent already serves, is a silent success.
func (s *Server) takeInquiryLocked(userID, inquiryID string, clientAction bool, now time.Time) *response {
	var inq *models.Inquiry
	for _, q := range s.omni.inquiries {
		if q.ID == inquiryID {
			inq = q
		}
	}
	details := map[string]string{"method": "livechat:takeInquiry"}
	switch {
	case inq == nil:
		return meteorFailure("error-not-found", "Inquiry not found", details)
	case inq.Status == models.InquiryTaken:
		return meteorFailure("error-inquiry-taken", "Inquiry already taken", details)
	}
	agent := s.users[userID]
	if !s.isOnlineAgentLocked(agent) {
		return meteorFailure("error-agent-status-service-offline", "Agent status is offline or Omnichannel service is not active", details)
	}
	r := s.loadRoomLocked(inq.RoomID)
	if r == nil {
		return meteorFailure("error-mac-limit-reached", "", nil)
	}
	if !r.Open || r.ServedBy.ID == agent.ID {
		return nil
	}
	_ = clientAction // the agent lock and simultaneous-chat limits are not modelled
	s.takeLocked(inq, agent, now)
	return nil
}
