package models

import (
	"fmt"
	"slices"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// RoomEmail holds the email thread of a room created by an email inbox.
type RoomEmail struct {
	// Inbox is the address of the inbox.
	Inbox string `json:"inbox"`
	// Thread lists the Message-IDs of the thread's emails, each once, in the
	// order they came. The server adds a reply's references to the stored
	// list as one nested list; Thread flattens them, and a room encoded
	// unchanged writes the nested form back.
	Thread []string `json:"thread"`
	// ReplyTo is the address answers go to.
	ReplyTo string `json:"replyTo"`
	// Subject is the subject of the thread.
	Subject string `json:"subject,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`

	nested jsontext.Value // the thread as the server sent it, when nested
}

// roomEmailWire is RoomEmail as sent, with the thread unparsed.
type roomEmailWire struct {
	Inbox   string         `json:"inbox"`
	Thread  jsontext.Value `json:"thread"`
	ReplyTo string         `json:"replyTo"`
	Subject string         `json:"subject,omitzero"`
	Unknown jsontext.Value `json:",embed"`
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (e *RoomEmail) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var w roomEmailWire
	if err := jsonv2.UnmarshalDecode(dec, &w); err != nil {
		return err
	}
	thread, nested, err := flattenThread(w.Thread)
	if err != nil {
		return err
	}
	*e = RoomEmail{Inbox: w.Inbox, Thread: thread, ReplyTo: w.ReplyTo, Subject: w.Subject, Unknown: w.Unknown}
	if nested {
		e.nested = w.Thread
	}
	return nil
}

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (e *RoomEmail) UnmarshalJSON(data []byte) error { return jsonx.Unmarshal(data, e) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e RoomEmail) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, e.wire()) }

// MarshalJSON implements encoding/json.Marshaler.
func (e RoomEmail) MarshalJSON() ([]byte, error) { return marshalJSON(e.wire()) }

// wire is what e encodes as: the thread as the server sent it when Thread
// still holds what it held then.
func (e *RoomEmail) wire() *roomEmailWire {
	w := &roomEmailWire{Inbox: e.Inbox, ReplyTo: e.ReplyTo, Subject: e.Subject, Unknown: e.Unknown}
	if flat, _, err := flattenThread(e.nested); e.nested != nil && err == nil && slices.Equal(flat, e.Thread) {
		w.Thread = e.nested
		return w
	}
	thread := e.Thread
	if thread == nil {
		thread = []string{}
	}
	w.Thread, _ = jsonv2.Marshal(thread)
	return w
}

// flattenThread reads a thread: a list of ids, in which a nested list adds
// its ids in place. It reports whether any list was nested.
func flattenThread(raw jsontext.Value) (ids []string, nested bool, err error) {
	if len(raw) == 0 || raw.Kind() == 'n' {
		return nil, false, nil
	}
	var items []jsontext.Value
	if err := jsonv2.Unmarshal(raw, &items, jsonx.DecodeOptions); err != nil {
		return nil, false, fmt.Errorf("email thread: %w", err)
	}
	seen := make(map[string]bool, len(items))
	ids = make([]string, 0, len(items))
	var add func(v jsontext.Value) error
	add = func(v jsontext.Value) error {
		switch v.Kind() {
		case '"':
			var id string
			if err := jsonv2.Unmarshal(v, &id, jsonx.DecodeOptions); err != nil {
				return err
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
			return nil
		case '[':
			nested = true
			var inner []jsontext.Value
			if err := jsonv2.Unmarshal(v, &inner, jsonx.DecodeOptions); err != nil {
				return err
			}
			for _, it := range inner {
				if err := add(it); err != nil {
					return err
				}
			}
			return nil
		}
		return fmt.Errorf("email thread: a JSON %v is not a message id", v.Kind())
	}
	for _, it := range items {
		if err := add(it); err != nil {
			return nil, false, err
		}
	}
	return ids, nested, nil
}
