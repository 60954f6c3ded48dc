package models

import (
	"encoding/json"
	"errors"
	"fmt"

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
	return jsonv2.Marshal(n, jsontext.AllowInvalidUTF8(true)) // as U+FFFD, like the other models
}

var (
	_ json.Marshaler         = Node{}
	_ json.Unmarshaler       = (*Node)(nil)
	_ jsonv2.MarshalerTo     = Node{}
	_ jsonv2.UnmarshalerFrom = (*Node)(nil)
)
