package rocketchattest

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// Routing is the server's routing method (the Livechat_Routing_Method
// setting): how a conversation opened by a visitor reaches an agent.
type Routing string

const (
	// ManualSelection queues every new conversation; agents see it in
	// livechat/inquiries.queuedForUser and take it with
	// livechat/inquiries.take. The fake's default.
	ManualSelection Routing = "Manual_Selection"
	// AutoSelection gives a new conversation at once to the online,
	// available agent (of its department, if it has one) with the fewest
	// open conversations; it stays ready for the taking when none is
	// online. A real server's default.
	AutoSelection Routing = "Auto_Selection"
)

// defaultSettings are the settings the fake honours and their defaults,
// which are the real server's except for the routing method and the
// offline messages' address. Tests change them with [WithSetting] and
// [Server.SetSetting].
var defaultSettings = map[string]any{
	// The routing method: ManualSelection or AutoSelection.
	"Livechat_Routing_Method": string(ManualSelection),
	// Livechat on or off: off refuses new conversations and messages.
	"Livechat_enabled": true,
	// Open conversations and take them with no agent online.
	"Livechat_accept_chats_with_no_agents": false,
	// Let visitors close their conversation (livechat/room.close).
	"Omnichannel_allow_visitors_to_close_conversation": true,
	// Limit the length of visitors' messages.
	"Livechat_enable_message_character_limit": false,
	"Livechat_message_character_limit":        0.0,
	// Ask for a comment when an agent closes a conversation.
	"Livechat_request_comment_when_closing_conversation": false,
	// Let livechat/room.closeByUser force the close of a broken room.
	"Omnichannel_allow_force_close_conversations": false,
	// Uploads: both must be on; the largest file in bytes (-1 for no
	// limit); the media types allowed (empty for any) and refused, as
	// comma-separated lists with * wildcards such as image/*.
	"Livechat_fileupload_enabled":   true,
	"FileUpload_Enabled":            true,
	"FileUpload_MaxFileSize":        104857600.0,
	"FileUpload_MediaTypeWhiteList": "",
	"FileUpload_MediaTypeBlackList": "image/svg+xml",
	// The offline form, and the transcript the widget offers.
	"Livechat_display_offline_form": true,
	// Where offline messages are e-mailed. A real server's default is
	// empty, and then refuses every offline message (the mailer checks
	// the address); the fake's is an address so that the form works.
	"Livechat_offline_email":     "offline@example.com",
	"Livechat_enable_transcript": false,
	// The webhook's events (see WithWebhook), all off as on a real server.
	"Livechat_webhook_on_start":           false,
	"Livechat_webhook_on_chat_queued":     false,
	"Livechat_webhook_on_chat_taken":      false,
	"Livechat_webhook_on_forward":         false,
	"Livechat_webhook_on_close":           false,
	"Livechat_webhook_on_offline_msg":     false,
	"Livechat_webhook_on_capture":         false,
	"Livechat_webhook_on_visitor_message": false,
	"Livechat_webhook_on_agent_message":   false,
	// The widget's title and the server's language.
	"Livechat_title": "Rocket.Chat",
	"Language":       "en",
}

// SettingNames returns the ids of the settings the fake honours, sorted.
func SettingNames() []string { return slices.Sorted(maps.Keys(defaultSettings)) }

// WithSetting sets one of the server's settings, by its id as on a real
// server's administration pages ("Livechat_accept_chats_with_no_agents").
// [SettingNames] lists those the fake honours; the value must have the
// default's type (bool, string, or a number as float64 or int). Any other
// id or type makes [NewServer] fail the test and [Start] return an error.
func WithSetting(id string, value any) Option {
	return func(c *config) {
		if c.settings == nil {
			c.settings = make(map[string]any)
		}
		c.settings[id] = value
	}
}

// WithRouting sets the routing method (default [ManualSelection]).
func WithRouting(r Routing) Option {
	return WithSetting("Livechat_Routing_Method", string(r))
}

// newSettings returns the defaults with the given settings applied.
func newSettings(given map[string]any) (map[string]any, error) {
	settings := maps.Clone(defaultSettings)
	for _, id := range slices.Sorted(maps.Keys(given)) {
		v, err := checkSetting(id, given[id])
		if err != nil {
			return nil, err
		}
		settings[id] = v
	}
	return settings, nil
}

// checkSetting returns the value to store for a setting, or why it cannot
// be set.
func checkSetting(id string, value any) (any, error) {
	def, ok := defaultSettings[id]
	if !ok {
		return nil, fmt.Errorf("rocketchattest: setting %q is not one the fake honours (%s)", id, strings.Join(SettingNames(), ", "))
	}
	switch v := value.(type) {
	case int:
		value = float64(v)
	case Routing:
		value = string(v)
	}
	if reflect.TypeOf(value) != reflect.TypeOf(def) {
		return nil, fmt.Errorf("rocketchattest: setting %q takes a %T, not %T", id, def, value)
	}
	if id == "Livechat_Routing_Method" && value != string(ManualSelection) && value != string(AutoSelection) {
		return nil, fmt.Errorf("rocketchattest: routing method %q is not ManualSelection or AutoSelection", value)
	}
	return value, nil
}

// SetSetting changes a setting while the server runs, as an admin does; see
// [WithSetting]. A mistake fails the test ([NewServer]) or panics ([Start]).
func (s *Server) SetSetting(id string, value any) {
	if s.tb != nil {
		s.tb.Helper()
	}
	v, err := checkSetting(id, value)
	if err != nil {
		s.fail("SetSetting: %v", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.omni.settings[id] = v
}

// settingBool, settingString and settingNumber read a setting. s.mu must
// be held.
func (s *Server) settingBool(id string) bool      { b, _ := s.omni.settings[id].(bool); return b }
func (s *Server) settingString(id string) string  { v, _ := s.omni.settings[id].(string); return v }
func (s *Server) settingNumber(id string) float64 { f, _ := s.omni.settings[id].(float64); return f }
func (s *Server) routingLocked() Routing          { return Routing(s.settingString("Livechat_Routing_Method")) }
