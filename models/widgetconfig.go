package models

import "github.com/go-json-experiment/json/jsontext"

// WidgetConfig is the livechat widget's configuration (GET livechat/config):
// whether the service is on and online, its settings, texts and
// departments, and, for a known visitor, the visitor, their open room and
// its agent. A server with livechat turned off sends only Enabled, false.
type WidgetConfig struct {
	// Enabled reports that livechat is turned on.
	Enabled bool `json:"enabled"`
	// Online reports that an agent is available (in the department asked
	// for, if any).
	Online bool `json:"online,omitzero"`
	// Settings are the widget's behaviour settings.
	Settings WidgetSettings `json:"settings,omitzero"`
	// Theme is the widget's look: titles, colours, position.
	Theme WidgetTheme `json:"theme,omitzero"`
	// Messages are the widget's texts, by name (offlineMessage,
	// conversationFinishedMessage, ...).
	Messages map[string]string `json:"messages,omitzero"`
	// Survey lists the satisfaction survey's items and the values each
	// takes.
	Survey WidgetSurvey `json:"survey,omitzero"`
	// Departments are the enabled departments that have agents.
	Departments []WidgetDepartment `json:"departments,omitzero"`
	// Triggers are the widget's enabled triggers, unparsed.
	Triggers jsontext.Value `json:"triggers,omitzero"`
	// Resources are the widget's sound and custom emojis, unparsed.
	Resources jsontext.Value `json:"resources,omitzero"`
	// Guest is the visitor of the token asked with, if registered.
	Guest *Visitor `json:"guest,omitzero"`
	// Room is that visitor's open room, if any (a few members only).
	Room *Room `json:"room,omitzero"`
	// Agent is the agent serving that room, if any; without the agent's
	// details when the server hides them.
	Agent *Agent `json:"agent,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the configuration's members whose values did not fit
// their Go fields (see [Misfit]), at any depth, or nil.
func (c *WidgetConfig) Misfits() []Misfit { return c.misfits }

func init() { registerDocument(func(c *WidgetConfig) *[]Misfit { return &c.misfits }) }

// WidgetSettings are the livechat widget's behaviour settings. Members not
// declared here (limitTextLength, which is a number or false, livechatLogo)
// are kept in Unknown.
type WidgetSettings struct {
	// RegistrationForm makes visitors fill in a form before chatting.
	RegistrationForm bool `json:"registrationForm,omitzero"`
	// AllowSwitchingDepartments lets visitors pick another department.
	AllowSwitchingDepartments bool `json:"allowSwitchingDepartments,omitzero"`
	// NameFieldRegistrationForm asks for the name in the form.
	NameFieldRegistrationForm bool `json:"nameFieldRegistrationForm,omitzero"`
	// EmailFieldRegistrationForm asks for the e-mail address in the form.
	EmailFieldRegistrationForm bool `json:"emailFieldRegistrationForm,omitzero"`
	// DisplayOfflineForm shows the offline form when nobody is online.
	DisplayOfflineForm bool `json:"displayOfflineForm,omitzero"`
	// FileUpload reports that visitors may upload files.
	FileUpload bool `json:"fileUpload,omitzero"`
	// Language is the widget's language, such as "en".
	Language string `json:"language,omitzero"`
	// Transcript lets visitors ask for the conversation's transcript.
	Transcript bool `json:"transcript,omitzero"`
	// ShowConnecting shows a "connecting" notice until an agent takes the
	// conversation.
	ShowConnecting bool `json:"showConnecting,omitzero"`
	// AgentHiddenInfo hides the agent's details from visitors.
	AgentHiddenInfo bool `json:"agentHiddenInfo,omitzero"`
	// HiddenSystemMessages are the system message types the widget hides.
	HiddenSystemMessages []string `json:"hiddenSystemMessages,omitzero"`
	// VisitorsCanCloseChat reports that visitors may close conversations.
	VisitorsCanCloseChat bool `json:"visitorsCanCloseChat,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// WidgetTheme is the livechat widget's look.
type WidgetTheme struct {
	// Title is the widget's title while agents are online.
	Title string `json:"title,omitzero"`
	// Color is the title bar's colour.
	Color string `json:"color,omitzero"`
	// OfflineTitle is the title while nobody is online.
	OfflineTitle string `json:"offlineTitle,omitzero"`
	// OfflineColor is the title bar's colour then.
	OfflineColor string `json:"offlineColor,omitzero"`
	// Position is the widget's side of the page, "left" or "right".
	Position string `json:"position,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// WidgetSurvey lists the satisfaction survey's items (satisfaction,
// agentKnowledge, agentResposiveness, agentFriendliness) and the values
// each takes ("1" to "5").
type WidgetSurvey struct {
	// Items are the survey's item names.
	Items []string `json:"items,omitzero"`
	// Values are the values each item takes.
	Values []string `json:"values,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// WidgetDepartment is a department as the widget lists it.
type WidgetDepartment struct {
	// ID is the department's id (_id).
	ID string `json:"_id"`
	// Name is the department's name.
	Name string `json:"name,omitzero"`
	// ShowOnRegistration lists it in the registration form.
	ShowOnRegistration bool `json:"showOnRegistration"`
	// ShowOnOfflineForm lists it in the offline form.
	ShowOnOfflineForm bool `json:"showOnOfflineForm"`
	// DepartmentsAllowedToForward are the departments it may forward to.
	DepartmentsAllowedToForward []string `json:"departmentsAllowedToForward,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

type (
	widgetConfigJSON     WidgetConfig
	widgetSettingsJSON   WidgetSettings
	widgetThemeJSON      WidgetTheme
	widgetSurveyJSON     WidgetSurvey
	widgetDepartmentJSON WidgetDepartment
)

// MarshalJSON implements encoding/json.Marshaler.
func (c WidgetConfig) MarshalJSON() ([]byte, error) { return marshalJSON((*widgetConfigJSON)(&c)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (c *WidgetConfig) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, c) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (c WidgetConfig) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*widgetConfigJSON)(&c))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (c *WidgetConfig) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, c, (*widgetConfigJSON)(c), &c.misfits)
}

// MarshalJSON implements encoding/json.Marshaler.
func (s WidgetSettings) MarshalJSON() ([]byte, error) { return marshalJSON((*widgetSettingsJSON)(&s)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (s WidgetSettings) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*widgetSettingsJSON)(&s))
}

// MarshalJSON implements encoding/json.Marshaler.
func (t WidgetTheme) MarshalJSON() ([]byte, error) { return marshalJSON((*widgetThemeJSON)(&t)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (t WidgetTheme) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*widgetThemeJSON)(&t))
}

// MarshalJSON implements encoding/json.Marshaler.
func (s WidgetSurvey) MarshalJSON() ([]byte, error) { return marshalJSON((*widgetSurveyJSON)(&s)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (s WidgetSurvey) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*widgetSurveyJSON)(&s))
}

// MarshalJSON implements encoding/json.Marshaler.
func (d WidgetDepartment) MarshalJSON() ([]byte, error) {
	return marshalJSON((*widgetDepartmentJSON)(&d))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (d WidgetDepartment) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*widgetDepartmentJSON)(&d))
}
