package webhook

import (
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// SessionStart is sent when a conversation starts (LivechatSessionStart),
// before it is routed: no agent yet, and usually no messages. The server
// sends it when its Livechat_webhook_on_start setting is on.
type SessionStart struct {
	Session `json:",embed"`
	// DepartmentID is the room's department.
	DepartmentID string `json:"departmentId,omitzero"`
}

// SessionQueued is sent when a conversation waits in the queue for an agent
// to take it (LivechatSessionQueued): after the start with manual
// selection, and whenever a room returns to the queue. Setting:
// Livechat_webhook_on_chat_queued.
type SessionQueued struct {
	Session `json:",embed"`
	// DepartmentID is the room's department.
	DepartmentID string `json:"departmentId,omitzero"`
}

// SessionTaken is sent when an agent takes a conversation
// (LivechatSessionTaken): by automatic routing, by taking it from the
// queue, or as the first half of a forward to an agent. Setting:
// Livechat_webhook_on_chat_taken.
type SessionTaken struct {
	Session `json:",embed"`
	// DepartmentID is the room's department.
	DepartmentID string `json:"departmentId,omitzero"`
	// ServedBy is the agent who took the room, with when (ts).
	ServedBy models.ServedBy `json:"servedBy,omitzero"`
}

// SessionForwarded is sent when a conversation is forwarded
// (LivechatSessionForwarded) to another agent (OldServedBy is set; a
// [SessionTaken] for the new agent comes first) or to another department
// (OldDepartmentID may be set; ServedBy is zero while the room waits in the
// queue). Setting: Livechat_webhook_on_forward.
type SessionForwarded struct {
	Session `json:",embed"`
	// DepartmentID is the room's department after the forward.
	DepartmentID string `json:"departmentId,omitzero"`
	// ServedBy is the agent serving the room after the forward.
	ServedBy models.ServedBy `json:"servedBy,omitzero"`
	// OldDepartmentID is the department before a forward to a department.
	OldDepartmentID string `json:"oldDepartmentId,omitzero"`
	// OldServedBy is the agent before a forward to an agent.
	OldServedBy models.ServedBy `json:"oldServedBy,omitzero"`
}

// SessionClosed is sent when a conversation is closed (LivechatSession)
// with its whole transcript: every message, oldest first, the closing one
// last (ClosingMessage set, its text the closing comment). The settings'
// Test button sends one too (see [Session.IsTest]). Setting:
// Livechat_webhook_on_close.
type SessionClosed struct {
	Session `json:",embed"`
	// DepartmentID is the room's department.
	DepartmentID string `json:"departmentId,omitzero"`
	// ServedBy is the agent who served the room last.
	ServedBy models.ServedBy `json:"servedBy,omitzero"`
	// ClosedAt is when the room was closed.
	ClosedAt time.Time `json:"closedAt,omitzero"`
	// ClosedBy is the agent or visitor who closed the room.
	ClosedBy models.UserRef `json:"closedBy,omitzero"`
	// Closer tells whether an agent ("user") or the visitor closed it.
	Closer models.Closer `json:"closer,omitzero"`
}

// RoomEdited is sent when an agent edits a closed conversation's
// information (LivechatEdit): topic, tags, custom fields, visitor fields.
// It carries every message. It has no setting: the server sends it
// whenever a webhook URL is set.
type RoomEdited struct {
	Session `json:",embed"`
}

// NewMessage is sent for each new or edited message (Message): Messages
// holds that one message; an edit comes again with the same message id and
// EditedAt set. Settings: Livechat_webhook_on_visitor_message and
// Livechat_webhook_on_agent_message.
type NewMessage struct {
	Session `json:",embed"`
}

// Message returns the event's message, or a zero message if it carries
// none.
func (e *NewMessage) Message() Message {
	if len(e.Messages) == 0 {
		return Message{}
	}
	return e.Messages[0]
}

// LeadCapture is sent when a visitor's message contains an email address or
// a phone number (LeadCapture): the visitor's Email and Phone already hold
// the captured values. It carries no messages. Setting:
// Livechat_webhook_on_capture.
type LeadCapture struct {
	Session `json:",embed"`
}
