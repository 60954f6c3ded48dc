package models

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Location is the place a location message shares: a GeoJSON point.
type Location struct {
	// Type is the GeoJSON type, "Point".
	Type string `json:"type,omitzero"`
	// Coordinates are the longitude and the latitude, in that order.
	Coordinates []float64 `json:"coordinates,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// Navigation is a page a livechat visitor opened, recorded as a system
// message of type "livechat_navigation_history".
type Navigation struct {
	// Page is the page.
	Page NavigationPage `json:"page,omitzero"`
	// Token is the visitor's token.
	Token Token `json:"token,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// NavigationPage is the page of a [Navigation].
type NavigationPage struct {
	// Title is the page's title.
	Title string `json:"title,omitzero"`
	// Location holds the page's address.
	Location PageLocation `json:"location,omitzero"`
	// Change is what the widget saw happen, such as "url".
	Change string `json:"change,omitzero"`
	// Token is the visitor's token, on some servers.
	Token Token `json:"token,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// PageLocation holds the address of a [NavigationPage].
type PageLocation struct {
	// Href is the page's URL.
	Href string `json:"href,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// TransferData describes a transfer of an omnichannel room, recorded as a
// system message of type "livechat_transfer_history".
type TransferData struct {
	// TransferredBy is the agent (or visitor) who transferred the room.
	TransferredBy TransferParty `json:"transferredBy,omitzero"`
	// TransferredTo is the agent the room went to, for a transfer to an agent.
	TransferredTo *TransferParty `json:"transferredTo,omitzero"`
	// NextDepartment is the department the room went to, for a transfer to
	// a department.
	NextDepartment *DepartmentRef `json:"nextDepartment,omitzero"`
	// Scope is "agent", "department" or "queue".
	Scope string `json:"scope,omitzero"`
	// Comment is the transferring agent's comment.
	Comment string `json:"comment,omitzero"`
	// Timestamp is when the transfer happened (ts).
	Timestamp time.Time `json:"ts,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// TransferParty is a user or visitor taking part in a transfer.
type TransferParty struct {
	// ID is the user or visitor id (_id).
	ID string `json:"_id,omitzero"`
	// Username is the username.
	Username string `json:"username,omitzero"`
	// Name is the display name.
	Name string `json:"name,omitzero"`
	// Type is "user" or "visitor".
	Type string `json:"type,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// DepartmentRef is a short reference to a livechat department.
type DepartmentRef struct {
	// ID is the department id (_id).
	ID string `json:"_id,omitzero"`
	// Name is the department's name.
	Name string `json:"name,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// SLAChange says who set a room's service level agreement, recorded as a
// system message of type "omnichannel_sla_change_history".
type SLAChange struct {
	// DefinedBy is the user who set it.
	DefinedBy UserRef `json:"definedBy,omitzero"`
	// SLA names the agreement; nil when it was removed.
	SLA *NamedRef `json:"sla,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// PriorityChange says who set a room's priority, recorded as a system
// message of type "omnichannel_priority_change_history".
type PriorityChange struct {
	// DefinedBy is the user who set it.
	DefinedBy UserRef `json:"definedBy,omitzero"`
	// Priority names the priority; nil when it was removed.
	Priority *NamedRef `json:"priority,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// NamedRef is a reference to a named setting, such as a priority or a
// service level agreement.
type NamedRef struct {
	// Name is the name.
	Name string `json:"name,omitzero"`
	// I18n is the translation key of a built-in priority's name.
	I18n string `json:"i18n,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

type (
	locationJSON       Location
	navigationJSON     Navigation
	navigationPageJSON NavigationPage
	pageLocationJSON   PageLocation
	transferDataJSON   TransferData
	transferPartyJSON  TransferParty
	departmentRefJSON  DepartmentRef
	slaChangeJSON      SLAChange
	priorityChangeJSON PriorityChange
	namedRefJSON       NamedRef
)

// MarshalJSON implements encoding/json.Marshaler.
func (l Location) MarshalJSON() ([]byte, error) { return marshalJSON((*locationJSON)(&l)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (l Location) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*locationJSON)(&l))
}

// MarshalJSON implements encoding/json.Marshaler.
func (n Navigation) MarshalJSON() ([]byte, error) { return marshalJSON((*navigationJSON)(&n)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (n Navigation) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*navigationJSON)(&n))
}

// MarshalJSON implements encoding/json.Marshaler.
func (p NavigationPage) MarshalJSON() ([]byte, error) {
	return marshalJSON((*navigationPageJSON)(&p))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (p NavigationPage) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*navigationPageJSON)(&p))
}

// MarshalJSON implements encoding/json.Marshaler.
func (p PageLocation) MarshalJSON() ([]byte, error) { return marshalJSON((*pageLocationJSON)(&p)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (p PageLocation) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*pageLocationJSON)(&p))
}

// MarshalJSON implements encoding/json.Marshaler.
func (t TransferData) MarshalJSON() ([]byte, error) { return marshalJSON((*transferDataJSON)(&t)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (t TransferData) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*transferDataJSON)(&t))
}

// MarshalJSON implements encoding/json.Marshaler.
func (t TransferParty) MarshalJSON() ([]byte, error) { return marshalJSON((*transferPartyJSON)(&t)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (t TransferParty) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*transferPartyJSON)(&t))
}

// MarshalJSON implements encoding/json.Marshaler.
func (d DepartmentRef) MarshalJSON() ([]byte, error) { return marshalJSON((*departmentRefJSON)(&d)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (d DepartmentRef) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*departmentRefJSON)(&d))
}

// MarshalJSON implements encoding/json.Marshaler.
func (s SLAChange) MarshalJSON() ([]byte, error) { return marshalJSON((*slaChangeJSON)(&s)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (s SLAChange) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*slaChangeJSON)(&s))
}

// MarshalJSON implements encoding/json.Marshaler.
func (p PriorityChange) MarshalJSON() ([]byte, error) {
	return marshalJSON((*priorityChangeJSON)(&p))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (p PriorityChange) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*priorityChangeJSON)(&p))
}

// MarshalJSON implements encoding/json.Marshaler.
func (n NamedRef) MarshalJSON() ([]byte, error) { return marshalJSON((*namedRefJSON)(&n)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (n NamedRef) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*namedRefJSON)(&n))
}
