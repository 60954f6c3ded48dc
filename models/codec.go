package models

import (
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// The struct types of this package encode themselves through a method-free
// alias type (type roomJSON Room, and so on):
//
//   - MarshalJSONTo serves the v2 JSON package and MarshalJSON serves
//     encoding/json, so both write the server's field names, dates as RFC 3339
//     with milliseconds in UTC, and the members the SDK does not know
//     (Unknown), including the raw value of any misfit (see [Misfit]) in
//     place of its field.
//   - Decoding needs no methods for nested types: the v2 package reads dates,
//     numbers and unknown members natively, and a method call per nested
//     value costs a measurable share of a page's decoding time. Only the
//     documents (Room, Message, User, ...) have decoding methods:
//     UnmarshalJSON, so that encoding/json users get the SDK's tolerant
//     decoding, and UnmarshalJSONFrom, so that the v2 package gets it too
//     without falling back to the slower UnmarshalJSON.
//
// A document is a struct with an Unknown field and a misfits field, a
// Misfits method, and a registerDocument call in an init function. Each
// method is one line calling one of the helpers below.

// registerDocument makes T a document: misfits inside a T are recorded in
// the slice that field returns.
func registerDocument[T any](field func(*T) *[]Misfit) {
	jsonx.RegisterDocument(func(doc *T, m jsonx.Misfit) {
		p := field(doc)
		*p = append(*p, Misfit(m))
	})
}

// marshalJSON encodes v, a pointer to an alias type, for encoding/json.
func marshalJSON(v any) ([]byte, error) { return jsonx.MarshalStdJSON(v) }

// unmarshalJSON decodes data into doc, a pointer to a document, for
// encoding/json, with the SDK's tolerant decoding.
func unmarshalJSON(data []byte, doc any) error { return jsonx.Unmarshal(data, doc) }

// marshalTo encodes v, a pointer to an alias type, for the v2 package.
func marshalTo(enc *jsontext.Encoder, v any) error { return jsonx.MarshalTo(enc, v) }

// unmarshalFrom decodes the document doc through alias, a pointer to its
// alias type, for the v2 package; misfits points at the document's record of
// misfits, cleared first.
func unmarshalFrom(dec *jsontext.Decoder, doc, alias any, misfits *[]Misfit) error {
	*misfits = nil
	return jsonx.UnmarshalFrom(dec, doc, alias)
}
