package models

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// RoomTypeLivechat is the value of Room.Type for an omnichannel room.
const RoomTypeLivechat = "l"

// Room is an omnichannel (livechat) room: one conversation between a visitor
// and the agents who served it, as the server stores it (IOmnichannelRoom).
// The visitor chat history returns whole rooms, open and closed.
//
// Optional members the server leaves out decode to the zero value and are
// left out again when the room is encoded. Pointers mark the few members whose
// absence must be told apart from a zero value.
type Room struct {
	// ID is the room's id (_id).
	ID string `json:"_id"`
	// Type is the room type (t), RoomTypeLivechat for these rooms.
	Type string `json:"t,omitzero"`
	// Timestamp is when the conversation started (ts).
	Timestamp time.Time `json:"ts,omitzero"`
	// UpdatedAt is when the room document last changed (_updatedAt).
	UpdatedAt time.Time `json:"_updatedAt,omitzero"`
	// FName is the room's display name, usually the visitor's name (fname).
	FName string `json:"fname,omitzero"`
	// Name is the room's name, rarely set on omnichannel rooms.
	Name string `json:"name,omitzero"`
	// Topic is the conversation's topic, set by agents in the room's
	// information.
	Topic string `json:"topic,omitzero"`
	// Label is the room's label.
	Label string `json:"label,omitzero"`
	// MessageCount is the number of messages in the room (msgs). Whole
	// numbers written as 2.0 or 1e3 are accepted.
	MessageCount int `json:"msgs"`
	// UsersCount is the number of users in the room. Whole numbers written as
	// 2.0 or 1e3 are accepted.
	UsersCount int `json:"usersCount"`
	// LastMessageAt is when the last message was sent (lm).
	LastMessageAt time.Time `json:"lm,omitzero"`
	// CanLeave is the room's cl flag. Omnichannel rooms are created with
	// false; nil means the member was absent, which the server reads as true.
	CanLeave *bool `json:"cl,omitzero"`
	// Open reports whether the conversation is still going on. The server
	// removes the member when the room is closed; it is never false.
	Open bool `json:"open,omitzero"`
	// Creator is the user who created the room (u), usually absent on
	// omnichannel rooms.
	Creator UserRef `json:"u,omitzero"`
	// Visitor is the room's summary of the visitor the conversation is with
	// (v), not the visitor's whole record ([Visitor]).
	Visitor RoomVisitor `json:"v,omitzero"`
	// DepartmentID is the department the room belongs to.
	DepartmentID string `json:"departmentId,omitzero"`
	// DepartmentAncestors are the ids of the department's parent departments.
	DepartmentAncestors []string `json:"departmentAncestors,omitzero"`
	// Department is the room's department, its id and name, which
	// livechat/rooms adds to each room whose department still exists; other
	// routes leave it empty (the server does not store it on the room).
	Department DepartmentRef `json:"department,omitzero"`
	// ServedBy is the agent currently serving the room; zero (no ID) while
	// the room is queued.
	ServedBy ServedBy `json:"servedBy,omitzero"`
	// ResponseBy is the agent who last answered the visitor; zero if none has.
	ResponseBy ResponseBy `json:"responseBy,omitzero"`
	// WaitingResponse reports that the visitor is waiting for an agent's answer.
	WaitingResponse bool `json:"waitingResponse,omitzero"`
	// ClosedAt is when the room was closed.
	ClosedAt time.Time `json:"closedAt,omitzero"`
	// Closer tells who closed the room.
	Closer Closer `json:"closer,omitzero"`
	// ClosedBy is the user or visitor who closed the room; zero if open.
	ClosedBy UserRef `json:"closedBy,omitzero"`
	// ClosingMessage is the message the room was closed with.
	ClosingMessage *Message `json:"closingMessage,omitzero"`
	// LastMessage is the last message of the room; a visitor's message
	// carries the visitor token (Message.Token).
	LastMessage *Message `json:"lastMessage,omitzero"`
	// Tags are the tags agents put on the conversation.
	Tags []string `json:"tags,omitzero"`
	// LivechatData holds the room's livechat custom fields, by field id.
	LivechatData map[string]any `json:"livechatData,omitzero"`
	// CustomFields holds the room's generic custom fields (customFields),
	// which apps and the rooms API set.
	CustomFields map[string]any `json:"customFields,omitzero"`
	// SurveyFeedback holds the visitor's answers to the satisfaction survey,
	// by item name (satisfaction, agentKnowledge, ..., additionalFeedback).
	SurveyFeedback map[string]string `json:"surveyFeedback,omitzero"`
	// CallStatus is the state of the room's video call, such as "ringing",
	// "ongoing", "ended" or "declined".
	CallStatus string `json:"callStatus,omitzero"`
	// Source is the channel the conversation came from.
	Source Source `json:"source,omitzero"`
	// TranscriptRequest is a pending request to email the transcript.
	TranscriptRequest *TranscriptRequest `json:"transcriptRequest,omitzero"`
	// Email holds the email thread of a room created by an email inbox.
	Email *RoomEmail `json:"email,omitzero"`
	// SMS holds the sender of a room created by an SMS integration.
	SMS *SMS `json:"sms,omitzero"`
	// OnHold reports that an agent put the conversation on hold.
	OnHold bool `json:"onHold,omitzero"`
	// QueuedAt is when the room last entered the queue.
	QueuedAt time.Time `json:"queuedAt,omitzero"`
	// Status is the room's routing status.
	Status RoomStatus `json:"status,omitzero"`
	// PriorityID is the id of the room's priority.
	PriorityID string `json:"priorityId,omitzero"`
	// PriorityWeight is the priority's sort weight (lower sorts first; the
	// server uses 99 for rooms without a priority). Whole numbers written as
	// 2.0 or 1e3 are accepted.
	PriorityWeight int `json:"priorityWeight,omitzero"`
	// SLAID is the id of the room's service level agreement (slaId).
	SLAID string `json:"slaId,omitzero"`
	// EstimatedWaitingTimeQueue is the due time of the room's service level
	// agreement, in minutes; it may have a fraction.
	EstimatedWaitingTimeQueue float64 `json:"estimatedWaitingTimeQueue,omitzero"`
	// PDFTranscriptRequested reports that a PDF transcript was requested.
	PDFTranscriptRequested bool `json:"pdfTranscriptRequested,omitzero"`
	// PDFTranscriptFileID is the id of the generated PDF transcript file.
	PDFTranscriptFileID string `json:"pdfTranscriptFileId,omitzero"`
	// AutoTransferredAt is when the room was last transferred automatically.
	AutoTransferredAt time.Time `json:"autoTransferredAt,omitzero"`
	// AutoTransferOngoing reports that an automatic transfer is in progress.
	AutoTransferOngoing bool `json:"autoTransferOngoing,omitzero"`
	// Verified reports that the contact was verified for this conversation.
	Verified bool `json:"verified,omitzero"`
	// ContactID is the id of the omnichannel contact of the visitor.
	ContactID string `json:"contactId,omitzero"`
	// Omnichannel holds the visitor-abandonment prediction.
	Omnichannel *OmnichannelInfo `json:"omnichannel,omitzero"`
	// CRMData is whatever a CRM integration stored on the room, unparsed.
	CRMData jsontext.Value `json:"crmData,omitzero"`
	// Metrics are the service-level measurements of the conversation.
	Metrics Metrics `json:"metrics,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit, so that they are written back when the room is
	// encoded.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the room's members whose values did not fit their Go
// fields (see [Misfit]), at any depth, or nil.
func (r *Room) Misfits() []Misfit { return r.misfits }

func init() { registerDocument(func(r *Room) *[]Misfit { return &r.misfits }) }

// Closer tells who closed an omnichannel room.
type Closer string

// The values of Closer.
const (
	CloserUser    Closer = "user"
	CloserVisitor Closer = "visitor"
)

// RoomStatus is the routing status of an omnichannel room.
type RoomStatus string

// The values of RoomStatus.
const (
	RoomStatusQueued RoomStatus = "queued"
	RoomStatusTaken  RoomStatus = "taken"
	RoomStatusReady  RoomStatus = "ready"
)

// UserStatus is the presence status of a user or visitor.
type UserStatus string

// The values of UserStatus.
const (
	UserStatusOnline  UserStatus = "online"
	UserStatusAway    UserStatus = "away"
	UserStatusBusy    UserStatus = "busy"
	UserStatusOffline UserStatus = "offline"
	// UserStatusDisabled is the status of a deactivated user.
	UserStatusDisabled UserStatus = "disabled"
)

// RoomVisitor is the summary of a room's visitor that the room keeps (its v
// member): a few members of the visitor's record ([Visitor]), copied when the
// room was opened, plus the visitor's last message time.
type RoomVisitor struct {
	// ID is the visitor's id (_id).
	ID string `json:"_id"`
	// Username is the visitor's generated username, such as guest-12.
	Username string `json:"username,omitzero"`
	// Token is the visitor's token, which the visitor's messages carry.
	Token Token `json:"token,omitzero"`
	// Name is the name the visitor gave.
	Name string `json:"name,omitzero"`
	// Status is the visitor's presence status.
	Status UserStatus `json:"status,omitzero"`
	// LastMessageAt is when the visitor last wrote (lastMessageTs).
	LastMessageAt time.Time `json:"lastMessageTs,omitzero"`
	// Phone is the visitor's phone number, on rooms opened by SMS: one
	// string here, where the visitor's record holds a list.
	Phone string `json:"phone,omitzero"`
	// Activity lists the visitor's activity labels.
	Activity []string `json:"activity,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// ServedBy is the agent serving a room.
type ServedBy struct {
	// ID is the agent's user id (_id).
	ID string `json:"_id"`
	// Username is the agent's username.
	Username string `json:"username,omitzero"`
	// Timestamp is when the agent took the room (ts).
	Timestamp time.Time `json:"ts,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// ResponseBy is the agent who last answered the visitor of a room.
type ResponseBy struct {
	// ID is the agent's user id (_id).
	ID string `json:"_id"`
	// Username is the agent's username.
	Username string `json:"username,omitzero"`
	// FirstResponseAt is when the agent first answered the visitor's latest
	// message (firstResponseTs).
	FirstResponseAt time.Time `json:"firstResponseTs,omitzero"`
	// LastMessageAt is when the agent last wrote (lastMessageTs).
	LastMessageAt time.Time `json:"lastMessageTs,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// SourceType is the kind of channel an omnichannel room came from.
type SourceType string

// The values of SourceType.
const (
	SourceWidget SourceType = "widget"
	SourceEmail  SourceType = "email"
	SourceSMS    SourceType = "sms"
	SourceApp    SourceType = "app"
	SourceAPI    SourceType = "api"
	SourceOther  SourceType = "other"
)

// Source is the channel an omnichannel room came from.
type Source struct {
	// Type is the kind of channel.
	Type SourceType `json:"type,omitzero"`
	// ID identifies an external source, such as an app.
	ID string `json:"id,omitzero"`
	// Alias is a readable name that goes with ID.
	Alias string `json:"alias,omitzero"`
	// Label is the label shown in the room information.
	Label string `json:"label,omitzero"`
	// SidebarIcon is the icon shown in the sidebar.
	SidebarIcon string `json:"sidebarIcon,omitzero"`
	// DefaultIcon is the default sidebar icon.
	DefaultIcon string `json:"defaultIcon,omitzero"`
	// Destination is where the visitor reached the service: a widget host,
	// an email address, a phone number.
	Destination string `json:"destination,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// TranscriptRequest is a request to email a room's transcript when the room
// closes.
type TranscriptRequest struct {
	// Email is the address the transcript goes to.
	Email string `json:"email,omitzero"`
	// Subject is the subject of the email.
	Subject string `json:"subject,omitzero"`
	// RequestedAt is when the transcript was requested.
	RequestedAt time.Time `json:"requestedAt,omitzero"`
	// RequestedBy is the user or visitor who asked for it.
	RequestedBy UserRef `json:"requestedBy,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// SMS holds the sender of a room created by an SMS integration.
type SMS struct {
	// From is the sender's number.
	From string `json:"from"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// OmnichannelInfo holds the visitor-abandonment prediction of a room.
type OmnichannelInfo struct {
	// PredictedVisitorAbandonmentAt is when the room will be treated as
	// abandoned if the visitor stays silent.
	PredictedVisitorAbandonmentAt time.Time `json:"predictedVisitorAbandonmentAt,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

type (
	roomJSON              Room
	roomVisitorJSON       RoomVisitor
	servedByJSON          ServedBy
	responseByJSON        ResponseBy
	sourceJSON            Source
	transcriptRequestJSON TranscriptRequest
	omnichannelInfoJSON   OmnichannelInfo
	smsJSON               SMS
)

// MarshalJSON implements encoding/json.Marshaler.
func (r Room) MarshalJSON() ([]byte, error) { return marshalJSON((*roomJSON)(&r)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (r *Room) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, r) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (r Room) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*roomJSON)(&r)) }

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (r *Room) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, r, (*roomJSON)(r), &r.misfits)
}

