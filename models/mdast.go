package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// NodeType is the kind of a markdown node: the type key of a node produced by
// Rocket.Chat's message parser (@rocket.chat/message-parser).
//
// The parser's type declarations also name BLOCKQUOTE, which version 0.32
// never produces; a node of that or any other unknown type still decodes and
// re-encodes unchanged.
type NodeType string

// The node types of @rocket.chat/message-parser 0.32. The comment on each
// names where the node's content lives in a Node.
const (
	// NodeParagraph is a block of inline nodes (Children).
	NodeParagraph NodeType = "PARAGRAPH"
	// NodePlainText is literal text (Text).
	NodePlainText NodeType = "PLAIN_TEXT"
	// NodeBold is bold inline content (Children).
	NodeBold NodeType = "BOLD"
	// NodeItalic is italic inline content (Children).
	NodeItalic NodeType = "ITALIC"
	// NodeStrike is struck-through inline content (Children).
	NodeStrike NodeType = "STRIKE"
	// NodeInlineCode is inline code; Child is its PLAIN_TEXT.
	NodeInlineCode NodeType = "INLINE_CODE"
	// NodeCode is a fenced code block of CODE_LINE nodes (Children) in
	// Language ("none" when the fence names none).
	NodeCode NodeType = "CODE"
	// NodeCodeLine is one line of a code block; Child is its PLAIN_TEXT.
	NodeCodeLine NodeType = "CODE_LINE"
	// NodeLink is a link (Link): explicit, or detected in the text.
	NodeLink NodeType = "LINK"
	// NodeImage is an image (Link, whose Label is the alternative text).
	NodeImage NodeType = "IMAGE"
	// NodeMentionUser is an @mention; Child is the PLAIN_TEXT username.
	NodeMentionUser NodeType = "MENTION_USER"
	// NodeMentionChannel is a #channel mention; Child is the PLAIN_TEXT name.
	NodeMentionChannel NodeType = "MENTION_CHANNEL"
	// NodeEmoji is an emoji: by ShortCode (Child is a PLAIN_TEXT with the
	// source text, the short code or an emoticon) or by Unicode (no value).
	NodeEmoji NodeType = "EMOJI"
	// NodeBigEmoji is a message of one to three emoji only (Children).
	NodeBigEmoji NodeType = "BIG_EMOJI"
	// NodeColor is a color:#rrggbb literal (Color); parsed only with the
	// parser's colors option.
	NodeColor NodeType = "COLOR"
	// NodeHeading is a heading of Level 1 to 4 (Children).
	NodeHeading NodeType = "HEADING"
	// NodeQuote is a block quote of PARAGRAPH nodes (Children).
	NodeQuote NodeType = "QUOTE"
	// NodeSpoiler is inline content hidden until revealed (Children).
	NodeSpoiler NodeType = "SPOILER"
	// NodeSpoilerBlock is a block of PARAGRAPH nodes hidden until revealed
	// (Children).
	NodeSpoilerBlock NodeType = "SPOILER_BLOCK"
	// NodeListItem is an item of a list (Children); Number is set in ordered
	// lists.
	NodeListItem NodeType = "LIST_ITEM"
	// NodeOrderedList is a numbered list of LIST_ITEM nodes (Children).
	NodeOrderedList NodeType = "ORDERED_LIST"
	// NodeUnorderedList is a bulleted list of LIST_ITEM nodes (Children).
	NodeUnorderedList NodeType = "UNORDERED_LIST"
	// NodeTasks is a task list of TASK nodes (Children).
	NodeTasks NodeType = "TASKS"
	// NodeTask is a task (Children), done when Status is true.
	NodeTask NodeType = "TASK"
	// NodeTable is a table (Table) with a Fallback to its source text.
	NodeTable NodeType = "TABLE"
	// NodeTableRow is a row of TABLE_CELL nodes (Children).
	NodeTableRow NodeType = "TABLE_ROW"
	// NodeTableCell is a table cell (Children) with an optional Align.
	NodeTableCell NodeType = "TABLE_CELL"
	// NodeLineBreak is an empty line between blocks (no value).
	NodeLineBreak NodeType = "LINE_BREAK"
	// NodeHorizontalRule is a --- line (no value) with a Fallback.
	NodeHorizontalRule NodeType = "HORIZONTAL_RULE"
	// NodeKatex is a block of TeX (Text); parsed only with the parser's katex
	// option.
	NodeKatex NodeType = "KATEX"
	// NodeInlineKatex is inline TeX (Text); parsed only with the parser's
	// katex option.
	NodeInlineKatex NodeType = "INLINE_KATEX"
	// NodeTimestamp is a <t:seconds:format> tag (Timestamp) with a Fallback.
	NodeTimestamp NodeType = "TIMESTAMP"
)

