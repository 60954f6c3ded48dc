package webhook

import (
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/models"
)

// The methods of the room event types, all alike.

type (
	sessionStartJSON     SessionStart
	sessionQueuedJSON    SessionQueued
	sessionTakenJSON     SessionTaken
	sessionForwardedJSON SessionForwarded
	sessionClosedJSON    SessionClosed
	roomEditedJSON       RoomEdited
	newMessageJSON       NewMessage
	leadCaptureJSON      LeadCapture
)

func init() {
	registerDocument(func(e *SessionStart) *[]models.Misfit { return &e.misfits })
	registerDocument(func(e *SessionQueued) *[]models.Misfit { return &e.misfits })
	registerDocument(func(e *SessionTaken) *[]models.Misfit { return &e.misfits })
	registerDocument(func(e *SessionForwarded) *[]models.Misfit { return &e.misfits })
	registerDocument(func(e *SessionClosed) *[]models.Misfit { return &e.misfits })
	registerDocument(func(e *RoomEdited) *[]models.Misfit { return &e.misfits })
	registerDocument(func(e *NewMessage) *[]models.Misfit { return &e.misfits })
	registerDocument(func(e *LeadCapture) *[]models.Misfit { return &e.misfits })
}

// EventType returns TypeSessionStart.
func (e *SessionStart) EventType() string { return TypeSessionStart }

// DeliveryKey returns the key to drop repeated deliveries by (see [Event]).
func (e *SessionStart) DeliveryKey() string { return deliveryKey(e.key, e) }

// MarshalJSON implements encoding/json.Marshaler.
func (e SessionStart) MarshalJSON() ([]byte, error) { return marshalJSON((*sessionStartJSON)(&e)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (e *SessionStart) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, e) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e SessionStart) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*sessionStartJSON)(&e))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (e *SessionStart) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, e, (*sessionStartJSON)(e), &e.misfits)
}

// EventType returns TypeSessionQueued.
func (e *SessionQueued) EventType() string { return TypeSessionQueued }

// DeliveryKey returns the key to drop repeated deliveries by (see [Event]).
func (e *SessionQueued) DeliveryKey() string { return deliveryKey(e.key, e) }

// MarshalJSON implements encoding/json.Marshaler.
func (e SessionQueued) MarshalJSON() ([]byte, error) { return marshalJSON((*sessionQueuedJSON)(&e)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (e *SessionQueued) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, e) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e SessionQueued) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*sessionQueuedJSON)(&e))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (e *SessionQueued) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, e, (*sessionQueuedJSON)(e), &e.misfits)
}

// EventType returns TypeSessionTaken.
func (e *SessionTaken) EventType() string { return TypeSessionTaken }

// DeliveryKey returns the key to drop repeated deliveries by (see [Event]).
func (e *SessionTaken) DeliveryKey() string { return deliveryKey(e.key, e) }

// MarshalJSON implements encoding/json.Marshaler.
func (e SessionTaken) MarshalJSON() ([]byte, error) { return marshalJSON((*sessionTakenJSON)(&e)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (e *SessionTaken) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, e) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e SessionTaken) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*sessionTakenJSON)(&e))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (e *SessionTaken) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, e, (*sessionTakenJSON)(e), &e.misfits)
}

// EventType returns TypeSessionForwarded.
func (e *SessionForwarded) EventType() string { return TypeSessionForwarded }

// DeliveryKey returns the key to drop repeated deliveries by (see [Event]).
func (e *SessionForwarded) DeliveryKey() string { return deliveryKey(e.key, e) }

// MarshalJSON implements encoding/json.Marshaler.
func (e SessionForwarded) MarshalJSON() ([]byte, error) {
	return marshalJSON((*sessionForwardedJSON)(&e))
}

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (e *SessionForwarded) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, e) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e SessionForwarded) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*sessionForwardedJSON)(&e))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (e *SessionForwarded) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, e, (*sessionForwardedJSON)(e), &e.misfits)
}

// EventType returns TypeSessionClosed.
func (e *SessionClosed) EventType() string { return TypeSessionClosed }

// DeliveryKey returns the key to drop repeated deliveries by (see [Event]).
func (e *SessionClosed) DeliveryKey() string { return deliveryKey(e.key, e) }

// MarshalJSON implements encoding/json.Marshaler.
func (e SessionClosed) MarshalJSON() ([]byte, error) { return marshalJSON((*sessionClosedJSON)(&e)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (e *SessionClosed) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, e) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e SessionClosed) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*sessionClosedJSON)(&e))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (e *SessionClosed) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, e, (*sessionClosedJSON)(e), &e.misfits)
}

// EventType returns TypeRoomEdited.
func (e *RoomEdited) EventType() string { return TypeRoomEdited }

// DeliveryKey returns the key to drop repeated deliveries by (see [Event]).
func (e *RoomEdited) DeliveryKey() string { return deliveryKey(e.key, e) }

// MarshalJSON implements encoding/json.Marshaler.
func (e RoomEdited) MarshalJSON() ([]byte, error) { return marshalJSON((*roomEditedJSON)(&e)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (e *RoomEdited) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, e) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e RoomEdited) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*roomEditedJSON)(&e))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (e *RoomEdited) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, e, (*roomEditedJSON)(e), &e.misfits)
}

// EventType returns TypeNewMessage.
func (e *NewMessage) EventType() string { return TypeNewMessage }

// DeliveryKey returns the key to drop repeated deliveries by (see [Event]).
func (e *NewMessage) DeliveryKey() string { return deliveryKey(e.key, e) }

// MarshalJSON implements encoding/json.Marshaler.
func (e NewMessage) MarshalJSON() ([]byte, error) { return marshalJSON((*newMessageJSON)(&e)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (e *NewMessage) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, e) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e NewMessage) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*newMessageJSON)(&e))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (e *NewMessage) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, e, (*newMessageJSON)(e), &e.misfits)
}

// EventType returns TypeLeadCapture.
func (e *LeadCapture) EventType() string { return TypeLeadCapture }

// DeliveryKey returns the key to drop repeated deliveries by (see [Event]).
func (e *LeadCapture) DeliveryKey() string { return deliveryKey(e.key, e) }

// MarshalJSON implements encoding/json.Marshaler.
func (e LeadCapture) MarshalJSON() ([]byte, error) { return marshalJSON((*leadCaptureJSON)(&e)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (e *LeadCapture) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, e) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e LeadCapture) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*leadCaptureJSON)(&e))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (e *LeadCapture) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, e, (*leadCaptureJSON)(e), &e.misfits)
}
