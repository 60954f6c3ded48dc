package jsonx

import (
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// Misfit is a member whose value did not fit its Go field: a number with a
// fraction for an integer, an array for a string, and so on.
type Misfit struct {
	// Path locates the member, as "metrics.response.total" or
	// "email.thread[1]": relative to the document it was recorded on, or,
	// when reported to a Decode caller, to the decoded value.
	Path string
	// Value is the member's JSON as it came.
	Value jsontext.Value
	// Err says why it did not fit.
	Err error
}

// documents holds the registered document types: reflect.Type → adder.
var documents sync.Map

type adder func(doc reflect.Value, m Misfit)

// RegisterDocument makes T a document for tolerant decoding: a misfit found
// anywhere inside a T is handed to add, with its path relative to the T, and
// the T still decodes. A misfit outside any document fails the decoding. T
// must be a struct with an embedded fallback field (`json:",embed"` of type
// jsontext.Value), which keeps the misfits' values so that they encode back.
func RegisterDocument[T any](add func(doc *T, m Misfit)) {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Struct || fieldsOf(t).unknown == nil {
		panic("jsonx: RegisterDocument needs a struct with an embedded fallback field: " + t.String())
	}
	documents.Store(t, adder(func(doc reflect.Value, m Misfit) { add(doc.Interface().(*T), m) }))
}

func documentAdder(t reflect.Type) (adder, bool) {
	a, ok := documents.Load(t)
	if !ok {
		return nil, false
	}
	return a.(adder), true
}

// pathString joins path segments (".name" or "[i]") into a readable path
// without the leading dot.
func pathString(segs []string) string {
	return strings.TrimPrefix(strings.Join(segs, ""), ".")
}

// memberSegment is the path segment of a member: ".name", or `["name"]`
// for a name that would read ambiguously.
func memberSegment(name string) string {
	if name == "" || strings.ContainsAny(name, ".[]\"") {
		q, _ := jsontext.AppendQuote(nil, name)
		return "[" + string(q) + "]"
	}
	return "." + name
}

func indexSegment(i int) string { return "[" + strconv.Itoa(i) + "]" }