// valueShape is the JSON shape of a node's value key.
type valueShape uint8

const (
	shapeNone valueShape = iota
	shapeString
	shapeList
)

// defaultShapes give the value a hand-built node writes when none of its value
// fields is set: "" for text nodes, [] for containers, nothing otherwise.
var defaultShapes = map[NodeType]valueShape{
	NodePlainText: shapeString, NodeKatex: shapeString, NodeInlineKatex: shapeString,
	NodeParagraph: shapeList, NodeBold: shapeList, NodeItalic: shapeList,
	NodeStrike: shapeList, NodeCode: shapeList, NodeBigEmoji: shapeList,
	NodeHeading: shapeList, NodeQuote: shapeList, NodeSpoiler: shapeList,
	NodeSpoilerBlock: shapeList, NodeListItem: shapeList, NodeOrderedList: shapeList,
	NodeUnorderedList: shapeList, NodeTasks: shapeList, NodeTask: shapeList,
	NodeTableRow: shapeList, NodeTableCell: shapeList,
	NodeInlineCode: shapeNone, NodeCodeLine: shapeNone, NodeLink: shapeNone,
	NodeImage: shapeNone, NodeMentionUser: shapeNone, NodeMentionChannel: shapeNone,
	NodeEmoji: shapeNone, NodeColor: shapeNone, NodeTable: shapeNone,
	NodeLineBreak: shapeNone, NodeHorizontalRule: shapeNone, NodeTimestamp: shapeNone,
}

// Known reports whether t is one of the node types declared in this package.
func (t NodeType) Known() bool {
	_, ok := defaultShapes[t]
	return ok
}

// MaxNodeDepth is the deepest nesting of nodes that decoding and encoding
// accept (a top-level block is at depth 1). Messages the parser produces nest a
// few levels; the limit keeps a hostile document from exhausting the stack.
const MaxNodeDepth = 200

// ErrNodeTooDeep is returned, wrapped, for a tree nested deeper than
// MaxNodeDepth.
var ErrNodeTooDeep = errors.New("models: markdown tree nested too deeply")

func errTooDeep() error {
	return fmt.Errorf("%w (more than %d levels)", ErrNodeTooDeep, MaxNodeDepth)
}

// Node is one node of a message's markdown tree, as produced by
// @rocket.chat/message-parser. One struct holds every node type: the parser's
// value key lands in Text, Child, Children, Link, Table, Color or Timestamp
// depending on its shape, and the other keys in their own fields (see the
// NodeType constants for which type uses which).
//
// Decoding then encoding a node gives back the same JSON value: keys the
// fields do not model, and values of a shape a field cannot hold, are kept in
// Extra. Key order is not preserved.
//
// A Node built by hand encodes with the keys its type requires: a CODE node
// always writes language, a TASK status, a HEADING level, and a container
// writes "value": [] when Children is nil.
type Node struct {
	// Type is the node's type.
	Type NodeType
	// Text is the value when it is a string (PLAIN_TEXT, KATEX, INLINE_KATEX).
	Text string
	// Child is the value when it is a single node, such as the PLAIN_TEXT
	// of INLINE_CODE, CODE_LINE, a mention or a short-code emoji.
	Child *Node
	// Children is the value when it is a list of nodes.
	Children []*Node
	// Link is the value of LINK and IMAGE nodes.
	Link *LinkValue
	// Table is the value of TABLE nodes.
	Table *TableValue
	// Color is the value of COLOR nodes.
	Color *ColorValue
	// Timestamp is the value of TIMESTAMP nodes.
	Timestamp *TimestampValue

	// Language is a CODE block's language, "none" when the fence names none.
	Language string
	// Level is a HEADING's level, 1 to 4.
	Level int
	// Number is an ordered LIST_ITEM's number as written; nil when absent.
	Number *int
	// Status reports whether a TASK is done.
	Status bool
	// ShortCode is an EMOJI's short code without colons, such as "smile".
	ShortCode string
	// Unicode is an EMOJI written as a Unicode character sequence.
	Unicode string
	// Align is a TABLE_CELL's alignment: "left", "center", "right", or empty.
	Align string
	// Fallback is the source a client shows instead of a TABLE,
	// HORIZONTAL_RULE or TIMESTAMP it cannot render; nil when absent.
	Fallback *Fallback

	// Extra holds the keys no field models, and keys whose value has a shape
	// the field cannot hold (such as null), as raw JSON.
	Extra map[string]jsontext.Value

	has fieldSet
}

