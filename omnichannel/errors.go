package omnichannel

import (
	"errors"
	"fmt"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// Error codes of the Omnichannel endpoints, matched with [errors.Is]. The
// errors every endpoint may answer (ErrNotFound, ErrForbidden,
// ErrInvalidParams, ErrInvalidRoom, ...) are in package rocketchat.
var (
	// ErrVisitorNotFound: livechat/visitors.info knows no (enabled) visitor
	// with that id.
	ErrVisitorNotFound error = rocketchat.ErrorCode("visitor-not-found")
	// ErrInvalidToken: livechat/visitor/{token} knows no visitor with that
	// token.
	ErrInvalidToken error = rocketchat.ErrorCode("invalid-token")
	// ErrContactNotFound: omnichannel/contacts.history or contacts.update
	// knows no such contact. (omnichannel/contacts.get answers 404,
	// rocketchat.ErrNotFound.)
	ErrContactNotFound error = rocketchat.ErrorCode("error-contact-not-found")
	// ErrContactManagerNotFound: the contact manager given to
	// omnichannel/contacts or contacts.update is not a livechat agent.
	ErrContactManagerNotFound error = rocketchat.ErrorCode("error-contact-manager-not-found")
)

// ErrNoContact is returned by [ContactsService.Get] when asked for the
// contact of a visitor whose latest conversation has none: the visitor has
// no conversation, or it predates the server's contacts.
var ErrNoContact = errors.New("omnichannel: the visitor has no contact")

// errRequired refuses an empty required argument before anything is sent.
func errRequired(name string) error {
	return fmt.Errorf("%w: %s is required", rocketchat.ErrInvalidArgument, name)
}
