package omnichannel_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// On a server older than 7.0 every contact call says which release it
// needs; the client asks GET /api/info once for all of them.
func TestContactsOnAnOlderServer(t *testing.T) {
	srv, oc, _ := fakeService(t, rocketchattest.WithVersion("6.13.0"), rocketchattest.WithoutRateLimit())
	rooms := srv.GenerateHistory("v1", 3, 1)
	ctx := t.Context()
	calls := map[string]func() error{
		"Get": func() error {
			_, _, err := oc.Contacts.Get(ctx, "c1")
			return err
		},
		"GetByVisitor": func() error {
			_, _, err := oc.Contacts.GetByVisitor(ctx, "v1", &omnichannel.ContactByVisitorOptions{RoomID: rooms[0].ID})
			return err
		},
		"Search": func() error { _, _, err := oc.Contacts.Search(ctx, nil); return err },
		"SearchAll": func() error {
			for _, err := range oc.Contacts.SearchAll(ctx, nil) {
				return err
			}
			return nil
		},
		"History":  func() error { _, _, err := oc.Contacts.History(ctx, "c1", nil); return err },
		"Channels": func() error { _, _, err := oc.Contacts.Channels(ctx, "c1"); return err },
		"CheckExistence": func() error {
			_, _, err := oc.Contacts.CheckExistence(ctx, omnichannel.ContactLookup{Email: "a@x.org"})
			return err
		},
		"Create": func() error { _, _, err := oc.Contacts.Create(ctx, omnichannel.NewContact{Name: "A"}); return err },
		"Update": func() error {
			_, _, err := oc.Contacts.Update(ctx, "c1", nil)
			return err
		},
	}
	for name, f := range calls {
		err := f()
		var ve *rocketchat.VersionError
		if !errors.As(err, &ve) || !errors.Is(err, rocketchat.ErrUnsupportedVersion) {
			t.Errorf("%s: %v (%T), want a *VersionError", name, err, err)
			continue
		}
		if ve.Required.String() != "7.0" || ve.Found.String() != "6.13" || !strings.Contains(err.Error(), "needs Rocket.Chat 7.0 or later; the server runs 6.13") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := srv.Stats(rocketchattest.RouteInfo).Requests; n != 1 {
		t.Errorf("GET /api/info asked %d times, want once", n)
	}
}

// On 7.0 and later a 404 is the route's: an unknown contact.
func TestContactsNotFoundOnANewServer(t *testing.T) {
	srv, oc, _ := fakeService(t, rocketchattest.WithoutRateLimit())
	_, _, err := oc.Contacts.Get(t.Context(), "nope")
	if !errors.Is(err, rocketchat.ErrNotFound) || errors.Is(err, rocketchat.ErrUnsupportedVersion) {
		t.Errorf("unknown contact: %v", err)
	}
	_, _, err = oc.Contacts.History(t.Context(), "nope", nil)
	if !errors.Is(err, omnichannel.ErrContactNotFound) {
		t.Errorf("unknown contact's history: %v", err)
	}
	_, _, err = oc.Contacts.Update(t.Context(), "nope", nil)
	if !errors.Is(err, omnichannel.ErrContactNotFound) {
		t.Errorf("unknown contact's update: %v", err)
	}
	if n := srv.Stats(rocketchattest.RouteInfo).Requests; n != 1 {
		t.Errorf("GET /api/info asked %d times, want once (for the 404)", n)
	}
}

func TestContactOfAVisitor(t *testing.T) {
	srv, oc, _ := fakeService(t, rocketchattest.WithoutRateLimit())
	rooms := srv.GenerateHistory("v1", 5, 2)
	ctx := t.Context()
	for _, opts := range []*omnichannel.ContactByVisitorOptions{
		nil,                   // through the visitor's last chat
		{RoomID: rooms[3].ID}, // through a room of the visitor
	} {
		c, _, err := oc.Contacts.GetByVisitor(ctx, "v1", opts)
		if err != nil || c.ID != rooms[0].ContactID {
			t.Errorf("%+v: %v %+v", opts, err, c)
		}
	}
	if c, _, err := oc.Contacts.Get(ctx, rooms[0].ContactID); err != nil || c.ID != rooms[0].ContactID {
		t.Errorf("Get: %v %+v", err, c)
	}
	srv.AddVisitor(models.Visitor{ID: "lonely"})
	if _, _, err := oc.Contacts.GetByVisitor(ctx, "lonely", nil); !errors.Is(err, omnichannel.ErrNoContact) {
		t.Errorf("a visitor without conversations: %v", err)
	}
	if _, _, err := oc.Contacts.GetByVisitor(ctx, "nope", nil); !errors.Is(err, omnichannel.ErrVisitorNotFound) {
		t.Errorf("an unknown visitor: %v", err)
	}
	for _, bad := range []omnichannel.ContactLookup{{}, {Email: "a@x", Phone: "1"}, {ContactID: "c", Email: "a@x"}} {
		if _, _, err := oc.Contacts.CheckExistence(ctx, bad); !errors.Is(err, rocketchat.ErrInvalidArgument) {
			t.Errorf("CheckExistence(%+v): %v", bad, err)
		}
	}
}

// Writes are not retried after an answer the server may have acted on,
// unless the client opted in; a 429 is, since the server never ran it.
func TestContactWritesRetryPolicy(t *testing.T) {
	srv, oc, c := fakeService(t, rocketchattest.WithoutRateLimit())
	fast, err := c.With(rocketchat.WithRetries(3, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	contacts := func() int {
		page, _, err := oc.Contacts.Search(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	create := func(c *rocketchat.Client) error {
		_, _, err := omnichannel.New(c).Contacts.Create(ctx, omnichannel.NewContact{Name: "Maria"})
		return err
	}
	srv.Inject(rocketchattest.RouteContactCreate, rocketchattest.ServerErrors(http.StatusServiceUnavailable, 1))
	if err := create(fast); !errors.Is(err, rocketchat.ErrServer) {
		t.Errorf("503: %v, want the server's error, not retried", err)
	}
	if st := srv.Stats(rocketchattest.RouteContactCreate); st.Requests != 1 {
		t.Errorf("a 503 on a write was retried: %d requests", st.Requests)
	}
	srv.Inject(rocketchattest.RouteContactCreate, rocketchattest.ServerErrors(http.StatusTooManyRequests, 1))
	if err := create(fast); err != nil {
		t.Errorf("429: %v, want a retry", err)
	}
	optIn, _ := fast.With(rocketchat.WithRetryNonIdempotent())
	srv.Inject(rocketchattest.RouteContactUpdate, rocketchattest.ServerErrors(http.StatusBadGateway, 1))
	id := srv.AddContact(models.Contact{Name: "A"}).ID
	if _, _, err := omnichannel.New(optIn).Contacts.Update(ctx, id, &omnichannel.ContactUpdateOptions{Name: "B"}); err != nil {
		t.Errorf("opted in: %v", err)
	}
	if got := srv.Stats(rocketchattest.RouteContactCreate).Requests; got != 3 {
		t.Errorf("create requests: %d, want 3 (503 once, 429 then 200)", got)
	}
	if got := srv.Stats(rocketchattest.RouteContactUpdate).Requests; got != 2 {
		t.Errorf("update requests: %d, want 2", got)
	}
	if n := contacts(); n != 2 {
		t.Errorf("%d contacts, want 2 (one created, one seeded)", n)
	}
}

// A round trip through the SDK: what Create and Update send is what Get and
// Search read back.
func TestContactRoundTrip(t *testing.T) {
	srv, oc, _ := fakeService(t, rocketchattest.WithoutRateLimit())
	agent := srv.AddUser(rocketchattest.User{Username: "ana", Roles: []string{"livechat-agent"}})
	srv.AddCustomField(rocketchattest.CustomField{ID: "crm", Scope: "visitor"})
	ctx := t.Context()
	id, _, err := oc.Contacts.Create(ctx, omnichannel.NewContact{Name: "Maria", Emails: []string{"m@x.org"}, Phones: []string{"+1"},
		CustomFields: map[string]string{"crm": "42"}, ContactManager: agent.UserID})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := oc.Contacts.Create(ctx, omnichannel.NewContact{Name: "X", Emails: []string{"a", "a"}}); !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Errorf("duplicate addresses: %v", err)
	}
	none := ""
	c, _, err := oc.Contacts.Update(ctx, id, &omnichannel.ContactUpdateOptions{Phones: []string{}, ContactManager: &none})
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Maria" || len(c.Phones) != 0 || len(c.Emails) != 1 || c.ContactManager.ID != "" || c.CustomFields["crm"] != "42" {
		t.Errorf("updated %+v", c)
	}
	exists, _, err := oc.Contacts.CheckExistence(ctx, omnichannel.ContactLookup{Email: "m@x.org"})
	if err != nil || !exists {
		t.Errorf("CheckExistence: %v %v", exists, err)
	}
	page, _, err := oc.Contacts.Search(ctx, &omnichannel.ContactSearchOptions{SearchText: "mari"})
	if err != nil || len(page.Contacts) != 1 || page.Contacts[0].ID != id {
		t.Errorf("search: %+v %v", page, err)
	}
	chans, _, err := oc.Contacts.Channels(ctx, id)
	if err != nil || chans == nil || len(chans) != 0 {
		t.Errorf("channels of a new contact: %v %v", chans, err)
	}
}