// fieldSet records which keys a decoded node had, so that zero values that
// were present are written back and absent ones are not.
type fieldSet uint16

const (
	fromJSON fieldSet = 1 << iota
	hasType
	hasText
	hasLanguage
	hasLevel
	hasStatus
	hasShortCode
	hasUnicode
	hasAlign
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

// UnmarshalJSONFrom decodes a node and its subtree, failing with
// ErrNodeTooDeep beyond MaxNodeDepth.
func (n *Node) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*n = Node{}
	return n.decode(dec, 1)
}

// UnmarshalJSON implements json.Unmarshaler for encoding/json.
func (n *Node) UnmarshalJSON(b []byte) error {
	return jsonv2.Unmarshal(b, n)
}

// MarshalJSONTo encodes the node and its subtree, failing with ErrNodeTooDeep
// beyond MaxNodeDepth (as for a tree that contains itself).
func (n Node) MarshalJSONTo(enc *jsontext.Encoder) error {
	w := objWriter{enc: enc}
	w.node(&n, 1)
	return w.err
}

// MarshalJSON implements json.Marshaler for encoding/json.
func (n Node) MarshalJSON() ([]byte, error) {
	return jsonv2.Marshal(n)
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
	_ json.Marshaler         = Node{}
	_ json.Unmarshaler       = (*Node)(nil)
	_ jsonv2.MarshalerTo     = Node{}
	_ jsonv2.UnmarshalerFrom = (*Node)(nil)
	_ jsonv2.MarshalerTo     = LinkValue{}
	_ jsonv2.UnmarshalerFrom = (*LinkValue)(nil)
	_ jsonv2.MarshalerTo     = TableValue{}
	_ jsonv2.UnmarshalerFrom = (*TableValue)(nil)
)

