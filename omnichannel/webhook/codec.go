package webhook

import (
	"bytes"

	jsonv2 "github.com/go-json-experiment/json"
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

// marshalJSON encodes v, a pointer to an alias type, for encoding/json, with
// map members sorted by name as encoding/json writes them.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := jsontext.NewEncoder(&buf, jsonx.EncodeOptions, jsonv2.Deterministic(true))
	if err := jsonx.MarshalEncode(enc, v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// unmarshalJSON decodes data into doc, a pointer to an event, with the SDK's
// tolerant decoding.
func unmarshalJSON(data []byte, doc any) error { return jsonx.Unmarshal(data, doc) }

// marshalTo encodes v, a pointer to an alias type, with the encoder's
// options; dates are written in the server's format unless the caller set
// marshalers of its own.
func marshalTo(enc *jsontext.Encoder, v any) error {
	if _, ok := jsonv2.GetOption(enc.Options(), jsonv2.WithMarshalers); ok {
		return jsonx.MarshalEncode(enc, v)
	}
	return jsonx.MarshalEncode(enc, v, jsonx.EncodeOptions)
}

// unmarshalFrom decodes the event doc through alias, a pointer to its alias
// type; misfits points at the event's record of misfits. Inside the SDK's
// own decoding it decodes directly; from a caller's decoder it reads the
// value whole and decodes it the SDK's way.
func unmarshalFrom(dec *jsontext.Decoder, doc, alias any, misfits *[]models.Misfit) error {
	*misfits = nil
	if jsonx.Driven(dec) {
		return jsonv2.UnmarshalDecode(dec, alias)
	}
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return jsonx.Unmarshal(raw, doc)
}
