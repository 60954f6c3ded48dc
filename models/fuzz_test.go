package models_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// roundTrip checks what decoding promises for any input: the SDK's codec and
// encoding/json agree on whether it decodes; what decodes encodes, with both
// JSON packages; and that encoding decodes again to the same encoding.
func roundTrip[T any](t *testing.T, data []byte) *T {
	t.Helper()
	v := new(T)
	err := jsonx.Unmarshal(data, v)
	var std T
	stdErr := json.Unmarshal(data, &std)
	if (err == nil) != (stdErr == nil) {
		t.Fatalf("%q: the SDK's codec says %v, encoding/json says %v", data, err, stdErr)
	}
	if err != nil {
		return nil
	}
	enc, err := json.Marshal(v)
	if errors.Is(err, jsonx.ErrDateRange) {
		// Only an RFC 3339 date at the edge of years 0 to 9999 whose offset
		// moves it past the edge in UTC, such as 0000-01-01T00:00:00+01:00.
		return nil
	}
	if err != nil {
		t.Fatalf("%q decodes but does not encode: %v", data, err)
	}
	if stdEnc, err := json.Marshal(&std); err != nil || !bytes.Equal(stdEnc, enc) {
		t.Fatalf("%q: encoding/json's decoding encodes as %s (%v), the codec's as %s", data, stdEnc, err, enc)
	}
	again := new(T)
	if err := json.Unmarshal(enc, again); err != nil {
		t.Fatalf("%q encodes as %s, which does not decode: %v", data, enc, err)
	}
	enc2, err := json.Marshal(again)
	if err != nil || !bytes.Equal(enc, enc2) {
		t.Fatalf("encoding is not stable:\n%s\nthen\n%s (%v)", enc, enc2, err)
	}
	// The v2 path the SDK itself uses writes the same document (map members
	// may come in another order, so compare decoded).
	v2enc, err := jsonx.Marshal(v)
	if err != nil {
		t.Fatalf("%q: jsonx.Marshal: %v", data, err)
	}
	third := new(T)
	if err := jsonx.Unmarshal(v2enc, third); err != nil {
		t.Fatalf("jsonx.Marshal wrote %s, which does not decode: %v", v2enc, err)
	}
	if enc3, _ := json.Marshal(third); !bytes.Equal(enc3, enc) {
		t.Fatalf("jsonx.Marshal and encoding/json disagree:\n%s\n%s", enc3, enc)
	}
	return v
}

// addFixtures seeds f with the rooms of the fixtures and the messages in them.
func addFixtures(f *testing.F, messages bool) {
	for _, name := range []string{"room-open.json", "room-closed.json", "room-published-example.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		if !messages {
			f.Add(data)
			continue
		}
		var r struct {
			LastMessage    jsontext.Value `json:"lastMessage"`
			ClosingMessage jsontext.Value `json:"closingMessage"`
		}
		if err := jsonv2.Unmarshal(data, &r); err != nil {
			f.Fatal(err)
		}
		for _, m := range []jsontext.Value{r.LastMessage, r.ClosingMessage} {
			if len(m) > 0 {
				f.Add([]byte(m))
			}
		}
	}
}

