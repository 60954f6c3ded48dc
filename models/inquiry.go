package models

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// InquiryStatus is where an inquiry stands in the omnichannel queue.
type InquiryStatus string

// The values of InquiryStatus.
const (
	// InquiryVerifying waits for the contact to be verified (Enterprise).
	InquiryVerifying InquiryStatus = "verifying"
	// InquiryQueued waits in the queue for an agent to take it.
	InquiryQueued InquiryStatus = "queued"
	// InquiryReady is to be assigned by the routing (auto selection found
	// no agent yet, or the room was opened for a bot).
	InquiryReady InquiryStatus = "ready"
	// InquiryTaken is served by an agent.
	InquiryTaken InquiryStatus = "taken"
	// InquiryOpen is the status of an inquiry reopened by some Enterprise
	// flows.
	InquiryOpen InquiryStatus = "open"
)

// Inquiry is a livechat room's place in the queue (ILivechatInquiryRecord):
// one per open room, created with the room and deleted when it closes. An
// agent takes an inquiry to serve its room.
//
// livechat/inquiries.list returns only a few members (ID, RoomID, Name,
// Timestamp, Status, Department); the other routes return the whole record.
type Inquiry struct {
	// ID is the inquiry's id (_id).
	ID string `json:"_id"`
	// RoomID is the id of the inquiry's room (rid).
	RoomID string `json:"rid"`
	// Name is the visitor's name, as the room shows it.
	Name string `json:"name,omitzero"`
	// Timestamp is when the room was opened (ts).
	Timestamp time.Time `json:"ts,omitzero"`
	// Message is the text of the visitor's first message, or "" when the
	// room was opened without one.
	Message string `json:"message,omitzero"`
	// Status is where the inquiry stands.
	Status InquiryStatus `json:"status,omitzero"`
	// Visitor is the visitor the room is with (v).
	Visitor RoomVisitor `json:"v,omitzero"`
	// Type is the room type (t), always "l".
	Type string `json:"t,omitzero"`
	// Department is the id of the room's department.
	Department string `json:"department,omitzero"`
	// DefaultAgent is the agent the inquiry is meant for, if any: a
	// forwarded room queued for one agent, or a visitor's chosen agent.
	DefaultAgent *SelectedAgent `json:"defaultAgent,omitzero"`
	// LastMessage is the visitor's last message in the room.
	LastMessage *Message `json:"lastMessage,omitzero"`
	// Source is the channel the conversation came from.
	Source Source `json:"source,omitzero"`
	// PriorityID is the id of the room's priority.
	PriorityID string `json:"priorityId,omitzero"`
	// PriorityWeight is the priority's sort weight (lower sorts first).
	// Whole numbers written as 2.0 or 1e3 are accepted.
	PriorityWeight int `json:"priorityWeight,omitzero"`
	// SLAID is the id of the room's service level agreement (slaId).
	SLAID string `json:"slaId,omitzero"`
	// EstimatedWaitingTimeQueue is the due time of the service level
	// agreement, in minutes; it may have a fraction.
	EstimatedWaitingTimeQueue float64 `json:"estimatedWaitingTimeQueue,omitzero"`
	// QueuedAt is when the inquiry last entered the queue.
	QueuedAt time.Time `json:"queuedAt,omitzero"`
	// TakenAt is when an agent took it.
	TakenAt time.Time `json:"takenAt,omitzero"`
	// Locked reports that the routing is assigning it right now.
	Locked bool `json:"locked,omitzero"`
	// LockedAt is when the routing locked it.
	LockedAt time.Time `json:"lockedAt,omitzero"`
	// EstimatedInactivityCloseTimeAt is when the room will be closed for the
	// visitor's inactivity (Enterprise).
	EstimatedInactivityCloseTimeAt time.Time `json:"estimatedInactivityCloseTimeAt,omitzero"`
	// UpdatedAt is when the inquiry last changed (_updatedAt).
	UpdatedAt time.Time `json:"_updatedAt,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit, so that they are written back when the inquiry is
	// encoded.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the inquiry's members whose values did not fit their Go
// fields (see [Misfit]), at any depth, or nil.
func (q *Inquiry) Misfits() []Misfit { return q.misfits }

func init() { registerDocument(func(q *Inquiry) *[]Misfit { return &q.misfits }) }

// SelectedAgent is an agent chosen for a conversation: an inquiry's default
// agent.
type SelectedAgent struct {
	// AgentID is the agent's user id.
	AgentID string `json:"agentId"`
	// Username is the agent's username.
	Username string `json:"username,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

type (
	inquiryJSON       Inquiry
	selectedAgentJSON SelectedAgent
)

// MarshalJSON implements encoding/json.Marshaler.
func (q Inquiry) MarshalJSON() ([]byte, error) { return marshalJSON((*inquiryJSON)(&q)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (q *Inquiry) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, q) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (q Inquiry) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*inquiryJSON)(&q))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (q *Inquiry) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, q, (*inquiryJSON)(q), &q.misfits)
}

// MarshalJSON implements encoding/json.Marshaler.
func (a SelectedAgent) MarshalJSON() ([]byte, error) { return marshalJSON((*selectedAgentJSON)(&a)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (a SelectedAgent) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*selectedAgentJSON)(&a))
}
