package rocketchattest

import (
	"context"
	"net/http"
	"regexp"
	"slices"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/models"
)

// RouteWebhookTest is the route of the webhook settings' Test button.
const RouteWebhookTest = "POST /api/v1/livechat/webhook.test"

var webhookTestRoutes = []*route{
	newRoute(RouteWebhookTest, (*Server).webhookTest, authRequired(), needsPermission("view-livechat-webhooks")),
}

// webhookSetting is the setting that turns each event on; all are off on a
// real server. Message has two, for visitors' and agents' messages.
var webhookSetting = map[string]string{
	EventSessionStart:     "Livechat_webhook_on_start",
	EventSessionQueued:    "Livechat_webhook_on_chat_queued",
	EventSessionTaken:     "Livechat_webhook_on_chat_taken",
	EventSessionForwarded: "Livechat_webhook_on_forward",
	EventSessionClosed:    "Livechat_webhook_on_close",
	EventOfflineMessage:   "Livechat_webhook_on_offline_msg",
	EventLeadCapture:      "Livechat_webhook_on_capture",
}

const (
	settingWebhookVisitorMessage = "Livechat_webhook_on_visitor_message"
	settingWebhookAgentMessage   = "Livechat_webhook_on_agent_message"
)

// webhookConfigured is what WithWebhook asked for.
type webhookConfigured struct {
	url, secret string
	opts        []WebhookOption
}

// WithWebhook makes the server send its Omnichannel webhook events to url,
// as a server whose Livechat_webhookUrl is url and Livechat_secret_token
// secret does: the room lifecycle (a conversation started, queued, taken,
// forwarded, each message, a lead captured, closed with its transcript, a
// closed room edited, an offline message) fires the events the real server
// fires, in the order it fires them, with its payloads, headers and retry
// schedule, in the background as the server does. First attempts go out
// one at a time, in that order, unless [WithWebhookConcurrentDelivery] is
// given: a real server sends them without waiting, so they can arrive out
// of order. Every Livechat_webhook_on_* setting is
// turned on, unless given with [WithSetting]; a 200 answer is stored as the
// room's crmData. opts configure the sender: [WithWebhookHTTPClient] with
// [HandlerClient] to deliver to a handler in memory (and inside
// testing/synctest), [WithWebhookRetryInterval] to shorten the 20 s between
// attempts. [Server.Webhook] returns the sender, to read what it delivered.
func WithWebhook(url, secret string, opts ...WebhookOption) Option {
	return func(c *config) { c.webhook = &webhookConfigured{url: url, secret: secret, opts: opts} }
}

// Webhook returns the sender of [WithWebhook], or nil.
func (s *Server) Webhook() *WebhookSender { return s.webhook }

// startWebhook builds the sender and turns the events on. It runs once,
// when the server starts.
func (s *Server) startWebhook(w *webhookConfigured, given map[string]any) {
	if w == nil {
		return
	}
	for _, id := range webhookSetting {
		if _, set := given[id]; !set {
			s.omni.settings[id] = true
		}
	}
	for _, id := range []string{settingWebhookVisitorMessage, settingWebhookAgentMessage} {
		if _, set := given[id]; !set {
			s.omni.settings[id] = true
		}
	}
	s.webhook = NewWebhookSender(w.url, w.secret, w.opts...)
	s.webhook.cfg.onCRM = s.storeCRMData
}

// storeCRMData saves a webhook's answer on the room, as the server does.
func (s *Server) storeCRMData(roomID, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.loadRoomLocked(roomID); r != nil {
		r.CRMData, _ = jsontext.AppendQuote(nil, text)
		s.saveRoomLocked(r)
	}
}

// webhookLocked sends the webhook for ev, if it is on. s.mu must be held;
// the delivery runs in the background.
func (s *Server) webhookLocked(ev Event) {
	if s.webhook == nil {
		return
	}
	if ev.Type == EventOfflineMessage {
		if n := len(s.omni.offline); n > 0 && s.settingBool(webhookSetting[ev.Type]) {
			m := s.omni.offline[n-1]
			s.webhook.Fire(BuildOfflineWebhookPayload(WebhookOfflineForm{Name: m.Name, Email: m.Email, Message: m.Message}, m.At))
		}
		return
	}
	r := ev.room // a message's: the room before the message
	if r == nil {
		r = s.loadRoomLocked(ev.RoomID)
	}
	if r == nil || !s.webhookOnLocked(ev, r) {
		return
	}
	src := WebhookSource{Room: r, Visitor: s.webhookVisitorLocked(r.Visitor.ID), Agent: s.webhookAgentLocked(r.ServedBy.ID)}
	switch ev.Type {
	case EventMessage:
		st := s.messages.byID[ev.MessageID]
		if st == nil {
			return
		}
		if m := decodeStored(st); m != nil {
			src.Messages = []models.Message{*m}
		}
	case EventLeadCapture:
	default:
		for _, st := range s.roomMessagesLocked(r.ID) {
			if m := decodeStored(st); m != nil {
				src.Messages = append(src.Messages, *m)
			}
		}
		if ev.Type == EventSessionForwarded && ev.Scope == ForwardToAgent && ev.OldServedBy.ID != "" {
			src.OldServedBy = &ev.OldServedBy
		}
		if ev.Type == EventSessionForwarded && ev.Scope == ForwardToDepartment {
			src.OldDepartmentID = ev.OldDepartmentID
		}
	}
	if p, err := s.webhook.build(ev.Type, src); err == nil {
		s.webhook.Fire(p)
	}
}

