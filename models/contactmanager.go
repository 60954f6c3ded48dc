package models

import (
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// ContactManager is the agent in charge of a contact. The server stores the
// agent's user id, and sends it as a bare string from omnichannel/contacts.get
// and contacts.update; omnichannel/contacts.search replaces it with the
// user's id, name and username. Both decode here, and a manager is encoded in
// the form it came in (a bare id when only ID is set).
type ContactManager struct {
	// ID is the agent's user id (_id).
	ID string `json:"_id"`
	// Name is the agent's display name, from omnichannel/contacts.search.
	Name string `json:"name,omitzero"`
	// Username is the agent's username, from omnichannel/contacts.search.
	Username string `json:"username,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`

	object bool // came as an object
}

// contactManagerJSON is the object form of a ContactManager: its method-free
// alias.
type contactManagerJSON ContactManager

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom: a user id, an
// object with one, or null.
func (m *ContactManager) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		*m = ContactManager{}
		return err
	case '"':
		var id string
		if err := jsonv2.UnmarshalDecode(dec, &id); err != nil {
			return err
		}
		*m = ContactManager{ID: id}
		return nil
	case '{':
		var w contactManagerJSON
		if err := jsonv2.UnmarshalDecode(dec, &w); err != nil {
			return err
		}
		*m = ContactManager(w)
		m.object = true
		return nil
	}
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return fmt.Errorf("contact manager: a JSON %v is neither a user id nor a user", v.Kind())
}

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (m *ContactManager) UnmarshalJSON(data []byte) error { return jsonx.Unmarshal(data, m) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (m ContactManager) MarshalJSONTo(enc *jsontext.Encoder) error {
	if m.bare() {
		return enc.WriteToken(jsontext.String(m.ID))
	}
	return marshalTo(enc, (*contactManagerJSON)(&m))
}

// MarshalJSON implements encoding/json.Marshaler.
func (m ContactManager) MarshalJSON() ([]byte, error) {
	if m.bare() {
		return jsonv2.Marshal(m.ID)
	}
	return marshalJSON((*contactManagerJSON)(&m))
}

// bare reports whether m is written as a bare user id.
func (m *ContactManager) bare() bool {
	return !m.object && m.Name == "" && m.Username == "" && len(m.Unknown) == 0
}
