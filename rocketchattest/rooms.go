package rocketchattest

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
)

// RouteRooms is the route of the list of livechat rooms.
const RouteRooms = "GET /api/v1/livechat/rooms"

// roomsQuery is the route's schema, isGETLivechatRoomsParams.
var roomsQuery = pagedQuery(
	queryProp{"query", stringParam().orNull()},
	queryProp{"fields", stringParam().orNull()},
	queryProp{"createdAt", stringParam().orNull()},
	queryProp{"customFields", stringParam().orNull()},
	queryProp{"closedAt", stringParam().orNull()},
	queryProp{"agents", arrayParam(stringParam()).orNull()},
	queryProp{"roomName", stringParam().orNull()},
	queryProp{"departmentId", anyOfParam(stringParam(), arrayParam(stringParam()))},
	queryProp{"open", anyOfParam(stringParam().orNull(), booleanParam().orNull())},
	queryProp{"onhold", anyOfParam(stringParam().orNull(), booleanParam().orNull())},
	queryProp{"queued", anyOfParam(stringParam().orNull(), booleanParam().orNull())},
	queryProp{"tags", arrayParam(stringParam()).orNull()},
	queryProp{"units", arrayParam(stringParam())},
)

// The route has no permissionsRequired: its handler checks the caller.
var roomsRoutes = []*route{
	newRoute(RouteRooms, (*Server).roomsList, authRequired(), withQuery(roomsQuery, legacyQuery)),
}

// roomsList serves the route in the handler's order: paging and sort
// (error-invalid-sort), the date ranges (V8's JSON.parse SyntaxError, then
// 'The "createdAt.start" query parameter must be a valid date.'), the
// caller's permission (403 unauthorized), the custom fields, the
// custom-field patterns (V8's RegExp SyntaxError), then the query
// (MongoDB's refusals of the sort, skip or limit). The query and fields
// parameters are ignored, as 8.x does.
func (s *Server) roomsList(c *call) *response {
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	created, closed, resp := parseRoomDates(c.query)
	if resp != nil {
		return resp
	}
	if !s.mayListRooms(c.user, queryStrings(c.query.vals["agents"])) {
		return jsonResponse(http.StatusForbidden, errorBody{Error: "unauthorized"})
	}
	custom, resp := parseCustomFields(c.query)
	if resp != nil {
		return resp
	}
	f, resp := newRoomFilter(c.query, created, closed, custom)
	if resp != nil {
		return resp
	}
	if c.plan.ignoreOffset {
		pr.skip = 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var rooms []*storedRoom
	for _, r := range s.rooms.livechat() {
		if f.match(r.doc) {
			rooms = append(rooms, r)
		}
	}
	return s.roomsPageLocked(rooms, pr)
}

// mayListRooms is the handler's check: view-livechat-rooms, or view-l-room
// for a caller asking for exactly their own rooms.
func (s *Server) mayListRooms(u *userEntry, agents []string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hasPermissionLocked(u, permViewLivechatRooms) ||
		(s.hasPermissionLocked(u, permViewLivechatRoom) && len(agents) == 1 && agents[0] == u.ID)
}

// roomsPageLocked sorts the rooms (newest first by default), applies skip
// and limit and writes {rooms, count, offset, total, success}, each room
// with {_id, name} of its department when the department is registered.
// s.mu must be held.
func (s *Server) roomsPageLocked(rooms []*storedRoom, pr pageRequest) *response {
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
	b.WriteString(`{"rooms":[`)
	for i, r := range page {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(s.withDepartmentLocked(r))
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

// withDepartmentLocked returns the room's JSON with its department's id
// and name added last, as findRooms adds them. s.mu must be held.
func (s *Server) withDepartmentLocked(r *storedRoom) []byte {
	id, _ := r.doc["departmentId"].(string)
	name, ok := s.departments[id]
	if !ok || len(r.raw) < 2 {
		return r.raw
	}
	out := slices.Clip(r.raw[:len(r.raw)-1])
	out = append(out, `,"department":{"_id":`...)
	out = append(out, quote(id)...)
	if name != "" {
		out = append(out, `,"name":`...)
		out = append(out, quote(name)...)
	}
	return append(out, "}}"...)
}
