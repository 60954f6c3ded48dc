package rocketchattest

import (
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// A route's query is validated as the server does: the parsed query (see
// parseQS) against the route's schema from @rocket.chat/rest-typings, with
// the ajvQuery instance of its dist/v1/Ajv.js: Ajv's 2020 draft,
// coerceTypes "array", allErrors off. Ajv coerces values in place (strings
// to numbers, booleans and null; lone values to arrays and one-element arrays
// to their element) and reports the first error, or for anyOf the first error
// of every branch. With the 2020 draft Ajv evaluates every anyOf branch even
// after one passed, so each branch's coercion applies in turn.
//
// Releases before 8.0 compiled every schema with one ajv, coerceTypes true
// and without the isNotEmpty keyword: no value turns into an array or out of
// one ("agents=abc" is "must be array", "count[]=5" "must be number"), and
// a blank string passes. The schemas themselves are 8.8.1's on every
// version.

// querySchema is the schema of a route's query, or of a body: an object
// schema, or a oneOf of object schemas.
type querySchema struct {
	props           []queryProp
	required        []string
	allowAdditional bool           // additionalProperties is false unless set
	oneOf           []*querySchema // when set, the query must match exactly one
}

type queryProp struct {
	name   string
	schema *valueSchema
}

// valueSchema is the schema of one value: a type (number, integer, string,
// boolean, array, object) that may be nullable, array items, anyOf branches
// and an enum.
type valueSchema struct {
	typ      string
	nullable bool
	items    *valueSchema
	anyOf    []*valueSchema
	enum     []string
	format   string // "basic_email"
	notEmpty bool   // the isNotEmpty keyword: a string with a non-blank trim()
	unique   bool   // uniqueItems
}

func numberParam() *valueSchema  { return &valueSchema{typ: "number"} }
func stringParam() *valueSchema  { return &valueSchema{typ: "string"} }
func booleanParam() *valueSchema { return &valueSchema{typ: "boolean"} }

func arrayParam(items *valueSchema) *valueSchema {
	return &valueSchema{typ: "array", items: items}
}

func anyOfParam(branches ...*valueSchema) *valueSchema {
	return &valueSchema{anyOf: branches}
}

// orNull returns a nullable copy (nullable: true).
func (s *valueSchema) orNull() *valueSchema {
	c := *s
	c.nullable = true
	return &c
}

// oneOfValues returns a copy with an enum.
func (s *valueSchema) oneOfValues(vals ...string) *valueSchema {
	c := *s
	c.enum = vals
	return &c
}

// pagedQuery is the schema of count, offset and sort, which every paged
// route's schema starts with.
func pagedQuery(extra ...queryProp) *querySchema {
	return &querySchema{props: append([]queryProp{
		{"count", numberParam().orNull()},
		{"offset", numberParam().orNull()},
		{"sort", stringParam().orNull()},
	}, extra...)}
}

// validate checks q in place as the release v does and returns Ajv's error
// messages, nil if valid.
func (qs *querySchema) validate(q *jsObject, v serverVersion) []string {
	return qs.check(&validator{arrays: v.major >= 8, notEmpty: v.major >= 8}, q)
}

// check validates q with v's coercion: a oneOf reports the errors of every
// branch, then its own.
func (qs *querySchema) check(v *validator, q *jsObject) []string {
	if len(qs.oneOf) > 0 {
		var errs []string
		passed := 0
		for _, b := range qs.oneOf {
			e := b.check(&validator{arrays: v.arrays, notEmpty: v.notEmpty}, q)
			if e == nil {
				passed++
			}
			errs = append(errs, e...)
		}
		if passed == 1 {
			return nil
		}
		return append(errs, "must match exactly one schema in oneOf")
	}
	for _, name := range qs.required {
		if _, ok := q.get(name); !ok {
			return []string{"must have required property '" + name + "'"}
		}
	}
	if !qs.allowAdditional {
		for _, k := range q.ordered() {
			if !slices.ContainsFunc(qs.props, func(p queryProp) bool { return p.name == k }) {
				return []string{"must NOT have additional properties"}
			}
		}
	}
	for _, p := range qs.props {
		data, ok := q.get(p.name)
		if !ok {
			continue
		}
		data, valid := v.value(p.schema, data)
		q.vals[p.name] = data
		if !valid {
			return v.errs
		}
	}
	return nil
}

// validator collects Ajv's errors. arrays selects ajvQuery's coercion
// (coerceTypes "array": lone values become arrays and one-element arrays
// their element) over coerceTypes true; notEmpty knows the isNotEmpty
// keyword.
type validator struct {
	errs     []string
	arrays   bool
	notEmpty bool
}

// value validates one value and returns it, coerced.
func (v *validator) value(s *valueSchema, data any) (any, bool) {
	orig := data
	if s.typ != "" {
		types := []string{s.typ}
		if s.nullable {
			types = append(types, "null")
		}
		if !hasType(types, data) {
			coerced, ok := coerce(types, data, v.arrays)
			if !ok {
				v.errs = append(v.errs, "must be "+s.typ)
				return orig, false
			}
			data = coerced
		}
	}
	if len(s.anyOf) > 0 {
		before, valid := len(v.errs), false
		for _, b := range s.anyOf {
			var ok bool
			data, ok = v.value(b, data)
			valid = valid || ok
		}
		if !valid {
			v.errs = append(v.errs, "must match a schema in anyOf")
			return data, false
		}
		v.errs = v.errs[:before]
	}
	if s.enum != nil {
		if str, ok := data.(string); !ok || !slices.Contains(s.enum, str) {
			v.errs = append(v.errs, "must be equal to one of the allowed values")
			return data, false
		}
	}
	if arr, ok := data.([]any); ok && s.items != nil {
		for i, e := range arr {
			var valid bool
			if arr[i], valid = v.value(s.items, e); !valid {
				return data, false
			}
		}
	}
	if msg := s.keywords(data, v.notEmpty); msg != "" {
		v.errs = append(v.errs, msg)
		return data, false
	}
	return data, true
}

// keywords checks format, isNotEmpty (when the ajv knows it) and
// uniqueItems, in Ajv's order.
func (s *valueSchema) keywords(data any, notEmpty bool) string {
	str, isStr := data.(string)
	if s.format == "basic_email" && isStr && !basicEmail.MatchString(str) {
		return `must match format "basic_email"`
	}
	if s.notEmpty && notEmpty && isStr && strings.Trim(str, jsWhitespace) == "" {
		return `must pass "isNotEmpty" keyword validation`
	}
	if arr, ok := data.([]any); ok && s.unique {
		return duplicateItems(arr)
	}
	return ""
}

// duplicateItems is uniqueItems' message for an array of scalars, or "".
// Ajv walks from the end and names the later item first.
func duplicateItems(arr []any) string {
	seen := map[string]int{}
	for i := len(arr) - 1; i >= 0; i-- {
		key := fmt.Sprintf("%T:%v", arr[i], arr[i])
		if j, dup := seen[key]; dup {
			return fmt.Sprintf("must NOT have duplicate items (items ## %d and %d are identical)", j, i)
		}
		seen[key] = i
	}
	return ""
}

// basicEmail is rest-typings' basic_email format.
var basicEmail = regexp.MustCompile(`^[^@]+@[^@]+$`)

// jsonType is the JSON type of a value; numbers must be finite (Ajv's
// strictNumbers).
func jsonType(data any) string {
	switch x := data.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return "number"
	case []any:
		return "array"
	case *jsObject:
		return "object"
	}
	return ""
}

