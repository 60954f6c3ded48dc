package models

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// The golden message trees in testdata/md, written by tools/mdfixtures from
// the server's own parser: each round-trips, together they cover every node
// type, and their fields and source ranges decode to what the input says.

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
