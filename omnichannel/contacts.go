package omnichannel

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// ContactsAPI is the set of contact endpoints, for callers who want to
// substitute their own implementation in tests. *ContactsService satisfies
// it.
type ContactsAPI interface {
	Get(ctx context.Context, contactID string) (*models.Contact, *rocketchat.Response, error)
	GetByVisitor(ctx context.Context, visitorID string, opts *ContactByVisitorOptions) (*models.Contact, *rocketchat.Response, error)
	Search(ctx context.Context, opts *ContactSearchOptions) (*ContactSearchPage, *rocketchat.Response, error)
	SearchAll(ctx context.Context, opts *ContactSearchOptions) iter.Seq2[*models.Contact, error]
	History(ctx context.Context, contactID string, opts *ContactHistoryOptions) (*ContactHistoryPage, *rocketchat.Response, error)
	HistoryAll(ctx context.Context, contactID string, opts *ContactHistoryOptions) iter.Seq2[*models.Room, error]
	Channels(ctx context.Context, contactID string) ([]*models.ContactChannel, *rocketchat.Response, error)
	CheckExistence(ctx context.Context, by ContactLookup) (bool, *rocketchat.Response, error)
	Create(ctx context.Context, c NewContact) (string, *rocketchat.Response, error)
	Update(ctx context.Context, contactID string, opts *ContactUpdateOptions) (*models.Contact, *rocketchat.Response, error)
}

var _ ContactsAPI = (*ContactsService)(nil)

// ContactsService holds the omnichannel/contacts* endpoints of Rocket.Chat
// 7.0 and later.
//
// On an older server each call fails with a [*rocketchat.VersionError]
// (errors.Is rocketchat.ErrUnsupportedVersion) that says the release it
// needs and the one the server runs: the server answers these routes 404,
// and the client then asks GET /api/info, once per client (see
// [rocketchat.Call] MinVersion).
type ContactsService struct {
	client   *rocketchat.Client
	visitors *VisitorsService
}

// contactsSince is the release that added the omnichannel/contacts routes.
const contactsSince = "7.0"

// ContactLookup is what [ContactsService.CheckExistence] looks a contact up
// by: exactly one of ContactID, Email and Phone.
type ContactLookup struct {
	// ContactID asks whether a contact has this id.
	ContactID string
	// Email asks whether a contact has this exact address.
	Email string
	// Phone asks whether a contact has this exact number.
	Phone string
}

// ContactByVisitorOptions are the options of [ContactsService.GetByVisitor].
type ContactByVisitorOptions struct {
	// RoomID is a livechat room the caller may access, which gates the read
	// of the visitor's conversations (any room works: the answer covers all
	// of them). Empty means the visitor's last chat, which
	// livechat/visitors.info tells.
	RoomID string
}

// contactAnswer is the answer of the routes that return one contact.
type contactAnswer struct {
	Contact *models.Contact `json:"contact"`
}

func (a *contactAnswer) contact() *models.Contact { return a.Contact }

// Get returns the contact whose id is contactID. Needs the
// view-livechat-contact permission. An unknown (or deleted) contact answers
// 404, rocketchat.ErrNotFound.
//
// GET /api/v1/omnichannel/contacts.get
func (s *ContactsService) Get(ctx context.Context, contactID string) (*models.Contact, *rocketchat.Response, error) {
	if contactID == "" {
		return nil, nil, endpoint.Required("contactID")
	}
	q := struct {
		ContactID string `url:"contactId"`
	}{contactID}
	return endpoint.One(ctx, s.client, s.call(http.MethodGet, "omnichannel/contacts.get", q, nil), "contact", (*contactAnswer).contact)
}

// GetByVisitor returns the contact of the visitor visitorID's latest
// conversation: it reads the visitor's newest room through
// livechat/visitors.chatHistory (gated by opts.RoomID, or by the visitor's
// last chat from livechat/visitors.info), then the contact that room names
// through omnichannel/contacts.get. It needs the view-l-room and
// view-livechat-contact permissions and access to the room, and fails with
// [ErrNoContact] when the room names no contact, or with
// [ErrVisitorNotFound] for an unknown visitor.
//
// GET /api/v1/livechat/visitors.info (without opts.RoomID),
// GET /api/v1/livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId},
// GET /api/v1/omnichannel/contacts.get
func (s *ContactsService) GetByVisitor(ctx context.Context, visitorID string, opts *ContactByVisitorOptions) (*models.Contact, *rocketchat.Response, error) {
	if visitorID == "" {
		return nil, nil, endpoint.Required("visitorID")
	}
	roomID := ""
	if opts != nil {
		roomID = opts.RoomID
	}
	id, resp, err := s.contactOfVisitor(ctx, visitorID, roomID)
	if err != nil {
		return nil, resp, err
	}
	return s.Get(ctx, id)
}

