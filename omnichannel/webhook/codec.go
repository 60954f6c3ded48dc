package webhook

import (
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// The types of this package follow the conventions of package models: each
// struct encodes itself through a method-free alias type (MarshalJSON for
// encoding/json, MarshalJSONTo for the v2 JSON package), keeps the members it
// does not declare in its Unknown field, and only the documents, the event
// types, have decoding methods. A value that does not fit its Go field is a
// misfit (see models.Misfit): recorded on the event, its raw JSON kept, and
// the rest of the event still decodes.

// registerDocument makes T a document: misfits inside a T are recorded in
// the slice that field returns.
func registerDocument[T any](field func(*T) *[]models.Misfit) {
	jsonx.RegisterDocument(func(doc *T, m jsonx.Misfit) {
		p := field(doc)
		*p = append(*p, models.Misfit(m))
	})
}

// marshalJSON encodes v, a pointer to an alias type, for encoding/json.
func marshalJSON(v any) ([]byte, error) { return jsonx.MarshalStdJSON(v) }

// unmarshalJSON decodes data into doc, a pointer to an event, with the SDK's
// tolerant decoding.
func unmarshalJSON(data []byte, doc any) error { return jsonx.Unmarshal(data, doc) }

// marshalTo encodes v, a pointer to an alias type, for the v2 package.
func marshalTo(enc *jsontext.Encoder, v any) error { return jsonx.MarshalTo(enc, v) }

// unmarshalFrom decodes the event doc through alias, a pointer to its alias
// type; misfits points at the event's record of misfits, cleared first.
func unmarshalFrom(dec *jsontext.Decoder, doc, alias any, misfits *[]models.Misfit) error {
	*misfits = nil
	return jsonx.UnmarshalFrom(dec, doc, alias)
}