// decode reads one node object at the given depth.
func (n *Node) decode(dec *jsontext.Decoder, depth int) error {
	if depth > MaxNodeDepth {
		return errTooDeep()
	}
	if err := readBegin(dec, '{', "a markdown node"); err != nil {
		return err
	}
	n.has = fromJSON
	var deferred jsontext.Value
	for dec.PeekKind() != '}' {
		name, err := readName(dec)
		if err != nil {
			return err
		}
		if name == "value" && n.has&hasType == 0 && dec.PeekKind() == '{' {
			// An object value is read by type, which comes later here.
			if deferred, err = readRaw(dec); err != nil {
				return err
			}
			continue
		}
		if err := n.decodeField(dec, name, depth); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	if deferred == nil {
		return nil
	}
	raw, err := n.decodeValue(jsontext.NewDecoder(bytes.NewReader(deferred), dec.Options()), depth)
	return n.keep("value", raw, err)
}

// decodeField reads the value of the key name into its field, or into Extra
// when the field cannot hold it.
func (n *Node) decodeField(dec *jsontext.Decoder, name string, depth int) error {
	var raw jsontext.Value
	var err error
	switch name {
	case "type":
		var s string
		if s, raw, err = readString(dec); raw == nil && err == nil {
			n.Type, n.has = NodeType(s), n.has|hasType
		}
	case "value":
		raw, err = n.decodeValue(dec, depth)
	case "language":
		raw, err = n.readText(dec, &n.Language, hasLanguage)
	case "shortCode":
		raw, err = n.readText(dec, &n.ShortCode, hasShortCode)
	case "unicode":
		raw, err = n.readText(dec, &n.Unicode, hasUnicode)
	case "align":
		raw, err = n.readText(dec, &n.Align, hasAlign)
	case "level":
		var v int
		if v, raw, err = readInt(dec); raw == nil && err == nil {
			n.Level, n.has = v, n.has|hasLevel
		}
	case "number":
		var v int
		if v, raw, err = readInt(dec); raw == nil && err == nil {
			n.Number = &v
		}
	case "status":
		var v bool
		if v, raw, err = readBool(dec); raw == nil && err == nil {
			n.Status, n.has = v, n.has|hasStatus
		}
	case "fallback":
		raw, err = n.decodeFallback(dec, depth)
	default:
		raw, err = readRaw(dec)
	}
	return n.keep(name, raw, err)
}

// keep stores raw, a value no field could hold, in Extra under name.
func (n *Node) keep(name string, raw jsontext.Value, err error) error {
	if err == nil && raw != nil {
		n.Extra = setExtra(n.Extra, name, raw)
	}
	return err
}

func (n *Node) readText(dec *jsontext.Decoder, dst *string, bit fieldSet) (jsontext.Value, error) {
	s, raw, err := readString(dec)
	if raw == nil && err == nil {
		*dst, n.has = s, n.has|bit
	}
	return raw, err
}

// decodeValue reads the value key by its JSON shape and the node's type. It
// returns the raw value when no field can hold it.
func (n *Node) decodeValue(dec *jsontext.Decoder, depth int) (jsontext.Value, error) {
	switch dec.PeekKind() {
	case '"':
		s, raw, err := readString(dec)
		if raw == nil && err == nil {
			n.Text, n.has = s, n.has|hasText
		}
		return raw, err
	case '[':
		nodes, raw, err := decodeList(dec, depth)
		if raw == nil && err == nil {
			n.Children = nodes
		}
		return raw, err
	case '{':
		return n.decodeObjectValue(dec, depth)
	}
	return readRaw(dec)
}

func (n *Node) decodeObjectValue(dec *jsontext.Decoder, depth int) (jsontext.Value, error) {
	switch n.Type {
	case NodeLink, NodeImage:
		n.Link = new(LinkValue)
		return nil, n.Link.decode(dec, depth)
	case NodeTable:
		n.Table = new(TableValue)
		return nil, n.Table.decode(dec, depth)
	case NodeColor:
		raw, err := readRaw(dec)
		var c struct {
			R *uint8 `json:"r"`
			G *uint8 `json:"g"`
			B *uint8 `json:"b"`
			A *uint8 `json:"a"`
		}
		if err == nil && decodeStrict(raw, &c) && c.R != nil && c.G != nil && c.B != nil && c.A != nil {
			n.Color = &ColorValue{R: *c.R, G: *c.G, B: *c.B, A: *c.A}
			return nil, nil
		}
		return raw, err
	case NodeTimestamp:
		raw, err := readRaw(dec)
		var t struct {
			Timestamp *string `json:"timestamp"`
			Format    *string `json:"format"`
		}
		if err == nil && decodeStrict(raw, &t) && t.Timestamp != nil && t.Format != nil {
			n.Timestamp = &TimestampValue{Timestamp: *t.Timestamp, Format: *t.Format}
			return nil, nil
		}
		return raw, err
	}
	n.Child = new(Node)
	return nil, n.Child.decode(dec, depth+1)
}

// decodeStrict reports whether raw decodes into v with no unknown key.
func decodeStrict(raw jsontext.Value, v any) bool {
	return jsonv2.Unmarshal(raw, v, jsonv2.RejectUnknownMembers(true)) == nil
}

func (n *Node) decodeFallback(dec *jsontext.Decoder, depth int) (jsontext.Value, error) {
	switch dec.PeekKind() {
	case '{':
		p := new(Node)
		if err := p.decode(dec, depth+1); err != nil {
			return nil, err
		}
		n.Fallback = &Fallback{Plain: p}
		return nil, nil
	case '[':
		raw, err := readRaw(dec)
		var r []int
		if err == nil && jsonv2.Unmarshal(raw, &r) == nil && len(r) == 2 {
			n.Fallback = &Fallback{Range: &SourceRange{Start: r[0], End: r[1]}}
			return nil, nil
		}
		return raw, err
	}
	return readRaw(dec)
}

// decodeList reads a JSON array of nodes (or nulls) that are children of a
// node at depth. An array holding anything else is returned raw.
func decodeList(dec *jsontext.Decoder, depth int) ([]*Node, jsontext.Value, error) {
	if _, err := dec.ReadToken(); err != nil {
		return nil, nil, err
	}
	nodes := []*Node{}
	for {
		switch dec.PeekKind() {
		case ']':
			_, err := dec.ReadToken()
			return nodes, nil, err
		case '{':
			child := new(Node)
			if err := child.decode(dec, depth+1); err != nil {
				return nil, nil, err
			}
			nodes = append(nodes, child)
		case 'n':
			if _, err := dec.ReadToken(); err != nil {
				return nil, nil, err
			}
			nodes = append(nodes, nil)
		default:
			raw, err := listRemainder(dec, nodes)
			return nil, raw, err
		}
	}
}

// listRemainder rebuilds as raw JSON an array whose first elements were
// decoded as nodes before an element that is not one turned up.
func listRemainder(dec *jsontext.Decoder, decoded []*Node) (jsontext.Value, error) {
	buf := []byte{'['}
	for _, nd := range decoded {
		b, err := jsonv2.Marshal(nd)
		if err != nil {
			return nil, err
		}
		buf = append(append(buf, b...), ',')
	}
	for dec.PeekKind() != ']' {
		v, err := dec.ReadValue()
		if err != nil {
			return nil, err
		}
		buf = append(append(buf, v...), ',')
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, err
	}
	buf[len(buf)-1] = ']'
	return buf, nil
}

func (l *LinkValue) decode(dec *jsontext.Decoder, depth int) error {
	if err := readBegin(dec, '{', "a link value"); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		name, err := readName(dec)
		if err != nil {
			return err
		}
		var raw jsontext.Value
		switch {
		case name == "src" && dec.PeekKind() == '{':
			l.Src = new(Node)
			err = l.Src.decode(dec, depth+1)
		case name == "label" && dec.PeekKind() == '{':
			label := new(Node)
			err = label.decode(dec, depth+1)
			l.Label, l.labelShape = []*Node{label}, labelNode
		case name == "label" && dec.PeekKind() == '[':
			l.Label, raw, err = decodeList(dec, depth)
			if raw == nil {
				l.labelShape = labelList
			}
		default:
			raw, err = readRaw(dec)
		}
		if err != nil {
			return err
		}
		if raw != nil {
			l.Extra = setExtra(l.Extra, name, raw)
		}
	}
	_, err := dec.ReadToken()
	return err
}

