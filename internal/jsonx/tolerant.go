package jsonx

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Mode chooses what Decode does with a value that does not fit its Go type.
type Mode uint8

const (
	// Tolerant decodes around misfits: each is recorded on the document that
	// holds it (see RegisterDocument), its value kept in that document's
	// fallback field, and the rest decodes. Only a misfit outside every
	// document fails the decoding.
	Tolerant Mode = iota
	// Strict fails the whole decoding on the first misfit, after trying the
	// lenient spellings (numbers and booleans written as strings, dates as
	// epoch milliseconds).
	Strict
)

// Decode decodes data into v, a non-nil pointer.
//
// It tries the strict, fast path first; a document that fits costs nothing
// more. When a value does not fit its Go type, Strict retries the whole
// document in the lenient spellings, and Tolerant decodes it member by
// member: each member strictly, then leniently, then, for objects and arrays,
// member by member again, so that everything that fits is filled in. Each
// misfit found is also handed to report (which may be nil) with its path
// from v, the _id of the outermost document holding it, when known, and the
// Go type it did not fit.
func Decode(data []byte, v any, mode Mode, report Reporter) error {
	err := json.Unmarshal(data, v, DecodeOptions)
	if err == nil || !isTypeMismatch(err) {
		return err
	}
	resetPointee(v)
	if mode == Strict {
		if lerr := json.Unmarshal(data, v, LenientOptions); lerr != nil {
			resetPointee(v)
			return err // the strict error names the first problem more plainly
		}
		return nil
	}
	w := walker{report: report, rootErr: err, root: data}
	w.value(data, reflect.ValueOf(v).Elem(), false)
	if w.fatal != nil {
		resetPointee(v)
		return w.fatal
	}
	return nil
}

// Reporter is told of each misfit a tolerant Decode finds: m's path is from
// the decoded value, docID is the _id of the outermost document holding it
// (or ""), and want is the Go type the value did not fit.
type Reporter func(m Misfit, docID string, want reflect.Type)

// walker is one tolerant decoding.
type walker struct {
	report  Reporter
	rootErr error     // the strict path's error for the whole value
	path    []string  // segments from the root to the value being decoded
	docs    []openDoc // the documents enclosing it, outermost first
	fatal   error     // the first misfit outside every document, or a syntax error
	root    []byte    // the whole value: nothing may follow it
}

// openDoc is a document being decoded and where its path starts.
type openDoc struct {
	v     reflect.Value // pointer to the document
	add   adder
	depth int
}

// value decodes raw into v (settable). It reports whether v fails to hold
// all of raw: some part of it was a misfit that v itself had no fallback
// field to keep, so the caller must keep raw.
func (w *walker) value(raw jsontext.Value, v reflect.Value, try bool) (lossy bool) {
	var strictErr error
	if try {
		strictErr = json.Unmarshal(raw, v.Addr().Interface(), DecodeOptions)
		if strictErr == nil {
			return false
		}
		v.SetZero()
	}
	t := v.Type()
	switch kind := raw.Kind(); {
	case kind == '{' && t.Kind() == reflect.Struct && descendable(t):
		return w.object(raw, v)
	case kind == '{' && t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && descendable(t.Elem()):
		p := reflect.New(t.Elem())
		lossy = w.object(raw, p.Elem())
		v.Set(p)
		return lossy
	case kind == '[' && t.Kind() == reflect.Slice:
		return w.array(raw, v)
	case kind == '{' && t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		return w.mapping(raw, v)
	}
	if err := json.Unmarshal(raw, v.Addr().Interface(), LenientOptions); err == nil {
		return false
	}
	v.SetZero()
	if strictErr == nil {
		strictErr = w.rootErr // only the root is not tried again
	}
	w.misfit(raw, t, strictErr)
	return true
}

// descendable reports whether a struct type is decoded member by member:
// it must not decode itself (time.Time does), unless it is a document.
func descendable(t reflect.Type) bool {
	if _, ok := documentAdder(t); ok {
		return true
	}
	p := reflect.PointerTo(t)
	return !p.Implements(unmarshalerFromType) && !p.Implements(unmarshalerType) && !p.Implements(textUnmarshalerType)
}

// object decodes a JSON object into the struct v member by member. Unknown
// members and misfits go to v's fallback field when it has one.
func (w *walker) object(raw jsontext.Value, v reflect.Value) (lossy bool) {
	fields := fieldsOf(v.Type())
	if add, ok := documentAdder(v.Type()); ok {
		w.docs = append(w.docs, openDoc{v: v.Addr(), add: add, depth: len(w.path)})
		defer func() { w.docs = w.docs[:len(w.docs)-1] }()
	}
	var kept []byte
	w.members(raw, func(name string, val jsontext.Value) {
		index, known := fields.byName[name]
		if known {
			w.path = append(w.path, memberSegment(name))
			known = !w.value(val, v.FieldByIndex(index), true)
			w.path = w.path[:len(w.path)-1]
			if known {
				return
			}
			if fields.unknown == nil {
				lossy = true
				return
			}
		}
		if fields.unknown != nil {
			kept = appendMember(kept, name, val)
		}
	})
	if len(kept) > 0 {
		v.FieldByIndex(fields.unknown).Set(reflect.ValueOf(jsontext.Value(append(kept, '}'))))
	}
	return lossy
}

