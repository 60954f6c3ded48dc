package rocketchattest

import (
	"bytes"
	"net/http"
	"regexp"
	"slices"
)

// Route names of the contact routes of Rocket.Chat 7.0 and later; a server
// playing an older release answers them 404.
const (
	RouteContactGet            = "GET /api/v1/omnichannel/contacts.get"
	RouteContactSearch         = "GET /api/v1/omnichannel/contacts.search"
	RouteContactHistory        = "GET /api/v1/omnichannel/contacts.history"
	RouteContactChannels       = "GET /api/v1/omnichannel/contacts.channels"
	RouteContactCheckExistence = "GET /api/v1/omnichannel/contacts.checkExistence"
	RouteContactCreate         = "POST /api/v1/omnichannel/contacts"
	RouteContactUpdate         = "POST /api/v1/omnichannel/contacts.update"
)

// Permissions of the contact routes.
const (
	permViewContact        = "view-livechat-contact"
	permViewContactHistory = "view-livechat-contact-history"
	permCreateContact      = "create-livechat-contact"
	permUpdateContact      = "update-livechat-contact"
)

// contactsSince is the release that added the contact routes.
var contactsSince = serverVersion{major: 7, raw: "7.0.0"}

func contactIDProp() queryProp {
	s := stringParam()
	s.notEmpty = true
	return queryProp{"contactId", s}
}

// The routes' schemas from @rocket.chat/rest-typings 8.8.1.
var (
	contactGetQuery    = &querySchema{props: []queryProp{contactIDProp()}, required: []string{"contactId"}}
	contactSearchQuery = &querySchema{props: []queryProp{{"count", numberParam()}, {"offset", numberParam()},
		{"sort", stringParam()}, {"searchText", stringParam()}, {"unknown", booleanParam()}}}
	contactHistoryQuery = &querySchema{props: []queryProp{{"contactId", stringParam()}, {"source", stringParam()},
		{"count", numberParam()}, {"offset", numberParam()}, {"sort", stringParam()}}, required: []string{"contactId"}}
	contactChannelsQuery = &querySchema{props: []queryProp{{"contactId", stringParam()}}, required: []string{"contactId"}}
	contactExistsQuery   = &querySchema{oneOf: []*querySchema{
		contactGetQuery,
		{props: []queryProp{{"email", &valueSchema{typ: "string", format: "basic_email", notEmpty: true}}}, required: []string{"email"}},
		{props: []queryProp{{"phone", &valueSchema{typ: "string", notEmpty: true}}}, required: []string{"phone"}},
	}}
)

var contactRoutes = []*route{
	newRoute(RouteContactGet, (*Server).contactGet, addedIn("7.0.0"), needsPermission(permViewContact), withQuery(contactGetQuery, legacyQuery)),
	newRoute(RouteContactSearch, (*Server).contactSearch, addedIn("7.0.0"), needsPermission(permViewContact), withQuery(contactSearchQuery, legacyQuery)),
	newRoute(RouteContactHistory, (*Server).contactHistory, addedIn("7.0.0"), needsPermission(permViewContactHistory), withQuery(contactHistoryQuery, legacyQuery)),
	newRoute(RouteContactChannels, (*Server).contactChannels, addedIn("7.0.0"), needsPermission(permViewContact), withQuery(contactChannelsQuery, legacyQuery)),
	newRoute(RouteContactCheckExistence, (*Server).contactExists, addedIn("7.0.0"), needsPermission(permViewContact), withQuery(contactExistsQuery, legacyQuery)),
	newRoute(RouteContactCreate, (*Server).contactCreate, addedIn("7.0.0"), needsPermission(permCreateContact), withJSONBody(newContactBody, legacyQuery)),
	newRoute(RouteContactUpdate, (*Server).contactUpdate, addedIn("7.0.0"), needsPermission(permUpdateContact), withJSONBody(contactUpdateBody, legacyQuery)),
}