func (t *TableValue) decode(dec *jsontext.Decoder, depth int) error {
	if err := readBegin(dec, '{', "a table value"); err != nil {
		return err
	}
	t.decoded = true
	for dec.PeekKind() != '}' {
		name, err := readName(dec)
		if err != nil {
			return err
		}
		var raw jsontext.Value
		switch {
		case name == "header" && dec.PeekKind() == '[':
			t.Header, raw, err = decodeList(dec, depth)
		case name == "rows" && dec.PeekKind() == '[':
			t.Rows, raw, err = decodeList(dec, depth)
		default:
			raw, err = readRaw(dec)
		}
		if err != nil {
			return err
		}
		if raw != nil {
			t.Extra = setExtra(t.Extra, name, raw)
		}
	}
	_, err := dec.ReadToken()
	return err
}

// readBegin reads the opening token of an object or array, failing plainly
// when the next value is something else.
func readBegin(dec *jsontext.Decoder, kind jsontext.Kind, what string) error {
	if k := dec.PeekKind(); k != kind && k != 0 {
		return fmt.Errorf("models: want %s, found a JSON %v", what, k)
	}
	_, err := dec.ReadToken()
	return err
}

// readName reads an object key. Known keys come back as constants, so reading
// them allocates nothing.
func readName(dec *jsontext.Decoder) (string, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return "", err
	}
	b := v[1 : len(v)-1]
	if bytes.IndexByte(b, '\\') >= 0 {
		u, err := jsontext.AppendUnquote(nil, v)
		return string(u), err
	}
	switch string(b) {
	case "type":
		return "type", nil
	case "value":
		return "value", nil
	case "src":
		return "src", nil
	case "label":
		return "label", nil
	}
	return string(b), nil
}

