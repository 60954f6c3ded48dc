package rocketchattest

import (
	"slices"
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
// parameters are ignored, as 8.x does; before 8.0 they are parsed, and
// refused when they do not parse (see pageQuery).
func (s *Server) roomsList(c *call) *response {
	pr, f, resp := parseRoomsQuery(c.query, s.pageConfig(), func(agents []string) bool { return s.mayListRooms(c.user, agents) })
	if resp != nil {
		return resp
	}
	if c.plan.ignoreOffset {
		pr.skip = 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return roomsPage(f.filter(s.rooms.livechat()), func(id string) (string, bool) {
		if d := s.omni.departments[id]; d != nil {
			return d.Name, true
		}
		return "", false
	}, pr)
}

// parseRoomsQuery reads a validated query in the handler's order, asking
// allowed about the caller between the dates and the custom fields.
func parseRoomsQuery(q *jsObject, cfg pageConfig, allowed func(agents []string) bool) (pageRequest, *roomFilter, *response) {
	pr, resp := pageQuery(q, cfg)
	if resp != nil {
		return pr, nil, resp
	}
	created, closed, resp := parseRoomDates(q)
	if resp != nil {
		return pr, nil, resp
	}
	if !allowed(queryStrings(q.vals["agents"])) {
		return pr, nil, unauthorized()
	}
	custom, resp := parseCustomFields(q)
	if resp != nil {
		return pr, nil, resp
	}
	f, resp := newRoomFilter(q, created, closed, custom)
	return pr, f, resp
}

// filter returns the rooms that pass.
func (f *roomFilter) filter(rooms []*storedRoom) []*storedRoom {
	var out []*storedRoom
	for _, r := range rooms {
		if f.match(r.doc) {
			out = append(out, r)
		}
	}
	return out
}

// mayListRooms is the handler's check: view-livechat-rooms, or view-l-room
// for a caller asking for exactly their own rooms.
func (s *Server) mayListRooms(u *userEntry, agents []string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hasPermissionLocked(u, permViewLivechatRooms) ||
		(s.hasPermissionLocked(u, permViewLivechatRoom) && len(agents) == 1 && agents[0] == u.ID)
}

// roomsPage sorts the rooms (newest first by default) and answers the page,
// each room with {_id, name} of its department when departmentName knows
// it.
func roomsPage(rooms []*storedRoom, departmentName func(id string) (string, bool), pr pageRequest) *response {
	sortRooms(rooms, sortOrDefault(pr.sort, defaultSort))
	raws := rawsOf(rooms, func(r *storedRoom) []byte { return withDepartment(r, departmentName) })
	return pageShape{member: "rooms"}.page(raws, pr)
}

// withDepartment returns the room's JSON with its department's id and
// name added last, as findRooms adds them.
func withDepartment(r *storedRoom, departmentName func(id string) (string, bool)) []byte {
	id, _ := r.doc["departmentId"].(string)
	name, ok := departmentName(id)
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