// MarshalJSON implements encoding/json.Marshaler.
func (v RoomVisitor) MarshalJSON() ([]byte, error) { return marshalJSON((*roomVisitorJSON)(&v)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (v RoomVisitor) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*roomVisitorJSON)(&v))
}

// MarshalJSON implements encoding/json.Marshaler.
func (s ServedBy) MarshalJSON() ([]byte, error) { return marshalJSON((*servedByJSON)(&s)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (s ServedBy) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*servedByJSON)(&s))
}

// MarshalJSON implements encoding/json.Marshaler.
func (r ResponseBy) MarshalJSON() ([]byte, error) { return marshalJSON((*responseByJSON)(&r)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (r ResponseBy) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*responseByJSON)(&r))
}

// MarshalJSON implements encoding/json.Marshaler.
func (s Source) MarshalJSON() ([]byte, error) { return marshalJSON((*sourceJSON)(&s)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (s Source) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*sourceJSON)(&s)) }

// MarshalJSON implements encoding/json.Marshaler.
func (t TranscriptRequest) MarshalJSON() ([]byte, error) {
	return marshalJSON((*transcriptRequestJSON)(&t))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (t TranscriptRequest) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*transcriptRequestJSON)(&t))
}

// MarshalJSON implements encoding/json.Marshaler.
func (o OmnichannelInfo) MarshalJSON() ([]byte, error) {
	return marshalJSON((*omnichannelInfoJSON)(&o))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (o OmnichannelInfo) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*omnichannelInfoJSON)(&o))
}

// MarshalJSON implements encoding/json.Marshaler.
func (s SMS) MarshalJSON() ([]byte, error) { return marshalJSON((*smsJSON)(&s)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (s SMS) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*smsJSON)(&s)) }
