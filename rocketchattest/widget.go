package rocketchattest

import (
	"net/http"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/rocketchat-go/rocketchat/models"
)

// Route names of the livechat widget's routes, which visitors call with
// their token instead of a user's credentials.
const (
	RouteVisitorRegister = "POST /api/v1/livechat/visitor"
	RouteWidgetRoom      = "GET /api/v1/livechat/room"
	RouteWidgetMessage   = "POST /api/v1/livechat/message"
	RouteWidgetHistory   = "GET /api/v1/livechat/messages.history/{rid}"
	RouteWidgetClose     = "POST /api/v1/livechat/room.close"
)

var (
	// widgetMessageBody is isPOSTLivechatMessageParams.
	widgetMessageBody = objectBody([]string{"token", "rid", "msg"}, prop("token", strBody()), prop("rid", strBody()),
		prop("msg", strBody()), prop("_id", strBody().orNull()),
		prop("agent", objectBody([]string{"agentId", "username"}, prop("agentId", strBody()), prop("username", strBody()))))
	// historyQuery is isGETLivechatMessagesHistoryRidParams.
	historyQuery = &querySchema{props: []queryProp{
		{"searchText", stringParam().orNull()}, {"token", stringParam()}, {"count", numberParam().orNull()},
		{"offset", numberParam().orNull()}, {"sort", stringParam().orNull()}, {"ls", stringParam().orNull()},
		{"end", stringParam().orNull()}, {"limit", numberParam().orNull()},
	}, required: []string{"token"}}
	// tokenRoomBody is isPOSTLivechatRoomCloseParams.
	tokenRoomBody = objectBody([]string{"token", "rid"}, prop("token", strBody()), prop("rid", strBody()))
)

// The widget's own rate limits (rateLimiterOptions).
const (
	visitorRateLimit = 5
	visitorRateWin   = 60 * time.Second
)

var widgetRoutes = []*route{
	newRoute(RouteVisitorRegister, (*Server).registerVisitor, rateLimit(visitorRateLimit, visitorRateWin)),
	newRoute(RouteWidgetRoom, (*Server).widgetRoom, rateLimit(visitorRateLimit, visitorRateWin)),
	newRoute(RouteWidgetMessage, (*Server).widgetMessage, withJSONBody(widgetMessageBody, legacyQuery)),
	newRoute(RouteWidgetHistory, (*Server).widgetHistory, withQuery(historyQuery, legacyQuery)),
	newRoute(RouteWidgetClose, (*Server).widgetClose, withJSONBody(tokenRoomBody, legacyQuery)),
}

// registration is what POST livechat/visitor reads.
type registration struct {
	id, token, name, email, phone, username, department string
	fields                                              []customField
}

type customField struct {
	key, value string
	overwrite  bool
}

// registerGuestLocked is registerGuest: the visitor of the token is
// updated; else a visitor with the phone number is reused, keeping its
// token; else one with the e-mail address, taking the new token; else a new
// one is made. Custom fields are taken as visitor-scope fields.
func (s *Server) registerGuestLocked(g registration, now time.Time) (*models.Visitor, *response) {
	details := map[string]string{"method": "livechat/visitor"}
	if strings.TrimSpace(g.token) == "" {
		return nil, meteorFailure("error-invalid-token", "Token cannot be empty", details)
	}
	email := strings.ToLower(strings.TrimSpace(g.email))
	if email != "" && !validEmail(email) {
		return nil, meteorFailure("error-invalid-email", "Invalid email "+g.email, nil)
	}
	v := s.matchGuestLocked(g.token, g.phone, email)
	var dept string
	if g.department != "" {
		d := s.departmentByIDOrNameLocked(g.department)
		if d == nil && (v == nil || v.Department != g.department) {
			return nil, meteorFailure("error-invalid-department", "The provided department is invalid", nil)
		}
		if d != nil {
			dept = d.ID
		}
	}
	if v == nil {
		v = &models.Visitor{ID: firstNonEmpty(g.id, s.newIDLocked()), Timestamp: now, Token: models.Token(g.token), Status: models.UserStatusOnline,
			Username: firstNonEmpty(g.username, "guest-"+strconv.Itoa(len(s.visitors.byID)+1))}
	} else if email != "" && string(v.Token) != g.token && (len(v.Phones) == 0 || v.Phones[0].Number != g.phone) {
		v.Token = models.Token(g.token) // matched by e-mail address: the new token replaces the old
	}
	s.applyRegistrationLocked(v, g, email, dept, now)
	return v, nil
}

// validEmail is the server's validateEmail: a bare address.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// matchGuestLocked finds the visitor a registration updates.
func (s *Server) matchGuestLocked(token, phone, email string) *models.Visitor {
	if v := s.guestLocked(token); v != nil {
		return v
	}
	match := func(keep func(*models.Visitor) bool) *models.Visitor {
		for _, d := range s.visitors.filter(func(*storedDoc) bool { return true }) {
			v := new(models.Visitor)
			if d.decodeInto(v) == nil && !v.Disabled && keep(v) {
				return v
			}
		}
		return nil
	}
	if v := match(func(v *models.Visitor) bool { return phone != "" && len(v.Phones) > 0 && v.Phones[0].Number == phone }); v != nil {
		return v
	}
	return match(func(v *models.Visitor) bool { return email != "" && len(v.Emails) > 0 && v.Emails[0].Address == email })
}

