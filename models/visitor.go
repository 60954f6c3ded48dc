package models

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Visitor is a livechat visitor's whole record (ILivechatVisitor): the person
// on the other side of a widget, e-mail, SMS or app conversation, as the
// server stores them. A room keeps only a summary of it ([RoomVisitor]).
//
// Which members come depends on the route: livechat/visitors.info sends the
// record without Token (since Rocket.Chat 8.5, 7.10.12 and 7.13.8);
// livechat/visitors.search only ID, Username, Name, Phones, Emails,
// LivechatData and LastChat; livechat/visitor/{token} everything, Token
// included. A disabled visitor (Disabled) keeps only its ID and bookkeeping
// members. Optional members the server leaves out decode to the zero value and
// are left out again when the record is encoded.
type Visitor struct {
	// ID is the visitor's id (_id).
	ID string `json:"_id"`
	// UpdatedAt is when the record last changed (_updatedAt).
	UpdatedAt time.Time `json:"_updatedAt,omitzero"`
	// Username is the generated username, such as guest-12.
	Username string `json:"username,omitzero"`
	// Timestamp is when the visitor was registered (ts).
	Timestamp time.Time `json:"ts,omitzero"`
	// Token is the visitor's token: the widget's credential for this
	// visitor, which its messages also carry. It prints as [REDACTED].
	Token Token `json:"token,omitzero"`
	// Department is the id of the department the visitor was registered in.
	Department string `json:"department,omitzero"`
	// Name is the name the visitor gave.
	Name string `json:"name,omitzero"`
	// Phones are the visitor's phone numbers (phone). The server may send
	// null for visitors registered long ago; it decodes to nil.
	Phones []Phone `json:"phone,omitzero"`
	// Emails are the visitor's e-mail addresses (visitorEmails).
	Emails []EmailAddress `json:"visitorEmails,omitzero"`
	// LastChat is the visitor's latest conversation: its room id and when it
	// started.
	LastChat LastChat `json:"lastChat,omitzero"`
	// UserAgent is the browser the visitor last wrote from.
	UserAgent string `json:"userAgent,omitzero"`
	// IP is the address the visitor last wrote from.
	IP string `json:"ip,omitzero"`
	// Host is the site the widget ran on.
	Host string `json:"host,omitzero"`
	// ExternalIDs link the visitor to records of apps (externalIds).
	ExternalIDs []ExternalID `json:"externalIds,omitzero"`
	// Status is the visitor's presence status.
	Status UserStatus `json:"status,omitzero"`
	// LastAgent is the agent who last served the visitor.
	LastAgent LastAgent `json:"lastAgent,omitzero"`
	// LivechatData holds the visitor's custom fields, by field id; values
	// are normally strings.
	LivechatData map[string]any `json:"livechatData,omitzero"`
	// ContactManager is the agent in charge of the visitor, on servers
	// before the contacts of Rocket.Chat 7.0.
	ContactManager VisitorContactManager `json:"contactManager,omitzero"`
	// Activity lists the periods in which the visitor was active.
	Activity []string `json:"activity,omitzero"`
	// Disabled reports that the visitor was removed (its personal data
	// erased).
	Disabled bool `json:"disabled,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit, so that they are written back when the record is
	// encoded.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the record's members whose values did not fit their Go
// fields (see [Misfit]), at any depth, or nil.
func (v *Visitor) Misfits() []Misfit { return v.misfits }

func init() { registerDocument(func(v *Visitor) *[]Misfit { return &v.misfits }) }

// Phone is a phone number of a visitor or a contact.
type Phone struct {
	// Number is the phone number as given (phoneNumber).
	Number string `json:"phoneNumber"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// EmailAddress is an e-mail address of a visitor or a contact. A user's
// address, which also says whether it was verified, is an [Email].
type EmailAddress struct {
	// Address is the address.
	Address string `json:"address"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// LastChat points at a conversation: the latest of a visitor, a contact or
// a contact's channel.
type LastChat struct {
	// ID is the room's id (_id).
	ID string `json:"_id"`
	// Timestamp is when the conversation started (ts).
	Timestamp time.Time `json:"ts,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// LastAgent is the agent who last served a visitor.
type LastAgent struct {
	// AgentID is the agent's user id (agentId).
	AgentID string `json:"agentId"`
	// Username is the agent's username.
	Username string `json:"username,omitzero"`
	// Timestamp is when the agent took the visitor's conversation (ts).
	Timestamp time.Time `json:"ts,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// ExternalID links a visitor to a record of an app.
type ExternalID struct {
	// AppID is the app's id (appId).
	AppID string `json:"appId"`
	// EntityID is the record's id in the app (entityId).
	EntityID string `json:"entityId"`
	// Source is the source the link came from.
	Source string `json:"source,omitzero"`
	// Metadata is what the app stored with the link.
	Metadata map[string]any `json:"metadata,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// VisitorContactManager is the agent in charge of a visitor on servers
// before Rocket.Chat 7.0 (a contact names its manager with
// [ContactManager]).
type VisitorContactManager struct {
	// ID is the agent's user id (_id), when the server stored it.
	ID string `json:"_id,omitzero"`
	// Username is the agent's username.
	Username string `json:"username"`
	// Name is the agent's display name.
	Name string `json:"name,omitzero"`
	// Emails are the agent's e-mail addresses.
	Emails []EmailAddress `json:"emails,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// VisitorSuggestion is a visitor as livechat/visitors.autocomplete names
// one: id, name, username, and the two joined for display.
type VisitorSuggestion struct {
	// ID is the visitor's id (_id).
	ID string `json:"_id"`
	// Name is the visitor's name.
	Name string `json:"name,omitzero"`
	// Username is the visitor's generated username.
	Username string `json:"username,omitzero"`
	// CustomName is "<username> - <name>" (custom_name); empty when the
	// visitor has no username.
	CustomName string `json:"custom_name,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the suggestion's members whose values did not fit their
// Go fields (see [Misfit]), or nil.
func (v *VisitorSuggestion) Misfits() []Misfit { return v.misfits }

func init() {
	registerDocument(func(v *VisitorSuggestion) *[]Misfit { return &v.misfits })
}

type (
	visitorJSON               Visitor
	phoneJSON                 Phone
	emailAddressJSON          EmailAddress
	lastChatJSON              LastChat
	lastAgentJSON             LastAgent
	externalIDJSON            ExternalID
	visitorContactManagerJSON VisitorContactManager
	visitorSuggestionJSON     VisitorSuggestion
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
func (v VisitorSuggestion) MarshalJSON() ([]byte, error) {
	return marshalJSON((*visitorSuggestionJSON)(&v))
}

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (v *VisitorSuggestion) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, v) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (v VisitorSuggestion) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*visitorSuggestionJSON)(&v))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (v *VisitorSuggestion) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, v, (*visitorSuggestionJSON)(v), &v.misfits)
}

