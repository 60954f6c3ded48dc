package models

import (
	"strings"
	"testing"
)

func TestPlainTextFixtures(t *testing.T) {
	want := map[string]string{
		"plain":                "hello world",
		"emphasis":             "hello bold italic strike bold2 italic2 strike2",
		"nested_emphasis":      "all three and inner",
		"bold_mixed":           "bold link (https://rocket.chat) @user :smile: code",
		"code_block":           "func main() {\n\tprintln(\"hi\")\n}",
		"link_label":           "Rocket.Chat docs (https://docs.rocket.chat) and https://c.d",
		"link_auto":            "see https://rocket.chat/path?q=1#frag and http://localhost:3000",
		"link_email":           "mail me at someone@example.com",
		"link_domain":          "visit rocket.chat or example.internal",
		"image":                "the logo (https://rocket.chat/logo.png)",
		"mentions":             "hi @john.doe and @all, see #general and #support.team",
		"emoji_inline":         "good :thumbsup: job 👍🏽",
		"emoticons":            "hello :slight_smile: and :smiley:",
		"big_emoji_unicode":    "😀 👨‍👩‍👧 🎉",
		"big_emoji_mixed":      ":rocket: 🚀",
		"color":                "color:#ff0000 and #00ff0080",
		"headings":             "Title\nSection\nSub\nMinor",
		"quote":                "> quoted text @user\n> :smile: second line",
		"spoiler":              "the answer is 42 really ok",
		"spoiler_block":        "hidden paragraph",
		"unordered_list":       "- first item\n- link (https://rocket.chat)\n- third",
		"ordered_list":         "1. one\n2. two\n3. three",
		"ordered_list_numbers": "0. zero\n5. five",
		"tasks":                "- [ ] todo\n- [x] done well",
		"table":                "Name | Qty | Note\napple | 3 | fresh\npear |  | —",
		"line_breaks":          "first\n\nsecond\n\n\nthird",
		"horizontal_rule":      "above\n---\nbelow",
		"katex_dollar":         "\\frac{1}{2}\n and inline x^2",
		"timestamp_formats":    strings.Repeat("2024-02-21T21:35:17Z ", 6) + "2024-02-21T21:35:17Z",
		"timestamp_strike":     "ends 2024-02-21T21:35:17Z",
		"mixed_message": "Release\n\nThanks @ana! See notes at https://rocket.chat\n\n" +
			"- [x] build\n- [ ] ship\n\nmake\n\n> done :tada:",
	}
	for _, f := range loadMdFixtures(t) {
		expected, ok := want[f.Name]
		if !ok {
			continue
		}
		delete(want, f.Name)
		if got := PlainText(decodeMd(t, f.MD)); got != expected {
			t.Errorf("%s:\n got %q\nwant %q", f.Name, got, expected)
		}
	}
	for name := range want {
		t.Errorf("no fixture %q", name)
	}
}

func TestPlainTextEdgeCases(t *testing.T) {
	plain := func(s string) *Node { return &Node{Type: NodePlainText, Text: s} }
	para := func(c ...*Node) *Node { return &Node{Type: NodeParagraph, Children: c} }
	cases := []struct {
		name   string
		blocks []*Node
		want   string
	}{
		{"empty", nil, ""},
		{"nil blocks", []*Node{nil, para(plain("a")), nil, para(plain("b"))}, "a\nb"},
		{"lone items", []*Node{
			{Type: NodeListItem, Children: []*Node{plain("x")}},
			{Type: NodeTask, Status: true, Children: []*Node{plain("y")}},
		}, "- x\n- [x] y"},
		{"ordered without numbers", []*Node{{Type: NodeOrderedList, Children: []*Node{
			{Type: NodeListItem, Children: []*Node{plain("a")}}, nil,
			{Type: NodeListItem, Children: []*Node{plain("b")}},
		}}}, "1. a\n2. b"},
		{"unknown block container", []*Node{{Type: "BLOCKQUOTE", Children: []*Node{para(plain("a")), para(plain("b"))}}}, "a\nb"},
		{"unknown inline", []*Node{para(&Node{Type: "FUTURE", Child: plain("x")}, &Node{Type: "OTHER", Text: "y"})}, "xy"},
		{"empty link label", []*Node{para(&Node{Type: NodeLink, Link: &LinkValue{Src: plain("https://a.b")}})}, "https://a.b"},
		{"tel link", []*Node{para(&Node{Type: NodeLink, Link: &LinkValue{Src: plain("tel:123"), Label: []*Node{plain("123")}}})}, "123"},
		{"bad timestamp", []*Node{para(&Node{Type: NodeTimestamp, Timestamp: &TimestampValue{Timestamp: "soon", Format: "R"}})}, "soon"},
		{"emoji without code", []*Node{para(&Node{Type: NodeEmoji, Child: plain(":)")})}, ":)"},
		{"quote with break", []*Node{{Type: NodeQuote, Children: []*Node{para(plain("a")), {Type: NodeLineBreak}, para(plain("b"))}}}, "> a\n>\n> b"},
		{"table without header", []*Node{{Type: NodeTable, Table: &TableValue{Rows: []*Node{
			{Type: NodeTableRow, Children: []*Node{{Type: NodeTableCell, Children: []*Node{plain("1")}}}}, nil,
		}}}}, "1"},
		{"inline line break", []*Node{para(plain("a"), &Node{Type: NodeLineBreak}, plain("b"))}, "a\nb"},
	}
	for _, c := range cases {
		if got := PlainText(c.blocks); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestPlainTextDepthBounded(t *testing.T) {
	loop := &Node{Type: NodeBold}
	loop.Children = []*Node{{Type: NodePlainText, Text: "x"}, loop}
	got := PlainText([]*Node{{Type: NodeParagraph, Children: []*Node{loop}}})
	if n := strings.Count(got, "x"); n == 0 || n > MaxNodeDepth {
		t.Errorf("rendered %d x for a cycle", n)
	}
}
