package omnichannel

import (
	"context"
	"iter"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
)

// RoomsAPI is the set of room endpoints, for callers who want to substitute
// their own implementation in tests. *RoomsService satisfies it.
type RoomsAPI interface {
	List(ctx context.Context, opts *RoomsOptions) (*RoomsPage, *rocketchat.Response, error)
	ListAll(ctx context.Context, opts *RoomsOptions) iter.Seq2[*models.Room, error]
	Messages(ctx context.Context, roomID string, opts *MessagesOptions) (*MessagesPage, *rocketchat.Response, error)
	MessagesAll(ctx context.Context, roomID string, opts *MessagesOptions) iter.Seq2[*models.Message, error]
}

var _ RoomsAPI = (*RoomsService)(nil)

// RoomsService holds the livechat/rooms and livechat/{rid}/messages
// endpoints: every conversation, filtered, and the messages of one.
type RoomsService struct {
	client *rocketchat.Client
}

// RoomsOptions filters, pages and sorts the list of conversations. The zero
// value (or nil) asks for every livechat room, 50 a page, newest first.
// Filters combine: a room must pass all of those set. None of them reaches
// rooms the caller may not list (see [RoomsService.List]).
//
// The route also accepts "query" and "fields", which are not offered:
// Rocket.Chat 8.x ignores both (unless the server runs with
// ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS), and 7.x reads them and uses
// neither, so rooms always come whole. To keep less of each room, copy what
// you need as you range over them.
type RoomsOptions struct {
	// Offset is how many rooms to skip.
	Offset int
	// Count is how many rooms a page holds: zero for the server's default
	// (50), rocketchat.AllItems for all of them in one answer. The server
	// clamps larger values to its limit (100).
	Count int
	// Sort orders the rooms; nil means newest first ({"ts":-1}).
	// [OldestFirst] gives the oldest first.
	Sort rocketchat.Sort
	// Prefetch is how many pages ListAll may request ahead; never sent.
	Prefetch int

	// Mine keeps only the rooms the caller serves, by sending the caller's
	// own user id as the only agent: the one list an agent without
	// view-livechat-rooms may read (view-l-room is enough). It needs a
	// client with credentials, and Agents empty or holding just that id.
	Mine bool
	// Agents keeps the rooms served by one of these agents (user ids,
	// servedBy._id). Listing other agents' rooms needs view-livechat-rooms.
	Agents []string
	// Departments keeps the rooms of one of these departments (ids). One id
	// is sent as departmentId=id, several as a list.
	Departments []string
	// Tags keeps the rooms that carry at least one of these tags.
	Tags []string
	// Units keeps the rooms whose department belongs to one of these
	// business units (departmentAncestors). Enterprise only: a Community
	// server ignores it, and for a monitor the server also keeps only the
	// units the monitor watches.
	Units []string

	// CreatedAt keeps the rooms whose conversation started (ts) within the
	// range, both ends included.
	CreatedAt DateRange
	// ClosedAt keeps the rooms closed (closedAt) within the range, both ends
	// included. Open rooms have no closedAt and never match.
	ClosedAt DateRange

	// Open, when set, keeps the open rooms that are served and not on hold
	// (new(true)), or the closed rooms not on hold (new(false)). Nil keeps
	// both.
	Open *bool
	// OnHold keeps only the rooms an agent put on hold; with Open true, the
	// open ones.
	OnHold bool
	// Queued keeps only the rooms waiting in the queue: open, with no agent
	// yet, not on hold. It overrides Open and OnHold.
	Queued bool

	// RoomName keeps the rooms whose name (fname, usually the visitor's
	// name) contains it, ignoring case. In double quotes ("\"Maria
	// Souza\"") the name must equal what is inside, case included.
	RoomName string
	// CustomFields keeps the rooms whose livechat custom fields
	// (livechatData, by field id) equal these values, ignoring case; all of
	// them must match. Values are literal: "A-1" matches "a-1" but neither
	// "A-10" nor "AB1". The server takes every value as a regular
	// expression, so the client escapes it and anchors it: ^A-1$.
	CustomFields map[string]string
	// CustomFieldPatterns keeps the rooms whose custom fields match these
	// regular expressions, sent unchanged: JavaScript syntax (the server
	// compiles them with new RegExp), case-insensitive, unanchored, so
	// "refund" matches any value containing it and `^A-\d+$` whole order
	// numbers. An invalid pattern is answered 400 with JavaScript's
	// SyntaxError text. A field may not be in both maps.
	CustomFieldPatterns map[string]string
}

