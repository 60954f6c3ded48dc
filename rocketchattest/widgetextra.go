package rocketchattest

import (
	"cmp"
	"math"
	"net/http"
	"slices"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// Route names of the widget's other routes.
const (
	RouteWidgetConfig     = "GET /api/v1/livechat/config"
	RouteWidgetOffline    = "POST /api/v1/livechat/offline.message"
	RouteWidgetTranscript = "POST /api/v1/livechat/transcript"
	RouteWidgetSurvey     = "POST /api/v1/livechat/room.survey"
)

var (
	// configQuery is isGETLivechatConfigParams.
	configQuery = &querySchema{props: []queryProp{{"token", stringParam().orNull()}, {"department", stringParam().orNull()},
		{"businessUnit", stringParam().orNull()}}}
	// offlineBody is isPOSTLivechatOfflineMessageParams.
	offlineBody = objectBody([]string{"name", "email", "message"}, prop("name", strBody()), prop("email", strBody()),
		prop("message", strBody()), prop("department", strBody().orNull()), prop("host", strBody().orNull()))
	// visitorTranscriptBody is isPOSTLivechatTranscriptParams.
	visitorTranscriptBody = objectBody([]string{"rid", "token", "email"}, prop("rid", strBody()), prop("token", strBody()),
		prop("email", strBody()), prop("subject", strBody()))
	// surveyBody is isPOSTLivechatRoomSurveyParams.
	surveyBody = objectBody([]string{"token", "rid", "data"}, prop("token", strBody()), prop("rid", strBody()),
		prop("data", &bodySchema{typ: "array", minItems: 1,
			items: objectBody([]string{"name", "value"}, prop("name", strBody()), prop("value", strBody()))}))
)

var widgetExtraRoutes = []*route{
	newRoute(RouteWidgetConfig, (*Server).widgetConfig, withQuery(configQuery, typedQuery)),
	newRoute(RouteWidgetOffline, (*Server).offlineMessage, withJSONBody(offlineBody, legacyQuery), rateLimit(1, 5*time.Second)),
	newRoute(RouteWidgetTranscript, (*Server).visitorTranscript, withJSONBody(visitorTranscriptBody, typedQuery),
		rateLimit(visitorRateLimit, visitorRateWin)),
	newRoute(RouteWidgetSurvey, (*Server).survey, withJSONBody(surveyBody, legacyQuery)),
}

// TranscriptEmail is a transcript the server "e-mailed": asked for by a
// visitor (POST livechat/transcript), or by an agent (POST
// livechat/transcript/{rid}) and sent when the room closed.
type TranscriptEmail struct {
	RoomID, Email, Subject string
	// Requester is the username of the agent or visitor who asked.
	Requester string
	At        time.Time
}

// OfflineMessage is a message a visitor left with POST
// livechat/offline.message.
type OfflineMessage struct {
	Name, Email, Message, Department, Host string
	At                                     time.Time
}

// TranscriptEmails returns the transcripts the server "e-mailed", oldest
// first.
func (s *Server) TranscriptEmails() []TranscriptEmail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.omni.transcripts)
}

// OfflineMessages returns the offline messages left so far, oldest first.
func (s *Server) OfflineMessages() []OfflineMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.omni.offline)
}

// widgetHistory serves GET livechat/messages.history/{rid}: the room's
// messages older than end (strictly), newest first, skipping offset and
// taking limit (default 20); count, sort, searchText and ls change nothing.
func (s *Server) widgetHistory(c *call) *response {
	offset, _ := paginationItems(c.query, s.pageConfig())
	limit := 20.0
	if v, ok := c.query.vals["limit"].(float64); ok && v != 0 {
		limit = jsParseInt(jsNumberString(v))
	}
	end, hasEnd := time.Time{}, false
	if v, _ := c.query.vals["end"].(string); v != "" {
		t, ok := jsDateParse(v) // new Date(end)
		if !ok {
			t = time.Unix(0, 0).Add(-time.Hour) // an Invalid Date matches no message
		}
		end, hasEnd = t, true
	}
	token, _ := c.query.vals["token"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.guestLocked(token) == nil:
		return failure("invalid-token", "", nil)
	case s.visitorRoomLocked(token, c.params["rid"]) == nil:
		return failure("invalid-room", "", nil)
	}
	msgs := s.historyLocked(c.params["rid"], end, hasEnd)
	if math.IsNaN(limit) || math.IsNaN(offset) {
		limit, offset = 20, 0
	}
	if msg := skipLimitError(offset, limit); msg != "" {
		return failure(msg, "", nil)
	}
	from, to := mongoWindow(len(msgs), offset, limit)
	out := make([]*models.Message, 0, to-from)
	for _, st := range msgs[from:to] {
		out = append(out, decodeStored(st))
	}
	return jsonResponse(http.StatusOK, struct {
		Messages []*models.Message `json:"messages"`
		Success  bool              `json:"success"`
	}{out, true})
}

