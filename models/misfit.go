package models

import "github.com/go-json-experiment/json/jsontext"

// Misfit is a member of a server document whose value did not fit its Go
// field: a fraction where a whole number belongs, an array where a string
// does. Real servers send such values now and then (from apps, integrations,
// or older versions), and one must not cost the page it came in.
//
// The document still decodes, with every field that fits filled in. The
// misfit's field keeps its zero value (a list keeps the elements that fit),
// and its raw JSON is kept in the Unknown field of the nearest enclosing
// struct that has one, so that encoding the document writes the member back
// as the server sent it. Each document type (Room, Message, User, ...) lists
// the misfits found inside it, at any depth, with its Misfits method; the
// client also logs each one at Warn level.
//
// To fail instead, build the client with rocketchat.WithStrictDecoding.
type Misfit struct {
	// Path locates the member within the document, as
	// "metrics.response.total" or "lastMessage.attachments[0].image_size".
	Path string
	// Value is the member's JSON, as the server sent it.
	Value jsontext.Value
	// Err says why the value did not fit.
	Err error
}