// FuzzRoomDecode decodes any bytes as a room.
func FuzzRoomDecode(f *testing.F) {
	addFixtures(f, false)
	f.Add([]byte(`{"_id":"r","msgs":"2","cl":"false","ts":"1714557600000","metrics":{"reaction":{"fd":"2024-05-01T10:00:00.000Z","ft":"1.5"}}}`))
	f.Add([]byte(`{"_id":"r","ts":1714557600000,"closedAt":"1714557600000","queuedAt":""}`))
	f.Add([]byte(`{"_id":"r","ts":"0000-01-01T00:00:00+01:00","closedAt":"9999-12-31T23:59:59.999Z"}`))
	f.Add([]byte(`{"_id":"r","livechatData":{"a":[1,{"b":null}]},"crmData":{"x":1},"custom":{"deep":[true]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		roundTrip[models.Room](t, data)
	})
}

// FuzzMessageDecode decodes any bytes as a message, then its markdown tree.
func FuzzMessageDecode(f *testing.F) {
	addFixtures(f, true)
	f.Add([]byte(`{"_id":"m","rid":"r","msg":"hi *there*","ts":"2024-05-01T10:00:00.000Z","u":{"_id":"u","username":"a"},"md":[{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"hi "},{"type":"BOLD","value":[{"type":"PLAIN_TEXT","value":"there"}]}]}]}`))
	f.Add([]byte(`{"_id":"m","md":null,"attachments":[{"title":"t","fields":[{"short":true}]}],"urls":[{"url":"https://x","meta":{}}],"reactions":{":+1:":{"usernames":["a"]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := roundTrip[models.Message](t, data)
		if m == nil {
			return
		}
		blocks, err := m.MD.Blocks()
		if err == nil {
			_ = models.PlainText(blocks)
		}
	})
}

// FuzzMarkdownBlocks parses any bytes as a markdown tree. A tree that parses
// encodes back to the same JSON value, and encoding it again changes nothing;
// rendering it and reading its values never panics.
func FuzzMarkdownBlocks(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "md", "*.json"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no markdown fixtures: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		var fx struct {
			Input string         `json:"input"`
			MD    jsontext.Value `json:"md"`
		}
		if err := jsonv2.Unmarshal(data, &fx); err != nil {
			f.Fatalf("%s: %v", p, err)
		}
		f.Add([]byte(fx.MD), fx.Input)
	}
	f.Fuzz(func(t *testing.T, data []byte, msg string) {
		md := models.NewMarkdown(data)
		blocks, err := md.Blocks()
		text, textErr := md.Text()
		if (err == nil) != (textErr == nil) || (err == nil && text != models.PlainText(blocks)) {
			t.Fatalf("Blocks says %v, Text says %q, %v", err, text, textErr)
		}
		if err != nil || len(data) == 0 {
			return
		}
		enc, err := json.Marshal(blocks)
		if err != nil {
			t.Fatalf("%q parses but does not encode: %v", data, err)
		}
		var in, out any
		if utf8.Valid(data) && json.Unmarshal(data, &in) == nil {
			if err := json.Unmarshal(enc, &out); err != nil || !reflect.DeepEqual(in, out) {
				t.Fatalf("%s\nencodes back as\n%s", data, enc)
			}
		}
		again, err := models.NewMarkdown(enc).Blocks()
		if err != nil {
			t.Fatalf("%s encodes as %s, which does not parse: %v", data, enc, err)
		}
		if enc2, err := json.Marshal(again); err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding is not stable:\n%s\nthen\n%s (%v)", enc, enc2, err)
		}
		visit(blocks, func(n *models.Node) {
			if n.Color != nil {
				_ = n.Color.Hex()
			}
			if n.Timestamp != nil {
				_, _ = n.Timestamp.Time()
			}
			if n.Fallback != nil && n.Fallback.Range != nil {
				checkSlice(t, *n.Fallback.Range, msg)
			}
		})
	})
}

// visit calls fn on every node of the tree.
func visit(nodes []*models.Node, fn func(*models.Node)) {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		fn(n)
		if n.Child != nil {
			visit([]*models.Node{n.Child}, fn)
		}
		visit(n.Children, fn)
		if n.Link != nil {
			visit([]*models.Node{n.Link.Src}, fn)
			visit(n.Link.Label, fn)
		}
		if n.Table != nil {
			visit(n.Table.Header, fn)
			visit(n.Table.Rows, fn)
		}
		if n.Fallback != nil && n.Fallback.Plain != nil {
			visit([]*models.Node{n.Fallback.Plain}, fn)
		}
	}
}

// checkSlice checks a source range against a message: when it fits, the
// slice is End-Start UTF-16 code units long and starts where the range does.
func checkSlice(t *testing.T, r models.SourceRange, msg string) {
	t.Helper()
	got, ok := r.Slice(msg)
	if !ok {
		return
	}
	units := utf16.Encode([]rune(msg))
	if r.End > len(units) || len(utf16.Encode([]rune(got))) != r.End-r.Start {
		t.Fatalf("range %+v of %q gave %q", r, msg, got)
	}
	if utf8.ValidString(msg) && got != string(utf16.Decode(units[r.Start:r.End])) {
		t.Fatalf("range %+v of %q gave %q, want %q", r, msg, got, string(utf16.Decode(units[r.Start:r.End])))
	}
}

// FuzzSourceRangeSlice cuts any message at any range.
func FuzzSourceRangeSlice(f *testing.F) {
	f.Add("hello 😀 world", 6, 8)
	f.Add("😀", 0, 1)
	f.Add("a\xffb", 1, 3)
	f.Add("", 0, 0)
	f.Fuzz(func(t *testing.T, msg string, start, end int) {
		checkSlice(t, models.SourceRange{Start: start, End: end}, msg)
	})
}
