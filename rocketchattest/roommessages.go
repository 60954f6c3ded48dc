package rocketchattest

import (
	"regexp"
)

// RouteRoomMessages is the route of a livechat room's messages.
const RouteRoomMessages = "GET /api/v1/livechat/{rid}/messages"

// roomMessagesQuery is the route's schema, isLivechatRidMessagesProps.
var roomMessagesQuery = pagedQuery(queryProp{"searchTerm", stringParam().orNull()})

var roomMessagesRoutes = []*route{
	newRoute(RouteRoomMessages, (*Server).roomMessages,
		needsPermission(permViewLivechatRoom), withQuery(roomMessagesQuery, legacyQuery)),
}

// roomMessages serves the route as the handler does: paging and sort
// (error-invalid-sort), the room (invalid-room unless a livechat room),
// room access (not-allowed), then findLivechatClosedMessages: the messages
// without a type and the closing message, those containing searchTerm
// (escaped, ignoring case) when it is set, newest first by default. The
// answer's count is the page size asked for, not the page's length.
func (s *Server) roomMessages(c *call) *response {
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	search := searchPattern(c.query)
	s.mu.Lock()
	defer s.mu.Unlock()
	room, resp := s.readableRoomLocked(c, c.params["rid"], "not-allowed")
	if resp != nil {
		return resp
	}
	if c.plan.ignoreOffset {
		pr.skip = 0
	}
	var msgs []*storedMessage
	for _, m := range s.roomMessagesLocked(room.id) {
		if visibleMessage(m.doc, search) {
			msgs = append(msgs, m)
		}
	}
	return messagesPage(msgs, pr)
}

// searchPattern is the searchTerm condition, escaped and case-insensitive,
// or nil without one.
func searchPattern(q *jsObject) *regexp.Regexp {
	term, _ := q.vals["searchTerm"].(string)
	if term == "" {
		return nil
	}
	return regexp.MustCompile("(?i)" + regexp.QuoteMeta(term))
}

// visibleMessage is {$or: [{t: {$exists: false}}, {t: 'livechat-close'}],
// msg: /term/i}.
func visibleMessage(doc map[string]any, search *regexp.Regexp) bool {
	if t, ok := doc["t"]; ok && t != "livechat-close" {
		return false
	}
	return search == nil || regexpMatches(search, doc["msg"])
}

// messagesPage sorts the messages of a room given in natural order (newest
// first by default) and answers {messages, offset, count, total, success},
// count echoing the page size asked for.
func messagesPage(msgs []*storedMessage, pr pageRequest) *response {
	sortByKeys(msgs, func(m *storedMessage) map[string]any { return m.doc }, sortOrDefault(pr.sort, defaultSort))
	sh := pageShape{member: "messages", echoCount: true, offsetFirst: true}
	return sh.page(rawsOf(msgs, func(m *storedMessage) []byte { return m.raw }), pr)
}
