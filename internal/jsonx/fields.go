package jsonx

import (
	"reflect"
	"strings"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// structFields is how a struct type's fields map to JSON member names, read
// from their json tags the way the models write them: a name (the Go name
// when empty), "-" to skip, and options after a comma, of which "embed" on a
// jsontext.Value field marks the fallback that keeps unknown members.
type structFields struct {
	byName  map[string][]int // member name → field index
	unknown []int            // index of the fallback field, or nil
}

var (
	fieldCache sync.Map // reflect.Type → *structFields
	valueType  = reflect.TypeFor[jsontext.Value]()
)

func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structFields)
	}
	sf := &structFields{byName: make(map[string][]int, t.NumField())}
	sf.add(t, nil)
	f, _ := fieldCache.LoadOrStore(t, sf)
	return f.(*structFields)
}

// add adds the fields of t, found at index prefix, inlining those of a
// struct field tagged "embed" as the JSON package does.
func (sf *structFields) add(t reflect.Type, prefix []int) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		index := append(append([]int(nil), prefix...), i)
		name, opts, _ := strings.Cut(tag, ",")
		switch {
		case hasOption(opts, "embed") && f.Type == valueType:
			sf.unknown = index
			continue
		case hasOption(opts, "embed") && f.Type.Kind() == reflect.Struct:
			sf.add(f.Type, index)
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := sf.byName[name]; !dup || len(prefix) == 0 {
			sf.byName[name] = index
		}
	}
}

func hasOption(opts, want string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == want {
			return true
		}
	}
	return false
}
