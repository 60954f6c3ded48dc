package omnichannel

import (
	"context"
	"iter"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
)

// VisitorsAPI is the set of visitor endpoints, for callers who want to
// substitute their own implementation in tests. *VisitorsService satisfies it.
type VisitorsAPI interface {
	ChatHistory(ctx context.Context, roomID, visitorID string, opts *ChatHistoryOptions) (*ChatHistoryPage, *rocketchat.Response, error)
	ChatHistoryAll(ctx context.Context, roomID, visitorID string, opts *ChatHistoryOptions) iter.Seq2[*models.Room, error]
}

var _ VisitorsAPI = (*VisitorsService)(nil)

// VisitorsService holds the livechat/visitors.* endpoints.
type VisitorsService struct {
	client *rocketchat.Client
}

// ChatHistoryOptions pages and sorts a visitor's chat history. The zero value
// (or nil) asks for the server's defaults: 50 conversations, newest first.
// The fields mean what they mean in [rocketchat.ListOptions].
type ChatHistoryOptions struct {
	// Offset is how many conversations to skip.
	Offset int
	// Count is how many conversations a page holds: zero for the server's
	// default (50), rocketchat.AllItems for all of them in one answer. The
	// server clamps larger values to its limit (100).
	Count int
	// Sort orders the conversations; nil means newest first ({"ts":-1}).
	Sort rocketchat.Sort
	// Prefetch is how many pages ChatHistoryAll may request ahead; never
	// sent.
	Prefetch int
}

func (o *ChatHistoryOptions) list() rocketchat.ListOptions {
	if o == nil {
		return rocketchat.ListOptions{}
	}
	return rocketchat.ListOptions{Offset: o.Offset, Count: o.Count, Sort: o.Sort, Prefetch: o.Prefetch}
}

// ChatHistoryPage is one page of a visitor's conversations.
type ChatHistoryPage struct {
	// History holds the visitor's livechat rooms, open and closed.
	History []*models.Room `json:"history"`
	// Count is how many rooms this page holds (not the page size asked for).
	Count int `json:"count"`
	// Offset is how many rooms were skipped before this page.
	Offset int `json:"offset"`
	// Total is how many rooms the visitor has in all.
	Total int `json:"total"`
}

const routeChatHistory = "livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}"

// ChatHistory returns one page of the conversations (livechat rooms, open and
// closed) of the visitor visitorID. roomID must be a room the caller may
// access; it gates the call, and the answer holds all the visitor's rooms.
// Needs the view-l-room permission.
//
// GET /api/v1/livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}
func (s *VisitorsService) ChatHistory(ctx context.Context, roomID, visitorID string, opts *ChatHistoryOptions) (*ChatHistoryPage, *rocketchat.Response, error) {
	return rocketchat.Do[ChatHistoryPage](ctx, s.client, chatHistoryCall(roomID, visitorID, opts.list()))
}

func chatHistoryCall(roomID, visitorID string, lo rocketchat.ListOptions) rocketchat.Call {
	return rocketchat.Call{Method: http.MethodGet, Route: routeChatHistory, Params: []string{roomID, visitorID}, Query: lo}
}

// ChatHistoryAll returns an iterator over all the visitor's conversations,
// fetching pages as the loop needs them; see [rocketchat.Walk] for how it
// pages, de-duplicates and paces itself. opts sets the starting offset, the
// page size (default: the largest the server allows) and the order.
//
// GET /api/v1/livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}
func (s *VisitorsService) ChatHistoryAll(ctx context.Context, roomID, visitorID string, opts *ChatHistoryOptions) iter.Seq2[*models.Room, error] {
	lo := opts.list()
	return rocketchat.Walk(ctx, &lo, rocketchat.Lister[*models.Room]{
		Key: roomKey,
		Page: func(ctx context.Context, lo rocketchat.ListOptions) (rocketchat.Page[*models.Room], error) {
			page, _, err := rocketchat.Do[ChatHistoryPage](ctx, s.client, chatHistoryCall(roomID, visitorID, lo))
			if err != nil {
				return rocketchat.Page[*models.Room]{}, err
			}
			return rocketchat.Page[*models.Room]{Items: page.History, Total: page.Total}, nil
		},
		Stream: func(ctx context.Context, lo rocketchat.ListOptions, yield func(*models.Room) bool) (int, error) {
			total, _, err := rocketchat.StreamList(ctx, s.client, chatHistoryCall(roomID, visitorID, lo), "history", yield)
			return total, err
		},
	})
}

// roomKey is a room's key for a walk's de-duplication.
func roomKey(r *models.Room) string { return r.ID }
