package webhook

import (
	"bytes"
	"encoding/json"
	"errors"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// CRMData is the crmData member of an event: what the receiver answered,
// with status 200, to an earlier event of the same room.
//
// The server stores each such answer's body as text on the room, replacing
// the one before, and sends it back as a JSON string in the room's later
// events: "crmData":"{\"ticket\":\"T-77\"}". Old servers (before 2020)
// stored the answer parsed and sent it back as JSON: "crmData":{"ticket":
// "T-77"}. CRMData holds the member as it came and reads both: Text returns
// the stored text, Decode decodes it. A room whose stored text is empty
// sends no crmData.
type CRMData jsontext.Value

// CRMDataText returns the crmData member a server sends when it has stored
// text: the text as a JSON string.
func CRMDataText(text string) CRMData {
	b, _ := jsontext.AppendQuote(nil, text) // invalid UTF-8 becomes U+FFFD
	return CRMData(b)
}

// ErrNoCRMData is returned by [CRMData.Decode] for an event that carries no
// crmData, or an empty one: the room has none stored yet.
var ErrNoCRMData = errors.New("webhook: the event carries no crmData")

// IsZero reports whether the event carried no crmData member.
func (c CRMData) IsZero() bool { return len(c) == 0 }

// Text returns the text the server stored: the content of a JSON string, or,
// from old servers that sent the answer parsed, the JSON itself. It is ""
// when there is no crmData or it is null.
func (c CRMData) Text() string {
	v := jsontext.Value(c)
	switch v.Kind() {
	case '"':
		var s string
		if jsonv2.Unmarshal(v, &s, jsontext.AllowInvalidUTF8(true)) == nil {
			return s
		}
		return ""
	case 'n', 0:
		return ""
	}
	return string(bytes.TrimSpace(v))
}

// Decode decodes the stored text as JSON into v with encoding/json: the
// inverse of how [NewHandler] encodes the crmData its function returns.
// Without stored text it returns [ErrNoCRMData].
func (c CRMData) Decode(v any) error {
	text := c.Text()
	if text == "" {
		return ErrNoCRMData
	}
	return json.Unmarshal([]byte(text), v)
}

// MarshalJSONTo implements the v2 json.MarshalerTo: the member as it came.
func (c CRMData) MarshalJSONTo(enc *jsontext.Encoder) error {
	if len(c) == 0 {
		return enc.WriteToken(jsontext.Null)
	}
	return enc.WriteValue(jsontext.Value(c))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom: it keeps any
// JSON value as it came.
func (c *CRMData) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	*c = CRMData(bytes.Clone(v))
	return nil
}

// MarshalJSON implements encoding/json.Marshaler.
func (c CRMData) MarshalJSON() ([]byte, error) {
	if len(c) == 0 {
		return []byte("null"), nil
	}
	return bytes.Clone(c), nil
}

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (c *CRMData) UnmarshalJSON(data []byte) error {
	*c = CRMData(bytes.Clone(data))
	return nil
}
