package models

import (
	"maps"
	"slices"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

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