// historyLocked is loadMessageHistory's query: the room's visible messages
// (not _hidden) with ts before end when given, newest first; messages of
// the same ts come in the reverse of their insertion, as a backward index
// scan returns them.
func (s *Server) historyLocked(rid string, end time.Time, hasEnd bool) []*storedMessage {
	var out []*storedMessage
	for _, st := range s.roomMessagesLocked(rid) {
		if st.doc["_hidden"] == true {
			continue
		}
		if hasEnd {
			ts, err := time.Parse(time.RFC3339Nano, str(st.doc["ts"]))
			if err != nil || !ts.Before(end) {
				continue
			}
		}
		out = append(out, st)
	}
	slices.SortStableFunc(out, func(a, b *storedMessage) int {
		if c := cmp.Compare(str(b.doc["ts"]), str(a.doc["ts"])); c != 0 {
			return c
		}
		return cmp.Compare(b.seq, a.seq)
	})
	return out
}

// offlineMessage serves POST livechat/offline.message (sendOfflineMessage):
// the form must be on, the visitor's address not empty (its format is not
// checked), and Livechat_offline_email a valid address, which the mailer
// checks before sending; every failure becomes the same translated
// sentence, and nothing is recorded.
func (s *Server) offlineMessage(c *call) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.settingBool("Livechat_display_offline_form") || mapString(c.bodyMap, "email") == "" ||
		!validEmail(s.settingString("Livechat_offline_email")) {
		return failure("Error sending offline message", "", nil)
	}
	m := OfflineMessage{Name: mapString(c.bodyMap, "name"), Email: mapString(c.bodyMap, "email"), Message: mapString(c.bodyMap, "message"),
		Department: mapString(c.bodyMap, "department"), Host: mapString(c.bodyMap, "host"), At: nowMillis(c.now)}
	s.omni.offline = append(s.omni.offline, m)
	s.emitLocked(Event{Type: EventOfflineMessage, Time: m.At})
	return jsonResponse(http.StatusOK, struct {
		Message string `json:"message"`
		Success bool   `json:"success"`
	}{"Livechat offline message sent", true})
}

// visitorTranscript serves POST livechat/transcript: the transcript is
// "e-mailed" at once, and the room gets a livechat_transcript_history
// message. The subject is accepted and ignored, as on the server.
func (s *Server) visitorTranscript(c *call) *response {
	token, rid, email := mapString(c.bodyMap, "token"), mapString(c.bodyMap, "rid"), mapString(c.bodyMap, "email")
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.loadRoomLocked(rid)
	switch {
	case r == nil || r.Type != models.RoomTypeLivechat:
		return failure("error-invalid-room", "", nil)
	case string(r.Visitor.Token) != token:
		return failure("error-invalid-visitor", "", nil)
	}
	now := nowMillis(c.now)
	s.omni.transcripts = append(s.omni.transcripts, TranscriptEmail{RoomID: rid, Email: email, Requester: r.Visitor.Username, At: now})
	s.systemMessageLocked(rid, "livechat_transcript_history", "", models.UserRef{ID: rocketCatUserID, Username: rocketCatUserID}, now,
		func(m *models.Message) {
			m.Unknown = []byte(`{"requestData":{"type":"visitor","visitor":{"_id":` + quote(r.Visitor.ID) + `,"username":` + quote(r.Visitor.Username) + `}}}`)
		})
	return jsonResponse(http.StatusOK, struct {
		Message string `json:"message"`
		Success bool   `json:"success"`
	}{"Omnichannel transcript sent", true})
}

// surveyItems and surveyValues are the satisfaction survey's, as the
// widget's configuration lists them.
var (
	surveyItems  = []string{"satisfaction", "agentKnowledge", "agentResposiveness", "agentFriendliness"}
	surveyValues = []string{"1", "2", "3", "4", "5"}
)

