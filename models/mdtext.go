package models

import (
	"strconv"
	"strings"
	"time"
)

// PlainText renders a markdown tree as readable plain text, for previews,
// notifications, search indexes and logs. The rules:
//
//   - Blocks are separated by a newline, so a LINE_BREAK block (the parser's
//     empty line between paragraphs) is an empty line. Nil nodes are skipped.
//   - BOLD, ITALIC, STRIKE, SPOILER, SPOILER_BLOCK and HEADING render their
//     content without markup.
//   - QUOTE prefixes each of its lines with "> ".
//   - An UNORDERED_LIST item is "- item"; an ORDERED_LIST item is "N. item"
//     with the item's Number (its position from 1 when it has none); a TASK
//     is "- [ ] task" or "- [x] task".
//   - CODE renders its lines, INLINE_CODE its text, KATEX and INLINE_KATEX
//     their TeX source.
//   - LINK and IMAGE render their label followed by " (src)", or the label
//     alone when it equals src, also after dropping a "mailto:" or "tel:"
//     scheme or a leading "//" from src (as the parser adds them to links it
//     detects). An empty label renders as src.
//   - MENTION_USER is "@name", MENTION_CHANNEL "#name".
//   - EMOJI is its Unicode sequence, or ":shortCode:"; the emoji of a
//     BIG_EMOJI are separated by a space.
//   - COLOR is "#rrggbb", or "#rrggbbaa" when not opaque.
//   - TIMESTAMP is its time in RFC 3339, UTC (the raw value when it is not a
//     number of seconds).
//   - TABLE renders a line per row, the header first, cells joined by " | ".
//   - HORIZONTAL_RULE is "---".
//   - A node of an unknown type renders its Text, Child, Children or link
//     label, its children as blocks when any of them is a block.
//
// The result has no trailing newline. Nesting beyond MaxNodeDepth is not
// rendered.
func PlainText(blocks []*Node) string {
	var r textRenderer
	r.blocks(blocks, 1)
	return r.b.String()
}

// textRenderer writes the plain text of a tree.
type textRenderer struct {
	b strings.Builder
}

func (r *textRenderer) blocks(blocks []*Node, depth int) {
	r.eachLine(blocks, func(_ int, n *Node) { r.block(n, depth) })
}

// eachLine calls write for each node of nodes that is not nil, with i
// counting those, and puts a newline between what they write.
func (r *textRenderer) eachLine(nodes []*Node, write func(i int, n *Node)) {
	i := 0
	for _, n := range nodes {
		if n == nil {
			continue
		}
		if i > 0 {
			r.b.WriteByte('\n')
		}
		write(i, n)
		i++
	}
}

func (r *textRenderer) block(n *Node, depth int) {
	if depth > MaxNodeDepth {
		return
	}
	switch n.Type {
	case NodeLineBreak:
	case NodeHorizontalRule:
		r.b.WriteString("---")
	case NodeCode:
		r.lines(n.Children, depth, func(int, *Node) string { return "" })
	case NodeQuote:
		var sub textRenderer
		sub.blocks(n.Children, depth+1)
		for i, line := range strings.Split(sub.b.String(), "\n") {
			if i > 0 {
				r.b.WriteByte('\n')
			}
			r.b.WriteString(strings.TrimRight("> "+line, " "))
		}
	case NodeSpoilerBlock:
		r.blocks(n.Children, depth+1)
	case NodeOrderedList, NodeUnorderedList, NodeTasks:
		r.lines(n.Children, depth, func(i int, item *Node) string {
			return itemPrefix(n.Type, i, item)
		})
	case NodeListItem, NodeTask:
		r.b.WriteString(itemPrefix("", 0, n))
		r.inlines(n.Children, depth)
	case NodeTable:
		r.table(n.Table, depth)
	default:
		if !n.Type.Known() && hasBlock(n.Children) {
			r.blocks(n.Children, depth+1)
			return
		}
		r.inline(n, depth)
	}
}

// lines writes each child of a block on its own line after its prefix.
func (r *textRenderer) lines(children []*Node, depth int, prefix func(int, *Node) string) {
	r.eachLine(children, func(i int, c *Node) {
		r.b.WriteString(prefix(i, c))
		if c.Type == NodeListItem || c.Type == NodeTask {
			r.inlines(c.Children, depth+1)
		} else {
			r.inline(c, depth+1)
		}
	})
}

