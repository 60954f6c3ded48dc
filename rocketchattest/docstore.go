package rocketchattest

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// storedDoc is a visitor or a contact as the server keeps it: the JSON it
// serves, the same decoded for queries and sorting, and its insertion order
// (the collection's natural order).
type storedDoc struct {
	id  string
	raw jsontext.Value
	doc map[string]any
	seq uint64
}

// docStore holds documents by id. It is guarded by Server.mu.
type docStore struct {
	byID map[string]*storedDoc
	seq  uint64
}

func newDocStore() *docStore { return &docStore{byID: make(map[string]*storedDoc)} }

// put adds a document, or replaces the one with the same id in place.
func (st *docStore) put(d *storedDoc) {
	if old := st.byID[d.id]; old != nil {
		d.seq = old.seq
	} else {
		st.seq++
		d.seq = st.seq
	}
	st.byID[d.id] = d
}

func (st *docStore) get(id string) *storedDoc { return st.byID[id] }

// filter returns the documents keep accepts, in natural order.
func (st *docStore) filter(keep func(*storedDoc) bool) []*storedDoc {
	var out []*storedDoc
	for _, d := range st.byID {
		if keep(d) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b *storedDoc) int { return cmp.Compare(a.seq, b.seq) })
	return out
}

// encodeDoc encodes v (a model or a map) as the server's JSON, maps in
// sorted order, and decodes it for queries. The document needs an _id.
func encodeDoc(v any) (*storedDoc, error) {
	raw, err := json.Marshal(v, jsonx.EncodeOptions, json.Deterministic(true))
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	id, _ := doc["_id"].(string)
	if id == "" {
		return nil, errors.New("rocketchattest: a document without an _id")
	}
	return &storedDoc{id: id, raw: raw, doc: doc}, nil
}

// decodeInto decodes a stored document into a model.
func (d *storedDoc) decodeInto(v any) error { return jsonx.Unmarshal(d.raw, v) }

// sortByKeys orders items, already in natural order, as MongoDB would for
// the keys; ties keep their order.
func sortByKeys[T any](items []T, doc func(T) map[string]any, keys []sortKey) {
	if len(keys) == 0 {
		return
	}
	slices.SortStableFunc(items, func(a, b T) int {
		for _, k := range keys {
			av, bv := sortValue(lookup(doc(a), k.field), k.dir), sortValue(lookup(doc(b), k.field), k.dir)
			if c := compareValues(av, bv); c != 0 {
				return c * k.dir
			}
		}
		return 0
	})
}

// members reads the top-level members of a JSON object, in order.
func members(raw jsontext.Value) ([]string, []jsontext.Value, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, nil, fmt.Errorf("rocketchattest: not a JSON object")
	}
	var names []string
	var vals []jsontext.Value
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, nil, err
		}
		name := tok.String() // read before the next call voids the token
		v, err := dec.ReadValue()
		if err != nil {
			return nil, nil, err
		}
		names, vals = append(names, name), append(vals, v.Clone())
	}
	return names, vals, nil
}

// project writes raw with only the members keep accepts, in their order,
// then the extra members: MongoDB's inclusion projection (or, keeping all but
// some, its exclusion), with computed members last.
func project(raw jsontext.Value, keep func(name string) bool, extra ...projected) []byte {
	names, vals, err := members(raw)
	if err != nil {
		return []byte("{}")
	}
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	write := func(name string, v []byte) {
		if n > 0 {
			b.WriteByte(',')
		}
		q, _ := jsontext.AppendQuote(nil, name)
		b.Write(q)
		b.WriteByte(':')
		b.Write(v)
		n++
	}
	for i, name := range names {
		if keep(name) {
			write(name, vals[i])
		}
	}
	for _, m := range extra {
		write(m.name, m.value)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// projected is a computed member of a projection.
type projected struct {
	name  string
	value []byte
}

// only keeps _id and the named members, as an inclusion projection does.
func only(fields ...string) func(string) bool {
	return func(name string) bool { return name == "_id" || slices.Contains(fields, name) }
}

// except keeps every member but the named ones, as an exclusion projection
// does.
func except(fields ...string) func(string) bool {
	return func(name string) bool { return !slices.Contains(fields, name) }
}
