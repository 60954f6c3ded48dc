package rocketchattest

import (
	"maps"
	"regexp"
	"strings"
)

// searchChatsFields is the route's projection of a room, before the closing
// message it adds.
var searchChatsFields = only("fname", "ts", "v", "msgs", "servedBy", "closedAt", "closedBy", "closer", "tags")

// chatResult is one result of a search of chats: a projected room, with one
// of its closing messages.
type chatResult struct {
	raw []byte
	doc map[string]any // the room's document with closingMessage, for sorting
}

// searchChats serves livechat/visitors.searchChats as searchChats and
// findRoomsByVisitorIdAndMessageWithCriteria do: paging and sort first,
// then the room gate (invalid-room, error-not-allowed), then the
// aggregation over the visitor's rooms: the filters, every message looked
// up, one result per closing message ($unwind keeping rooms without one),
// sort, $skip and $limit.
func (s *Server) searchChats(c *call) *response {
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, resp := s.readableRoomLocked(c, c.params["roomId"], "error-not-allowed"); resp != nil {
		return resp
	}
	keep := chatFilter(c.query)
	text, _ := c.query.vals["searchText"].(string)
	var results []chatResult
	for _, r := range s.rooms.visitorHistory(c.params["visitorId"]) {
		msgs := s.roomMessagesLocked(r.id)
		if !keep(r.doc) || (text != "" && !anyMessageContains(msgs, text)) {
			continue
		}
		results = append(results, chatResults(r, msgs)...)
	}
	sortByKeys(results, func(r chatResult) map[string]any { return r.doc }, sortOrDefault(pr.sort, defaultSort))
	raws := make([][]byte, len(results))
	for i, r := range results {
		raws[i] = r.raw
	}
	return pageShape{member: "history", aggregate: true}.page(raws, pr)
}

// chatFilter is the aggregation's $match on the room: closed only and
// served only when the flag is exactly "true", and a source whose type or
// alias contains the source parameter (case-insensitive).
func chatFilter(q *jsObject) func(map[string]any) bool {
	closed := q.vals["closedChatsOnly"] == "true"
	served := q.vals["servedChatsOnly"] == "true"
	source, _ := q.vals["source"].(string)
	re := regexp.MustCompile("(?i)" + regexp.QuoteMeta(source))
	return func(doc map[string]any) bool {
		if _, ok := doc["closedAt"]; closed && !ok {
			return false
		}
		if _, ok := doc["servedBy"]; served && !ok {
			return false
		}
		return source == "" || matchString(re, lookup(doc, "source.type")) || matchString(re, lookup(doc, "source.alias"))
	}
}

// anyMessageContains is {'messages.msg': {$regex: '.*<escaped text>.*'}}:
// a message whose text contains text, case-sensitively.
func anyMessageContains(msgs []*storedMessage, text string) bool {
	for _, m := range msgs {
		if msg, ok := m.doc["msg"].(string); ok && strings.Contains(msg, text) {
			return true
		}
	}
	return false
}

// chatResults projects a room, once per closing message, or once without.
func chatResults(r *storedRoom, msgs []*storedMessage) []chatResult {
	var out []chatResult
	for _, m := range msgs {
		if m.doc["t"] != "livechat-close" {
			continue
		}
		doc := maps.Clone(r.doc)
		doc["closingMessage"] = m.doc
		out = append(out, chatResult{raw: project(r.raw, searchChatsFields, projected{"closingMessage", []byte(m.raw)}), doc: doc})
	}
	if len(out) == 0 {
		out = append(out, chatResult{raw: project(r.raw, searchChatsFields), doc: r.doc})
	}
	return out
}
