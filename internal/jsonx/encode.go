package jsonx

import (
	"bytes"
	"reflect"
	"sync"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// MarshalEncode writes v, a pointer to a struct, to enc with opts on top of
// enc's options.
//
// A member that the struct's fallback field keeps under the name of one of
// its fields (the value of a misfit, kept as it came; see Tolerant) is written
// once, as kept, in place of the field: a document decoded around a misfit
// encodes back to what the server sent.
func MarshalEncode(enc *jsontext.Encoder, v any, opts ...json.Options) error {
	if !shadowsField(v) {
		return json.MarshalEncode(enc, v, opts...)
	}
	all := append([]json.Options{enc.Options()}, opts...)
	b, err := json.Marshal(v, append(all, jsontext.AllowDuplicateNames(true))...)
	if err != nil {
		return err
	}
	b, err = keepLastMembers(b)
	if err != nil {
		return err
	}
	return enc.WriteValue(b)
}

// shadowsField reports whether v, a pointer to a struct, keeps a member in
// its fallback field under the name of one of its fields.
func shadowsField(v any) bool {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return false
	}
	fields := fieldsOf(rv.Elem().Type())
	if fields.unknown == nil {
		return false
	}
	kept := rv.Elem().FieldByIndex(fields.unknown).Bytes()
	if len(kept) == 0 {
		return false
	}
	found := false
	eachName(kept, func(name string) bool {
		_, found = fields.byName[name]
		return !found
	})
	return found
}

var scanners = sync.Pool{New: func() any { return jsontext.NewDecoder(bytes.NewReader(nil)) }}

// eachName calls fn with the member names of a JSON object until fn returns
// false.
func eachName(obj []byte, fn func(string) bool) {
	dec := scanners.Get().(*jsontext.Decoder)
	defer scanners.Put(dec)
	dec.Reset(bytes.NewReader(obj), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return
	}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil || !fn(tok.String()) || dec.SkipValue() != nil {
			return
		}
	}
}

// keepLastMembers rewrites a JSON object so that each name appears once,
// with the value and at the place of its last appearance.
func keepLastMembers(obj []byte) ([]byte, error) {
	type member struct {
		name string
		raw  []byte // name and value, as written
	}
	dec := jsontext.NewDecoder(bytes.NewReader(obj), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if _, err := dec.ReadToken(); err != nil {
		return nil, err
	}
	var members []member
	last := make(map[string]int)
	for dec.PeekKind() == '"' {
		name, err := dec.ReadValue()
		if err != nil {
			return nil, err
		}
		m := member{raw: append([]byte(nil), name...)}
		if err := json.Unmarshal(m.raw, &m.name, jsontext.AllowInvalidUTF8(true)); err != nil {
			return nil, err
		}
		val, err := dec.ReadValue() // voids name
		if err != nil {
			return nil, err
		}
		m.raw = append(append(m.raw, ':'), val...)
		last[m.name] = len(members)
		members = append(members, m)
	}
	out := []byte{'{'}
	for i, m := range members {
		if last[m.name] != i {
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, m.raw...)
	}
	return append(out, '}'), nil
}

// MarshalStdJSON encodes v, a pointer to a model's method-free alias type,
// for a MarshalJSON method (encoding/json): dates in the server's format,
// map members sorted by name as encoding/json writes them, and misfits
// written back as MarshalEncode does.
func MarshalStdJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := jsontext.NewEncoder(&buf, EncodeOptions, json.Deterministic(true))
	if err := MarshalEncode(enc, v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// MarshalTo encodes v, a pointer to a model's method-free alias type, for a
// MarshalJSONTo method: with the encoder's options, and dates in the
// server's format unless the caller set marshalers of its own.
func MarshalTo(enc *jsontext.Encoder, v any) error {
	if _, ok := json.GetOption(enc.Options(), json.WithMarshalers); ok {
		return MarshalEncode(enc, v)
	}
	return MarshalEncode(enc, v, EncodeOptions)
}

// UnmarshalFrom decodes a document for its UnmarshalJSONFrom method: doc is
// the document, alias the same value as its method-free alias type. Inside
// this package's own decoding it decodes through alias directly (strictly:
// the pass handles misfits); from a caller's decoder it reads the value whole
// and decodes it with Unmarshal, so that the caller gets the tolerant
// decoding too. The caller clears the document's misfits first.
func UnmarshalFrom(dec *jsontext.Decoder, doc, alias any) error {
	if Driven(dec) {
		return json.UnmarshalDecode(dec, alias)
	}
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return Unmarshal(raw, doc)
}
