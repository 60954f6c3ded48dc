package models

import (
	"bytes"
	"encoding/json"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// Markdown is a message's parsed markdown tree (the md field), kept as the
// server's JSON until it is asked for: decoding a page of rooms does not pay for
// trees nobody reads. Blocks parses it; Raw returns it unchanged.
//
// The zero Markdown means the message had no md field.
type Markdown struct {
	raw jsontext.Value
}

// NewMarkdown returns a Markdown holding the given JSON array of blocks.
func NewMarkdown(raw []byte) Markdown {
	return Markdown{raw: bytes.Clone(raw)}
}

// Raw returns the tree as the server sent it (a JSON array), or nil when the
// message had none. The caller must not modify the returned slice.
func (m Markdown) Raw() []byte { return m.raw }

// IsZero reports whether the message had no md field.
func (m Markdown) IsZero() bool { return len(m.raw) == 0 }

// Blocks parses the tree into its top-level blocks. It returns nil and no
// error when the message had no md field. A tree nested deeper than
// MaxNodeDepth fails with an error wrapping ErrNodeTooDeep.
func (m Markdown) Blocks() ([]*Node, error) {
	if m.IsZero() {
		return nil, nil
	}
	var blocks []*Node
	if err := jsonv2.Unmarshal(m.raw, &blocks, jsonx.DecodeOptions); err != nil {
		return nil, fmt.Errorf("models: decoding md: %w", err)
	}
	return blocks, nil
}

// Text returns the tree rendered as plain text by PlainText, or "" when the
// message had no md field.
func (m Markdown) Text() (string, error) {
	blocks, err := m.Blocks()
	if err != nil {
		return "", err
	}
	return PlainText(blocks), nil
}

// MarshalJSONTo writes the tree back unchanged.
func (m Markdown) MarshalJSONTo(enc *jsontext.Encoder) error {
	if m.IsZero() {
		return enc.WriteToken(jsontext.Null)
	}
	return enc.WriteValue(m.raw)
}

// UnmarshalJSONFrom keeps a copy of the tree's JSON.
func (m *Markdown) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	val, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if val.Kind() == 'n' {
		m.raw = nil
		return nil
	}
	m.raw = bytes.Clone(val)
	return nil
}

// MarshalJSON implements json.Marshaler for encoding/json.
func (m Markdown) MarshalJSON() ([]byte, error) {
	if m.IsZero() {
		return []byte("null"), nil
	}
	return m.raw, nil
}

// UnmarshalJSON implements json.Unmarshaler for encoding/json.
func (m *Markdown) UnmarshalJSON(b []byte) error {
	return jsonv2.Unmarshal(b, m)
}

var (
	_ json.Marshaler         = Markdown{}
	_ json.Unmarshaler       = (*Markdown)(nil)
	_ jsonv2.MarshalerTo     = Markdown{}
	_ jsonv2.UnmarshalerFrom = (*Markdown)(nil)
)
