package omnichannel

import (
	"context"
	"fmt"
	"iter"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// PagesVisitedOptions pages and sorts the pages a visitor browsed. The zero
// value (or nil) asks for the server's defaults: 50 pages, newest first.
// The fields mean what they mean in [rocketchat.ListOptions].
type PagesVisitedOptions struct {
	// Offset is how many pages to skip.
	Offset int
	// Count is how many pages a page of the answer holds: zero for the
	// server's default (50), rocketchat.AllItems for all of them.
	Count int
	// Sort orders the pages; nil means newest first ({"ts":-1}).
	Sort rocketchat.Sort
	// Prefetch is how many pages PagesVisitedAll may request ahead; never
	// sent.
	Prefetch int
}

func (o *PagesVisitedOptions) list() rocketchat.ListOptions {
	if o == nil {
		return rocketchat.ListOptions{}
	}
	return listOptions(o.Offset, o.Count, o.Sort, o.Prefetch)
}

// PagesVisitedPage is one page of the pages a visitor browsed.
type PagesVisitedPage struct {
	// Pages are system messages of type "livechat_navigation_history":
	// Navigation holds the page's title and address, Text is
	// "<title> - <href>", Timestamp when the visitor opened it.
	Pages []*models.Message `json:"pages"`
	// Count is how many pages this answer holds.
	Count int `json:"count"`
	// Offset is how many pages were skipped.
	Offset int `json:"offset"`
	// Total is how many pages the room has in all.
	Total int `json:"total"`
}

func pagesVisitedCall(roomID string, lo rocketchat.ListOptions) rocketchat.Call {
	return rocketchat.Call{Method: http.MethodGet, Route: "livechat/visitors.pagesVisited/{roomId}", Params: []string{roomID}, Query: lo}
}

// PagesVisited returns one page of the web pages the visitor of the livechat
// room roomID browsed, as the widget reported them, hidden ones included.
// Needs the view-l-room permission; no room access is checked. An unknown
// room answers rocketchat.ErrInvalidRoom.
//
// GET /api/v1/livechat/visitors.pagesVisited/{roomId}
func (s *VisitorsService) PagesVisited(ctx context.Context, roomID string, opts *PagesVisitedOptions) (*PagesVisitedPage, *rocketchat.Response, error) {
	if roomID == "" {
		return nil, nil, endpoint.Required("roomID")
	}
	return rocketchat.Do[PagesVisitedPage](ctx, s.client, pagesVisitedCall(roomID, opts.list()))
}

// PagesVisitedAll returns an iterator over every page the room's visitor
// browsed; see [rocketchat.Walk] for how it pages and paces itself. Needs
// the view-l-room permission.
//
// GET /api/v1/livechat/visitors.pagesVisited/{roomId}
func (s *VisitorsService) PagesVisitedAll(ctx context.Context, roomID string, opts *PagesVisitedOptions) iter.Seq2[*models.Message, error] {
	if roomID == "" {
		return failed[*models.Message](endpoint.Required("roomID"))
	}
	return walk(ctx, s.client, opts, list[models.Message, PagesVisitedPage, *PagesVisitedOptions]{
		call: func(_ *PagesVisitedOptions, lo rocketchat.ListOptions) rocketchat.Call {
			return pagesVisitedCall(roomID, lo)
		},
		member: "pages",
		page:   func(p *PagesVisitedPage) ([]*models.Message, int) { return p.Pages, p.Total },
		key:    messageKey,
	})
}

// SearchChatsOptions filter, page and sort a search of a visitor's
// conversations. The zero value (or nil) lists them all, 50 a page, newest
// first.
type SearchChatsOptions struct {
	// Offset is how many results to skip.
	Offset int `url:"-"`
	// Count is how many results a page holds: zero for the server's default
	// (50), rocketchat.AllItems for all of them.
	Count int `url:"-"`
	// Sort orders the results; nil means newest first ({"ts":-1}).
	Sort rocketchat.Sort `url:"-"`
	// Prefetch is how many pages SearchChatsAll may request ahead; never
	// sent.
	Prefetch int `url:"-"`

	// SearchText keeps the conversations with a message containing it
	// (case-sensitive).
	SearchText string `url:"searchText,omitempty"`
	// ClosedChatsOnly keeps the closed conversations.
	ClosedChatsOnly bool `url:"closedChatsOnly,omitempty"`
	// ServedChatsOnly keeps the conversations an agent took.
	ServedChatsOnly bool `url:"servedChatsOnly,omitempty"`
	// Source keeps the conversations whose source type or alias contains it
	// (case-insensitive), such as "widget", "email" or an app's alias.
	Source string `url:"source,omitempty"`
}

func (o *SearchChatsOptions) list() rocketchat.ListOptions {
	if o == nil {
		return rocketchat.ListOptions{}
	}
	return listOptions(o.Offset, o.Count, o.Sort, o.Prefetch)
}

func (o *SearchChatsOptions) query(lo rocketchat.ListOptions) rocketchat.ListQuery {
	if o == nil {
		return rocketchat.ListQuery{List: lo}
	}
	return rocketchat.ListQuery{List: lo, Filters: o}
}

// SearchChatsPage is one page of a search of a visitor's conversations.
type SearchChatsPage struct {
	// History holds the conversations found, projected (see
	// [VisitorsService.SearchChats]).
	History []*models.Room `json:"history"`
	// Count is how many results this page holds.
	Count int `json:"count"`
	// Offset is how many results were skipped.
	Offset int `json:"offset"`
	// Total is how many results there are in all.
	Total int `json:"total"`
}

func searchChatsCall(roomID, visitorID string, q rocketchat.ListQuery) rocketchat.Call {
	return rocketchat.Call{Method: http.MethodGet, Route: "livechat/visitors.searchChats/room/{roomId}/visitor/{visitorId}",
		Params: []string{roomID, visitorID}, Query: q}
}

// SearchChats returns one page of the conversations of the visitor visitorID
// that match opts, open and closed. roomID must be a livechat room the
// caller may access; it gates the call (rocketchat.ErrInvalidRoom,
// rocketchat.ErrNotAllowed).
//
// The server projects each room to ID, FName, Timestamp, Visitor (the
// room's whole v, token included), MessageCount, ServedBy, ClosedAt,
// ClosedBy, Closer and Tags, and adds ClosingMessage, the room's
// "livechat-close" message; every other member is empty. A room closed more
// than once (reopened in between) comes once per closing message, and
// counts as many times in Total. Needs the view-l-room permission.
//
// GET /api/v1/livechat/visitors.searchChats/room/{roomId}/visitor/{visitorId}
func (s *VisitorsService) SearchChats(ctx context.Context, roomID, visitorID string, opts *SearchChatsOptions) (*SearchChatsPage, *rocketchat.Response, error) {
	if err := needRoomAndVisitor(roomID, visitorID); err != nil {
		return nil, nil, err
	}
	return rocketchat.Do[SearchChatsPage](ctx, s.client, searchChatsCall(roomID, visitorID, opts.query(opts.list())))
}

// SearchChatsAll returns an iterator over every result of the search (see
// [VisitorsService.SearchChats]). A room closed more than once is yielded
// once per closing message, each time with its own ClosingMessage: the
// walk's de-duplication tells results apart by room and closing message, so
// it skips the results that shift between pages without dropping those.
// Needs the view-l-room permission and access to roomID.
//
// GET /api/v1/livechat/visitors.searchChats/room/{roomId}/visitor/{visitorId}
func (s *VisitorsService) SearchChatsAll(ctx context.Context, roomID, visitorID string, opts *SearchChatsOptions) iter.Seq2[*models.Room, error] {
	if err := needRoomAndVisitor(roomID, visitorID); err != nil {
		return failed[*models.Room](err)
	}
	return walk(ctx, s.client, opts, list[models.Room, SearchChatsPage, *SearchChatsOptions]{
		call: func(opts *SearchChatsOptions, lo rocketchat.ListOptions) rocketchat.Call {
			return searchChatsCall(roomID, visitorID, opts.query(lo))
		},
		member: "history",
		page:   func(p *SearchChatsPage) ([]*models.Room, int) { return p.History, p.Total },
		key:    searchResultKey,
	})
}

// searchResultKey tells apart the results of a search of chats: one per
// room and closing message.
func searchResultKey(r *models.Room) string {
	if r.ClosingMessage == nil {
		return r.ID
	}
	return r.ID + "\x00" + r.ClosingMessage.ID
}

// VisitorSearchOptions page and sort a search of visitors. The zero value
// (or nil) asks for 50 visitors a page, newest first.
type VisitorSearchOptions struct {
	// Offset is how many visitors to skip.
	Offset int
	// Count is how many visitors a page holds: zero for the server's default
	// (50), rocketchat.AllItems for all of them.
	Count int
	// Sort orders the visitors; nil means newest first ({"ts":-1}).
	Sort rocketchat.Sort
	// Prefetch is how many pages SearchAll may request ahead; never sent.
	Prefetch int
}

func (o *VisitorSearchOptions) list() rocketchat.ListOptions {
	if o == nil {
		return rocketchat.ListOptions{}
	}
	return listOptions(o.Offset, o.Count, o.Sort, o.Prefetch)
}

// VisitorSearchPage is one page of a search of visitors.
type VisitorSearchPage struct {
	// Visitors are the visitors found, projected to ID, Username, Name,
	// Phones, Emails, LivechatData and LastChat.
	Visitors []*models.Visitor `json:"visitors"`
	// Count is how many visitors this page holds.
	Count int `json:"count"`
	// Offset is how many visitors were skipped.
	Offset int `json:"offset"`
	// Total is how many visitors match in all.
	Total int `json:"total"`
}

func visitorSearchCall(term string, lo rocketchat.ListOptions) rocketchat.Call {
	f := struct {
		Term string `url:"term"` // required by the server, even empty
	}{term}
	return rocketchat.Call{Method: http.MethodGet, Route: "livechat/visitors.search", Query: rocketchat.ListQuery{List: lo, Filters: f}}
}

// Search returns one page of the enabled visitors matching term: an e-mail
// address or a phone number equal to it (case-sensitive), a name or username
// containing it (case-insensitive), or a searchable visitor custom field
// containing it. An empty term matches every visitor, on servers with no
// searchable custom field. Needs the view-l-room permission.
//
// GET /api/v1/livechat/visitors.search
func (s *VisitorsService) Search(ctx context.Context, term string, opts *VisitorSearchOptions) (*VisitorSearchPage, *rocketchat.Response, error) {
	return rocketchat.Do[VisitorSearchPage](ctx, s.client, visitorSearchCall(term, opts.list()))
}

// SearchAll returns an iterator over every visitor Search finds. Needs the
// view-l-room permission.
//
// GET /api/v1/livechat/visitors.search
func (s *VisitorsService) SearchAll(ctx context.Context, term string, opts *VisitorSearchOptions) iter.Seq2[*models.Visitor, error] {
	return walk(ctx, s.client, opts, list[models.Visitor, VisitorSearchPage, *VisitorSearchOptions]{
		call: func(_ *VisitorSearchOptions, lo rocketchat.ListOptions) rocketchat.Call {
			return visitorSearchCall(term, lo)
		},
		member: "visitors",
		page:   func(p *VisitorSearchPage) ([]*models.Visitor, int) { return p.Visitors, p.Total },
		key:    func(v *models.Visitor) string { return v.ID },
	})
}

// AutocompleteOptions narrow a visitor autocompletion.
type AutocompleteOptions struct {
	// Exceptions are ids of visitors to leave out.
	Exceptions []string
	// Conditions is a MongoDB filter the server adds to its query, for
	// instance {"department": "<id>"}. Servers with the security fix that
	// dropped it ignore it; do not rely on it to restrict what a caller may
	// see.
	Conditions map[string]any
}

// selector is the JSON the route's selector parameter holds.
type selector struct {
	Term       string         `json:"term"`
	Exceptions []string       `json:"exceptions,omitzero"`
	Conditions map[string]any `json:"conditions,omitzero"`
}

// Autocomplete returns up to 10 visitors whose name starts with term
// (case-insensitive; an empty term matches every named visitor), ordered by
// name. Needs the view-l-room permission.
//
// GET /api/v1/livechat/visitors.autocomplete
func (s *VisitorsService) Autocomplete(ctx context.Context, term string, opts *AutocompleteOptions) ([]*models.VisitorSuggestion, *rocketchat.Response, error) {
	sel := selector{Term: term}
	if opts != nil {
		sel.Exceptions, sel.Conditions = opts.Exceptions, opts.Conditions
	}
	b, err := jsonx.Marshal(sel)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: autocomplete conditions: %w", rocketchat.ErrInvalidArgument, err)
	}
	q := struct {
		Selector string `url:"selector"`
	}{string(b)}
	a, resp, err := rocketchat.Do[struct {
		Items []*models.VisitorSuggestion `json:"items"`
	}](ctx, s.client, rocketchat.Call{Method: http.MethodGet, Route: "livechat/visitors.autocomplete", Query: q})
	if err != nil {
		return nil, resp, err
	}
	return a.Items, resp, nil
}