// survey serves POST livechat/room.survey: known items with a value from 1
// to 5, and additionalFeedback, are stored on the room; others are dropped.
func (s *Server) survey(c *call) *response {
	token, rid := mapString(c.bodyMap, "token"), mapString(c.bodyMap, "rid")
	data, _ := c.bodyMap["data"].([]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.guestLocked(token) == nil {
		return failure("invalid-token", "", nil)
	}
	r := s.visitorRoomLocked(token, rid)
	if r == nil {
		return failure("invalid-room", "", nil)
	}
	accepted := map[string]string{}
	for _, item := range data {
		it := item.(map[string]any)
		name, value := mapString(it, "name"), mapString(it, "value")
		if (slices.Contains(surveyItems, name) && slices.Contains(surveyValues, value)) || name == "additionalFeedback" {
			accepted[name] = value
		}
	}
	if len(accepted) == 0 {
		return failure("invalid-data", "", nil)
	}
	if r.SurveyFeedback == nil {
		r.SurveyFeedback = map[string]string{}
	}
	for k, v := range accepted {
		r.SurveyFeedback[k] = v
	}
	s.saveRoomLocked(r)
	return jsonResponse(http.StatusOK, struct {
		RoomID  string            `json:"rid"`
		Data    map[string]string `json:"data"`
		Success bool              `json:"success"`
	}{rid, accepted, true})
}

// widgetConfig serves GET livechat/config.
func (s *Server) widgetConfig(c *call) *response {
	token, _ := c.query.vals["token"].(string)
	dept, _ := c.query.vals["department"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	cfg := s.widgetConfigLocked(token, dept)
	return jsonResponse(http.StatusOK, struct {
		Config  *models.WidgetConfig `json:"config"`
		Success bool                 `json:"success"`
	}{cfg, true})
}

// widgetConfigLocked builds the configuration: settings, departments with
// agents, whether an agent is online, and the token's visitor, open room and
// agent.
func (s *Server) widgetConfigLocked(token, dept string) *models.WidgetConfig {
	if !s.settingBool("Livechat_enabled") {
		return &models.WidgetConfig{}
	}
	upload := s.settingBool("Livechat_fileupload_enabled") && s.settingBool("FileUpload_Enabled")
	cfg := &models.WidgetConfig{
		Enabled: true,
		Online:  s.anyAgentOnlineLocked(dept),
		Settings: models.WidgetSettings{DisplayOfflineForm: s.settingBool("Livechat_display_offline_form"), FileUpload: upload,
			Language: s.settingString("Language"), Transcript: s.settingBool("Livechat_enable_transcript"), ShowConnecting: s.routingLocked() == ManualSelection,
			VisitorsCanCloseChat: s.settingBool("Omnichannel_allow_visitors_to_close_conversation"), HiddenSystemMessages: []string{}},
		Theme:    models.WidgetTheme{Title: s.settingString("Livechat_title"), Color: "#C1272D", OfflineTitle: "Leave a message", Position: "right"},
		Messages: map[string]string{"offlineMessage": "We are not online right now. Please leave us a message:"},
		Survey:   models.WidgetSurvey{Items: surveyItems, Values: surveyValues},
		Triggers: []byte(`[]`), Resources: []byte(`{"sound":"` + "/sounds/chime.mp3" + `","emojis":[]}`),
	}
	for _, id := range s.omni.deptOrder {
		if d := s.omni.departments[id]; d.Enabled && len(s.omni.deptAgents[id]) > 0 {
			cfg.Departments = append(cfg.Departments, models.WidgetDepartment{ID: d.ID, Name: d.Name,
				ShowOnRegistration: d.ShowOnRegistration, ShowOnOfflineForm: d.ShowOnOfflineForm})
		}
	}
	if g := s.guestLocked(token); g != nil {
		cfg.Guest = &models.Visitor{ID: g.ID, Username: g.Username, Token: g.Token, Name: g.Name, Emails: g.Emails, Department: g.Department}
		if r := s.openRoomOfLocked(token); r != nil {
			cfg.Room = &models.Room{ID: r.ID, DepartmentID: r.DepartmentID, ServedBy: r.ServedBy, Open: true}
			if u := s.users[r.ServedBy.ID]; u != nil {
				cfg.Agent = &models.Agent{ID: u.ID, Username: u.Username, Name: u.Name}
			}
		}
	}
	return cfg
}
