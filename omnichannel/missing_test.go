package omnichannel_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// answering returns a service whose every call is answered 200 with body.
func answering(t *testing.T, body string) *omnichannel.Service {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewStringResponder(http.StatusOK, body))
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithToken("u", "t"),
		rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	return omnichannel.New(c)
}

// A call that returns one document fails with ErrMalformedResponse, naming
// the member, when the answer lacks it or holds null: never a nil document
// with a nil error.
func TestSingleDocumentAnswersWithoutTheDocument(t *testing.T) {
	type call func(oc *omnichannel.Service) (got bool, err error)
	calls := map[string]struct {
		member string
		call   call
	}{
		"Visitors.Info": {"visitor", func(oc *omnichannel.Service) (bool, error) {
			v, _, err := oc.Visitors.Info(t.Context(), "v1")
			return v != nil, err
		}},
		"Visitors.ByToken": {"visitor", func(oc *omnichannel.Service) (bool, error) {
			v, _, err := oc.Visitors.ByToken(t.Context(), "tok")
			return v != nil, err
		}},
		"Contacts.Get": {"contact", func(oc *omnichannel.Service) (bool, error) {
			c, _, err := oc.Contacts.Get(t.Context(), "c1")
			return c != nil, err
		}},
		"Contacts.Update": {"contact", func(oc *omnichannel.Service) (bool, error) {
			c, _, err := oc.Contacts.Update(t.Context(), "c1", &omnichannel.ContactUpdateOptions{Name: "M"})
			return c != nil, err
		}},
		"Contacts.Create": {"contactId", func(oc *omnichannel.Service) (bool, error) {
			id, _, err := oc.Contacts.Create(t.Context(), omnichannel.NewContact{Name: "M"})
			return id != "", err
		}},
		"Rooms.Send": {"message", func(oc *omnichannel.Service) (bool, error) {
			m, _, err := oc.Rooms.Send(t.Context(), "r1", "hi")
			return m != nil, err
		}},
	}
	for _, body := range []string{`{"success":true}`, `{"visitor":null,"contact":null,"contactId":null,"message":null,"success":true}`} {
		oc := answering(t, body)
		for name, c := range calls {
			got, err := c.call(oc)
			if got || !errors.Is(err, rocketchat.ErrMalformedResponse) || !strings.Contains(err.Error(), `"`+c.member+`"`) {
				t.Errorf("%s on %s: document %v, err %v; want none and ErrMalformedResponse naming %q", name, body, got, err, c.member)
			}
		}
	}
}

// The routes that answer null for an unknown id fail with ErrNotFound.
func TestSingleDocumentAnswersNullForUnknown(t *testing.T) {
	oc := answering(t, `{"inquiry":null,"department":null,"success":true}`)
	inq, _, err := oc.Inquiries.GetByRoom(t.Context(), "r1")
	if inq != nil || !errors.Is(err, rocketchat.ErrNotFound) {
		t.Errorf("Inquiries.Get = %v, %v; want ErrNotFound", inq, err)
	}
	dep, _, err := oc.Departments.Get(t.Context(), "d1", nil)
	if dep != nil || !errors.Is(err, rocketchat.ErrNotFound) {
		t.Errorf("Departments.Get = %v, %v; want ErrNotFound", dep, err)
	}
}

// The contact of a visitor whose record comes back null is an error, not
// a panic on the visitor's last chat.
func TestContactOfANullVisitor(t *testing.T) {
	oc := answering(t, `{"visitor":null,"success":true}`)
	c, _, err := oc.Contacts.GetByVisitor(t.Context(), "v1", nil)
	if c != nil || !errors.Is(err, rocketchat.ErrMalformedResponse) {
		t.Fatalf("Get = %v, %v; want ErrMalformedResponse", c, err)
	}
}