// array decodes a JSON array into the slice v element by element, leaving
// out the elements that do not fit.
func (w *walker) array(raw jsontext.Value, v reflect.Value) (lossy bool) {
	out := reflect.MakeSlice(v.Type(), 0, 0)
	i := 0
	w.elements(raw, func(val jsontext.Value) {
		elem := reflect.New(v.Type().Elem()).Elem()
		w.path = append(w.path, indexSegment(i))
		if w.value(val, elem, true) {
			lossy = true
		} else {
			out = reflect.Append(out, elem)
		}
		w.path = w.path[:len(w.path)-1]
		i++
	})
	v.Set(out)
	return lossy
}

// mapping decodes a JSON object into the map v entry by entry, leaving out
// the entries that do not fit.
func (w *walker) mapping(raw jsontext.Value, v reflect.Value) (lossy bool) {
	out := reflect.MakeMap(v.Type())
	w.members(raw, func(name string, val jsontext.Value) {
		elem := reflect.New(v.Type().Elem()).Elem()
		w.path = append(w.path, memberSegment(name))
		if w.value(val, elem, true) {
			lossy = true
		} else {
			out.SetMapIndex(reflect.ValueOf(name).Convert(v.Type().Key()), elem)
		}
		w.path = w.path[:len(w.path)-1]
	})
	v.Set(out)
	return lossy
}

// misfit records raw, which did not fit the Go type want, at the current
// path, on every enclosing document, and reports it; outside every document
// it is fatal.
func (w *walker) misfit(raw jsontext.Value, want reflect.Type, err error) {
	if len(w.docs) == 0 {
		if w.fatal == nil {
			w.fatal = fmt.Errorf("%s: %w", cmpPath(pathString(w.path)), err)
		}
		return
	}
	val := raw.Clone()
	for _, d := range w.docs {
		d.add(d.v, Misfit{Path: pathString(w.path[d.depth:]), Value: val, Err: err})
	}
	if w.report != nil {
		w.report(Misfit{Path: pathString(w.path), Value: val, Err: err}, documentID(w.docs[0].v), want)
	}
}

func cmpPath(p string) string {
	if p == "" {
		return "the answer"
	}
	return p
}

// members calls fn with each member of a JSON object. The value is valid
// only during the call. A syntax error (the strict pass may have stopped at
// a misfit before reaching it) is fatal.
func (w *walker) members(raw jsontext.Value, fn func(name string, val jsontext.Value)) {
	dec := w.open(raw)
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			w.syntax(err)
			return
		}
		name := tok.String() // before the next read voids tok
		val, err := dec.ReadValue()
		if err != nil {
			w.syntax(err)
			return
		}
		fn(name, val)
	}
	w.close(dec, raw)
}

// elements calls fn with each element of a JSON array, as members does.
func (w *walker) elements(raw jsontext.Value, fn func(val jsontext.Value)) {
	dec := w.open(raw)
	for k := dec.PeekKind(); k != ']' && k != 0; k = dec.PeekKind() {
		val, err := dec.ReadValue()
		if err != nil {
			w.syntax(err)
			return
		}
		fn(val)
	}
	w.close(dec, raw)
}

// open returns a decoder past the opening token of raw, an object or array.
func (w *walker) open(raw jsontext.Value) *jsontext.Decoder {
	dec := jsontext.NewDecoder(bytes.NewBuffer(raw), DecodeOptions) // parsed in place
	if _, err := dec.ReadToken(); err != nil {
		w.syntax(err)
	}
	return dec
}

// close reads the closing token of raw and, for the whole value, checks that
// nothing follows it.
func (w *walker) close(dec *jsontext.Decoder, raw jsontext.Value) {
	if _, err := dec.ReadToken(); err != nil {
		w.syntax(err)
		return
	}
	if len(raw) == len(w.root) && &raw[0] == &w.root[0] {
		if _, err := dec.ReadToken(); err != io.EOF {
			w.syntax(cmp.Or(err, errors.New("jsonx: more than one JSON value")))
		}
	}
}

// syntax records a syntax error as fatal.
func (w *walker) syntax(err error) {
	if w.fatal == nil {
		w.fatal = err
	}
}

// appendMember appends `"name":val` to an object being built: the first
// call opens it, the caller closes it.
func appendMember(obj []byte, name string, val jsontext.Value) []byte {
	if len(obj) == 0 {
		obj = append(obj, '{')
	} else {
		obj = append(obj, ',')
	}
	obj, _ = jsontext.AppendQuote(obj, name)
	obj = append(obj, ':')
	return append(obj, val...)
}

// documentID returns the _id member of the document doc points to, if it
// has been decoded yet.
func documentID(doc reflect.Value) string {
	index, ok := fieldsOf(doc.Elem().Type()).byName["_id"]
	if !ok {
		return ""
	}
	if f := doc.Elem().FieldByIndex(index); f.Kind() == reflect.String {
		return f.String()
	}
	return ""
}