func hasType(types []string, data any) bool {
	t := jsonType(data)
	for _, want := range types {
		if want == t || (want == "integer" && t == "number" && data.(float64) == math.Trunc(data.(float64))) {
			return true
		}
	}
	return false
}

// coerce is Ajv's coerceData with coerceTypes "array": unwrap a one-element
// array, then try each type in order. Ajv's check of the unwrapped value
// requires it to be of every type at once, so with a nullable type only a
// coercion can accept it: ["x"] passes as a string, not as a nullable one.
func coerce(types []string, data any, arrays bool) (any, bool) {
	if arr, ok := data.([]any); ok && len(arr) == 1 && arrays {
		data = arr[0]
		if len(types) == 1 && hasType(types, data) {
			return data, true
		}
	}
	for _, t := range types {
		if t == "array" && !arrays {
			continue
		}
		if c, ok := coerceTo(t, data); ok {
			return c, true
		}
	}
	return data, false
}

func coerceTo(t string, data any) (any, bool) {
	switch t {
	case "string":
		switch x := data.(type) {
		case float64:
			return jsNumberString(x), true
		case bool:
			return map[bool]string{true: "true", false: "false"}[x], true
		case nil:
			return "", true
		}
	case "number", "integer":
		return coerceNumber(t, data)
	case "boolean":
		switch data {
		case "false", 0.0, nil:
			return false, true
		case "true", 1.0:
			return true, true
		}
	case "null":
		switch data {
		case "", 0.0, false:
			return nil, true
		}
	case "array":
		switch data.(type) {
		case string, float64, bool, nil:
			return []any{data}, true
		}
	}
	return nil, false
}

func coerceNumber(t string, data any) (any, bool) {
	switch x := data.(type) {
	case bool:
		if x {
			return 1.0, true
		}
		return 0.0, true
	case nil:
		return 0.0, true
	case string:
		f := jsToNumber(x)
		if x == "" || math.IsNaN(f) {
			return nil, false
		}
		if t == "integer" && math.Mod(f, 1) != 0 && !math.IsNaN(math.Mod(f, 1)) {
			return nil, false
		}
		return f, true
	}
	return nil, false
}

// invalidParams is the answer of a route validated by the legacy addRoute
// (validateParams): a Meteor.Error('invalid-params', messages joined by
// "\n ").
func invalidParams(msgs []string) *response {
	return meteorFailure("invalid-params", strings.Join(msgs, "\n "), nil)
}

// typedInvalidParamsBody is the router's answer for a typed route's query
// (options.query): errorType before error, no code in brackets.
type typedInvalidParamsBody struct {
	Success   bool   `json:"success"`
	ErrorType string `json:"errorType"`
	Error     string `json:"error"`
}

func typedInvalidParams(msgs []string) *response {
	return jsonResponse(http.StatusBadRequest, typedInvalidParamsBody{ErrorType: "error-invalid-params", Error: strings.Join(msgs, "\n")})
}

// invalidQuery is the router's answer when qs refuses the query string (more
// than 1000 pairs or an array of more than 500 elements).
func invalidQuery() *response {
	return jsonResponse(http.StatusBadRequest, errorBody{Error: "Invalid query parameters"})
}
