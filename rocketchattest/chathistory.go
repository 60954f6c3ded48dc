package rocketchattest

import (
	"bytes"
	"net/http"
	"strconv"
)

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
	gate := s.rooms.get(c.params["roomId"])
	if gate == nil || gate.doc["t"] != "l" {
		return failure("invalid-room", "", nil)
	}
	if !s.canAccessRoomLocked(c.user, gate) {
		return failure("error-not-allowed", "", nil)
	}
	if c.plan.ignoreOffset {
		pr.skip = 0
	}
	return historyPage(s.rooms.visitorHistory(c.params["visitorId"]), pr)
}

func (s *Server) pageConfig() pageConfig {
	return pageConfig{defaultCount: s.cfg.defaultCount, upperCount: s.cfg.upperCount, infiniteCount: s.cfg.infiniteCount}
}

// historyPage sorts the visitor's rooms, applies skip and limit as MongoDB
// does and writes the envelope: count is the page's length, total ignores
// skip and limit, offset is getPaginationItems' (the requested one, even when
// a fault made the server ignore it).
func historyPage(rooms []*storedRoom, pr pageRequest) *response {
	if msg := pr.queryError(); msg != "" {
		return failure(msg, "", nil)
	}
	keys := pr.sort
	if keys == nil {
		keys = defaultSort
	}
	sortRooms(rooms, keys)
	from, to := mongoWindow(len(rooms), pr.skip, pr.limit)
	page := rooms[from:to]
	var b bytes.Buffer
	b.WriteString(`{"history":[`)
	for i, r := range page {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(r.raw)
	}
	b.WriteString(`],"count":`)
	b.WriteString(strconv.Itoa(len(page)))
	b.WriteString(`,"offset":`)
	b.WriteString(jsonNumber(pr.offset))
	b.WriteString(`,"total":`)
	b.WriteString(strconv.Itoa(len(rooms)))
	b.WriteString(`,"success":true}`)
	return rawJSONResponse(http.StatusOK, b.Bytes())
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
