package export

import (
	"context"
	"encoding/json"
	"errors"
	"iter"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// Selection is the conversations an export takes. Set one of its fields.
type Selection struct {
	// Rooms selects the livechat rooms that pass these filters (closed
	// last week, of a department, served by an agent, tagged "refund", ...).
	// Their paging and order are the export's own: Offset, Count, Sort and
	// Prefetch are ignored.
	Rooms *omnichannel.RoomsOptions
	// Visitor selects one visitor's conversations, open and closed, through
	// the visitor's chat history.
	Visitor *VisitorSelection
	// ContactID selects one contact's closed conversations, through the
	// contact's history (Rocket.Chat 7.0 and later).
	ContactID string
}

// VisitorSelection names a visitor and a room of theirs that the caller may
// access (the chat history's gate).
type VisitorSelection struct {
	RoomID, VisitorID string
}

// source is how an export reads its selection.
type source struct {
	describe  string
	order     string // the date field rooms are exported in the order of
	listRoute string // the route the list comes from
	// probe asks for one room, to learn the total and whether the route
	// is rate limited, and to fail early on a refusal.
	probe func(ctx context.Context) (total int, rate rocketchat.Rate, err error)
	// list walks every room in the export's order, in one answer when
	// the server allows.
	list func(ctx context.Context) iter.Seq2[*models.Room, error]
}

// routeMessages is the route a room's messages come from.
const routeMessages = "livechat/{rid}/messages"

// ErrSelection is returned for a Selection that sets no field, or several.
var ErrSelection = errors.New("export: set exactly one of Selection.Rooms, Visitor and ContactID")

// source returns how to read the selection through oc.
func (sel Selection) source(oc *omnichannel.Service) (*source, error) {
	n := 0
	for _, set := range []bool{sel.Rooms != nil, sel.Visitor != nil, sel.ContactID != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, ErrSelection
	}
	switch {
	case sel.Rooms != nil:
		return roomsSource(oc, *sel.Rooms)
	case sel.Visitor != nil:
		return visitorSource(oc, *sel.Visitor)
	}
	return contactSource(oc, sel.ContactID)
}

// orderBy is the export's order: by field, oldest first, then by id, so
// that two rooms of the same millisecond keep their order.
func orderBy(field string) rocketchat.Sort {
	return rocketchat.Sort{{Field: field, Order: rocketchat.Asc}, {Field: "_id", Order: rocketchat.Asc}}
}

func roomsSource(oc *omnichannel.Service, f omnichannel.RoomsOptions) (*source, error) {
	f.Offset, f.Count, f.Sort, f.Prefetch = 0, 0, nil, 0
	order := fieldTS
	if !f.ClosedAt.IsZero() || (f.Open != nil && !*f.Open) {
		// Only closed rooms: a room joins the selection when it closes,
		// after every room already exported, so a resumed export finds it.
		order = fieldClosedAt
	}
	desc, err := describe("rooms", f)
	if err != nil {
		return nil, err
	}
	return &source{
		describe:  desc,
		order:     order,
		listRoute: "livechat/rooms",
		probe: func(ctx context.Context) (int, rocketchat.Rate, error) {
			o := f
			o.Count = 1
			page, resp, err := oc.Rooms.List(ctx, &o)
			return pageTotal(page, resp, err, func() int { return page.Total })
		},
		list: func(ctx context.Context) iter.Seq2[*models.Room, error] {
			o := f
			o.Count, o.Sort = rocketchat.AllItems, orderBy(order)
			return oc.Rooms.ListAll(ctx, &o)
		},
	}, nil
}

func visitorSource(oc *omnichannel.Service, v VisitorSelection) (*source, error) {
	desc, err := describe("visitor", v)
	if err != nil {
		return nil, err
	}
	return &source{
		describe:  desc,
		order:     fieldTS,
		listRoute: "livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}",
		probe: func(ctx context.Context) (int, rocketchat.Rate, error) {
			page, resp, err := oc.Visitors.ChatHistory(ctx, v.RoomID, v.VisitorID, &omnichannel.ChatHistoryOptions{Count: 1})
			return pageTotal(page, resp, err, func() int { return page.Total })
		},
		list: func(ctx context.Context) iter.Seq2[*models.Room, error] {
			return oc.Visitors.ChatHistoryAll(ctx, v.RoomID, v.VisitorID,
				&omnichannel.ChatHistoryOptions{Count: rocketchat.AllItems, Sort: orderBy(fieldTS)})
		},
	}, nil
}

func contactSource(oc *omnichannel.Service, id string) (*source, error) {
	desc, err := describe("contact", id)
	if err != nil {
		return nil, err
	}
	return &source{
		describe:  desc,
		order:     fieldClosedAt, // the history holds closed rooms only
		listRoute: "omnichannel/contacts.history",
		probe: func(ctx context.Context) (int, rocketchat.Rate, error) {
			page, resp, err := oc.Contacts.History(ctx, id, &omnichannel.ContactHistoryOptions{Count: 1})
			return pageTotal(page, resp, err, func() int { return page.Total })
		},
		list: func(ctx context.Context) iter.Seq2[*models.Room, error] {
			return oc.Contacts.HistoryAll(ctx, id,
				&omnichannel.ContactHistoryOptions{Count: rocketchat.AllItems, Sort: orderBy(fieldClosedAt)})
		},
	}, nil
}

func pageTotal[P any](page *P, resp *rocketchat.Response, err error, total func() int) (int, rocketchat.Rate, error) {
	var rate rocketchat.Rate
	if resp != nil {
		rate = resp.Rate
	}
	if err != nil {
		return 0, rate, err
	}
	return total(), rate, nil
}

// describe is a selection as a state file records it, to tell a resumed
// export from one with another selection.
func describe(kind string, v any) (string, error) {
	b, err := json.Marshal(map[string]any{kind: v})
	if err != nil {
		return "", err
	}
	return string(b), nil
}
