package models

import (
	"bytes"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
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
	err := decodeMembers(dec, &n.Extra, func(name string) (jsontext.Value, error) {
		if name == "value" && n.has&hasType == 0 && dec.PeekKind() == '{' {
			// An object value is read by type, which comes later here.
			var err error
			deferred, err = readRaw(dec)
			return nil, err
		}
		return n.decodeField(dec, name, depth)
	})
	if err != nil || deferred == nil {
		return err
	}
	raw, err := n.decodeValue(jsontext.NewDecoder(bytes.NewReader(deferred), dec.Options()), depth)
	return keepExtra(&n.Extra, "value", raw, err)
}

// decodeMembers reads the members of an object whose opening brace has been
// read, and its closing brace. It hands each key to field, which reads the
// key's value and returns it raw when no field can hold it; such values are
// kept in *extra.
func decodeMembers(dec *jsontext.Decoder, extra *map[string]jsontext.Value, field func(name string) (jsontext.Value, error)) error {
	for dec.PeekKind() != '}' {
		name, err := readName(dec)
		if err != nil {
			return err
		}
		raw, err := field(name)
		if err = keepExtra(extra, name, raw, err); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// keepExtra stores raw, a value no field could hold, in *extra under name,
// unless err reports that reading it failed. It returns err.
func keepExtra(extra *map[string]jsontext.Value, name string, raw jsontext.Value, err error) error {
	if err != nil || raw == nil {
		return err
	}
	if *extra == nil {
		*extra = make(map[string]jsontext.Value, 1)
	}
	(*extra)[name] = raw
	return nil
}

// decodeField reads the value of the key name into its field, or returns it
// raw when the field cannot hold it.
func (n *Node) decodeField(dec *jsontext.Decoder, name string, depth int) (raw jsontext.Value, err error) {
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
	return raw, err
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
		return n.decodeColor(dec)
	case NodeTimestamp:
		return n.decodeTimestamp(dec)
	}
	n.Child = new(Node)
	return nil, n.Child.decode(dec, depth+1)
}

// decodeColor reads a COLOR value: an object of exactly r, g, b and a.
func (n *Node) decodeColor(dec *jsontext.Decoder) (jsontext.Value, error) {
	var c struct {
		R *uint8 `json:"r"`
		G *uint8 `json:"g"`
		B *uint8 `json:"b"`
		A *uint8 `json:"a"`
	}
	raw, ok, err := readStrict(dec, &c)
	if ok && c.R != nil && c.G != nil && c.B != nil && c.A != nil {
		n.Color = &ColorValue{R: *c.R, G: *c.G, B: *c.B, A: *c.A}
		return nil, nil
	}
	return raw, err
}

// decodeTimestamp reads a TIMESTAMP value: an object of exactly timestamp
// and format.
func (n *Node) decodeTimestamp(dec *jsontext.Decoder) (jsontext.Value, error) {
	var t struct {
		Timestamp *string `json:"timestamp"`
		Format    *string `json:"format"`
	}
	raw, ok, err := readStrict(dec, &t)
	if ok && t.Timestamp != nil && t.Format != nil {
		n.Timestamp = &TimestampValue{Timestamp: *t.Timestamp, Format: *t.Format}
		return nil, nil
	}
	return raw, err
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
		var r []int
		raw, ok, err := readStrict(dec, &r)
		if ok && len(r) == 2 {
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
	return decodeMembers(dec, &l.Extra, func(name string) (raw jsontext.Value, err error) {
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
		return raw, err
	})
}

func (t *TableValue) decode(dec *jsontext.Decoder, depth int) error {
	if err := readBegin(dec, '{', "a table value"); err != nil {
		return err
	}
	t.decoded = true
	return decodeMembers(dec, &t.Extra, func(name string) (raw jsontext.Value, err error) {
		switch {
		case name == "header" && dec.PeekKind() == '[':
			t.Header, raw, err = decodeList(dec, depth)
		case name == "rows" && dec.PeekKind() == '[':
			t.Rows, raw, err = decodeList(dec, depth)
		default:
			raw, err = readRaw(dec)
		}
		return raw, err
	})
}
