package webhook

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/models"
)

// Session is what every event about a room carries (the server's ICRMData
// plus type and messages): the room, its visitor and serving agent, the
// crmData stored from an earlier answer, and messages. Each room event type
// embeds it and adds its own members.
//
// Optional members the server leaves out decode to their zero value and are
// left out again when the event is encoded.
type Session struct {
	// ID is the room id (_id). The settings' test button sends
	// [TestRoomID].
	ID string `json:"_id"`
	// Label is the room's display name, usually the visitor's name: the
	// room's fname, else its label.
	Label string `json:"label,omitzero"`
	// Topic is the conversation's topic.
	Topic string `json:"topic,omitzero"`
	// CreatedAt is when the conversation started (the room's ts).
	CreatedAt time.Time `json:"createdAt,omitzero"`
	// LastMessageAt is when the room's last message was sent (the room's lm)
	// when the server built the event.
	LastMessageAt time.Time `json:"lastMessageAt,omitzero"`
	// Tags are the tags on the conversation.
	Tags []string `json:"tags,omitzero"`
	// CustomFields are the room's custom fields (the room's livechatData),
	// by field id.
	CustomFields map[string]any `json:"customFields,omitzero"`
	// Visitor is the visitor, read from the visitor record when the event
	// was built.
	Visitor Visitor `json:"visitor"`
	// Agent is the agent serving the room; zero (no ID) while nobody does.
	Agent Agent `json:"agent,omitzero"`
	// CRMData is what the receiver answered to an earlier event of the room;
	// zero if nothing was stored yet.
	CRMData CRMData `json:"crmData,omitzero"`
	// Type is the event's type member, such as "LivechatSessionStart".
	Type string `json:"type"`
	// Messages are the room's messages, oldest first: all of them for the
	// session events (system messages left out, except the closing one),
	// the new one for [NewMessage], none for [LeadCapture].
	Messages []Message `json:"messages"`

	// Unknown keeps the members this type and the event type do not declare,
	// and the raw value of any misfit, so that they are written back when
	// the event is encoded.
	Unknown jsontext.Value `json:",embed"`

	key     string // SHA-256 of the body Parse read, in hex
	misfits []models.Misfit
}

// TestRoomID is the room id of the event that the Test button of
// Rocket.Chat's webhook settings sends (POST livechat/webhook.test): a
// [SessionClosed] with sample data, a visitor with an empty id and no
// token, and email and phone as plain strings.
const TestRoomID = "fasd6f5a4sd6f8a4sdf"

// RoomID returns the room id (_id).
func (s *Session) RoomID() string { return s.ID }

// IsTest reports whether the event is the sample the settings' Test button
// sends, rather than a real conversation.
func (s *Session) IsTest() bool { return s.ID == TestRoomID && s.Visitor.ID == "" }

// Misfits returns the event's members whose values did not fit their Go
// fields (see models.Misfit), at any depth, or nil.
func (s *Session) Misfits() []models.Misfit { return s.misfits }