// contactOfVisitor returns the id of the contact of the visitor's newest
// conversation.
func (s *ContactsService) contactOfVisitor(ctx context.Context, visitorID, roomID string) (string, *rocketchat.Response, error) {
	if roomID == "" {
		v, resp, err := s.visitors.Info(ctx, visitorID)
		if err != nil {
			return "", resp, err
		}
		if v.LastChat.ID == "" {
			return "", resp, fmt.Errorf("%w: visitor %s has no conversation", ErrNoContact, visitorID)
		}
		roomID = v.LastChat.ID
	}
	newest := &ChatHistoryOptions{Count: 1, Sort: rocketchat.Sort{{Field: "ts", Order: rocketchat.Desc}}}
	page, resp, err := s.visitors.ChatHistory(ctx, roomID, visitorID, newest)
	if err != nil {
		return "", resp, err
	}
	if len(page.History) == 0 || page.History[0] == nil || page.History[0].ContactID == "" {
		return "", resp, s.noContact(ctx, visitorID)
	}
	return page.History[0].ContactID, resp, nil
}

// noContact explains a visitor without a contact: the server predates
// contacts, or the visitor's newest conversation names none. When the
// server's version cannot be learned, the error says why, beside
// ErrNoContact.
func (s *ContactsService) noContact(ctx context.Context, visitorID string) error {
	need, _ := rocketchat.ParseServerVersion(contactsSince)
	v, err := s.client.ServerVersion(ctx)
	switch {
	case err != nil:
		return fmt.Errorf("%w: the newest conversation of visitor %s names no contact, and the server's version is unknown: %w", ErrNoContact, visitorID, err)
	case v.Compare(need) < 0:
		path := "/api/v1/omnichannel/contacts.get"
		if u, err := url.Parse(s.client.BaseURL()); err == nil {
			path = u.EscapedPath() + path
		}
		return &rocketchat.VersionError{Method: http.MethodGet, Path: path, Required: need, Found: v}
	}
	return fmt.Errorf("%w: the newest conversation of visitor %s names no contact", ErrNoContact, visitorID)
}

// Channels returns the contact's channels, the latest of each source name
// (the one with the newest last chat); an unknown contact has none. Needs
// the view-livechat-contact permission.
//
// GET /api/v1/omnichannel/contacts.channels
func (s *ContactsService) Channels(ctx context.Context, contactID string) ([]*models.ContactChannel, *rocketchat.Response, error) {
	if contactID == "" {
		return nil, nil, endpoint.Required("contactID")
	}
	q := struct {
		ContactID string `url:"contactId"`
	}{contactID}
	a, resp, err := rocketchat.Do[struct {
		Channels []*models.ContactChannel `json:"channels"`
	}](ctx, s.client, s.call(http.MethodGet, "omnichannel/contacts.channels", q, nil))
	if err != nil {
		return nil, resp, err
	}
	return a.Channels, resp, nil
}

// CheckExistence reports whether a contact exists with the id, the e-mail
// address or the phone number in by (exactly one of ContactID, Email and
// Phone; compared exactly, case-sensitively; deleted contacts count). Needs
// the view-livechat-contact permission.
//
// GET /api/v1/omnichannel/contacts.checkExistence
func (s *ContactsService) CheckExistence(ctx context.Context, by ContactLookup) (bool, *rocketchat.Response, error) {
	q := struct {
		ContactID string `url:"contactId,omitempty"`
		Email     string `url:"email,omitempty"`
		Phone     string `url:"phone,omitempty"`
	}{by.ContactID, by.Email, by.Phone}
	set := 0
	for _, v := range []string{q.ContactID, q.Email, q.Phone} {
		if v != "" {
			set++
		}
	}
	if set != 1 {
		return false, nil, fmt.Errorf("%w: CheckExistence takes exactly one of ContactID, Email and Phone", rocketchat.ErrInvalidArgument)
	}
	a, resp, err := rocketchat.Do[struct {
		Exists bool `json:"exists"`
	}](ctx, s.client, s.call(http.MethodGet, "omnichannel/contacts.checkExistence", q, nil))
	if err != nil {
		return false, resp, err
	}
	return a.Exists, resp, nil
}

// call is a call to one of the contact routes, which came with 7.0.
func (s *ContactsService) call(method, route string, query, body any) rocketchat.Call {
	return rocketchat.Call{Method: method, Route: route, Query: query, Body: body, MinVersion: contactsSince}
}
