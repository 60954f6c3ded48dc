package models

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// mdFixture is one golden case written by tools/mdfixtures.
type mdFixture struct {
	Name    string         `json:"-"`
	Parser  string         `json:"parser"`
	Input   string         `json:"input"`
	Options map[string]any `json:"options"`
	MD      jsontext.Value `json:"md"`
}

func loadMdFixtures(t *testing.T) []mdFixture {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "md", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in testdata/md (err %v)", err)
	}
	fixtures := make([]mdFixture, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var f mdFixture
		if err := jsonv2.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		f.Name = strings.TrimSuffix(filepath.Base(p), ".json")
		fixtures = append(fixtures, f)
	}
	return fixtures
}

func mdFixture1(t *testing.T, name string) mdFixture {
	t.Helper()
	for _, f := range loadMdFixtures(t) {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no fixture %q", name)
	return mdFixture{}
}

// sameJSON fails unless a and b hold the same JSON value.
func sameJSON(t *testing.T, want, got []byte) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("want is not JSON: %v", err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got is not JSON: %v\n%s", err, got)
	}
	if !reflect.DeepEqual(w, g) {
		t.Errorf("JSON differs\nwant %s\ngot  %s", want, got)
	}
}

func TestMdFixturesRoundTrip(t *testing.T) {
	for _, f := range loadMdFixtures(t) {
		t.Run(f.Name, func(t *testing.T) {
			if f.Parser == "" || !strings.HasPrefix(f.Parser, "0.32.") {
				t.Errorf("fixture made by parser %q, want 0.32.x", f.Parser)
			}
			var v2 []*Node
			if err := jsonv2.Unmarshal(f.MD, &v2); err != nil {
				t.Fatalf("json v2 decode: %v", err)
			}
			out, err := jsonv2.Marshal(v2)
			if err != nil {
				t.Fatalf("json v2 encode: %v", err)
			}
			sameJSON(t, f.MD, out)

			var v1 []*Node
			if err := json.Unmarshal(f.MD, &v1); err != nil {
				t.Fatalf("encoding/json decode: %v", err)
			}
			out, err = json.Marshal(v1)
			if err != nil {
				t.Fatalf("encoding/json encode: %v", err)
			}
			sameJSON(t, f.MD, out)
		})
	}
}

// walkMd calls fn for every node of a tree, the nodes inside values included.
func walkMd(nodes []*Node, fn func(*Node)) {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		fn(n)
		walkMd([]*Node{n.Child}, fn)
		walkMd(n.Children, fn)
		if n.Link != nil {
			walkMd(append([]*Node{n.Link.Src}, n.Link.Label...), fn)
		}
		if n.Table != nil {
			walkMd(n.Table.Header, fn)
			walkMd(n.Table.Rows, fn)
		}
		if n.Fallback != nil {
			walkMd([]*Node{n.Fallback.Plain}, fn)
		}
	}
}

// declaredNodeTypes returns the values of the NodeType constants in mdast.go.
func declaredNodeTypes(t *testing.T) []NodeType {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "mdast.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var types []NodeType
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "NodeType" {
				continue
			}
			for _, v := range vs.Values {
				s, err := strconv.Unquote(v.(*ast.BasicLit).Value)
				if err != nil {
					t.Fatal(err)
				}
				types = append(types, NodeType(s))
			}
		}
	}
	return types
}

func TestMdNodeTypesCovered(t *testing.T) {
	seen := map[NodeType]bool{}
	for _, f := range loadMdFixtures(t) {
		var blocks []*Node
		if err := jsonv2.Unmarshal(f.MD, &blocks); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		walkMd(blocks, func(n *Node) {
			seen[n.Type] = true
			if !n.Type.Known() {
				t.Errorf("%s: node type %q has no constant", f.Name, n.Type)
			}
			if len(n.Extra) > 0 || n.Link != nil && len(n.Link.Extra) > 0 || n.Table != nil && len(n.Table.Extra) > 0 {
				t.Errorf("%s: %s node has keys no field models: %v", f.Name, n.Type, n.Extra)
			}
		})
	}
	declared := declaredNodeTypes(t)
	if len(declared) != len(defaultShapes) {
		t.Errorf("%d NodeType constants, %d in defaultShapes", len(declared), len(defaultShapes))
	}
	for _, typ := range declared {
		if !typ.Known() {
			t.Errorf("constant %q is missing from defaultShapes", typ)
		}
		if !seen[typ] {
			t.Errorf("no fixture has a %s node: add a case to tools/mdfixtures", typ)
		}
	}
}

