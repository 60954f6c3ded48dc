package rocketchattest

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
)

// chatHistory serves GET livechat/visitors.chatHistory/room/:roomId/visitor/:visitorId.
func (s *Server) chatHistory(c *call) *response {
	pr, resp := parsePageQuery(c.r.URL.RawQuery, s.pageConfig())
	if resp != nil {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	gate := s.rooms.get(c.params["roomId"])
	if gate == nil {
		return failure("invalid-room", "", nil)
	}
	if !canAccess(c.user, gate) {
		return failure("error-not-allowed", "", nil)
	}
	skip := pr.offset
	if c.plan.ignoreOffset {
		skip = 0
	}
	return historyPage(s.rooms.visitorHistory(c.params["visitorId"]), pr, skip)
}

func (s *Server) pageConfig() pageConfig {
	return pageConfig{defaultCount: s.cfg.defaultCount, upperCount: s.cfg.upperCount, infiniteCount: s.cfg.infiniteCount}
}

// canAccess is the fake's room access rule: admins, managers and monitors
// see every room; others the rooms they serve or of their departments.
func canAccess(u *userEntry, room *storedRoom) bool {
	if u.hasAnyRole(wideAccessRoles) {
		return true
	}
	if id, _ := lookup(room.doc, "servedBy._id").(string); id != "" && id == u.ID {
		return true
	}
	dep, _ := room.doc["departmentId"].(string)
	return dep != "" && slices.Contains(u.Departments, dep)
}

// historyPage sorts the visitor's rooms, applies skip and limit as MongoDB
// does and writes the envelope: count is the page's length, total ignores
// skip and limit, offset is the one the request asked for.
func historyPage(rooms []*storedRoom, pr pageRequest, skip int) *response {
	if skip < 0 {
		return failure("BSON field 'skip' value must be >= 0, actual value '"+strconv.Itoa(skip)+"'", "", nil)
	}
	keys := pr.sort
	if keys == nil {
		keys = defaultSort
	}
	sortRooms(rooms, keys)
	total := len(rooms)
	page := rooms[min(skip, total):]
	if limit := abs(pr.limit); limit > 0 && limit < len(page) {
		page = page[:limit]
	}
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
	b.WriteString(strconv.Itoa(pr.offset))
	b.WriteString(`,"total":`)
	b.WriteString(strconv.Itoa(total))
	b.WriteString(`,"success":true}`)
	return rawJSONResponse(http.StatusOK, b.Bytes())
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
