package omnichannel

import (
	"context"
	"iter"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// VisitorsAPI is the set of visitor endpoints, for callers who want to
// substitute their own implementation in tests. *VisitorsService satisfies it.
type VisitorsAPI interface {
	ChatHistory(ctx context.Context, roomID, visitorID string, opts *ChatHistoryOptions) (*ChatHistoryPage, *rocketchat.Response, error)
	ChatHistoryAll(ctx context.Context, roomID, visitorID string, opts *ChatHistoryOptions) iter.Seq2[*models.Room, error]
	Info(ctx context.Context, visitorID string) (*models.Visitor, *rocketchat.Response, error)
	PagesVisited(ctx context.Context, roomID string, opts *PagesVisitedOptions) (*PagesVisitedPage, *rocketchat.Response, error)
	PagesVisitedAll(ctx context.Context, roomID string, opts *PagesVisitedOptions) iter.Seq2[*models.Message, error]
	SearchChats(ctx context.Context, roomID, visitorID string, opts *SearchChatsOptions) (*SearchChatsPage, *rocketchat.Response, error)
	SearchChatsAll(ctx context.Context, roomID, visitorID string, opts *SearchChatsOptions) iter.Seq2[*models.Room, error]
	Search(ctx context.Context, term string, opts *VisitorSearchOptions) (*VisitorSearchPage, *rocketchat.Response, error)
	SearchAll(ctx context.Context, term string, opts *VisitorSearchOptions) iter.Seq2[*models.Visitor, error]
	Autocomplete(ctx context.Context, term string, opts *AutocompleteOptions) ([]*models.VisitorSuggestion, *rocketchat.Response, error)
	ByToken(ctx context.Context, token string) (*models.Visitor, *rocketchat.Response, error)
	RoomsByToken(ctx context.Context, token string) ([]*models.Room, *rocketchat.Response, error)
}

var _ VisitorsAPI = (*VisitorsService)(nil)

// VisitorsService holds the livechat visitor endpoints: livechat/visitors.*
// and the agent-side reads of livechat/visitor/{token}.
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
	return listOptions(o.Offset, o.Count, o.Sort, o.Prefetch)
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
	if err := needRoomAndVisitor(roomID, visitorID); err != nil {
		return nil, nil, err
	}
	return rocketchat.Do[ChatHistoryPage](ctx, s.client, chatHistoryCall(roomID, visitorID, opts.list()))
}

func chatHistoryCall(roomID, visitorID string, lo rocketchat.ListOptions) rocketchat.Call {
	return rocketchat.Call{Method: http.MethodGet, Route: routeChatHistory, Params: []string{roomID, visitorID}, Query: lo}
}

// ChatHistoryAll returns an iterator over all the visitor's conversations,
// fetching pages as the loop needs them; see [rocketchat.Walk] for how it
// pages, de-duplicates and paces itself. opts sets the starting offset, the
// page size (default: the largest the server allows) and the order. Needs
// the view-l-room permission and access to roomID.
//
// GET /api/v1/livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}
func (s *VisitorsService) ChatHistoryAll(ctx context.Context, roomID, visitorID string, opts *ChatHistoryOptions) iter.Seq2[*models.Room, error] {
	if err := needRoomAndVisitor(roomID, visitorID); err != nil {
		return failed[*models.Room](err)
	}
	return walk(ctx, s.client, opts, list[models.Room, ChatHistoryPage, *ChatHistoryOptions]{
		call: func(_ *ChatHistoryOptions, lo rocketchat.ListOptions) rocketchat.Call {
			return chatHistoryCall(roomID, visitorID, lo)
		},
		member: "history",
		page:   func(p *ChatHistoryPage) ([]*models.Room, int) { return p.History, p.Total },
		key:    roomKey,
	})
}

// needRoomAndVisitor refuses an empty room or visitor id.
func needRoomAndVisitor(roomID, visitorID string) error {
	if roomID == "" {
		return endpoint.Required("roomID")
	}
	if visitorID == "" {
		return endpoint.Required("visitorID")
	}
	return nil
}

// roomKey is a room's key for a walk's de-duplication.
func roomKey(r *models.Room) string { return r.ID }

// Info returns the record of the visitor visitorID: e-mail addresses, phone
// numbers, custom fields (LivechatData), last chat, department, status.
// Servers since 8.5 (and 7.10.12, 7.13.8) leave out the visitor's token and
// answer [ErrVisitorNotFound] for a disabled visitor. Needs the view-l-room
// permission; no room access is checked.
//
// GET /api/v1/livechat/visitors.info
func (s *VisitorsService) Info(ctx context.Context, visitorID string) (*models.Visitor, *rocketchat.Response, error) {
	if visitorID == "" {
		return nil, nil, endpoint.Required("visitorID")
	}
	q := struct {
		VisitorID string `url:"visitorId"`
	}{visitorID}
	return endpoint.Visitor(ctx, s.client, rocketchat.Call{Method: http.MethodGet, Route: "livechat/visitors.info", Query: q})
}

// ByToken returns the whole record of the visitor whose token is token,
// token included. The route is the widget's: the server asks for no
// credentials or permission, since the token is itself the credential, so
// the call goes without the client's credentials, as livechat's
// Session.Visitor (the same call, for a visitor's session) does. The
// token is a secret: the client never logs it nor puts it in an error (the
// path shows [REDACTED] instead), refuses to send it over plain http to a
// host other than loopback (unless the client was built with
// rocketchat.WithInsecureHTTP), but the returned Response's Request holds
// it in its URL, as sent. An unknown token answers [ErrInvalidToken].
//
// GET /api/v1/livechat/visitor/{token}
func (s *VisitorsService) ByToken(ctx context.Context, token string) (*models.Visitor, *rocketchat.Response, error) {
	return endpoint.VisitorByToken(ctx, s.client, rocketchat.Secret(token))
}

// RoomsByToken returns the open livechat rooms of the visitor whose token is
// token, projected to ID, Type, CanLeave, Creator, ServedBy and the room's
// usernames (kept in Unknown); none is an empty list, an unknown token too.
// Needs the view-livechat-manager permission (managers, monitors and admins,
// not agents). The token is a secret, kept out of logs and errors and off
// plain http as in [VisitorsService.ByToken].
//
// GET /api/v1/livechat/visitor/{token}/room
func (s *VisitorsService) RoomsByToken(ctx context.Context, token string) ([]*models.Room, *rocketchat.Response, error) {
	if token == "" {
		return nil, nil, endpoint.Required("token")
	}
	a, resp, err := rocketchat.Do[struct {
		Rooms []*models.Room `json:"rooms"`
	}](ctx, s.client, rocketchat.Call{Method: http.MethodGet,
		Route: "livechat/visitor/{token}/room", Params: []string{token}, Secrets: []rocketchat.Secret{rocketchat.Secret(token)}})
	if err != nil {
		return nil, resp, err
	}
	return a.Rooms, resp, nil
}
