package omnichannel

import (
	"context"
	"fmt"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// NewContact is a contact to create with [ContactsService.Create].
type NewContact struct {
	// Name is the contact's name; required.
	Name string `json:"name"`
	// Emails are the contact's e-mail addresses, each once.
	Emails []string `json:"emails"`
	// Phones are the contact's phone numbers, each once.
	Phones []string `json:"phones"`
	// CustomFields are values of the workspace's visitor custom fields, by
	// field id; the server refuses ids it does not allow and values that
	// fail a field's pattern.
	CustomFields map[string]string `json:"customFields,omitzero"`
	// ContactManager is the user id of the livechat agent in charge.
	ContactManager string `json:"contactManager,omitzero"`
}

// Create creates a contact and returns its id. The server checks neither the
// addresses nor the numbers against other contacts. A ContactManager who is
// not an agent answers [ErrContactManagerNotFound]. Needs the
// create-livechat-contact permission.
//
// Like every write, a failed Create is retried only when the server cannot
// have acted (429), unless the client was built with
// rocketchat.WithRetryNonIdempotent: a retry after a lost answer could create
// the contact twice.
//
// POST /api/v1/omnichannel/contacts
func (s *ContactsService) Create(ctx context.Context, c NewContact) (string, *rocketchat.Response, error) {
	if c.Name == "" {
		return "", nil, endpoint.Required("Name")
	}
	if err := distinct("Emails", c.Emails); err != nil {
		return "", nil, err
	}
	if err := distinct("Phones", c.Phones); err != nil {
		return "", nil, err
	}
	// The server requires both lists, empty or not.
	if c.Emails == nil {
		c.Emails = []string{}
	}
	if c.Phones == nil {
		c.Phones = []string{}
	}
	call := s.call(http.MethodPost, "omnichannel/contacts", nil, c)
	a, resp, err := rocketchat.Do[struct {
		ContactID string `json:"contactId"`
	}](ctx, s.client, call)
	switch {
	case err != nil:
		return "", resp, err
	case a.ContactID == "":
		return "", resp, endpoint.Missing(call, "contactId")
	}
	return a.ContactID, resp, nil
}

// ContactUpdateOptions are the changes [ContactsService.Update] makes: only
// the members set are changed.
type ContactUpdateOptions struct {
	// Name, if not empty, is the contact's new name; the server renames the
	// contact's rooms too.
	Name string `json:"name,omitzero"`
	// Emails, if not nil, replace the contact's addresses; an empty, non-nil
	// list removes them all.
	Emails []string `json:"emails,omitzero"`
	// Phones, if not nil, replace the contact's numbers; an empty, non-nil
	// list removes them all.
	Phones []string `json:"phones,omitzero"`
	// CustomFields, if not nil, are new values of custom fields, by field
	// id.
	CustomFields map[string]string `json:"customFields,omitzero"`
	// ContactManager, if not nil, is the user id of the new manager; a
	// pointer to "" removes the manager (Rocket.Chat 8.0 and later; 7.x
	// servers keep it).
	ContactManager *string `json:"contactManager,omitzero"`
	// WipeConflicts clears the contact's conflicting fields.
	WipeConflicts bool `json:"wipeConflicts,omitzero"`
}

type contactUpdateBody struct {
	ContactID string `json:"contactId"`
	ContactUpdateOptions
}

// Update changes the contact contactID as opts says and returns it as it is
// after the change (nil opts changes nothing). An unknown contact answers
// [ErrContactNotFound]. Needs the update-livechat-contact permission. Like
// Create, it is retried only when the server cannot have acted, unless the
// client opted in.
//
// POST /api/v1/omnichannel/contacts.update
func (s *ContactsService) Update(ctx context.Context, contactID string, opts *ContactUpdateOptions) (*models.Contact, *rocketchat.Response, error) {
	if contactID == "" {
		return nil, nil, endpoint.Required("contactID")
	}
	body := contactUpdateBody{ContactID: contactID}
	if opts != nil {
		body.ContactUpdateOptions = *opts
	}
	if err := distinct("Emails", body.Emails); err != nil {
		return nil, nil, err
	}
	if err := distinct("Phones", body.Phones); err != nil {
		return nil, nil, err
	}
	return endpoint.One(ctx, s.client, s.call(http.MethodPost, "omnichannel/contacts.update", nil, body), "contact", (*contactAnswer).contact)
}

// distinct refuses a list with a value twice, which the server's validation
// refuses (uniqueItems).
func distinct(name string, vals []string) error {
	seen := make(map[string]bool, len(vals))
	for _, v := range vals {
		if seen[v] {
			return fmt.Errorf("%w: %s holds %q twice", rocketchat.ErrInvalidArgument, name, v)
		}
		seen[v] = true
	}
	return nil
}