// readRaw reads the next value as a copy of its JSON text.
func readRaw(dec *jsontext.Decoder) (jsontext.Value, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return nil, err
	}
	return v.Clone(), nil
}

// readString reads a JSON string, or returns the next value raw when it is
// not one. The other read functions below work the same way.
func readString(dec *jsontext.Decoder) (string, jsontext.Value, error) {
	if dec.PeekKind() != '"' {
		raw, err := readRaw(dec)
		return "", raw, err
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return "", nil, err
	}
	return tok.String(), nil, nil
}

func readInt(dec *jsontext.Decoder) (int, jsontext.Value, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return 0, nil, err
	}
	if v.Kind() == '0' {
		if i, perr := strconv.Atoi(string(v)); perr == nil {
			return i, nil, nil
		}
	}
	return 0, v.Clone(), nil
}

func readBool(dec *jsontext.Decoder) (bool, jsontext.Value, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return false, nil, err
	}
	switch v.Kind() {
	case 't':
		return true, nil, nil
	case 'f':
		return false, nil, nil
	}
	return false, v.Clone(), nil
}

func setExtra(m map[string]jsontext.Value, name string, raw jsontext.Value) map[string]jsontext.Value {
	if m == nil {
		m = make(map[string]jsontext.Value, 1)
	}
	m[name] = raw
	return m
}

// keySet records which keys an object writer has written, so that Extra
// does not write them again.
type keySet uint16

const (
	keyType keySet = 1 << iota
	keyValue
	keyLanguage
	keyLevel
	keyNumber
	keyStatus
	keyShortCode
	keyUnicode
	keyAlign
	keyFallback
	keySrc
	keyLabel
	keyHeader
	keyRows
)

var keyBits = map[string]keySet{
	"type": keyType, "value": keyValue, "language": keyLanguage, "level": keyLevel,
	"number": keyNumber, "status": keyStatus, "shortCode": keyShortCode,
	"unicode": keyUnicode, "align": keyAlign, "fallback": keyFallback,
	"src": keySrc, "label": keyLabel, "header": keyHeader, "rows": keyRows,
}

// objWriter writes tokens until the first error, which it keeps.
type objWriter struct {
	enc *jsontext.Encoder
	err error
}

func (w *objWriter) tok(t jsontext.Token) {
	if w.err == nil {
		w.err = w.enc.WriteToken(t)
	}
}

func (w *objWriter) name(name string) { w.tok(jsontext.String(name)) }

func (w *objWriter) str(name, s string) {
	w.name(name)
	w.tok(jsontext.String(s))
}

func (w *objWriter) marshal(v any) {
	if w.err == nil {
		w.err = jsonv2.MarshalEncode(w.enc, v)
	}
}

// extra writes the raw keys of m, sorted, except those already written.
func (w *objWriter) extra(m map[string]jsontext.Value, written keySet) {
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if keyBits[name]&written != 0 {
			continue
		}
		w.name(name)
		if w.err == nil {
			w.err = w.enc.WriteValue(m[name])
		}
	}
}

func (w *objWriter) list(nodes []*Node, depth int) {
	w.tok(jsontext.BeginArray)
	for _, c := range nodes {
		w.node(c, depth+1)
	}
	w.tok(jsontext.EndArray)
}

func (w *objWriter) node(n *Node, depth int) {
	switch {
	case w.err != nil:
		return
	case n == nil:
		w.tok(jsontext.Null)
		return
	case depth > MaxNodeDepth:
		w.err = errTooDeep()
		return
	}
	w.tok(jsontext.BeginObject)
	var written keySet
	if n.Type != "" || n.has&hasType != 0 {
		w.str("type", string(n.Type))
		written |= keyType
	}
	written |= w.attrs(n, depth)
	if w.value(n, depth) {
		written |= keyValue
	}
	w.extra(n.Extra, written)
	w.tok(jsontext.EndObject)
}