// contactGet serves omnichannel/contacts.get: an enabled contact, else 404.
func (s *Server) contactGet(c *call) *response {
	id, _ := c.query.vals["contactId"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.contacts.get(id)
	if d == nil || !enabledContact(d) {
		return notFound()
	}
	return contactAnswer(d.raw)
}

// contactAnswer writes {"contact": <doc>, "success": true}.
func contactAnswer(raw []byte) *response {
	var b bytes.Buffer
	b.WriteString(`{"contact":`)
	b.Write(raw)
	b.WriteString(`,"success":true}`)
	return rawJSONResponse(http.StatusOK, b.Bytes())
}

// contactSearch serves getContacts: the enabled contacts of the asked kind
// (known unless unknown=true) whose name, an address or a number contains
// searchText (case-insensitive), by name unless sorted; the manager's id
// replaced by the user; count echoing the request.
func (s *Server) contactSearch(c *call) *response {
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	text, _ := c.query.vals["searchText"].(string)
	unknown, _ := c.query.vals["unknown"].(bool)
	re := regexp.MustCompile("(?i)" + regexp.QuoteMeta(text))
	s.mu.Lock()
	defer s.mu.Unlock()
	found := s.contacts.filter(func(d *storedDoc) bool {
		return enabledContact(d) && d.doc["unknown"] == unknown && (matchString(re, d.doc["name"]) ||
			slices.ContainsFunc(lookupAll(d.doc, "emails", "address"), func(v any) bool { return matchString(re, v) }) ||
			slices.ContainsFunc(lookupAll(d.doc, "phones", "phoneNumber"), func(v any) bool { return matchString(re, v) }))
	})
	sortByKeys(found, func(d *storedDoc) map[string]any { return d.doc }, sortOrDefault(pr.sort, []sortKey{{field: "name", dir: 1}}))
	raws := make([][]byte, len(found))
	for i, d := range found {
		raws[i] = s.withManagerLocked(d)
	}
	return pageShape{member: "contacts", echoCount: true}.page(raws, pr)
}

// withManagerLocked replaces a contact's manager id by {_id, name,
// username}, or drops it when no such user exists. s.mu must be held.
func (s *Server) withManagerLocked(d *storedDoc) []byte {
	id, ok := d.doc["contactManager"].(string)
	if !ok {
		return d.raw
	}
	u := s.users[id]
	if u == nil {
		return project(d.raw, except("contactManager"))
	}
	m := `{"_id":` + quote(u.ID) + `,"name":` + quote(u.Name) + `,"username":` + quote(u.Username) + `}`
	return project(d.raw, except("contactManager"), projected{"contactManager", []byte(m)})
}

// contactHistoryFields is getContactHistory's projection of a room.
var contactHistoryFields = only("fname", "ts", "v", "msgs", "servedBy", "closedAt", "closedBy", "closer", "tags", "source", "lastMessage", "verified")

// contactHistory serves getContactHistory: the contact's closed rooms, last
// closed first. The source filter is Enterprise's (contact verification);
// the fake is Community and ignores it.
func (s *Server) contactHistory(c *call) *response {
	pr, resp := pageQuery(c.query, s.pageConfig())
	if resp != nil {
		return resp
	}
	id, _ := c.query.vals["contactId"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.contacts.get(id) == nil {
		return failure("error-contact-not-found", "", nil)
	}
	var rooms []*storedRoom
	for _, r := range s.rooms.byID {
		if _, closed := r.doc["closedAt"]; closed && r.doc["contactId"] == id {
			rooms = append(rooms, r)
		}
	}
	sortNatural(rooms)
	sortByKeys(rooms, func(r *storedRoom) map[string]any { return r.doc }, sortOrDefault(pr.sort, []sortKey{{field: "closedAt", dir: -1}}))
	raws := make([][]byte, len(rooms))
	for i, r := range rooms {
		raws[i] = project(r.raw, contactHistoryFields)
	}
	return pageShape{member: "history"}.page(raws, pr)
}

// contactChannels serves getContactChannelsGrouped: per channel name, the
// channel with the newest last chat, in the order the names first appear;
// none for an unknown contact.
func (s *Server) contactChannels(c *call) *response {
	id, _ := c.query.vals["contactId"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	kept := map[string]map[string]any{}
	if d := s.contacts.get(id); d != nil {
		chans, _ := d.doc["channels"].([]any)
		for _, ch := range chans {
			m, _ := ch.(map[string]any)
			name, _ := m["name"].(string)
			old, seen := kept[name]
			if !seen {
				names = append(names, name)
			}
			if !seen || compareValues(lookup(m, "lastChat.ts"), lookup(old, "lastChat.ts")) > 0 {
				kept[name] = m
			}
		}
	}
	out := make([]map[string]any, len(names))
	for i, n := range names {
		out[i] = kept[n]
	}
	return jsonResponse(http.StatusOK, struct {
		Channels []map[string]any `json:"channels"`
		Success  bool             `json:"success"`
	}{out, true})
}

// contactExists serves countByContactInfo: any contact, enabled or not,
// with that id, address or number, compared exactly.
func (s *Server) contactExists(c *call) *response {
	q := c.query.vals
	s.mu.Lock()
	defer s.mu.Unlock()
	found := s.contacts.filter(func(d *storedDoc) bool {
		switch {
		case q["contactId"] != nil:
			return d.id == q["contactId"]
		case q["email"] != nil:
			return slices.Contains(lookupAll(d.doc, "emails", "address"), q["email"])
		default:
			return slices.Contains(lookupAll(d.doc, "phones", "phoneNumber"), q["phone"])
		}
	})
	return jsonResponse(http.StatusOK, struct {
		Exists  bool `json:"exists"`
		Success bool `json:"success"`
	}{len(found) > 0, true})
}
