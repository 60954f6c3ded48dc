package models

import (
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// The struct types of this package that carry dates or unknown members encode
// themselves through a method-free alias type (type roomJSON Room, and so on):
//
//   - MarshalJSONTo serves the v2 JSON package and MarshalJSON serves
//     encoding/json, so both write the server's field names, dates as RFC 3339
//     with milliseconds in UTC, and the members the SDK does not know.
//   - Decoding needs no methods for nested types: the v2 package reads dates,
//     numbers and unknown members natively, and a method call per nested
//     value costs a measurable share of a page's decoding time. Only the
//     documents an endpoint returns whole (Room, Message, User) have
//     UnmarshalJSON, so that encoding/json users get the SDK's
//     strict-then-lenient decoding and keep unknown members, and
//     UnmarshalJSONFrom, so that the v2 package does not fall back to that
//     slower UnmarshalJSON.
//
// Each method is one line calling one of the four helpers below.

// marshalJSON encodes v, a pointer to an alias type, for encoding/json. Like
// encoding/json, it writes map members sorted by name.
func marshalJSON(v any) ([]byte, error) {
	return jsonv2.Marshal(v, jsonx.EncodeOptions, jsonv2.Deterministic(true))
}

// unmarshalJSON decodes data into v, a pointer to an alias type, for
// encoding/json, with the SDK's strict-then-lenient decoding.
func unmarshalJSON(data []byte, v any) error { return jsonx.Unmarshal(data, v) }

// marshalTo encodes v, a pointer to an alias type, with the encoder's options.
// When the caller set no marshalers of its own, dates are written in the
// server's format, as they are by encoding/json.
func marshalTo(enc *jsontext.Encoder, v any) error {
	if _, ok := jsonv2.GetOption(enc.Options(), jsonv2.WithMarshalers); ok {
		return jsonv2.MarshalEncode(enc, v)
	}
	return jsonv2.MarshalEncode(enc, v, jsonx.EncodeOptions)
}

// unmarshalFrom decodes into v, a pointer to an alias type, with the
// decoder's options.
func unmarshalFrom(dec *jsontext.Decoder, v any) error { return jsonv2.UnmarshalDecode(dec, v) }
