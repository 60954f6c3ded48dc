package models

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Contact is an omnichannel contact (ILivechatContact, Rocket.Chat 7.0 and
// later): the person behind one or more visitors, one per channel they
// reached the workspace by (widget, e-mail, SMS, an app).
//
// Optional members the server leaves out decode to the zero value and are
// left out again when the contact is encoded.
type Contact struct {
	// ID is the contact's id (_id).
	ID string `json:"_id"`
	// UpdatedAt is when the contact last changed (_updatedAt).
	UpdatedAt time.Time `json:"_updatedAt,omitzero"`
	// Name is the contact's name.
	Name string `json:"name"`
	// Phones are the contact's phone numbers.
	Phones []Phone `json:"phones,omitzero"`
	// Emails are the contact's e-mail addresses.
	Emails []EmailAddress `json:"emails,omitzero"`
	// ContactManager is the agent in charge of the contact: only the user id
	// from omnichannel/contacts.get and contacts.update, the id, name and
	// username from omnichannel/contacts.search.
	ContactManager ContactManager `json:"contactManager,omitzero"`
	// IsUnknown reports a contact made from a visitor nobody identified yet
	// (unknown); omnichannel/contacts.search lists them only when asked.
	IsUnknown bool `json:"unknown,omitzero"`
	// ConflictingFields are values of the contact's visitors that disagree
	// with the contact's own, waiting for an agent to choose.
	ConflictingFields []ConflictingField `json:"conflictingFields,omitzero"`
	// CustomFields holds the contact's custom fields, by field id.
	CustomFields map[string]any `json:"customFields,omitzero"`
	// Channels are the contact's channels: one visitor each.
	Channels []ContactChannel `json:"channels"`
	// CreatedAt is when the contact was created.
	CreatedAt time.Time `json:"createdAt,omitzero"`
	// LastChat is the contact's latest conversation.
	LastChat LastChat `json:"lastChat,omitzero"`
	// ImportIDs are the ids the contact had in the files it was imported
	// from (importIds).
	ImportIDs []string `json:"importIds,omitzero"`
	// Activity lists the periods in which the contact was active.
	Activity []string `json:"activity,omitzero"`
	// PreRegistration reports a contact created through the API before any
	// conversation.
	PreRegistration bool `json:"preRegistration,omitzero"`
	// Enabled is false on a deleted contact (whose personal data was
	// erased); nil means the member was absent, an enabled contact.
	Enabled *bool `json:"enabled,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit, so that they are written back when the contact is
	// encoded.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the contact's members whose values did not fit their Go
// fields (see [Misfit]), at any depth, or nil.
func (c *Contact) Misfits() []Misfit { return c.misfits }

func init() { registerDocument(func(c *Contact) *[]Misfit { return &c.misfits }) }

// ContactChannel is one channel of a contact (ILivechatContactChannel): a
// visitor and the source it came by.
type ContactChannel struct {
	// Name is the name of the channel's source, such as "widget" or an
	// app's name.
	Name string `json:"name"`
	// Verified reports that the visitor was verified as the contact.
	Verified bool `json:"verified"`
	// Visitor is the channel's visitor and source.
	Visitor ContactVisitor `json:"visitor"`
	// Blocked reports that the channel is blocked: its conversations are
	// closed on arrival.
	Blocked bool `json:"blocked"`
	// Field names what the visitor was verified by, such as "email".
	Field string `json:"field,omitzero"`
	// Value is the value the visitor was verified by.
	Value string `json:"value,omitzero"`
	// VerifiedAt is when the visitor was verified.
	VerifiedAt time.Time `json:"verifiedAt,omitzero"`
	// Details describe the channel's source.
	Details Source `json:"details"`
	// LastChat is the channel's latest conversation.
	LastChat LastChat `json:"lastChat,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// ContactVisitor names the visitor of a contact channel
// (ILivechatContactVisitorAssociation).
type ContactVisitor struct {
	// VisitorID is the visitor's id (visitorId).
	VisitorID string `json:"visitorId"`
	// Source is the source the visitor came by: its Type, and its ID for an
	// app or an inbox.
	Source Source `json:"source"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// ConflictingField is a value of a contact's visitor that disagrees with the
// contact's own.
type ConflictingField struct {
	// Field is what disagrees: "name", "manager" or "customFields.<id>".
	Field string `json:"field"`
	// Value is the visitor's value.
	Value string `json:"value"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

type (
	contactJSON          Contact
	contactChannelJSON   ContactChannel
	contactVisitorJSON   ContactVisitor
	conflictingFieldJSON ConflictingField
)

// MarshalJSON implements encoding/json.Marshaler.
func (c Contact) MarshalJSON() ([]byte, error) { return marshalJSON((*contactJSON)(&c)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (c *Contact) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, c) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (c Contact) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*contactJSON)(&c))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (c *Contact) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, c, (*contactJSON)(c), &c.misfits)
}

// MarshalJSON implements encoding/json.Marshaler.
func (c ContactChannel) MarshalJSON() ([]byte, error) { return marshalJSON((*contactChannelJSON)(&c)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (c ContactChannel) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*contactChannelJSON)(&c))
}

// MarshalJSON implements encoding/json.Marshaler.
func (v ContactVisitor) MarshalJSON() ([]byte, error) { return marshalJSON((*contactVisitorJSON)(&v)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (v ContactVisitor) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*contactVisitorJSON)(&v))
}

// MarshalJSON implements encoding/json.Marshaler.
func (f ConflictingField) MarshalJSON() ([]byte, error) {
	return marshalJSON((*conflictingFieldJSON)(&f))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (f ConflictingField) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*conflictingFieldJSON)(&f))
}