// Visitor is the visitor of a room as events describe it.
type Visitor struct {
	// ID is the visitor id (_id); empty in the test button's sample.
	ID string `json:"_id"`
	// Token is the visitor's token: a credential of the widget API, to keep
	// out of logs.
	Token string `json:"token,omitzero"`
	// Name is the name the visitor gave.
	Name string `json:"name,omitzero"`
	// Username is the visitor's username, such as "guest-17".
	Username string `json:"username,omitzero"`
	// Department is the id of the visitor's current department.
	Department string `json:"department,omitzero"`
	// IP is the visitor's address, stored only when the server is set to
	// collect HTTP header information.
	IP string `json:"ip,omitzero"`
	// OS is the visitor's operating system and version, read from the
	// stored user agent.
	OS string `json:"os,omitzero"`
	// Browser is the visitor's browser and version, read from the stored
	// user agent.
	Browser string `json:"browser,omitzero"`
	// CustomFields are the visitor's custom fields (livechatData), by field
	// id.
	CustomFields map[string]any `json:"customFields,omitzero"`
	// Email lists the visitor's email addresses (email).
	Email Emails `json:"email,omitzero"`
	// Phone lists the visitor's phone numbers (phone).
	Phone Phones `json:"phone,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// Agent is the agent serving a room, as events describe it.
type Agent struct {
	// ID is the agent's user id (_id).
	ID string `json:"_id"`
	// Username is the agent's username.
	Username string `json:"username,omitzero"`
	// Name is the agent's display name.
	Name string `json:"name,omitzero"`
	// CustomFields are the agent's custom fields that the server's
	// Accounts_CustomFields setting marks sendToIntegrations.
	CustomFields map[string]any `json:"customFields,omitzero"`
	// Email is the agent's first email address.
	Email string `json:"email,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// Message is a message of a room as events describe it: fewer members than
// a models.Message (no markdown, mentions or visitor token), plus AgentID,
// ClosingMessage and FileUpload.
type Message struct {
	// User is the author (u).
	User models.UserRef `json:"u,omitzero"`
	// ID is the message id (_id).
	ID string `json:"_id,omitzero"`
	// Username is the author's username.
	Username string `json:"username,omitzero"`
	// Text is the message text (msg); for a message with only UI Kit
	// blocks, the blocks as JSON text. Absent on a file without a caption
	// and on a closing message without a comment.
	Text string `json:"msg,omitzero"`
	// Blocks are the message's UI Kit blocks, unparsed.
	Blocks jsontext.Value `json:"blocks,omitzero"`
	// Timestamp is when the message was sent (ts).
	Timestamp time.Time `json:"ts,omitzero"`
	// RoomID is the room id (rid).
	RoomID string `json:"rid,omitzero"`
	// EditedAt is when the message was last edited.
	EditedAt time.Time `json:"editedAt,omitzero"`
	// AgentID is the author's user id when the author is not the visitor:
	// an agent, a bot or an app.
	AgentID string `json:"agentId,omitzero"`
	// Navigation is the page the visitor opened, on navigation history
	// messages (sent only when the server is set to).
	Navigation *models.Navigation `json:"navigation,omitzero"`
	// ClosingMessage reports the message the room was closed with; its
	// Text is the closing comment.
	ClosingMessage bool `json:"closingMessage,omitzero"`
	// File is the uploaded file of a file message.
	File *models.File `json:"file,omitzero"`
	// Attachments are a file message's attachments.
	Attachments []models.Attachment `json:"attachments,omitzero"`
	// FileUpload says where to download the file of a file message.
	FileUpload *FileUpload `json:"fileUpload,omitzero"`
	// UpdatedAt is when the message document last changed (_updatedAt).
	UpdatedAt time.Time `json:"_updatedAt,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// FromVisitor reports whether the visitor wrote the message.
func (m *Message) FromVisitor() bool { return m.AgentID == "" }

// FileUpload says where to download a message's file.
type FileUpload struct {
	// PublicFilePath is the file's absolute URL; with the server's file
	// URL protection on, it carries a token (?token=) granting access.
	PublicFilePath string `json:"publicFilePath"`
	// Type is the file's MIME type.
	Type string `json:"type,omitzero"`
	// Size is the file's size in bytes.
	Size int64 `json:"size,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

type (
	visitorJSON    Visitor
	agentJSON      Agent
	messageJSON    Message
	fileUploadJSON FileUpload
)

// MarshalJSON implements encoding/json.Marshaler.
func (v Visitor) MarshalJSON() ([]byte, error) { return marshalJSON((*visitorJSON)(&v)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (v Visitor) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*visitorJSON)(&v))
}

// MarshalJSON implements encoding/json.Marshaler.
func (a Agent) MarshalJSON() ([]byte, error) { return marshalJSON((*agentJSON)(&a)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (a Agent) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*agentJSON)(&a)) }

// MarshalJSON implements encoding/json.Marshaler.
func (m Message) MarshalJSON() ([]byte, error) { return marshalJSON((*messageJSON)(&m)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (m Message) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*messageJSON)(&m))
}

// MarshalJSON implements encoding/json.Marshaler.
func (f FileUpload) MarshalJSON() ([]byte, error) { return marshalJSON((*fileUploadJSON)(&f)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (f FileUpload) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*fileUploadJSON)(&f))
}
