package rocketchattest

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The server parses a query string with the qs package (parseQueryParams in
// @rocket.chat/http-router): qs.parse(query, {arrayLimit: 500,
// throwOnLimitExceeded: true}) with qs's other defaults: "&" between pairs,
// brackets for nesting up to depth 5, duplicate keys combined into arrays, at
// most 1000 pairs. This file ports that parse. Values are strings, []any
// (arrays) and *jsObject; later validation coerces them in place.
const (
	qsArrayLimit     = 500
	qsParameterLimit = 1000
	qsDepth          = 5
)

// qsError is a refusal of qs, with qs's own message (the server answers it
// as "Invalid query parameters").
type qsError string

func (e qsError) Error() string { return string(e) }

const (
	errQSArrayLimit qsError = "Array limit exceeded. Only 500 elements allowed in an array."
	errQSParamLimit qsError = "Parameter limit exceeded. Only 1000 parameters allowed."
)

// qsHole is an unset index of a sparse array; compact removes it.
type qsHole struct{}

// jsObject is a JavaScript object: string keys, with JavaScript's own key
// order (array-index keys first, ascending, then the others as inserted).
type jsObject struct {
	keys []string
	vals map[string]any
}

func newJSObject() *jsObject { return &jsObject{vals: make(map[string]any)} }

func (o *jsObject) get(k string) (any, bool) {
	v, ok := o.vals[k]
	return v, ok
}

func (o *jsObject) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// ordered returns the keys in Object.keys order.
func (o *jsObject) ordered() []string {
	var idx, rest []string
	for _, k := range o.keys {
		if isArrayIndex(k) {
			idx = append(idx, k)
		} else {
			rest = append(rest, k)
		}
	}
	slices.SortFunc(idx, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	})
	return append(idx, rest...)
}

// isArrayIndex reports whether k is a canonical array index (0 to 2^32-2),
// which JavaScript orders first among an object's keys.
func isArrayIndex(k string) bool {
	if k == "" || len(k) > 10 || (len(k) > 1 && k[0] == '0') {
		return false
	}
	n, err := strconv.ParseUint(k, 10, 64)
	return err == nil && n < math.MaxUint32
}

// parseQS parses a raw query string as the server's router does. Only the
// part before a second "?" counts: the router takes url.split('?')[1].
func parseQS(raw string) (*jsObject, error) {
	raw, _, _ = strings.Cut(raw, "?")
	obj := newJSObject()
	if raw == "" {
		return obj, nil
	}
	flat, err := qsParseValues(raw)
	if err != nil {
		return nil, err
	}
	for _, key := range flat.ordered() {
		chain := qsSegments(key)
		if chain == nil {
			continue
		}
		leaf, err := qsParseObject(chain, flat.vals[key])
		if err != nil {
			return nil, err
		}
		merged, err := qsMerge(obj, leaf)
		if err != nil {
			return nil, err
		}
		obj = merged.(*jsObject)
	}
	qsCompact(obj)
	return obj, nil
}

// qsParseValues splits the pairs, decodes them and combines duplicate keys.
func qsParseValues(raw string) (*jsObject, error) {
	raw = replaceFold(replaceFold(raw, "%5B", "["), "%5D", "]")
	parts := strings.SplitN(raw, "&", qsParameterLimit+2)
	if len(parts) > qsParameterLimit {
		return nil, errQSParamLimit
	}
	obj := newJSObject()
	for _, part := range parts {
		pos := strings.Index(part, "]=")
		if pos >= 0 {
			pos++
		} else {
			pos = strings.IndexByte(part, '=')
		}
		var key string
		var val any = ""
		if pos < 0 {
			key = qsDecode(part)
		} else {
			key = qsDecode(part[:pos])
			if prev, ok := obj.vals[key].([]any); ok && len(prev) >= qsArrayLimit {
				return nil, errQSArrayLimit
			}
			val = qsDecode(part[pos+1:])
		}
		if prev, ok := obj.get(key); ok {
			combined := append(asSlice(prev), asSlice(val)...)
			if len(combined) > qsArrayLimit {
				return nil, errQSArrayLimit
			}
			val = combined
		}
		obj.set(key, val)
	}
	return obj, nil
}

