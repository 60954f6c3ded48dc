package omnichannel

import (
	"context"
	"iter"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// MessagesOptions pages, sorts and searches the messages of a conversation.
// The zero value (or nil) asks for the server's defaults: 50 messages,
// newest first. For a transcript, oldest first, set Sort to [OldestFirst]().
type MessagesOptions struct {
	// Offset is how many messages to skip.
	Offset int `url:"-"`
	// Count is how many messages a page holds: zero for the server's default
	// (50), rocketchat.AllItems for all of them in one answer. The server
	// clamps larger values to its limit (100).
	Count int `url:"-"`
	// Sort orders the messages; nil means newest first ({"ts":-1}).
	Sort rocketchat.Sort `url:"-"`
	// Prefetch is how many pages MessagesAll may request ahead; never sent.
	Prefetch int `url:"-"`

	// SearchTerm keeps only the messages whose text contains it, ignoring
	// case; it is literal (the server escapes it).
	SearchTerm string `url:"searchTerm,omitempty"`
}

func (o *MessagesOptions) list() rocketchat.ListOptions {
	if o == nil {
		return rocketchat.ListOptions{}
	}
	return listOptions(o.Offset, o.Count, o.Sort, o.Prefetch)
}

// MessagesPage is one page of a conversation's messages.
type MessagesPage struct {
	// Messages holds the visitor's and agents' messages and the closing
	// message (type "livechat-close", whose text is the closing comment);
	// the server leaves out every other system message.
	Messages []*models.Message `json:"messages"`
	// Count is the page size asked for, after the server's clamp: unlike
	// other routes, not the number of messages in this page, which is
	// len(Messages).
	Count int `json:"count"`
	// Offset is how many messages were skipped before this page.
	Offset int `json:"offset"`
	// Total is how many messages the conversation has, counting only those
	// the route returns (and, with SearchTerm, those that match).
	Total int `json:"total"`
}

const routeRoomMessages = "livechat/{rid}/messages"

// Messages returns one page of the messages of the livechat room roomID,
// open or closed: what the visitor and the agents wrote, and the closing
// message. Other system messages (the chat start, transfers, agents joining,
// pages the visitor visited) are left out, and Total does not count them.
//
// It needs view-l-room and access to the room: holders of
// view-livechat-rooms, the agent serving it, and for closed rooms those
// allowed to see rooms closed by another agent or in their department. An
// unknown id, or a room that is not a livechat room, is answered with
// invalid-room ([rocketchat.ErrInvalidRoom]); a room the caller may not
// open, with not-allowed ([rocketchat.ErrNotAllowed]).
//
// GET /api/v1/livechat/{rid}/messages
func (s *RoomsService) Messages(ctx context.Context, roomID string, opts *MessagesOptions) (*MessagesPage, *rocketchat.Response, error) {
	if roomID == "" {
		return nil, nil, endpoint.Required("roomID")
	}
	return rocketchat.Do[MessagesPage](ctx, s.client, messagesCall(roomID, opts.list(), opts))
}

func messagesCall(roomID string, lo rocketchat.ListOptions, opts *MessagesOptions) rocketchat.Call {
	var filters any
	if opts != nil {
		filters = opts
	}
	return rocketchat.Call{Method: http.MethodGet, Route: routeRoomMessages, Params: []string{roomID},
		Query: rocketchat.ListQuery{List: lo, Filters: filters}}
}

// MessagesAll returns an iterator over every message of the livechat room
// roomID that Messages would return, fetching pages as the loop needs them;
// see [rocketchat.Walk] for how it pages, de-duplicates and paces itself.
// It advances by the messages each page held, not by the answer's count
// (which echoes the page size asked for), and stops at the total. With
// Sort [OldestFirst]() it yields a transcript; messages written during the
// walk are then yielded at the end, while newest first they push older
// ones onto later pages, where the walk skips what it already yielded.
// It needs view-l-room and access to the room, as Messages does.
//
// GET /api/v1/livechat/{rid}/messages
func (s *RoomsService) MessagesAll(ctx context.Context, roomID string, opts *MessagesOptions) iter.Seq2[*models.Message, error] {
	if roomID == "" {
		return failed[*models.Message](endpoint.Required("roomID"))
	}
	return walk(ctx, s.client, opts, list[models.Message, MessagesPage, *MessagesOptions]{
		call: func(opts *MessagesOptions, lo rocketchat.ListOptions) rocketchat.Call {
			return messagesCall(roomID, lo, opts)
		},
		member: "messages",
		page:   func(p *MessagesPage) ([]*models.Message, int) { return p.Messages, p.Total },
		key:    messageKey,
	})
}

// messageKey is a message's key for a walk's de-duplication.
func messageKey(m *models.Message) string { return m.ID }
