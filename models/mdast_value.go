package models

import (
	"fmt"
	"strconv"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// LinkValue is the value of a LINK or IMAGE node.
type LinkValue struct {
	// Src is the PLAIN_TEXT node holding the target URL.
	Src *Node
	// Label is the link's label (or an image's alternative text) as inline
	// nodes. The parser writes a LINK label as a list and an IMAGE label as a
	// single node; both decode to a list here and encode back as they came.
	Label []*Node
	// Extra holds keys no field models, as raw JSON.
	Extra map[string]jsontext.Value

	labelShape labelShape
}

type labelShape uint8

const (
	labelByType labelShape = iota // hand-built: a list, a single node for IMAGE
	labelList
	labelNode
)

// TableValue is the value of a TABLE node.
type TableValue struct {
	// Header is the header row's TABLE_CELL nodes.
	Header []*Node
	// Rows are the body's TABLE_ROW nodes.
	Rows []*Node
	// Extra holds keys no field models, as raw JSON.
	Extra map[string]jsontext.Value

	decoded bool
}

// ColorValue is the value of a COLOR node: red, green, blue and alpha, each
// 0 to 255.
type ColorValue struct {
	R uint8 `json:"r"`
	G uint8 `json:"g"`
	B uint8 `json:"b"`
	A uint8 `json:"a"`
}

// Hex returns the color as #rrggbb, or #rrggbbaa when it is not opaque.
func (c ColorValue) Hex() string {
	if c.A == 0xff {
		return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
	}
	return fmt.Sprintf("#%02x%02x%02x%02x", c.R, c.G, c.B, c.A)
}

// TimestampValue is the value of a TIMESTAMP node.
type TimestampValue struct {
	// Timestamp is the time in Unix seconds, as a decimal string.
	Timestamp string `json:"timestamp"`
	// Format is how clients show it: t (short time), T (long time),
	// d (short date), D (long date), f (short date and time),
	// F (long date and time) or R (relative).
	Format string `json:"format"`
}

// Time returns the timestamp as a time in UTC.
func (t TimestampValue) Time() (time.Time, error) {
	sec, err := strconv.ParseInt(t.Timestamp, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("models: timestamp %q: %w", t.Timestamp, err)
	}
	return time.Unix(sec, 0).UTC(), nil
}

// Fallback is what a client shows for a node it cannot render: a range of the
// message's source text, or a PLAIN_TEXT node. The parser writes ranges.
type Fallback struct {
	// Range is the node's source in the message text; nil when Plain is set.
	Range *SourceRange
	// Plain is a PLAIN_TEXT node to show; nil when Range is set.
	Plain *Node
}

// SourceRange is the half-open range [Start, End) of a message's text,
// counted in UTF-16 code units as JavaScript counts string positions.
type SourceRange struct {
	Start, End int
}

// Slice returns the part of msg the range covers, or false when the range
// does not fit msg or splits a UTF-16 surrogate pair.
func (r SourceRange) Slice(msg string) (string, bool) {
	if r.Start < 0 || r.End < r.Start {
		return "", false
	}
	start, end := -1, -1
	units := 0
	for i, c := range msg {
		if units == r.Start {
			start = i
		}
		if units == r.End {
			end = i
			break
		}
		if units > r.End {
			return "", false
		}
		units += utf16Len(c)
	}
	if units == r.Start && start < 0 {
		start = len(msg)
	}
	if units == r.End && end < 0 {
		end = len(msg)
	}
	if start < 0 || end < 0 {
		return "", false
	}
	return msg[start:end], true
}

func utf16Len(c rune) int {
	if c >= 0x10000 && c <= 0x10ffff {
		return 2
	}
	return 1
}

// UnmarshalJSONFrom decodes a link's value.
func (l *LinkValue) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*l = LinkValue{}
	return l.decode(dec, 1)
}

// MarshalJSONTo encodes a link's value.
func (l LinkValue) MarshalJSONTo(enc *jsontext.Encoder) error {
	w := objWriter{enc: enc}
	w.link(&l, NodeLink, 1)
	return w.err
}

// UnmarshalJSONFrom decodes a table's value.
func (t *TableValue) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*t = TableValue{}
	return t.decode(dec, 1)
}

// MarshalJSONTo encodes a table's value.
func (t TableValue) MarshalJSONTo(enc *jsontext.Encoder) error {
	w := objWriter{enc: enc}
	w.table(&t, 1)
	return w.err
}

var (
	_ jsonv2.MarshalerTo     = LinkValue{}
	_ jsonv2.UnmarshalerFrom = (*LinkValue)(nil)
	_ jsonv2.MarshalerTo     = TableValue{}
	_ jsonv2.UnmarshalerFrom = (*TableValue)(nil)
)