// MarshalJSON implements encoding/json.Marshaler.
func (p Phone) MarshalJSON() ([]byte, error) { return marshalJSON((*phoneJSON)(&p)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (p Phone) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*phoneJSON)(&p)) }

// MarshalJSON implements encoding/json.Marshaler.
func (e EmailAddress) MarshalJSON() ([]byte, error) { return marshalJSON((*emailAddressJSON)(&e)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e EmailAddress) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*emailAddressJSON)(&e))
}

// MarshalJSON implements encoding/json.Marshaler.
func (l LastChat) MarshalJSON() ([]byte, error) { return marshalJSON((*lastChatJSON)(&l)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (l LastChat) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*lastChatJSON)(&l))
}

// MarshalJSON implements encoding/json.Marshaler.
func (l LastAgent) MarshalJSON() ([]byte, error) { return marshalJSON((*lastAgentJSON)(&l)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (l LastAgent) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*lastAgentJSON)(&l))
}

// MarshalJSON implements encoding/json.Marshaler.
func (x ExternalID) MarshalJSON() ([]byte, error) { return marshalJSON((*externalIDJSON)(&x)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (x ExternalID) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*externalIDJSON)(&x))
}

// MarshalJSON implements encoding/json.Marshaler.
func (m VisitorContactManager) MarshalJSON() ([]byte, error) {
	return marshalJSON((*visitorContactManagerJSON)(&m))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (m VisitorContactManager) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*visitorContactManagerJSON)(&m))
}
