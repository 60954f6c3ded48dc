package livechat

import (
	"context"
	"fmt"
	"net/http"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

type sendBody struct {
	Token  string `json:"token"`
	RoomID string `json:"rid"`
	Text   string `json:"msg"`
	ID     string `json:"_id"`
}

// Send posts the visitor's message in an open room of theirs.
//
// Send is safe to retry, and is retried like a GET after a transport error
// or a 5xx answer: it gives the message a random id ([NewMessageID]), the
// same on every attempt, and the server stores a message only once per id,
// answering a repeated id with the message already stored. A connection
// lost after the server stored the message therefore never posts it twice.
//
// It sends the visitor's token and no user credentials.
//
// Errors: ErrInvalidToken, rocketchat.ErrInvalidRoom (not the visitor's
// room), rocketchat.ErrRoomClosed, ErrMessageTooLong,
// ErrOmnichannelDisabled.
//
// POST /api/v1/livechat/message
func (s *Session) Send(ctx context.Context, roomID, text string) (*models.Message, *rocketchat.Response, error) {
	return s.SendWithID(ctx, roomID, NewMessageID(), text)
}

// SendWithID is Send with the message's id chosen by the caller: a bridge
// that derives it from the id of the message it relays (see
// [NewMessageID] for the form) makes relaying safe to repeat across
// restarts too. When the id is taken, the server stores nothing and
// answers with the message that has it, whatever its text.
//
// It sends the visitor's token and no user credentials.
//
// POST /api/v1/livechat/message
func (s *Session) SendWithID(ctx context.Context, roomID, id, text string) (*models.Message, *rocketchat.Response, error) {
	if roomID == "" {
		return nil, nil, endpoint.Required("roomID")
	}
	if id == "" {
		return nil, nil, endpoint.Required("id")
	}
	call := s.call(http.MethodPost, "livechat/message", nil)
	call.Body = sendBody{Token: string(s.token), RoomID: roomID, Text: text, ID: id}
	call.Idempotent = true // the server dedupes by _id
	return endpoint.One(ctx, s.client, call, "message", (*messageAnswer).message)
}

// messageAnswer is the answer of livechat/message.
type messageAnswer struct {
	Message *models.Message `json:"message"`
}

func (a *messageAnswer) message() *models.Message { return a.Message }

// HistoryOptions are the options of History and HistoryAll.
type HistoryOptions struct {
	// Limit is how many messages a page holds: zero for the server's
	// default, 20 (HistoryAll asks for 100).
	Limit int
	// End keeps the messages sent before it (strictly): the page of older
	// messages. Zero means from the newest.
	End time.Time
	// Offset skips that many of the newest messages before End (History
	// only).
	Offset int
}

type historyQuery struct {
	Token  string `url:"token"`
	Limit  int    `url:"limit,omitempty"`
	Offset int    `url:"offset,omitempty"`
	End    string `url:"end,omitempty"`
}

// endFormat is how end is sent: a date the server's new Date() reads,
// to the millisecond the server stores.
const endFormat = "2006-01-02T15:04:05.000Z07:00"

// History returns one page of a room's messages, newest first: the visitor's,
// the agents' and the system's (room opened, agent joined, transfers, the
// closing message). The room may be closed. The server ignores count and
// sort; see HistoryOptions for what it reads.
//
// It sends the visitor's token and no user credentials.
//
// Errors: ErrInvalidToken, rocketchat.ErrInvalidRoom.
//
// GET /api/v1/livechat/messages.history/{rid}
func (s *Session) History(ctx context.Context, roomID string, opts *HistoryOptions) ([]*models.Message, *rocketchat.Response, error) {
	if roomID == "" {
		return nil, nil, endpoint.Required("roomID")
	}
	q := historyQuery{Token: string(s.token)}
	if opts != nil {
		if opts.Limit < 0 || opts.Offset < 0 {
			return nil, nil, fmt.Errorf("%w: negative limit or offset", rocketchat.ErrInvalidArgument)
		}
		q.Limit, q.Offset = opts.Limit, opts.Offset
		if !opts.End.IsZero() {
			q.End = opts.End.UTC().Format(endFormat)
		}
	}
	return s.history(ctx, roomID, q)
}

func (s *Session) history(ctx context.Context, roomID string, q historyQuery) ([]*models.Message, *rocketchat.Response, error) {
	call := s.call(http.MethodGet, "livechat/messages.history/{rid}", []string{roomID})
	call.Query = q
	out, resp, err := rocketchat.Do[struct {
		Messages []*models.Message `json:"messages"`
	}](ctx, s.client, call)
	if err != nil {
		return nil, resp, err
	}
	return out.Messages, resp, nil
}
