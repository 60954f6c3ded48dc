package models

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Visitor is a livechat visitor's record (ILivechatVisitor): who the
// visitor is, by the token their widget or bridge holds. A room keeps a
// summary of it, [RoomVisitor].
type Visitor struct {
	// ID is the visitor's id (_id).
	ID string `json:"_id"`
	// Username is the visitor's username, such as guest-12.
	Username string `json:"username,omitzero"`
	// Timestamp is when the visitor was registered (ts).
	Timestamp time.Time `json:"ts,omitzero"`
	// Token is the token the visitor is known by.
	Token string `json:"token,omitzero"`
	// Name is the name the visitor gave.
	Name string `json:"name,omitzero"`
	// Department is the id of the visitor's department.
	Department string `json:"department,omitzero"`
	// Emails are the visitor's e-mail addresses (visitorEmails).
	Emails []VisitorEmail `json:"visitorEmails,omitzero"`
	// Phones are the visitor's phone numbers (phone).
	Phones []VisitorPhone `json:"phone,omitzero"`
	// Status is the visitor's presence.
	Status UserStatus `json:"status,omitzero"`
	// LivechatData holds the visitor's custom fields, by field id.
	LivechatData map[string]any `json:"livechatData,omitzero"`
	// UpdatedAt is when the record last changed (_updatedAt).
	UpdatedAt time.Time `json:"_updatedAt,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the visitor's members whose values did not fit their Go
// fields (see [Misfit]), at any depth, or nil.
func (v *Visitor) Misfits() []Misfit { return v.misfits }

func init() { registerDocument(func(v *Visitor) *[]Misfit { return &v.misfits }) }

// VisitorEmail is one of a visitor's e-mail addresses.
type VisitorEmail struct {
	// Address is the e-mail address, in lower case.
	Address string `json:"address"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// VisitorPhone is one of a visitor's phone numbers.
type VisitorPhone struct {
	// PhoneNumber is the number.
	PhoneNumber string `json:"phoneNumber"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

type (
	visitorJSON      Visitor
	visitorEmailJSON VisitorEmail
	visitorPhoneJSON VisitorPhone
)

// MarshalJSON implements encoding/json.Marshaler.
func (v Visitor) MarshalJSON() ([]byte, error) { return marshalJSON((*visitorJSON)(&v)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (v *Visitor) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, v) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (v Visitor) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*visitorJSON)(&v))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (v *Visitor) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, v, (*visitorJSON)(v), &v.misfits)
}

// MarshalJSON implements encoding/json.Marshaler.
func (e VisitorEmail) MarshalJSON() ([]byte, error) { return marshalJSON((*visitorEmailJSON)(&e)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e VisitorEmail) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*visitorEmailJSON)(&e))
}

// MarshalJSON implements encoding/json.Marshaler.
func (p VisitorPhone) MarshalJSON() ([]byte, error) { return marshalJSON((*visitorPhoneJSON)(&p)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (p VisitorPhone) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*visitorPhoneJSON)(&p))
}
