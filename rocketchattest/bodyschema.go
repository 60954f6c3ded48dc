package rocketchattest

import (
	"bytes"
	"io"
	"math"
	"mime"
	"net/http"
	"slices"
	"strconv"
)

// A route's JSON body is validated as the server does: the body parsed into
// plain values (an unparsable body reads as {}), then the route's schema from
// @rocket.chat/rest-typings, compiled by the ajv instance of its
// dist/v1/Ajv.js: coerceTypes true (strings, numbers, booleans and null turn
// into one another, but nothing into an array), allErrors off, so the first
// error is reported. The values are coerced in place: the handler sees them
// coerced.

// bodySchema is the schema of a JSON value.
type bodySchema struct {
	typ        string // object, array, string, number, integer, boolean; "" for any
	nullable   bool
	props      []bodyProp
	required   []string
	additional bool        // additionalProperties (false unless set)
	values     *bodySchema // patternProperties '.*': the schema of every member
	items      *bodySchema
	minItems   int
	unique     bool // uniqueItems
	enum       []string
}

type bodyProp struct {
	name   string
	schema *bodySchema
}

func objectBody(required []string, props ...bodyProp) *bodySchema {
	return &bodySchema{typ: "object", props: props, required: required}
}

func prop(name string, s *bodySchema) bodyProp { return bodyProp{name, s} }

func strBody() *bodySchema  { return &bodySchema{typ: "string"} }
func boolBody() *bodySchema { return &bodySchema{typ: "boolean"} }
func arrayBody(items *bodySchema) *bodySchema {
	return &bodySchema{typ: "array", items: items}
}

// uniqueArrayBody is an array schema with uniqueItems.
func uniqueArrayBody(items *bodySchema) *bodySchema {
	return &bodySchema{typ: "array", items: items, unique: true}
}

// orNull returns a nullable copy.
func (s *bodySchema) orNull() *bodySchema {
	c := *s
	c.nullable = true
	return &c
}

// validateBody checks v against s, coercing in place, and returns Ajv's
// first error message, "" when valid, and the coerced value.
func validateBody(s *bodySchema, v any) (any, string) {
	if s.typ != "" && !(s.nullable && v == nil) && !bodyHasType(s.typ, v) {
		c, ok := coerceBody(s.typ, s.nullable, v)
		if !ok {
			return v, "must be " + s.typ
		}
		v = c
	}
	switch x := v.(type) {
	case map[string]any:
		return x, validateObject(s, x)
	case []any:
		if len(x) < s.minItems {
			return x, "must NOT have fewer than " + strconv.Itoa(s.minItems) + " items"
		}
		if s.items != nil {
			for i := range x {
				var msg string
				if x[i], msg = validateBody(s.items, x[i]); msg != "" {
					return x, msg
				}
			}
		}
		if msg := duplicateItems(x); s.unique && msg != "" {
			return x, msg
		}
	}
	if s.enum != nil {
		// Ajv checks enum on any value, null too: a nullable enum must
		// list null to accept it.
		if str, isStr := v.(string); !isStr || !slices.Contains(s.enum, str) {
			return v, "must be equal to one of the allowed values"
		}
	}
	return v, ""
}

func validateObject(s *bodySchema, obj map[string]any) string {
	for _, name := range s.required {
		if _, ok := obj[name]; !ok {
			return "must have required property '" + name + "'"
		}
	}
	if !s.additional && s.values == nil && s.typ == "object" && (s.props != nil || s.required != nil) {
		for k := range obj {
			if !slices.ContainsFunc(s.props, func(p bodyProp) bool { return p.name == k }) {
				return "must NOT have additional properties"
			}
		}
	}
	for _, p := range s.props {
		if v, ok := obj[p.name]; ok {
			var msg string
			if obj[p.name], msg = validateBody(p.schema, v); msg != "" {
				return msg
			}
		}
	}
	if s.values != nil {
		for k, v := range obj {
			var msg string
			if obj[k], msg = validateBody(s.values, v); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func bodyHasType(typ string, v any) bool {
	switch typ {
	case "integer":
		f, ok := v.(float64)
		return ok && f == math.Trunc(f) && !math.IsInf(f, 0)
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return jsonType(v) == typ
}

// coerceBody is Ajv's coercion with coerceTypes true: scalars into one
// another, and, for a nullable schema, "", 0 and false into null.
func coerceBody(typ string, nullable bool, v any) (any, bool) {
	switch typ {
	case "string":
		switch x := v.(type) {
		case float64:
			return jsNumberString(x), true
		case bool:
			return strconv.FormatBool(x), true
		case nil:
			return "", true
		}
	case "number", "integer":
		if c, ok := coerceNumber(typ, v); ok {
			return c, true
		}
	case "boolean":
		switch v {
		case "true", 1.0:
			return true, true
		case "false", 0.0, nil:
			return false, true
		}
	}
	if nullable {
		switch v {
		case "", 0.0, false:
			return nil, true
		}
	}
	return v, false
}

// maxBody is how much of a request body the server reads.
const maxBody = 8 << 20

// readJSONBody reads a JSON request body as the router does
// (parseBodyParams): JSON.parse of the text, objects as maps of plain
// values (numbers as float64; a repeated key keeps its last value), arrays
// kept as arrays; anything unparsable, or a body that is not JSON, reads as
// an empty object. The body is put back for the handler.
func readJSONBody(r *http.Request) any {
	body := map[string]any{}
	if r.Body == nil || r.Body == http.NoBody {
		return body
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "" && ct != "application/json" {
		return body
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(raw))
	if err != nil {
		return body
	}
	v, err := jsJSONParse(string(raw))
	if err != nil {
		return body
	}
	return plainJSON(v)
}

// readJSONMap is readJSONBody for a handler that needs an object: anything
// else reads as an empty one.
func readJSONMap(r *http.Request) map[string]any {
	if m, ok := readJSONBody(r).(map[string]any); ok {
		return m
	}
	return map[string]any{}
}

// plainJSON turns JSON.parse's objects into maps, at any depth.
func plainJSON(v any) any {
	switch x := v.(type) {
	case *jsObject:
		m := make(map[string]any, len(x.vals))
		for k, e := range x.vals {
			m[k] = plainJSON(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = plainJSON(e)
		}
	}
	return v
}
