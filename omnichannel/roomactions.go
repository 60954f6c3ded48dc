package omnichannel

import (
	"context"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// RoomActionsAPI is the set of actions on livechat rooms, for callers who
// want to substitute their own implementation in tests. *RoomsService
// satisfies it.
type RoomActionsAPI interface {
	Send(ctx context.Context, roomID, text string) (*models.Message, *rocketchat.Response, error)
	Forward(ctx context.Context, roomID string, req ForwardRequest) (*rocketchat.Response, error)
	Close(ctx context.Context, roomID string, opts *CloseOptions) (*rocketchat.Response, error)
	SaveInfo(ctx context.Context, roomID, visitorID string, opts *SaveInfoOptions) (*rocketchat.Response, error)
	Join(ctx context.Context, roomID string) (*rocketchat.Response, error)
	OnHold(ctx context.Context, roomID string) (*rocketchat.Response, error)
	ResumeOnHold(ctx context.Context, roomID string) (*rocketchat.Response, error)
	RequestTranscript(ctx context.Context, roomID string, req TranscriptRequest) (*rocketchat.Response, error)
	CancelTranscript(ctx context.Context, roomID string) (*rocketchat.Response, error)
}

var _ RoomActionsAPI = (*RoomsService)(nil)

// act performs the call of an action, whose answer holds nothing but its
// success.
func act(ctx context.Context, c *rocketchat.Client, call rocketchat.Call) (*rocketchat.Response, error) {
	_, resp, err := rocketchat.Do[struct{}](ctx, c, call)
	return resp, err
}

// post is act for a POST of body to route.
func post(ctx context.Context, c *rocketchat.Client, route string, params []string, body any) (*rocketchat.Response, error) {
	return act(ctx, c, rocketchat.Call{Method: http.MethodPost, Route: route, Params: params, Body: body})
}

type sendBody struct {
	Message struct {
		RoomID string `json:"rid"`
		Text   string `json:"msg"`
	} `json:"message"`
}

// Send posts a message as the caller in a livechat room: the agent serving
// it (or a user who may open every livechat room) answering the visitor.
// It is the core chat route, not an omnichannel one: it needs no
// permission of its own, only a room that opens to the caller. Like every
// POST it is not retried after an ambiguous failure.
//
// Errors: rocketchat.ErrNotAllowed (the room does not open to the caller,
// or is closed).
//
// POST /api/v1/chat.sendMessage
func (s *RoomsService) Send(ctx context.Context, roomID, text string) (*models.Message, *rocketchat.Response, error) {
	if roomID == "" {
		return nil, nil, endpoint.Required("roomID")
	}
	var body sendBody
	body.Message.RoomID, body.Message.Text = roomID, text
	return endpoint.One(ctx, s.client, rocketchat.Call{Method: http.MethodPost, Route: "chat.sendMessage", Body: body},
		"message", (*messageAnswer).message)
}

// messageAnswer is the answer of the routes that return one message.
type messageAnswer struct {
	Message *models.Message `json:"message"`
}

func (a *messageAnswer) message() *models.Message { return a.Message }

// ForwardRequest says where Forward sends a room: to a department (and
// maybe one of its agents), or to an agent. DepartmentID or UserID is
// required.
type ForwardRequest struct {
	// DepartmentID forwards to a department: the room goes back to its
	// queue (manual selection), or to its next agent (auto selection).
	DepartmentID string `json:"departmentId,omitzero"`
	// UserID forwards to an agent, or, with DepartmentID, queues the room
	// for that agent of the department.
	UserID string `json:"userId,omitzero"`
	// Comment is shown in the room's transfer message.
	Comment string `json:"comment,omitzero"`
	// ClientAction reports the target agent's refusals (busy) instead of
	// failing with ErrForwardFailed.
	ClientAction bool `json:"clientAction,omitzero"`
}

// Forward transfers a room to a department or an agent. Needs the view-l-room
// and transfer-livechat-guest permissions (managers and monitors by
// default, not agents).
//
// Errors: rocketchat.ErrInvalidRoom, rocketchat.ErrRoomClosed, ErrRoomOnHold,
// ErrInvalidDepartment, ErrAgentOffline, ErrNoAgentOnline, ErrForwardFailed,
// ErrInvalidVisitor, ErrMACLimit.
//
// POST /api/v1/livechat/room.forward
func (s *RoomsService) Forward(ctx context.Context, roomID string, req ForwardRequest) (*rocketchat.Response, error) {
	if roomID == "" {
		return nil, endpoint.Required("roomID")
	}
	if req.DepartmentID == "" && req.UserID == "" {
		return nil, endpoint.Required("DepartmentID or UserID")
	}
	return post(ctx, s.client, "livechat/room.forward", nil, forwardBody{RoomID: roomID, ForwardRequest: req})
}

type forwardBody struct {
	RoomID string `json:"roomId"`
	ForwardRequest
}

// CloseOptions are the options of Close. The zero value (or nil) closes the
// room without a comment.
type CloseOptions struct {
	// Comment is the closing message's text.
	Comment string
	// Tags are put on the room (beside its department's closing tags).
	Tags []string
	// GeneratePDF asks for a PDF transcript (Enterprise).
	GeneratePDF bool
	// Transcript, if set, e-mails the transcript once the room is closed.
	Transcript *TranscriptEmail
	// Force closes a room whose state is broken, when the server allows it
	// (Omnichannel_allow_force_close_conversations).
	Force bool
}

// TranscriptEmail is where a closed room's transcript goes.
type TranscriptEmail struct {
	// SendToVisitor sends it to the visitor's address.
	SendToVisitor bool
	// Email and Subject send it there instead, when Email is set.
	Email, Subject string
}

type closeBody struct {
	RoomID          string              `json:"rid"`
	Comment         string              `json:"comment,omitzero"`
	Tags            []string            `json:"tags,omitzero"`
	GeneratePDF     bool                `json:"generateTranscriptPdf,omitzero"`
	TranscriptEmail *transcriptEmailDoc `json:"transcriptEmail,omitzero"`
	ForceClose      bool                `json:"forceClose,omitzero"`
}

type transcriptEmailDoc struct {
	SendToVisitor bool               `json:"sendToVisitor"`
	RequestData   *TranscriptRequest `json:"requestData,omitzero"`
}

// Close closes a room as the caller: the room keeps its closing time, closer
// and tags, and gets the closing message with the comment; its inquiry and
// subscriptions go. Needs close-livechat-room, and for a room the caller
// does not serve, close-others-livechat-room.
//
// Errors: rocketchat.ErrInvalidRoom, rocketchat.ErrForbidden (another's
// room), rocketchat.ErrRoomClosed, ErrCommentRequired, ErrTagsRequired.
//
// POST /api/v1/livechat/room.closeByUser
func (s *RoomsService) Close(ctx context.Context, roomID string, opts *CloseOptions) (*rocketchat.Response, error) {
	if roomID == "" {
		return nil, endpoint.Required("roomID")
	}
	body := closeBody{RoomID: roomID}
	if opts != nil {
		body.Comment, body.Tags, body.GeneratePDF, body.ForceClose = opts.Comment, opts.Tags, opts.GeneratePDF, opts.Force
		if t := opts.Transcript; t != nil {
			body.TranscriptEmail = &transcriptEmailDoc{SendToVisitor: t.SendToVisitor}
			if t.Email != "" {
				body.TranscriptEmail.RequestData = &TranscriptRequest{Email: t.Email, Subject: t.Subject}
			}
		}
	}
	return post(ctx, s.client, "livechat/room.closeByUser", nil, body)
}

// Join subscribes the caller to a room they may open, as a supervisor
// joining a conversation; it does not make them serve it. Needs view-l-room.
//
// Errors: rocketchat.ErrInvalidRoom, rocketchat.ErrRoomClosed,
// rocketchat.ErrNotAllowed (the room does not open to the caller),
// ErrMACLimit.
//
// GET /api/v1/livechat/room.join
func (s *RoomsService) Join(ctx context.Context, roomID string) (*rocketchat.Response, error) {
	if roomID == "" {
		return nil, endpoint.Required("roomID")
	}
	q := struct {
		RoomID string `url:"roomId"`
	}{roomID}
	return act(ctx, s.client, rocketchat.Call{Method: http.MethodGet, Route: "livechat/room.join", Query: q})
}

type roomIDBody struct {
	RoomID string `json:"roomId"`
}

// OnHold puts a served room on hold, whose visitor did not write last
// (Enterprise). Needs on-hold-livechat-room, and for another agent's room
// on-hold-others-livechat-room.
//
// Errors: rocketchat.ErrInvalidRoom, rocketchat.ErrForbidden,
// rocketchat.ErrRoomClosed, ErrRoomOnHold, ErrCannotPlaceOnHold.
//
// POST /api/v1/livechat/room.onHold
func (s *RoomsService) OnHold(ctx context.Context, roomID string) (*rocketchat.Response, error) {
	if roomID == "" {
		return nil, endpoint.Required("roomID")
	}
	return post(ctx, s.client, "livechat/room.onHold", nil, roomIDBody{roomID})
}

// ResumeOnHold takes a room off hold (Enterprise): its agent keeps it, or
// it goes back to the queue when the agent may take no more chats. Needs
// view-l-room.
//
// Errors: as OnHold, and ErrAgentBusy.
//
// POST /api/v1/livechat/room.resumeOnHold
func (s *RoomsService) ResumeOnHold(ctx context.Context, roomID string) (*rocketchat.Response, error) {
	if roomID == "" {
		return nil, endpoint.Required("roomID")
	}
	return post(ctx, s.client, "livechat/room.resumeOnHold", nil, roomIDBody{roomID})
}

// TranscriptRequest is where a transcript goes.
type TranscriptRequest struct {
	Email   string `json:"email"`
	Subject string `json:"subject"`
}

// RequestTranscript asks for an open room's transcript to be e-mailed when
// the room closes. Needs send-omnichannel-chat-transcript (managers and
// admins by default). (A visitor's session e-mails it at once instead:
// livechat's Session.EmailTranscript.)
//
// Errors: rocketchat.ErrInvalidRoom (missing or closed), ErrTranscriptRequested,
// ErrMACLimit.
//
// POST /api/v1/livechat/transcript/{rid}
func (s *RoomsService) RequestTranscript(ctx context.Context, roomID string, req TranscriptRequest) (*rocketchat.Response, error) {
	if roomID == "" {
		return nil, endpoint.Required("roomID")
	}
	return post(ctx, s.client, "livechat/transcript/{rid}", []string{roomID}, req)
}

// CancelTranscript withdraws a room's transcript request. Needs
// send-omnichannel-chat-transcript.
//
// Errors: rocketchat.ErrInvalidRoom, ErrTranscriptNotRequested, ErrMACLimit.
//
// DELETE /api/v1/livechat/transcript/{rid}
func (s *RoomsService) CancelTranscript(ctx context.Context, roomID string) (*rocketchat.Response, error) {
	if roomID == "" {
		return nil, endpoint.Required("roomID")
	}
	return act(ctx, s.client, rocketchat.Call{Method: http.MethodDelete, Route: "livechat/transcript/{rid}", Params: []string{roomID}})
}
