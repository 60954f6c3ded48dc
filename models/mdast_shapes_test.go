package models

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Message trees of shapes no fixture has: odd and unknown members, broken
// input, nesting past the depth limit, nodes built by hand, and the
// Markdown value's own methods.

func TestMdUnusualShapesRoundTrip(t *testing.T) {
	cases := map[string]string{
		"unknown type":         `[{"type":"BLOCKQUOTE","value":[{"type":"PARAGRAPH","value":[]}],"extra":{"a":[1,2]}}]`,
		"unknown object value": `[{"type":"FUTURE","value":{"x":1,"y":[true]}}]`,
		"value before type":    `[{"value":{"src":{"type":"PLAIN_TEXT","value":"u"},"label":[]},"type":"LINK"}]`,
		"nulls":                `[{"type":"CODE","language":null,"value":null},{"type":"LINE_BREAK","value":null},null]`,
		"absent keys":          `[{"type":"CODE","value":[]},{"value":"x"},{}]`,
		"empty strings":        `[{"type":"PLAIN_TEXT","value":""},{"type":"EMOJI","shortCode":"","unicode":""}]`,
		"odd numbers":          `[{"type":"LIST_ITEM","number":1.5,"value":[]},{"type":"HEADING","level":"2","value":[]}]`,
		"odd status":           `[{"type":"TASK","status":"yes","value":[]},{"type":"TASK","status":false,"value":[]}]`,
		"mixed list":           `[{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"a"},null,"b",3]}]`,
		"link label node":      `[{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT","value":"u"},"label":{"type":"PLAIN_TEXT","value":"l"},"title":"t"}}]`,
		"link odd src":         `[{"type":"LINK","value":{"src":"u","label":["x"]}}]`,
		"image label list":     `[{"type":"IMAGE","value":{"src":{"type":"PLAIN_TEXT","value":"u"},"label":[{"type":"PLAIN_TEXT","value":"l"}]}}]`,
		"table odd":            `[{"type":"TABLE","value":{"header":[],"caption":"c"},"fallback":{"type":"PLAIN_TEXT","value":"|a|"}}]`,
		"table odd rows":       `[{"type":"TABLE","value":{"rows":[1],"header":null}}]`,
		"odd fallback":         `[{"type":"HORIZONTAL_RULE","fallback":[1,2,3]},{"type":"HORIZONTAL_RULE","fallback":"x"}]`,
		"odd color":            `[{"type":"COLOR","value":{"r":300,"g":0,"b":0,"a":1}},{"type":"COLOR","value":{"r":1,"g":2,"b":3}}]`,
		"odd timestamp":        `[{"type":"TIMESTAMP","value":{"timestamp":1708551317,"format":"R"}}]`,
		"escaped key":          `[{"typ\u0065":"BOLD","valu\u0065":[],"\u00e9":1}]`,
		"string value nodes":   `[{"type":"MENTION_USER","value":"bob"},{"type":"BOLD","value":"x"}]`,
		"number value":         `[{"type":"FUTURE","value":42}]`,
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			blocks := decodeMd(t, []byte(in))
			out, err := jsonv2.Marshal(blocks)
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, []byte(in), out)
		})
	}
}

func TestMdDecodeErrors(t *testing.T) {
	for _, in := range []string{`["text"]`, `[{"type":"BOLD","value":[}]`, `[{"type":"A","type":"B"}]`, `{}`} {
		if _, err := NewMarkdown([]byte(in)).Blocks(); err == nil {
			t.Errorf("%s: no error", in)
		}
	}
}

// nestedMd returns depth BOLD nodes nested in each other, in a link's label
// every third level so that values of every shape carry the depth.
func nestedMd(depth int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range depth {
		if i%3 == 2 {
			b.WriteString(`{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT","value":"u"},"label":[`)
		} else {
			b.WriteString(`{"type":"BOLD","value":[`)
		}
	}
	for i := depth - 1; i >= 0; i-- {
		if i%3 == 2 {
			b.WriteString(`]}}`)
		} else {
			b.WriteString(`]}`)
		}
	}
	b.WriteByte(']')
	return b.String()
}

func TestMdDepthLimit(t *testing.T) {
	ok := nestedMd(MaxNodeDepth)
	blocks := decodeMd(t, []byte(ok))
	out, err := jsonv2.Marshal(blocks)
	if err != nil {
		t.Fatalf("encoding %d levels: %v", MaxNodeDepth, err)
	}
	sameJSON(t, []byte(ok), out)

	for _, in := range []string{nestedMd(MaxNodeDepth + 1), nestedMd(100_000)} {
		_, err := NewMarkdown([]byte(in)).Blocks()
		if !errors.Is(err, ErrNodeTooDeep) {
			t.Errorf("decoding %d bytes of nesting: err = %v, want ErrNodeTooDeep", len(in), err)
		}
		// encoding/json stops the deepest input itself, before any method runs.
		var v1 []*Node
		if err := json.Unmarshal([]byte(in), &v1); err == nil {
			t.Errorf("encoding/json decoded %d bytes of nesting", len(in))
		}
	}
	var v1 []*Node
	if err := json.Unmarshal([]byte(nestedMd(MaxNodeDepth+1)), &v1); !errors.Is(err, ErrNodeTooDeep) {
		t.Errorf("encoding/json: err = %v, want ErrNodeTooDeep", err)
	}

	loop := &Node{Type: NodeBold}
	loop.Children = []*Node{loop}
	if _, err := jsonv2.Marshal(loop); !errors.Is(err, ErrNodeTooDeep) {
		t.Errorf("encoding a cycle: err = %v, want ErrNodeTooDeep", err)
	}
	if _, err := json.Marshal(loop); !errors.Is(err, ErrNodeTooDeep) {
		t.Errorf("encoding/json, a cycle: err = %v, want ErrNodeTooDeep", err)
	}
}

