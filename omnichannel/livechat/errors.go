package livechat

import (
	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// Errors of the widget's routes, matched with errors.Is against the error
// a call returns. Codes shared with other routes are in package rocketchat
// (rocketchat.ErrInvalidRoom for a room that is not the visitor's,
// rocketchat.ErrRoomClosed, rocketchat.ErrForbidden for an upload the
// server refuses the token of) and omnichannel.
var (
	// ErrVisitorCannotClose: the server does not let visitors close their
	// conversations.
	ErrVisitorCannotClose = rocketchat.NewSentinel("livechat: visitors may not close conversations", "error-not-allowed-to-close-conversation")
	// ErrMessageTooLong: the message is over the server's character limit
	// for visitors.
	ErrMessageTooLong = rocketchat.NewSentinel("livechat: message longer than allowed", "message-length-exceeds-character-limit")
	// ErrFileTooLarge: the file is over the server's size limit.
	ErrFileTooLarge = rocketchat.NewSentinel("livechat: file larger than allowed", "error-file-too-large", "error-size-not-allowed")
	// ErrFileTypeNotAllowed: the server does not accept the file's media
	// type.
	ErrFileTypeNotAllowed = rocketchat.NewSentinel("livechat: file type not allowed", "error-type-not-allowed", "error-invalid-file-type")
	// ErrFileUploadDisabled: the server takes no files from visitors.
	ErrFileUploadDisabled = rocketchat.NewSentinel("livechat: file upload disabled", "error-file-upload-disabled")
	// ErrInvalidEmail: the e-mail address is not one.
	ErrInvalidEmail = rocketchat.NewSentinel("livechat: invalid e-mail address", "error-invalid-email", "error-invalid-email-address")
	// ErrInvalidSurvey: none of the survey's answers is one the server
	// accepts.
	ErrInvalidSurvey = rocketchat.NewSentinel("livechat: invalid survey answers", "invalid-data")

	// ErrInvalidToken: no visitor is registered with the token (register
	// first), or the token is empty.
	ErrInvalidToken = omnichannel.ErrInvalidToken
	// ErrNoAgentOnline: no agent is online to take a new conversation (in
	// the visitor's department); the widget offers the offline form then.
	ErrNoAgentOnline = omnichannel.ErrNoAgentOnline
	// ErrInvalidDepartment: no such department.
	ErrInvalidDepartment = omnichannel.ErrInvalidDepartment
	// ErrInvalidVisitor: the room is not the visitor's.
	ErrInvalidVisitor = omnichannel.ErrInvalidVisitor
	// ErrOmnichannelDisabled: livechat is turned off on the server.
	ErrOmnichannelDisabled = omnichannel.ErrOmnichannelDisabled
)
