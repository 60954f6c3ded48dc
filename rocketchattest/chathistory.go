package rocketchattest

// RouteChatHistory is the route of a visitor's conversations.
const RouteChatHistory = "GET /api/v1/livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}"

// chatHistoryQuery is the route's schema,
// isGETLivechatVisitorsChatHistoryRoomRoomIdVisitorVisitorIdParams.
var chatHistoryQuery = pagedQuery()

var chatHistoryRoutes = []*route{
	newRoute(RouteChatHistory, (*Server).chatHistory,
		needsPermission(permViewLivechatRoom), withQuery(chatHistoryQuery, legacyQuery)),
}

// chatHistory serves the route as findChatHistory does: paging and sort are
// read first (error-invalid-sort), then the room gate (invalid-room for
// anything but a livechat room, error-not-allowed), then the query runs
// (MongoDB's refusals of the sort, skip or limit).
func (s *Server) chatHistory(c *call) *response {
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, resp := s.readableRoomLocked(c, c.params["roomId"], "error-not-allowed"); resp != nil {
		return resp
	}
	if c.plan.ignoreOffset {
		pr.skip = 0
	}
	return historyPage(s.rooms.visitorHistory(c.params["visitorId"]), pr)
}

func (s *Server) pageConfig() pageConfig {
	return pageConfig{defaultCount: s.cfg.defaultCount, upperCount: s.cfg.upperCount, infiniteCount: s.cfg.infiniteCount,
		jsonParams: s.version.major < 8}
}

// historyPage sorts the visitor's rooms (newest first by default) and
// answers the page: count is the page's length, total ignores skip and
// limit, offset is getPaginationItems' (the requested one, even when a
// fault made the server ignore it).
func historyPage(rooms []*storedRoom, pr pageRequest) *response {
	sortRooms(rooms, sortOrDefault(pr.sort, defaultSort))
	return pageShape{member: "history"}.page(rawsOf(rooms, func(r *storedRoom) []byte { return r.raw }), pr)
}