func TestMdHandBuiltNodes(t *testing.T) {
	one := 1
	cases := []struct {
		node *Node
		want string
	}{
		{&Node{Type: NodeParagraph}, `{"type":"PARAGRAPH","value":[]}`},
		{&Node{Type: NodePlainText}, `{"type":"PLAIN_TEXT","value":""}`},
		{&Node{Type: NodeCode, Children: []*Node{}}, `{"type":"CODE","language":"","value":[]}`},
		{&Node{Type: NodeTask}, `{"type":"TASK","status":false,"value":[]}`},
		{&Node{Type: NodeHeading, Level: 2}, `{"type":"HEADING","level":2,"value":[]}`},
		{&Node{Type: NodeListItem, Number: &one}, `{"type":"LIST_ITEM","number":1,"value":[]}`},
		{&Node{Type: NodeLineBreak}, `{"type":"LINE_BREAK"}`},
		{&Node{Type: NodeEmoji, Unicode: "🎉"}, `{"type":"EMOJI","unicode":"🎉"}`},
		{&Node{Type: NodeMentionUser, Child: &Node{Type: NodePlainText, Text: "bob"}},
			`{"type":"MENTION_USER","value":{"type":"PLAIN_TEXT","value":"bob"}}`},
		{&Node{Type: NodeImage, Link: &LinkValue{Src: &Node{Type: NodePlainText, Text: "u"}, Label: []*Node{{Type: NodePlainText, Text: "l"}}}},
			`{"type":"IMAGE","value":{"src":{"type":"PLAIN_TEXT","value":"u"},"label":{"type":"PLAIN_TEXT","value":"l"}}}`},
		{&Node{Type: NodeLink, Link: &LinkValue{Src: &Node{Type: NodePlainText, Text: "u"}, Label: []*Node{{Type: NodePlainText, Text: "l"}}}},
			`{"type":"LINK","value":{"src":{"type":"PLAIN_TEXT","value":"u"},"label":[{"type":"PLAIN_TEXT","value":"l"}]}}`},
		{&Node{Type: NodeTable, Table: &TableValue{}, Fallback: &Fallback{Range: &SourceRange{0, 5}}},
			`{"type":"TABLE","value":{"header":[],"rows":[]},"fallback":[0,5]}`},
		{&Node{Type: NodeColor, Color: &ColorValue{R: 1, G: 2, B: 3, A: 255}},
			`{"type":"COLOR","value":{"r":1,"g":2,"b":3,"a":255}}`},
		{&Node{Type: NodeTimestamp, Timestamp: &TimestampValue{Timestamp: "1", Format: "t"}},
			`{"type":"TIMESTAMP","value":{"timestamp":"1","format":"t"}}`},
		{&Node{Type: NodePlainText, Text: "x", Extra: map[string]jsontext.Value{"value": jsontext.Value(`1`), "k": jsontext.Value(`[]`)}},
			`{"type":"PLAIN_TEXT","value":"x","k":[]}`},
	}
	for _, c := range cases {
		got, err := jsonv2.Marshal(c.node)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, []byte(c.want), got)
		v1, err := json.Marshal(*c.node)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, []byte(c.want), v1)
	}
}

func TestMdValueTypesJSON(t *testing.T) {
	in := `{"src":{"type":"PLAIN_TEXT","value":"u"},"label":{"type":"PLAIN_TEXT","value":"l"}}`
	var l LinkValue
	if err := jsonv2.Unmarshal([]byte(in), &l); err != nil {
		t.Fatal(err)
	}
	out, err := jsonv2.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, []byte(in), out)

	in = `{"header":[{"type":"TABLE_CELL","value":[]}],"rows":[]}`
	var tb TableValue
	if err := jsonv2.Unmarshal([]byte(in), &tb); err != nil {
		t.Fatal(err)
	}
	out, err = jsonv2.Marshal(tb)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, []byte(in), out)

	if _, err := (TimestampValue{Timestamp: "soon"}).Time(); err == nil {
		t.Error("Time of a non-number: no error")
	}
	if got := (ColorValue{R: 255, G: 16, B: 0, A: 255}).Hex(); got != "#ff1000" {
		t.Errorf("Hex = %q", got)
	}
}

func TestMarkdownBlocks(t *testing.T) {
	var zero Markdown
	if blocks, err := zero.Blocks(); blocks != nil || err != nil {
		t.Errorf("zero Blocks = %v, %v", blocks, err)
	}
	if text, err := zero.Text(); text != "" || err != nil {
		t.Errorf("zero Text = %q, %v", text, err)
	}
	f := mdFixture1(t, "quote")
	var m Markdown
	if err := jsonv2.Unmarshal(f.MD, &m); err != nil {
		t.Fatal(err)
	}
	blocks, err := m.Blocks()
	if err != nil || len(blocks) != 1 || blocks[0].Type != NodeQuote {
		t.Fatalf("Blocks = %v, %v", blocks, err)
	}
	if !slices.Equal(m.Raw(), []byte(f.MD)) {
		t.Error("Blocks changed Raw")
	}
	text, err := m.Text()
	if err != nil || text != "> quoted text @user\n> :smile: second line" {
		t.Errorf("Text = %q, %v", text, err)
	}
	if _, err := NewMarkdown([]byte(`[{"type":1`)).Text(); err == nil {
		t.Error("Text of broken JSON: no error")
	}
}
