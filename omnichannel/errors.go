package omnichannel

import (
	"errors"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// Error codes of the Omnichannel endpoints, matched with [errors.Is]. The
// errors every endpoint may answer (ErrNotFound, ErrForbidden,
// ErrInvalidParams, ErrInvalidRoom, ...) are in package rocketchat.
var (
	// ErrVisitorNotFound: livechat/visitors.info knows no (enabled) visitor
	// with that id.
	ErrVisitorNotFound = rocketchat.NewSentinel("omnichannel: visitor not found", "visitor-not-found")
	// ErrInvalidToken: no visitor is registered with the token
	// (livechat/visitor/{token} and the widget's routes), or the token is
	// empty. livechat.ErrInvalidToken is the same error.
	ErrInvalidToken = rocketchat.NewSentinel("omnichannel: invalid visitor token", "invalid-token", "error-invalid-token")
	// ErrContactNotFound: omnichannel/contacts.history or contacts.update
	// knows no such contact. (omnichannel/contacts.get answers 404,
	// rocketchat.ErrNotFound.)
	ErrContactNotFound = rocketchat.NewSentinel("omnichannel: contact not found", "error-contact-not-found")
	// ErrContactManagerNotFound: the contact manager given to
	// omnichannel/contacts or contacts.update is not a livechat agent.
	ErrContactManagerNotFound = rocketchat.NewSentinel("omnichannel: contact manager not found", "error-contact-manager-not-found")
)

// ErrNoContact is returned by [ContactsService.Get] when asked for the
// contact of a visitor whose latest conversation has none: the visitor has
// no conversation, or it predates the server's contacts.
var ErrNoContact = errors.New("omnichannel: the visitor has no contact")

// Errors of the omnichannel actions, matched with errors.Is against the
// error a call returns (an *rocketchat.APIError carrying the server's code).
// Codes several packages share are in package rocketchat:
// rocketchat.ErrInvalidRoom (error-invalid-room), rocketchat.ErrRoomClosed
// (room-closed, error-room-already-closed,
// This_conversation_is_already_closed), rocketchat.ErrNotFound
// (error-not-found: no such inquiry), rocketchat.ErrForbidden
// (error-not-authorized, Not_authorized), rocketchat.ErrNotAllowed.
var (
	// ErrInquiryTaken: the inquiry was taken already, by this agent or
	// another.
	ErrInquiryTaken = rocketchat.NewSentinel("omnichannel: inquiry already taken", "error-inquiry-taken")
	// ErrAgentOffline: the agent who is to take or receive the room is not
	// an online, available agent.
	ErrAgentOffline = rocketchat.NewSentinel("omnichannel: agent offline or not available",
		"error-agent-status-service-offline", "error-user-is-offline")
	// ErrNoAgentOnline: nobody of the department (or at all) is online to
	// take the conversation.
	ErrNoAgentOnline = rocketchat.NewSentinel("omnichannel: no agent online",
		"no-agent-online", "error-no-agents-online-in-department", "error-no-agents-available-for-service-on-department")
	// ErrAgentBusy: the agent may take no more conversations now (routing
	// lock, or the Enterprise limit of simultaneous chats).
	ErrAgentBusy = rocketchat.NewSentinel("omnichannel: agent busy",
		"error-agent-is-locked", "error-max-number-simultaneous-chats-reached", "error-taking-inquiry-lockedAt-mismatch")
	// ErrMACLimit: the workspace reached its monthly active contacts limit.
	ErrMACLimit = rocketchat.NewSentinel("omnichannel: monthly active contacts limit reached", "error-mac-limit-reached")
	// ErrInvalidDepartment: no such department.
	ErrInvalidDepartment = rocketchat.NewSentinel("omnichannel: invalid department", "error-invalid-department")
	// ErrInvalidVisitor: the room's visitor is missing or disabled, or the
	// token is not the room's.
	ErrInvalidVisitor = rocketchat.NewSentinel("omnichannel: invalid visitor", "error-invalid-visitor")
	// ErrInvalidUser: the user is unknown.
	ErrInvalidUser = rocketchat.NewSentinel("omnichannel: invalid user", "error-invalid-user")
	// ErrForwardFailed: the forward could not be done (nobody to forward to,
	// no inquiry, the same agent or department, an agent outside the
	// department).
	ErrForwardFailed = rocketchat.NewSentinel("omnichannel: forward failed",
		"error-forwarding-chat", "error-transferring-inquiry", "error-invalid-inquiry", "error-forwarding-chat-same-department",
		"error-selected-agent-room-agent-are-same", "error-user-not-belong-to-department")
	// ErrRoomOnHold: the room is on hold (it cannot be forwarded, nor put on
	// hold again).
	ErrRoomOnHold = rocketchat.NewSentinel("omnichannel: room on hold",
		"error-room-onHold", "error-room-is-already-on-hold", "error-room-is-already-onHold")
	// ErrCannotPlaceOnHold: the room cannot be put on hold or resumed: it is
	// not served, not on hold, or its visitor wrote last.
	ErrCannotPlaceOnHold = rocketchat.NewSentinel("omnichannel: room cannot be placed on hold or resumed",
		"error-unserved-rooms-cannot-be-placed-onhold", "error-contact-sent-last-message-so-cannot-place-on-hold",
		"error-room-not-on-hold", "error-room-not-served")
	// ErrCommentRequired: the server requires a comment to close a room.
	ErrCommentRequired = rocketchat.NewSentinel("omnichannel: a closing comment is required", "error-comment-is-required")
	// ErrTagsRequired: the room's department requires a tag to close it.
	ErrTagsRequired = rocketchat.NewSentinel("omnichannel: tags are required to close the room",
		"error-tags-must-be-assigned-before-closing-chat")
	// ErrTranscriptRequested: a transcript of the room is already requested.
	ErrTranscriptRequested = rocketchat.NewSentinel("omnichannel: transcript already requested", "error-transcript-already-requested")
	// ErrTranscriptNotRequested: there is no transcript request to cancel.
	ErrTranscriptNotRequested = rocketchat.NewSentinel("omnichannel: transcript not requested", "error-transcript-not-requested")
	// ErrBusinessHoursClosed: agents cannot become available outside
	// business hours.
	ErrBusinessHoursClosed = rocketchat.NewSentinel("omnichannel: business hours are closed", "error-business-hours-are-closed")
	// ErrUserDeactivated: the agent's account is deactivated.
	ErrUserDeactivated = rocketchat.NewSentinel("omnichannel: user deactivated", "error-user-deactivated")
	// ErrOmnichannelDisabled: livechat is turned off on the server.
	ErrOmnichannelDisabled = rocketchat.NewSentinel("omnichannel: omnichannel is disabled", "error-omnichannel-is-disabled")
)
