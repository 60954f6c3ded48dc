package rocketchattest

import (
	"bytes"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// Route names of the visitor routes (see [Server.Stats], [Server.Inject]).
const (
	RouteVisitorInfo         = "GET /api/v1/livechat/visitors.info"
	RoutePagesVisited        = "GET /api/v1/livechat/visitors.pagesVisited/{roomId}"
	RouteSearchChats         = "GET /api/v1/livechat/visitors.searchChats/room/{roomId}/visitor/{visitorId}"
	RouteVisitorSearch       = "GET /api/v1/livechat/visitors.search"
	RouteVisitorAutocomplete = "GET /api/v1/livechat/visitors.autocomplete"
	RouteVisitorByToken      = "GET /api/v1/livechat/visitor/{token}"
	RouteVisitorRooms        = "GET /api/v1/livechat/visitor/{token}/room"
)

// permViewLivechatManager opens livechat/visitor/{token}/room.
const permViewLivechatManager = "view-livechat-manager"

// The routes' schemas from @rocket.chat/rest-typings 8.8.1.
var (
	visitorInfoQuery  = &querySchema{props: []queryProp{{"visitorId", stringParam()}}, required: []string{"visitorId"}}
	pagesVisitedQuery = pagedQuery()
	searchChatsQuery  = pagedQuery(
		queryProp{"searchText", stringParam().orNull()},
		queryProp{"closedChatsOnly", stringParam().orNull()},
		queryProp{"servedChatsOnly", stringParam().orNull()},
		queryProp{"source", stringParam().orNull()},
	)
	visitorSearchQuery = func() *querySchema {
		q := pagedQuery(queryProp{"term", stringParam()})
		q.required = []string{"term"}
		return q
	}()
	autocompleteQuery = &querySchema{props: []queryProp{{"selector", stringParam()}}, required: []string{"selector"}}
)

var visitorRoutes = []*route{
	newRoute(RouteVisitorInfo, (*Server).visitorInfo, needsPermission(permViewLivechatRoom), withQuery(visitorInfoQuery, legacyQuery)),
	newRoute(RoutePagesVisited, (*Server).pagesVisited, needsPermission(permViewLivechatRoom), withQuery(pagesVisitedQuery, legacyQuery)),
	newRoute(RouteSearchChats, (*Server).searchChats, needsPermission(permViewLivechatRoom), withQuery(searchChatsQuery, legacyQuery)),
	newRoute(RouteVisitorSearch, (*Server).visitorSearch, needsPermission(permViewLivechatRoom), withQuery(visitorSearchQuery, legacyQuery)),
	newRoute(RouteVisitorAutocomplete, (*Server).visitorAutocomplete, needsPermission(permViewLivechatRoom), withQuery(autocompleteQuery, legacyQuery)),
	// The widget's route: no authentication, the token is the credential.
	newRoute(RouteVisitorByToken, (*Server).visitorByToken),
	newRoute(RouteVisitorRooms, (*Server).visitorRooms, needsPermission(permViewLivechatManager)),
}

// visitorInfo serves findVisitorInfo: an enabled visitor, without its token
// on the releases that hide it.
func (s *Server) visitorInfo(c *call) *response {
	id, _ := c.query.vals["visitorId"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.visitors.get(id)
	if d == nil || !enabledVisitor(d) {
		return failure("visitor-not-found", "", nil)
	}
	raw := []byte(d.raw)
	if s.version.hidesVisitorToken() {
		raw = project(d.raw, except("token"))
	}
	return visitorAnswer(raw)
}

// hidesVisitorToken reports whether visitors.info leaves out the token: from
// 8.5, and the patch releases the fix was backported to.
func (v serverVersion) hidesVisitorToken() bool {
	fixed := map[[2]int]int{{7, 10}: 12, {7, 13}: 8, {8, 0}: 6, {8, 1}: 5, {8, 2}: 4, {8, 3}: 4, {8, 4}: 2}
	if p, ok := fixed[[2]int{v.major, v.minor}]; ok {
		return v.patch >= p
	}
	return v.major > 8 || (v.major == 8 && v.minor >= 5)
}

// pagesVisited serves findVisitedPages: the room's navigation messages,
// hidden ones included, newest first by default. No room access check.
func (s *Server) pagesVisited(c *call) *response {
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	room := s.rooms.get(c.params["roomId"])
	if room == nil || room.doc["t"] != "l" {
		return failure("invalid-room", "", nil)
	}
	var pages []*storedMessage
	for _, m := range s.roomMessagesLocked(room.id) {
		if m.doc["t"] == "livechat_navigation_history" {
			pages = append(pages, m)
		}
	}
	sortByKeys(pages, func(m *storedMessage) map[string]any { return m.doc }, sortOrDefault(pr.sort, defaultSort))
	raws := make([][]byte, len(pages))
	for i, m := range pages {
		raws[i] = m.raw
	}
	return pageShape{member: "pages"}.page(raws, pr)
}

// visitorSearch serves findVisitorsByEmailOrPhoneOrNameOrUsernameOrCustomField.
func (s *Server) visitorSearch(c *call) *response {
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	term, _ := c.query.vals["term"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	match := visitorTermMatcher(term, s.searchableFieldsLocked())
	found := s.visitors.filter(func(d *storedDoc) bool { return enabledVisitor(d) && match(d.doc) })
	sortByKeys(found, func(d *storedDoc) map[string]any { return d.doc }, sortOrDefault(pr.sort, defaultSort))
	keep := only("username", "name", "phone", "livechatData", "visitorEmails", "lastChat")
	raws := make([][]byte, len(found))
	for i, d := range found {
		raws[i] = project(d.raw, keep)
	}
	return pageShape{member: "visitors"}.page(raws, pr)
}

// visitorTermMatcher is the search's filter: with no term and no searchable
// field every visitor; otherwise an address or number equal to the term, a
// name or username containing it (case-insensitive), or a searchable field
// containing it. With an empty term a searchable field's condition is
// {field: undefined}, which the driver sends as null: the visitors without
// a value for it.
func visitorTermMatcher(term string, searchable []string) func(map[string]any) bool {
	if term == "" && len(searchable) == 0 {
		return func(map[string]any) bool { return true }
	}
	re := regexp.MustCompile("(?i)" + regexp.QuoteMeta(term))
	return func(doc map[string]any) bool {
		if term != "" {
			if equalsAny(lookupAll(doc, "visitorEmails", "address"), term) || equalsAny(lookupAll(doc, "phone", "phoneNumber"), term) {
				return true
			}
			if matchString(re, doc["name"]) || matchString(re, doc["username"]) {
				return true
			}
		}
		return slices.ContainsFunc(searchable, func(f string) bool {
			v := lookup(doc, "livechatData."+f)
			if term == "" {
				return v == nil
			}
			return matchString(re, v)
		})
	}
}

// lookupAll returns field of each element of the array at path: MongoDB's
// "path.field" over an array.
func lookupAll(doc map[string]any, path, field string) []any {
	arr, _ := lookup(doc, path).([]any)
	out := make([]any, 0, len(arr))
	for _, e := range arr {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m[field])
		}
	}
	return out
}

func equalsAny(vals []any, s string) bool { return slices.Contains(vals, any(s)) }

func matchString(re *regexp.Regexp, v any) bool {
	s, ok := v.(string)
	return ok && re.MatchString(s)
}

// visitorAutocomplete serves findVisitorsToAutocomplete (8.x): up to 10
// visitors whose name starts with the term, by name. The selector's
// conditions are not applied, as since the fix that dropped them.
func (s *Server) visitorAutocomplete(c *call) *response {
	raw, _ := c.query.vals["selector"].(string)
	if msg := v8JSONError(raw); msg != "" {
		return failure(msg, "", nil) // JSON.parse's SyntaxError
	}
	v, _ := jsJSONParse(raw)
	sel, isObj := v.(*jsObject)
	if !isObj {
		// Destructuring null throws a TypeError, whose V8 message is not
		// modelled; other values are refused too, on the strict side.
		return failure("rocketchattest: the selector "+strconv.Quote(raw)+" is not a JSON object", "", nil)
	}
	term, _ := sel.vals["term"].(string)
	var exceptions []any
	switch x := sel.vals["exceptions"].(type) {
	case []any:
		exceptions = x
	case nil:
	default:
		exceptions = []any{x}
	}
	re := regexp.MustCompile("(?i)^" + strings.TrimSpace(regexp.QuoteMeta(term)))
	s.mu.Lock()
	defer s.mu.Unlock()
	found := s.visitors.filter(func(d *storedDoc) bool {
		return matchString(re, d.doc["name"]) && !slices.Contains(exceptions, d.doc["_id"])
	})
	sortByKeys(found, func(d *storedDoc) map[string]any { return d.doc }, []sortKey{{field: "name", dir: 1}})
	var b bytes.Buffer
	b.WriteString(`{"items":[`)
	for i, d := range found[:min(len(found), 10)] {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(project(d.raw, only("name", "username"), projected{"custom_name", customName(d.doc)}))
	}
	b.WriteString(`],"success":true}`)
	return rawJSONResponse(http.StatusOK, b.Bytes())
}

// customName is $concat: ['$username', ' - ', '$name']: null when a part is
// missing.
func customName(doc map[string]any) []byte {
	u, ok1 := doc["username"].(string)
	n, ok2 := doc["name"].(string)
	if !ok1 || !ok2 {
		return []byte("null")
	}
	q, _ := jsontext.AppendQuote(nil, u+" - "+n)
	return q
}

// visitorByToken serves GET livechat/visitor/:token: the whole record,
// token included, disabled or not; [invalid-token] when none has it.
func (s *Server) visitorByToken(c *call) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.visitorByTokenLocked(c.params["token"])
	if d == nil {
		return failure("[invalid-token]", "invalid-token", nil)
	}
	return visitorAnswer(d.raw)
}

// visitorRooms serves GET livechat/visitor/:token/room: the open livechat
// rooms with the token, projected.
func (s *Server) visitorRooms(c *call) *response {
	token := c.params["token"]
	s.mu.Lock()
	defer s.mu.Unlock()
	var rooms []*storedRoom
	for _, r := range s.rooms.byID {
		if r.doc["t"] == "l" && r.doc["open"] == true && lookup(r.doc, "v.token") == token {
			rooms = append(rooms, r)
		}
	}
	sortNatural(rooms)
	var b bytes.Buffer
	b.WriteString(`{"rooms":[`)
	for i, r := range rooms {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(project(r.raw, only("name", "t", "cl", "u", "usernames", "servedBy")))
	}
	b.WriteString(`],"success":true}`)
	return rawJSONResponse(http.StatusOK, b.Bytes())
}