// itemPrefix returns the marker of the i-th item of a list of type list, or
// of a lone item when list is empty.
func itemPrefix(list NodeType, i int, item *Node) string {
	switch {
	case item.Type == NodeTask && item.Status:
		return "- [x] "
	case item.Type == NodeTask:
		return "- [ ] "
	case item.Number != nil:
		return strconv.Itoa(*item.Number) + ". "
	case list == NodeOrderedList:
		return strconv.Itoa(i+1) + ". "
	}
	return "- "
}

func (r *textRenderer) table(t *TableValue, depth int) {
	if t == nil {
		return
	}
	rows := make([][]*Node, 0, len(t.Rows)+1)
	if len(t.Header) > 0 {
		rows = append(rows, t.Header)
	}
	for _, row := range t.Rows {
		if row != nil {
			rows = append(rows, row.Children)
		}
	}
	for i, cells := range rows {
		if i > 0 {
			r.b.WriteByte('\n')
		}
		for j, cell := range cells {
			if j > 0 {
				r.b.WriteString(" | ")
			}
			r.inline(cell, depth+2)
		}
	}
}

func (r *textRenderer) inlines(nodes []*Node, depth int) {
	for _, n := range nodes {
		r.inline(n, depth+1)
	}
}

func (r *textRenderer) inline(n *Node, depth int) {
	if n == nil || depth > MaxNodeDepth {
		return
	}
	switch n.Type {
	case NodeMentionUser:
		r.b.WriteByte('@')
	case NodeMentionChannel:
		r.b.WriteByte('#')
	case NodeEmoji:
		if r.emoji(n) {
			return
		}
	case NodeBigEmoji:
		for i, c := range n.Children {
			if i > 0 {
				r.b.WriteByte(' ')
			}
			r.inline(c, depth+1)
		}
		return
	case NodeLink, NodeImage:
		if n.Link != nil {
			r.link(n.Link, depth)
			return
		}
	case NodeColor:
		if n.Color != nil {
			r.b.WriteString(n.Color.Hex())
			return
		}
	case NodeTimestamp:
		if n.Timestamp != nil {
			r.b.WriteString(timestampText(*n.Timestamp))
			return
		}
	case NodeLineBreak:
		r.b.WriteByte('\n')
		return
	}
	r.content(n, depth)
}

// content writes whatever value a node has.
func (r *textRenderer) content(n *Node, depth int) {
	r.b.WriteString(n.Text)
	r.inline(n.Child, depth+1)
	r.inlines(n.Children, depth)
	if n.Link != nil {
		r.inlines(n.Link.Label, depth)
	}
}

func (r *textRenderer) emoji(n *Node) bool {
	switch {
	case n.Unicode != "":
		r.b.WriteString(n.Unicode)
	case n.ShortCode != "":
		r.b.WriteString(":" + n.ShortCode + ":")
	default:
		return false
	}
	return true
}

func (r *textRenderer) link(l *LinkValue, depth int) {
	var label, src textRenderer
	label.inlines(l.Label, depth)
	src.inline(l.Src, depth+1)
	lt, st := label.b.String(), src.b.String()
	switch {
	case lt == "":
		r.b.WriteString(st)
	case st == "" || lt == st || lt == trimScheme(st):
		r.b.WriteString(lt)
	default:
		r.b.WriteString(lt + " (" + st + ")")
	}
}

// trimScheme drops what the parser adds to the links it detects in text.
func trimScheme(src string) string {
	for _, p := range []string{"mailto:", "tel:", "//"} {
		if s, ok := strings.CutPrefix(src, p); ok {
			return s
		}
	}
	return src
}

func timestampText(t TimestampValue) string {
	tm, err := t.Time()
	if err != nil {
		return t.Timestamp
	}
	return tm.Format(time.RFC3339)
}

// hasBlock reports whether any of nodes is a block-level node.
func hasBlock(nodes []*Node) bool {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		switch n.Type {
		case NodeParagraph, NodeHeading, NodeCode, NodeQuote, NodeSpoilerBlock,
			NodeOrderedList, NodeUnorderedList, NodeTasks, NodeTable,
			NodeLineBreak, NodeHorizontalRule, NodeKatex:
			return true
		}
	}
	return false
}
