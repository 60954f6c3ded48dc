package omnichannel

import (
	"context"
	"fmt"
	"iter"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// InquiriesAPI is the set of queue endpoints, for callers who want to
// substitute their own implementation in tests. *InquiriesService
// satisfies it.
type InquiriesAPI interface {
	List(ctx context.Context, opts *InquiryListOptions) (*InquiriesPage, *rocketchat.Response, error)
	ListAll(ctx context.Context, opts *InquiryListOptions) iter.Seq2[*models.Inquiry, error]
	QueuedForUser(ctx context.Context, opts *InquiryListOptions) (*InquiriesPage, *rocketchat.Response, error)
	QueuedForUserAll(ctx context.Context, opts *InquiryListOptions) iter.Seq2[*models.Inquiry, error]
	GetByRoom(ctx context.Context, roomID string) (*models.Inquiry, *rocketchat.Response, error)
	Take(ctx context.Context, inquiryID string, opts *TakeOptions) (*rocketchat.Response, error)
}

var _ InquiriesAPI = (*InquiriesService)(nil)

// InquiriesService holds the livechat/inquiries.* endpoints: the queue of
// conversations waiting for an agent. An inquiry is a room's place in the
// queue; taking it serves the room.
type InquiriesService struct {
	client *rocketchat.Client
}

// InquiryListOptions pages the queue and picks a department. The zero value
// (or nil) asks for the server's defaults.
type InquiryListOptions struct {
	// Offset is how many inquiries to skip.
	Offset int `url:"-"`
	// Count is how many inquiries a page holds: zero for the server's
	// default (50), rocketchat.AllItems for all of them in one answer.
	Count int `url:"-"`
	// Sort orders the inquiries. The server's default is newest first for
	// List and oldest first for QueuedForUser, whose own order (its sorting
	// mechanism) wins over the keys it shares with Sort.
	Sort rocketchat.Sort `url:"-"`
	// Prefetch is how many pages the ...All methods may request ahead;
	// never sent.
	Prefetch int `url:"-"`
	// Department keeps the inquiries of one department, by id or (for List)
	// by name. For QueuedForUser it must be one of the caller's
	// departments, else the call fails with rocketchat.ErrForbidden.
	Department string `url:"department,omitempty"`
}

func (o *InquiryListOptions) list() rocketchat.ListOptions {
	if o == nil {
		return rocketchat.ListOptions{}
	}
	return listOptions(o.Offset, o.Count, o.Sort, o.Prefetch)
}

func (o *InquiryListOptions) query(lo rocketchat.ListOptions) rocketchat.ListQuery {
	return rocketchat.ListQuery{List: lo, Filters: o}
}

// InquiriesPage is one page of the queue.
type InquiriesPage struct {
	// Inquiries are the page's inquiries.
	Inquiries []*models.Inquiry `json:"inquiries"`
	// Count is how many inquiries the page holds.
	Count int `json:"count"`
	// Offset is how many inquiries were skipped before this page.
	Offset int `json:"offset"`
	// Total is how many inquiries the queue holds in all.
	Total int `json:"total"`
}

const (
	routeInquiriesList   = "livechat/inquiries.list"
	routeInquiriesQueued = "livechat/inquiries.queuedForUser"
)

// List returns one page of the queued inquiries of every agent (or of a
// department), newest first, with only their id, room, name, time, status
// and department. Needs the view-livechat-manager permission (managers and
// monitors, not agents).
//
// GET /api/v1/livechat/inquiries.list
func (s *InquiriesService) List(ctx context.Context, opts *InquiryListOptions) (*InquiriesPage, *rocketchat.Response, error) {
	return rocketchat.Do[InquiriesPage](ctx, s.client, inquiriesCall(routeInquiriesList, opts, opts.list()))
}

// ListAll returns an iterator over every queued inquiry; see List, and
// [rocketchat.Walk] for how it pages. Needs the view-livechat-manager
// permission (managers and monitors, not agents).
//
// GET /api/v1/livechat/inquiries.list
func (s *InquiriesService) ListAll(ctx context.Context, opts *InquiryListOptions) iter.Seq2[*models.Inquiry, error] {
	return s.walk(ctx, routeInquiriesList, opts)
}

// QueuedForUser returns one page of the inquiries the caller may take:
// those meant for them, and those meant for nobody of their departments or
// of none, in the queue's order (oldest first by default). The full
// inquiry records, with the visitor's last message. Needs the view-l-room
// permission (agents have it).
//
// GET /api/v1/livechat/inquiries.queuedForUser
func (s *InquiriesService) QueuedForUser(ctx context.Context, opts *InquiryListOptions) (*InquiriesPage, *rocketchat.Response, error) {
	return rocketchat.Do[InquiriesPage](ctx, s.client, inquiriesCall(routeInquiriesQueued, opts, opts.list()))
}

// QueuedForUserAll returns an iterator over every inquiry the caller may
// take; see QueuedForUser. The queue changes while an agent works: walk it
// again rather than keep an old walk going. Needs the view-l-room
// permission (agents have it).
//
// GET /api/v1/livechat/inquiries.queuedForUser
func (s *InquiriesService) QueuedForUserAll(ctx context.Context, opts *InquiryListOptions) iter.Seq2[*models.Inquiry, error] {
	return s.walk(ctx, routeInquiriesQueued, opts)
}

func inquiriesCall(route string, opts *InquiryListOptions, lo rocketchat.ListOptions) rocketchat.Call {
	return rocketchat.Call{Method: http.MethodGet, Route: route, Query: opts.query(lo)}
}

func (s *InquiriesService) walk(ctx context.Context, route string, opts *InquiryListOptions) iter.Seq2[*models.Inquiry, error] {
	return walk(ctx, s.client, opts, list[models.Inquiry, InquiriesPage, *InquiryListOptions]{
		call: func(opts *InquiryListOptions, lo rocketchat.ListOptions) rocketchat.Call {
			return inquiriesCall(route, opts, lo)
		},
		member: "inquiries",
		page:   func(p *InquiriesPage) ([]*models.Inquiry, int) { return p.Inquiries, p.Total },
		key:    func(q *models.Inquiry) string { return q.ID },
	})
}

// GetByRoom returns the inquiry of the room roomID (the route knows
// inquiries by their room, not by their own id). A room without one (a
// closed room: its inquiry is deleted when it closes) is an error matching
// rocketchat.ErrNotFound. Needs the view-l-room permission; the room's
// access is not checked.
//
// GET /api/v1/livechat/inquiries.getOne
func (s *InquiriesService) GetByRoom(ctx context.Context, roomID string) (*models.Inquiry, *rocketchat.Response, error) {
	if roomID == "" {
		return nil, nil, endpoint.Required("roomID")
	}
	q := struct {
		RoomID string `url:"roomId"`
	}{roomID}
	return endpoint.OneOr(ctx, s.client, rocketchat.Call{Method: http.MethodGet, Route: "livechat/inquiries.getOne", Query: q},
		"inquiry", (*inquiryAnswer).inquiry, fmt.Errorf("%w: room %s has no inquiry (it is closed, or not a livechat room)", rocketchat.ErrNotFound, roomID))
}

// inquiryAnswer is the answer of livechat/inquiries.getOne.
type inquiryAnswer struct {
	Inquiry *models.Inquiry `json:"inquiry"`
}

func (a *inquiryAnswer) inquiry() *models.Inquiry { return a.Inquiry }

// TakeOptions are the options of Take.
type TakeOptions struct {
	// UserID takes the inquiry for another agent instead of the caller. The
	// server checks no permission for it.
	UserID string
	// ClientAction reports failures the server otherwise swallows (the
	// agent's routing lock, the Enterprise limit of simultaneous chats) as
	// ErrAgentBusy.
	ClientAction bool
}

type takeBody struct {
	InquiryID string       `json:"inquiryId"`
	UserID    string       `json:"userId,omitzero"`
	Options   *takeOptions `json:"options,omitzero"`
}

type takeOptions struct {
	ClientAction bool `json:"clientAction"`
}

// Take makes the caller (or opts.UserID) serve the inquiry's room: the
// inquiry is taken, the agent gets the room and a subscription to it. Taking
// an inquiry whose room was closed meanwhile, or that the agent already
// serves, succeeds and changes nothing. Needs the view-l-room permission,
// and the agent must be online and available.
//
// Errors: rocketchat.ErrNotFound (no such inquiry), ErrInquiryTaken,
// ErrAgentOffline, ErrMACLimit, ErrAgentBusy (with ClientAction).
//
// POST /api/v1/livechat/inquiries.take
func (s *InquiriesService) Take(ctx context.Context, inquiryID string, opts *TakeOptions) (*rocketchat.Response, error) {
	if inquiryID == "" {
		return nil, endpoint.Required("inquiryID")
	}
	body := takeBody{InquiryID: inquiryID}
	if opts != nil {
		body.UserID = opts.UserID
		if opts.ClientAction {
			body.Options = &takeOptions{ClientAction: true}
		}
	}
	return post(ctx, s.client, "livechat/inquiries.take", nil, body)
}
