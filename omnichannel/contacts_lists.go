package omnichannel

import (
	"context"
	"iter"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// ContactSearchOptions filter, page and sort a search of contacts. The zero
// value (or nil) lists every known contact, 50 a page, by name.
type ContactSearchOptions struct {
	// Offset is how many contacts to skip.
	Offset int `url:"-"`
	// Count is how many contacts a page holds: zero for the server's default
	// (50), rocketchat.AllItems for all of them.
	Count int `url:"-"`
	// Sort orders the contacts; nil means by name ({"name":1}).
	Sort rocketchat.Sort `url:"-"`
	// Prefetch is how many pages SearchAll may request ahead; never sent.
	Prefetch int `url:"-"`

	// SearchText keeps the contacts whose name, an e-mail address or a phone
	// number contains it (case-insensitive); empty keeps all.
	SearchText string `url:"searchText,omitempty"`
	// Unknown lists the unknown contacts (made from visitors nobody
	// identified yet) instead of the known ones. The server lists one kind
	// or the other, never both.
	Unknown bool `url:"unknown,omitempty"`
}

func (o *ContactSearchOptions) list() rocketchat.ListOptions {
	if o == nil {
		return rocketchat.ListOptions{}
	}
	return listOptions(o.Offset, o.Count, o.Sort, o.Prefetch)
}

func (o *ContactSearchOptions) query(lo rocketchat.ListOptions) rocketchat.ListQuery {
	if o == nil {
		return rocketchat.ListQuery{List: lo}
	}
	return rocketchat.ListQuery{List: lo, Filters: o}
}

// ContactSearchPage is one page of a search of contacts.
type ContactSearchPage struct {
	// Contacts are the contacts found; their ContactManager carries the
	// manager's id, name and username.
	Contacts []*models.Contact `json:"contacts"`
	// Count is the page size asked for (clamped by the server), not how
	// many contacts this page holds: this route echoes the request.
	Count int `json:"count"`
	// Offset is how many contacts were skipped.
	Offset int `json:"offset"`
	// Total is how many contacts match in all.
	Total int `json:"total"`
}

func (s *ContactsService) searchCall(q rocketchat.ListQuery) rocketchat.Call {
	return s.call(http.MethodGet, "omnichannel/contacts.search", q, nil)
}

// Search returns one page of the enabled contacts that match opts. Needs the
// view-livechat-contact permission.
//
// GET /api/v1/omnichannel/contacts.search
func (s *ContactsService) Search(ctx context.Context, opts *ContactSearchOptions) (*ContactSearchPage, *rocketchat.Response, error) {
	return rocketchat.Do[ContactSearchPage](ctx, s.client, s.searchCall(opts.query(opts.list())))
}

// SearchAll returns an iterator over every contact Search finds. It
// advances by the contacts each page held, not by the answer's count. Needs
// the view-livechat-contact permission.
//
// GET /api/v1/omnichannel/contacts.search
func (s *ContactsService) SearchAll(ctx context.Context, opts *ContactSearchOptions) iter.Seq2[*models.Contact, error] {
	return walk(ctx, s.client, opts, list[models.Contact, ContactSearchPage, *ContactSearchOptions]{
		call: func(opts *ContactSearchOptions, lo rocketchat.ListOptions) rocketchat.Call {
			return s.searchCall(opts.query(lo))
		},
		member: "contacts",
		page:   func(p *ContactSearchPage) ([]*models.Contact, int) { return p.Contacts, p.Total },
		key:    func(c *models.Contact) string { return c.ID },
	})
}

// ContactHistoryOptions filter, page and sort a contact's history. The zero
// value (or nil) asks for 50 conversations a page, the last closed first.
type ContactHistoryOptions struct {
	// Offset is how many conversations to skip.
	Offset int `url:"-"`
	// Count is how many conversations a page holds: zero for the server's
	// default (50), rocketchat.AllItems for all of them.
	Count int `url:"-"`
	// Sort orders the conversations; nil means the last closed first
	// ({"closedAt":-1}).
	Sort rocketchat.Sort `url:"-"`
	// Prefetch is how many pages HistoryAll may request ahead; never sent.
	Prefetch int `url:"-"`

	// Source keeps the conversations whose source type or alias contains it
	// (case-insensitive). Only Enterprise servers with contact verification
	// apply it; others ignore it.
	Source string `url:"source,omitempty"`
}

func (o *ContactHistoryOptions) list() rocketchat.ListOptions {
	if o == nil {
		return rocketchat.ListOptions{}
	}
	return listOptions(o.Offset, o.Count, o.Sort, o.Prefetch)
}

func (o *ContactHistoryOptions) query(contactID string, lo rocketchat.ListOptions) rocketchat.ListQuery {
	f := struct {
		ContactID string `url:"contactId"`
		Source    string `url:"source,omitempty"`
	}{ContactID: contactID}
	if o != nil {
		f.Source = o.Source
	}
	return rocketchat.ListQuery{List: lo, Filters: f}
}

// ContactHistoryPage is one page of a contact's conversations.
type ContactHistoryPage struct {
	// History holds the contact's closed conversations, projected (see
	// [ContactsService.History]).
	History []*models.Room `json:"history"`
	// Count is how many conversations this page holds.
	Count int `json:"count"`
	// Offset is how many conversations were skipped.
	Offset int `json:"offset"`
	// Total is how many closed conversations the contact has.
	Total int `json:"total"`
}

func (s *ContactsService) historyCall(q rocketchat.ListQuery) rocketchat.Call {
	return s.call(http.MethodGet, "omnichannel/contacts.history", q, nil)
}

// History returns one page of the contact's closed conversations, across
// all its channels: the successor of the visitor's chat history. The server
// projects each room to ID, FName, Timestamp, Visitor, MessageCount,
// ServedBy, ClosedAt, ClosedBy, Closer, Tags, Source, LastMessage and
// Verified; every other member is empty. An unknown contact answers
// [ErrContactNotFound]. Needs the view-livechat-contact-history permission.
//
// GET /api/v1/omnichannel/contacts.history
func (s *ContactsService) History(ctx context.Context, contactID string, opts *ContactHistoryOptions) (*ContactHistoryPage, *rocketchat.Response, error) {
	if contactID == "" {
		return nil, nil, endpoint.Required("contactID")
	}
	return rocketchat.Do[ContactHistoryPage](ctx, s.client, s.historyCall(opts.query(contactID, opts.list())))
}

// HistoryAll returns an iterator over all the contact's closed
// conversations. Needs the view-livechat-contact-history permission.
//
// GET /api/v1/omnichannel/contacts.history
func (s *ContactsService) HistoryAll(ctx context.Context, contactID string, opts *ContactHistoryOptions) iter.Seq2[*models.Room, error] {
	if contactID == "" {
		return failed[*models.Room](endpoint.Required("contactID"))
	}
	return walk(ctx, s.client, opts, list[models.Room, ContactHistoryPage, *ContactHistoryOptions]{
		call: func(opts *ContactHistoryOptions, lo rocketchat.ListOptions) rocketchat.Call {
			return s.historyCall(opts.query(contactID, lo))
		},
		member: "history",
		page:   func(p *ContactHistoryPage) ([]*models.Room, int) { return p.History, p.Total },
		key:    roomKey,
	})
}