func (s *Server) applyRegistrationLocked(v *models.Visitor, g registration, email, dept string, now time.Time) {
	if g.name != "" {
		v.Name = g.name
	}
	if email != "" {
		v.Emails = []models.EmailAddress{{Address: email}}
	}
	if g.phone != "" {
		v.Phones = []models.Phone{{Number: g.phone}}
	}
	if dept != "" {
		v.Department = dept
	}
	for _, f := range g.fields {
		if v.LivechatData == nil {
			v.LivechatData = map[string]any{}
		}
		if _, set := v.LivechatData[f.key]; !set || f.overwrite {
			v.LivechatData[f.key] = f.value
		}
	}
	v.UpdatedAt = now
	_ = s.putVisitorLocked(v)
	if r := s.openRoomOfLocked(string(v.Token)); r != nil && v.Name != "" {
		r.FName = v.Name
		s.saveRoomLocked(r)
		if inq := s.omni.inquiries[r.ID]; inq != nil {
			inq.Name = v.Name
		}
	}
}

// registerVisitor serves POST livechat/visitor.
func (s *Server) registerVisitor(c *call) *response {
	g, msg := readRegistration(c.r)
	if msg != "" {
		return failure(msg, "", nil)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, resp := s.registerGuestLocked(g, nowMillis(c.now))
	if resp != nil {
		return resp
	}
	return visitorAnswer(s.visitors.get(v.ID).raw)
}

// widgetRoom serves GET livechat/room: the visitor's open room, or a new
// one.
func (s *Server) widgetRoom(c *call) *response {
	if msg := checkRoomQuery(c.query); msg != "" {
		return failure(msg, "", nil)
	}
	token, _ := c.query.vals["token"].(string)
	rid, _ := c.query.vals["rid"].(string)
	agentID, _ := c.query.vals["agentId"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guestLocked(token)
	if g == nil {
		return failure("invalid-token", "", nil)
	}
	type answer struct {
		Room    *models.Room `json:"room"`
		NewRoom bool         `json:"newRoom"`
		Success bool         `json:"success"`
	}
	if rid != "" {
		r := s.visitorRoomLocked(token, rid)
		if r == nil || !r.Open {
			return failure("invalid-room", "", nil)
		}
		return jsonResponse(http.StatusOK, answer{r, false, true})
	}
	if r := s.openRoomOfLocked(token); r != nil {
		return jsonResponse(http.StatusOK, answer{r, false, true})
	}
	var agent *userEntry
	if u := s.users[agentID]; u != nil && slices.Contains(u.Roles, roleAgent) {
		agent = u
	}
	r, resp := s.newRoomLocked(g, models.Source{Type: models.SourceAPI}, agent, nowMillis(c.now))
	if resp != nil {
		return resp
	}
	return jsonResponse(http.StatusOK, answer{r, true, true})
}

// checkRoomQuery is the route's check(): exactly token, and maybe rid and
// agentId, all strings.
func checkRoomQuery(q *jsObject) string {
	for _, k := range q.ordered() {
		switch k {
		case "token", "rid", "agentId":
			if _, ok := q.vals[k].(string); !ok {
				return "Match error: Expected string, got " + jsonTypeName(q.vals[k]) + " in field " + k
			}
		default:
			return "Match error: Unknown key in field " + k
		}
	}
	if _, ok := q.vals["token"]; !ok {
		return "Match error: Missing key 'token'"
	}
	return ""
}

// jsonTypeName is typeof, as Match errors name types.
func jsonTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return "object"
}

// widgetMessage serves POST livechat/message: a visitor's message, sent
// once however often it is posted with the same _id.
func (s *Server) widgetMessage(c *call) *response {
	token, rid, text, id := mapString(c.bodyMap, "token"), mapString(c.bodyMap, "rid"), mapString(c.bodyMap, "msg"), mapString(c.bodyMap, "_id")
	s.mu.Lock()
	defer s.unlockReplying()
	g := s.guestLocked(token)
	r := s.visitorRoomLocked(token, rid)
	limit := s.settingNumber("Livechat_message_character_limit")
	switch {
	case g == nil:
		return failure("invalid-token", "", nil)
	case r == nil:
		return failure("invalid-room", "", nil)
	case !r.Open:
		return failure("room-closed", "", nil)
	case s.settingBool("Livechat_enable_message_character_limit") && float64(len(utf16.Encode([]rune(text)))) > limit:
		// msg.length counts UTF-16 code units: an emoji counts twice.
		return failure("message-length-exceeds-character-limit", "", nil)
	case !s.settingBool("Livechat_enabled"):
		return meteorFailure("error-omnichannel-is-disabled", "", nil)
	}
	m, _ := s.visitorMessageLocked(r, g, id, text, nowMillis(c.now), nil)
	return jsonResponse(http.StatusOK, struct {
		Message *models.Message `json:"message"`
		Success bool            `json:"success"`
	}{m, true})
}

// widgetClose serves POST livechat/room.close.
func (s *Server) widgetClose(c *call) *response {
	token, rid := mapString(c.bodyMap, "token"), mapString(c.bodyMap, "rid")
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.settingBool("Omnichannel_allow_visitors_to_close_conversation") {
		return failure("error-not-allowed-to-close-conversation", "", nil)
	}
	g := s.guestLocked(token)
	if g == nil {
		return failure("invalid-token", "", nil)
	}
	r := s.visitorRoomLocked(token, rid)
	switch {
	case r == nil:
		return failure("invalid-room", "", nil)
	case !r.Open:
		return failure("room-closed", "", nil)
	}
	const comment = "Closed by visitor"
	s.closeRoomLocked(r, closing{visitor: g, comment: comment}, nowMillis(c.now))
	return jsonResponse(http.StatusOK, struct {
		RoomID  string `json:"rid"`
		Comment string `json:"comment"`
		Success bool   `json:"success"`
	}{rid, comment, true})
}
