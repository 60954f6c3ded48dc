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

// Default sorts of the inquiry lists: inquiries.list's, and
// getOmniChatSortQuery's for the Timestamp sorting mechanism, which
// queuedForUser lays over the request's.
var (
	inquiriesSort = []sortKey{{field: "ts", dir: -1}}
	queueSort     = []sortKey{{field: "queuedAt", dir: 1}, {field: "ts", dir: 1}, {field: "_updatedAt", dir: -1}}
)

// encodeInquiries encodes inquiries as documents, for sorting and paging.
func encodeInquiries(inqs []*models.Inquiry) []*storedDoc {
	out := make([]*storedDoc, 0, len(inqs))
	for _, inq := range inqs {
		if d, err := encodeDoc(inq); err == nil {
			out = append(out, d)
		}
	}
	return out
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
// given by id or name (an unknown one is ignored), newest first unless
// sorted, projected.
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
	brief := func(d *storedDoc) []byte { return project(d.raw, only("rid", "name", "ts", "status", "department")) }
	return docsPage(pageShape{member: "inquiries", offsetFirst: true}, encodeInquiries(all), pr, inquiriesSort, brief)
}

// queuedForUser serves findInquiries: the queued inquiries meant for the
// caller, or for nobody and of one of the caller's enabled departments or
// of none; a department filter must be one of the caller's. Sorted by the
// request's keys with the Timestamp sorting mechanism's laid over them
// (queuedAt, ts ascending, _updatedAt descending).
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
	// {...sort, ...default}: a number or true spreads to nothing, so
	// MongoDB never sees it.
	pr.sort, pr.sortErr = overlaySort(pr.sort, queueSort), ""
	return docsPage(pageShape{member: "inquiries"}, encodeInquiries(all), pr, nil, nil)
}

// overlaySort is {...keys, ...over}: the request's keys in their order,
// those over names too taking its direction, then over's other keys.
func overlaySort(keys, over []sortKey) []sortKey {
	out := slices.Clone(keys)
	for _, k := range over {
		if i := slices.IndexFunc(out, func(o sortKey) bool { return o.field == k.field }); i >= 0 {
			out[i].dir = k.dir
		} else {
			out = append(out, k)
		}
	}
	return out
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if userID != "" && s.users[userID] == nil {
		return failure("The user is invalid", "", nil)
	}
	if userID == "" {
		userID = c.user.ID
	}
	if resp := s.takeInquiryLocked(userID, inquiryID, nowMillis(c.now)); resp != nil {
		return resp
	}
	return jsonResponse(http.StatusOK, errorBody{Success: true})
}

// takeInquiryLocked is takeInquiry's checks, in order, then the take. A
// closed room, or one the agent already serves, is a silent success. The
// agent lock and the simultaneous-chat limits, which options.clientAction
// affects, are not modelled.
func (s *Server) takeInquiryLocked(userID, inquiryID string, now time.Time) *response {
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
	s.takeLocked(inq, agent, now)
	return nil
}