func (o *RoomsOptions) list() rocketchat.ListOptions {
	if o == nil {
		return rocketchat.ListOptions{}
	}
	return listOptions(o.Offset, o.Count, o.Sort, o.Prefetch)
}

// RoomsPage is one page of the list of conversations.
type RoomsPage struct {
	// Rooms holds the livechat rooms, whole, each with its Department (id
	// and name) when it has one.
	Rooms []*models.Room `json:"rooms"`
	// Count is how many rooms this page holds.
	Count int `json:"count"`
	// Offset is how many rooms were skipped before this page.
	Offset int `json:"offset"`
	// Total is how many rooms pass the filters.
	Total int `json:"total"`
}

const routeRooms = "livechat/rooms"

// List returns one page of the livechat rooms that pass the filters.
//
// It needs view-livechat-rooms (managers, monitors, admins), or, for an
// agent, view-l-room and a request for exactly their own rooms: set Mine
// (or Agents to the caller's id alone). Anything else is refused with 403
// (errors.Is [rocketchat.ErrForbidden]). A date range that is not valid, a
// custom-field pattern that does not compile, or a bad sort is answered 400.
//
// GET /api/v1/livechat/rooms
func (s *RoomsService) List(ctx context.Context, opts *RoomsOptions) (*RoomsPage, *rocketchat.Response, error) {
	filters, err := opts.filters(s.client.UserID())
	if err != nil {
		return nil, nil, err
	}
	return rocketchat.Do[RoomsPage](ctx, s.client, roomsCall(opts.list(), filters))
}

func roomsCall(lo rocketchat.ListOptions, filters *roomsFilters) rocketchat.Call {
	return rocketchat.Call{Method: http.MethodGet, Route: routeRooms, Query: rocketchat.ListQuery{List: lo, Filters: filters}}
}

// ListAll returns an iterator over every livechat room that passes the
// filters, fetching pages as the loop needs them; see [rocketchat.Walk] for
// how it pages, de-duplicates and paces itself. opts sets the filters, the
// starting offset, the page size (default: the largest the server allows)
// and the order. It needs view-livechat-rooms, or, for an agent,
// view-l-room and Mine (see List).
//
// GET /api/v1/livechat/rooms
func (s *RoomsService) ListAll(ctx context.Context, opts *RoomsOptions) iter.Seq2[*models.Room, error] {
	filters, err := opts.filters(s.client.UserID())
	if err != nil {
		return failed[*models.Room](err)
	}
	// The filters are a copy already: the walk never reads opts again.
	return walk(ctx, s.client, opts, list[models.Room, RoomsPage, *RoomsOptions]{
		call:   func(_ *RoomsOptions, lo rocketchat.ListOptions) rocketchat.Call { return roomsCall(lo, filters) },
		member: "rooms",
		page:   func(p *RoomsPage) ([]*models.Room, int) { return p.Rooms, p.Total },
		key:    roomKey,
	})
}

// OldestFirst is the order of a transcript, oldest first: {"ts":1,"_id":1},
// the id breaking ties between items of the same millisecond so that pages
// never overlap. It sorts rooms (by start) and messages alike. Each call
// returns a new Sort.
func OldestFirst() rocketchat.Sort {
	return rocketchat.Sort{{Field: "ts", Order: rocketchat.Asc}, {Field: "_id", Order: rocketchat.Asc}}
}