// attrs writes the keys other than type and value: those that were present
// when the node was decoded, are set, or the node's type requires.
func (w *objWriter) attrs(n *Node, depth int) keySet {
	built := n.has&fromJSON == 0
	var written keySet
	if n.Language != "" || n.has&hasLanguage != 0 || built && n.Type == NodeCode {
		w.str("language", n.Language)
		written |= keyLanguage
	}
	if n.Level != 0 || n.has&hasLevel != 0 || built && n.Type == NodeHeading {
		w.name("level")
		w.tok(jsontext.Int(int64(n.Level)))
		written |= keyLevel
	}
	if n.Status || n.has&hasStatus != 0 || built && n.Type == NodeTask {
		w.name("status")
		w.tok(jsontext.Bool(n.Status))
		written |= keyStatus
	}
	if n.Number != nil {
		w.name("number")
		w.tok(jsontext.Int(int64(*n.Number)))
		written |= keyNumber
	}
	if n.ShortCode != "" || n.has&hasShortCode != 0 {
		w.str("shortCode", n.ShortCode)
		written |= keyShortCode
	}
	if n.Unicode != "" || n.has&hasUnicode != 0 {
		w.str("unicode", n.Unicode)
		written |= keyUnicode
	}
	if n.Align != "" || n.has&hasAlign != 0 {
		w.str("align", n.Align)
		written |= keyAlign
	}
	if f := n.Fallback; f != nil && (f.Range != nil || f.Plain != nil) {
		w.name("fallback")
		if f.Range != nil {
			w.tok(jsontext.BeginArray)
			w.tok(jsontext.Int(int64(f.Range.Start)))
			w.tok(jsontext.Int(int64(f.Range.End)))
			w.tok(jsontext.EndArray)
		} else {
			w.node(f.Plain, depth+1)
		}
		written |= keyFallback
	}
	return written
}

// value writes the value key from the first value field that is set, and
// reports whether it wrote one.
func (w *objWriter) value(n *Node, depth int) bool {
	shape := defaultShapes[n.Type]
	if n.has&fromJSON != 0 {
		shape = shapeNone
	}
	switch {
	case n.Link != nil:
		w.name("value")
		w.link(n.Link, n.Type, depth)
	case n.Table != nil:
		w.name("value")
		w.table(n.Table, depth)
	case n.Color != nil:
		w.name("value")
		w.marshal(n.Color)
	case n.Timestamp != nil:
		w.name("value")
		w.marshal(n.Timestamp)
	case n.Child != nil:
		w.name("value")
		w.node(n.Child, depth+1)
	case n.Children != nil || shape == shapeList:
		w.name("value")
		w.list(n.Children, depth)
	case n.Text != "" || n.has&hasText != 0 || shape == shapeString:
		w.str("value", n.Text)
	default:
		return false
	}
	return true
}

func (w *objWriter) link(l *LinkValue, typ NodeType, depth int) {
	w.tok(jsontext.BeginObject)
	var written keySet
	if l.Src != nil {
		w.name("src")
		w.node(l.Src, depth+1)
		written |= keySrc
	}
	if l.Label != nil || l.labelShape != labelByType {
		w.name("label")
		single := l.labelShape == labelNode || l.labelShape == labelByType && typ == NodeImage
		if single && len(l.Label) == 1 {
			w.node(l.Label[0], depth+1)
		} else {
			w.list(l.Label, depth)
		}
		written |= keyLabel
	}
	w.extra(l.Extra, written)
	w.tok(jsontext.EndObject)
}

func (w *objWriter) table(t *TableValue, depth int) {
	w.tok(jsontext.BeginObject)
	var written keySet
	if t.Header != nil || !t.decoded {
		w.name("header")
		w.list(t.Header, depth)
		written |= keyHeader
	}
	if t.Rows != nil || !t.decoded {
		w.name("rows")
		w.list(t.Rows, depth)
		written |= keyRows
	}
	w.extra(t.Extra, written)
	w.tok(jsontext.EndObject)
}