// webhookOnLocked reports whether the setting of ev is on: for a message,
// the visitors' or the agents' one; an edit of a closed room needs none.
func (s *Server) webhookOnLocked(ev Event, r *models.Room) bool {
	switch ev.Type {
	case EventRoomEdited:
		return !r.Open
	case EventMessage:
		m := s.messages.byID[ev.MessageID]
		if m == nil {
			return false
		}
		if tok, _ := m.doc["token"].(string); tok != "" {
			return s.settingBool(settingWebhookVisitorMessage)
		}
		return s.settingBool(settingWebhookAgentMessage)
	}
	return s.settingBool(webhookSetting[ev.Type])
}

// webhookVisitorLocked is a visitor's record as the events carry it.
func (s *Server) webhookVisitorLocked(id string) *WebhookVisitor {
	v, ok := s.visitorLocked(id)
	if !ok {
		return nil
	}
	w := &WebhookVisitor{ID: v.ID, Token: string(v.Token), Name: v.Name, Username: v.Username, Department: v.Department,
		IP: v.IP, CustomFields: v.LivechatData}
	for _, e := range v.Emails {
		w.Emails = append(w.Emails, e.Address)
	}
	for _, p := range v.Phones {
		w.Phones = append(w.Phones, p.Number)
	}
	return w
}

// webhookAgentLocked is an agent's user record as the events carry it.
func (s *Server) webhookAgentLocked(id string) *models.User {
	u := s.users[id]
	if u == nil {
		return nil
	}
	user := &models.User{ID: u.ID, Username: u.Username, Name: u.Name}
	if u.Email != "" {
		user.Emails = []models.Email{{Address: u.Email, Verified: true}}
	}
	return user
}

// The server's default lead-capture patterns: Livechat_lead_email_regex,
// used with the flags gi, and Livechat_lead_phone_regex, used with g. Each
// alternative of the phone pattern ends with the look-ahead
// (?:(?=[^0-9])|$), which Go cannot run; here it consumes the character
// instead, and leadPhones goes on right after the number (group 1 or 2),
// where JavaScript's lastIndex would. A failed look-ahead then makes Go try
// the pattern's other ways, shorter ones and later starts, in the order a
// backtracking engine tries them. \s is JavaScript's.
var (
	leadEmail = regexp.MustCompile(`(?i)\b[A-Z0-9._%+-]+@(?:[A-Z0-9-]+\.)+[A-Z]{2,4}\b`)
	leadPhone = regexp.MustCompile(`((?:\([0-9]{1,3}\)|[0-9]{2})[ \-]*?[0-9]{4,5}(?:[\-` + jsSpaceClass + `_]{1,2})?[0-9]{4})(?:[^0-9]|$)|` +
		`([0-9]{4,5}(?:[\-` + jsSpaceClass + `_]{1,2})?[0-9]{4})(?:[^0-9]|$)`)
)

// jsSpaceClass is JavaScript's \s inside a Go character class.
const jsSpaceClass = `\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`

// leadPhones is text.match(new RegExp(Livechat_lead_phone_regex, 'g')).
func leadPhones(text string) []string {
	var out []string
	for pos := 0; pos <= len(text); {
		m := leadPhone.FindStringSubmatchIndex(text[pos:])
		if m == nil {
			break
		}
		from, to := m[2], m[3]
		if from < 0 {
			from, to = m[4], m[5]
		}
		out = append(out, text[pos+from:pos+to])
		pos += to
	}
	return out
}

// captureLeadLocked adds the email addresses and phone numbers a visitor's
// message holds to the visitor's record, as the server's lead capture does
// (whether or not the webhook is on), and reports whether it found any.
// s.mu must be held.
func (s *Server) captureLeadLocked(r *models.Room, m *models.Message) bool {
	if m.Token == "" || m.Type != "" || !m.EditedAt.IsZero() {
		return false
	}
	emails := leadEmail.FindAllString(m.Text, -1)
	phones := leadPhones(m.Text)
	if len(emails) == 0 && len(phones) == 0 {
		return false
	}
	v, ok := s.visitorLocked(r.Visitor.ID)
	if !ok {
		return false
	}
	for _, e := range emails {
		if !slices.ContainsFunc(v.Emails, func(a models.EmailAddress) bool { return a.Address == e }) {
			v.Emails = append(v.Emails, models.EmailAddress{Address: e})
		}
	}
	for _, p := range phones {
		if !slices.ContainsFunc(v.Phones, func(a models.Phone) bool { return a.Number == p }) {
			v.Phones = append(v.Phones, models.Phone{Number: p})
		}
	}
	return s.putVisitorLocked(&v) == nil
}

// webhookTest serves POST livechat/webhook.test: the sample event, sent
// once to the configured URL.
func (s *Server) webhookTest(c *call) *response {
	if s.webhook == nil || s.webhook.url == "" {
		return failure("Webhook_URL_not_set", "", nil)
	}
	if _, err := s.webhook.Test(context.WithoutCancel(c.r.Context())); err != nil {
		return failure("error-invalid-webhook-response", "", nil)
	}
	return jsonResponse(http.StatusOK, errorBody{Success: true})
}