func asSlice(v any) []any {
	if a, ok := v.([]any); ok {
		return slices.Clone(a)
	}
	return []any{v}
}

// replaceFold replaces old (ASCII, any case) with repl.
func replaceFold(s, old, repl string) string {
	var b strings.Builder
	for {
		i := indexFold(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s = s[i+len(old):]
	}
}

func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// qsDecode is qs's decoder: "+" is a space, then decodeURIComponent; a
// malformed escape or invalid UTF-8 leaves the text as it is.
func qsDecode(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(s, "%") {
		return s
	}
	d, err := url.PathUnescape(s)
	if err != nil || !utf8.ValidString(d) {
		return s
	}
	return d
}

// protoKeys are the properties of Object.prototype; qs drops a pair whose
// key names one of them.
var protoKeys = []string{"__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__",
	"__lookupSetter__", "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
	"toLocaleString", "toString", "valueOf"}

// qsSegments splits "a[b][c]" into "a", "[b]", "[c]"; nil drops the pair.
func qsSegments(key string) []string {
	if key == "" {
		return nil
	}
	first := strings.IndexByte(key, '[')
	parent := key
	if first >= 0 {
		parent = key[:first]
	}
	var segs []string
	if parent != "" {
		if slices.Contains(protoKeys, parent) {
			return nil
		}
		segs = append(segs, parent)
	}
	open := first
	for collected := 0; open >= 0 && collected < qsDepth; collected++ {
		end := closingBracket(key, open)
		if end < 0 {
			return append(segs, "["+key[open:]+"]")
		}
		seg := key[open : end+1]
		if slices.Contains(protoKeys, seg[1:len(seg)-1]) {
			return nil
		}
		segs = append(segs, seg)
		open = indexFrom(key, '[', end+1)
	}
	if open >= 0 {
		segs = append(segs, "["+key[open:]+"]")
	}
	return segs
}

func closingBracket(key string, open int) int {
	level := 0
	for i := open; i < len(key); i++ {
		switch key[i] {
		case '[':
			level++
		case ']':
			level--
			if level == 0 {
				return i
			}
		}
	}
	return -1
}

func indexFrom(s string, c byte, from int) int {
	if i := strings.IndexByte(s[from:], c); i >= 0 {
		return from + i
	}
	return -1
}

// qsParseObject builds the nested value of one key from its innermost end.
func qsParseObject(chain []string, leaf any) (any, error) {
	for i := len(chain) - 1; i >= 0; i-- {
		root := chain[i]
		if root == "[]" {
			arr := asSlice(leaf)
			if len(arr) > qsArrayLimit {
				return nil, errQSArrayLimit
			}
			leaf = arr
			continue
		}
		clean := root
		if len(root) >= 2 && root[0] == '[' && root[len(root)-1] == ']' {
			clean = root[1 : len(root)-1]
		}
		index, isIndex := qsArrayIndex(clean)
		switch {
		case isIndex && root != clean && index < qsArrayLimit:
			arr := make([]any, index+1)
			for j := range arr {
				arr[j] = qsHole{}
			}
			arr[index] = leaf
			leaf = arr
		case isIndex && root != clean:
			return nil, errQSArrayLimit
		default:
			obj := newJSObject()
			if clean != "__proto__" {
				obj.set(clean, leaf)
			}
			leaf = obj
		}
	}
	return leaf, nil
}

// qsArrayIndex reports whether String(parseInt(s, 10)) === s for a
// non-negative number, as qs checks.
func qsArrayIndex(s string) (int, bool) {
	if s == "" || (len(s) > 1 && s[0] == '0') || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || jsNumberString(f) != s {
		return 0, false
	}
	if f > math.MaxInt32 {
		return math.MaxInt32, true
	}
	return int(f), true
}
