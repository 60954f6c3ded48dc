package webhook

import (
	"bytes"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/models"
)

// OfflineMessage is sent when a visitor leaves a message through the
// widget's offline form (LivechatOfflineMessage), when no agent is online.
// It has no room: RoomID returns "". Setting: Livechat_webhook_on_offline_msg.
type OfflineMessage struct {
	// Type is the event's type member, [TypeOfflineMessage].
	Type string `json:"type"`
	// SentAt is when the server received the form.
	SentAt time.Time `json:"sentAt,omitzero"`
	// Visitor is who filled in the form.
	Visitor OfflineVisitor `json:"visitor"`
	// Message is the visitor's message.
	Message string `json:"message,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit.
	Unknown jsontext.Value `json:",embed"`

	key     string
	misfits []models.Misfit
}

// OfflineVisitor is the sender of an offline message, as given in the form.
type OfflineVisitor struct {
	// Name is the name the visitor gave.
	Name string `json:"name,omitzero"`
	// Email is the address the visitor gave.
	Email string `json:"email,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

type (
	offlineMessageJSON OfflineMessage
	offlineVisitorJSON OfflineVisitor
)

func init() {
	registerDocument(func(e *OfflineMessage) *[]models.Misfit { return &e.misfits })
}

// EventType returns TypeOfflineMessage.
func (e *OfflineMessage) EventType() string { return TypeOfflineMessage }

// RoomID returns "": an offline message has no room.
func (e *OfflineMessage) RoomID() string { return "" }

// DeliveryKey returns the key to drop repeated deliveries by (see [Event]).
func (e *OfflineMessage) DeliveryKey() string { return deliveryKey(e.key, e) }

// Misfits returns the event's members whose values did not fit their Go
// fields (see models.Misfit), or nil.
func (e *OfflineMessage) Misfits() []models.Misfit { return e.misfits }

func (e *OfflineMessage) setKey(key string) { e.key = key }

// MarshalJSON implements encoding/json.Marshaler.
func (e OfflineMessage) MarshalJSON() ([]byte, error) {
	return marshalJSON((*offlineMessageJSON)(&e))
}

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (e *OfflineMessage) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, e) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e OfflineMessage) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*offlineMessageJSON)(&e))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (e *OfflineMessage) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, e, (*offlineMessageJSON)(e), &e.misfits)
}

// MarshalJSON implements encoding/json.Marshaler.
func (v OfflineVisitor) MarshalJSON() ([]byte, error) {
	return marshalJSON((*offlineVisitorJSON)(&v))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (v OfflineVisitor) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*offlineVisitorJSON)(&v))
}

// Unknown is an event whose type this package does not know, such as one
// added by a newer server: its type, its _id when it has one, and the whole
// payload as it came.
type Unknown struct {
	// Type is the event's type member.
	Type string
	// ID is the payload's _id member when it is a string: a room id, on the
	// server's room events.
	ID string
	// Raw is the payload as it came; it is what the event encodes to.
	Raw jsontext.Value

	key string
}

// EventType returns the type member.
func (e *Unknown) EventType() string { return e.Type }

// RoomID returns the _id member.
func (e *Unknown) RoomID() string { return e.ID }

// DeliveryKey returns the key to drop repeated deliveries by (see [Event]).
func (e *Unknown) DeliveryKey() string {
	if e.key != "" {
		return e.key
	}
	return hashKey(e.Raw)
}

// CRMData returns the payload's crmData member as it came, or the zero
// CRMData when it has none: a room event of a type this package does not
// know carries the room's crmData as the known ones do (see
// [Session.CRMData]).
func (e *Unknown) CRMData() CRMData {
	dec := jsontext.NewDecoder(bytes.NewReader(e.Raw), jsontext.AllowInvalidUTF8(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil
	}
	for dec.PeekKind() == '"' {
		name, err := dec.ReadToken()
		if err != nil {
			return nil
		}
		if name.String() != "crmData" {
			if dec.SkipValue() != nil {
				return nil
			}
			continue
		}
		v, err := dec.ReadValue()
		if err != nil {
			return nil
		}
		return CRMData(bytes.Clone(v))
	}
	return nil
}

// Misfits returns nil: an unknown event is not decoded.
func (e *Unknown) Misfits() []models.Misfit { return nil }

func (e *Unknown) setKey(key string) { e.key = key }

// MarshalJSON implements encoding/json.Marshaler: it returns Raw.
func (e Unknown) MarshalJSON() ([]byte, error) {
	if len(e.Raw) == 0 {
		return []byte("null"), nil
	}
	return bytes.Clone(e.Raw), nil
}

// MarshalJSONTo implements the v2 json.MarshalerTo: it writes Raw.
func (e Unknown) MarshalJSONTo(enc *jsontext.Encoder) error {
	if len(e.Raw) == 0 {
		return enc.WriteToken(jsontext.Null)
	}
	return enc.WriteValue(e.Raw)
}

// UnmarshalJSON implements encoding/json.Unmarshaler: it keeps the JSON
// object in Raw and reads its type and _id members.
func (e *Unknown) UnmarshalJSON(data []byte) error {
	typ, id, err := scan(data)
	if err != nil {
		return err
	}
	*e = Unknown{Type: typ, ID: id, Raw: bytes.Clone(data)}
	return nil
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom, as UnmarshalJSON.
func (e *Unknown) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return e.UnmarshalJSON(raw)
}