func TestMdDecodedFields(t *testing.T) {
	blocks := decodeMd(t, mdFixture1(t, "table").MD)
	table := blocks[0].Table
	if table == nil || len(table.Header) != 3 || len(table.Rows) != 2 {
		t.Fatalf("table = %+v", table)
	}
	if got := table.Header[1].Align; got != "right" {
		t.Errorf("header align = %q", got)
	}
	if r := blocks[0].Fallback.Range; r == nil || r.Start != 0 || r.End != 83 {
		t.Errorf("fallback = %+v", blocks[0].Fallback)
	}

	img := decodeMd(t, mdFixture1(t, "image").MD)[0].Children[0]
	if img.Link == nil || img.Link.Src.Text != "https://rocket.chat/logo.png" || img.Link.Label[0].Text != "the logo" {
		t.Errorf("image = %+v", img.Link)
	}

	c := decodeMd(t, mdFixture1(t, "color").MD)[0].Children[1].Color
	if c == nil || *c != (ColorValue{R: 0, G: 255, B: 0, A: 128}) || c.Hex() != "#00ff0080" {
		t.Errorf("color = %+v", c)
	}

	ts := decodeMd(t, mdFixture1(t, "timestamp").MD)[0].Children[0].Timestamp
	tm, err := ts.Time()
	if err != nil || !tm.Equal(time.Unix(1708551317, 0)) || ts.Format != "R" {
		t.Errorf("timestamp = %+v, %v, %v", ts, tm, err)
	}

	item := decodeMd(t, mdFixture1(t, "ordered_list_numbers").MD)[0].Children[0]
	if item.Number == nil || *item.Number != 0 {
		t.Errorf("number = %v", item.Number)
	}
}

func decodeMd(t *testing.T, raw []byte) []*Node {
	t.Helper()
	blocks, err := NewMarkdown(raw).Blocks()
	if err != nil {
		t.Fatal(err)
	}
	return blocks
}

func TestMdSourceRangeSlice(t *testing.T) {
	for _, f := range loadMdFixtures(t) {
		walkMd(decodeMd(t, f.MD), func(n *Node) {
			if n.Fallback == nil || n.Fallback.Range == nil {
				return
			}
			src, ok := n.Fallback.Range.Slice(f.Input)
			want := map[NodeType]string{NodeTimestamp: "<t:", NodeTable: "|", NodeHorizontalRule: "---"}[n.Type]
			if !ok || want == "" || !strings.HasPrefix(src, want) {
				t.Errorf("%s: %s fallback %+v slices to %q, %v", f.Name, n.Type, *n.Fallback.Range, src, ok)
			}
		})
	}
	f := mdFixture1(t, "timestamp_after_emoji")
	r := decodeMd(t, f.MD)[0].Children[3].Fallback.Range
	if got, ok := r.Slice(f.Input); !ok || got != "<t:1708551317:R>" {
		t.Errorf("Slice = %q, %v", got, ok)
	}
	for _, bad := range []SourceRange{{-1, 2}, {3, 2}, {0, 100}, {7, 8}, {0, 7}} {
		if got, ok := bad.Slice("héllo 😀"); ok {
			t.Errorf("%+v sliced to %q", bad, got)
		}
	}
	if got, ok := (SourceRange{6, 8}).Slice("héllo 😀"); !ok || got != "😀" {
		t.Errorf("emoji slice = %q, %v", got, ok)
	}
}

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
