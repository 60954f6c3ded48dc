package rocketchattest

import (
	"io"
	"net/http"
)

// maxBody is how much of a request body the server reads.
const maxBody = 1 << 20

// readJSONBody parses a request body as the server's router does
// (parseBodyParams): JSON.parse of the text, arrays kept as arrays, and a
// body that is not JSON read as {}.
func readJSONBody(r *http.Request) any {
	if r.Body == nil {
		return newJSObject()
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil || len(b) == 0 {
		return newJSObject()
	}
	v, err := jsJSONParse(string(b))
	if err != nil {
		return newJSObject()
	}
	return v
}

// checkLegacyBody validates a POST route's body as addRoute's
// validateParams does: the body validators' ajv (coerceTypes true, no array
// coercion), a Meteor.Error('invalid-params') on failure. The coerced body
// is kept for the route.
func (s *Server) checkLegacyBody(c *call) *response {
	if c.route.body == nil {
		return nil
	}
	obj, ok := readJSONBody(c.r).(*jsObject)
	if !ok {
		return invalidParams([]string{"must be object"})
	}
	if msgs := c.route.body.check(&validator{notEmpty: true}, obj); msgs != nil {
		return invalidParams(msgs)
	}
	c.body = obj
	return nil
}

// bodyStrings returns the strings of a validated array member, and whether
// the member was given (null counts as not given, as removeEmpty drops it).
func bodyStrings(obj *jsObject, name string) ([]string, bool) {
	v, ok := obj.get(name)
	arr, isArr := v.([]any)
	if !ok || !isArr {
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out, true
}

// bodyString returns a validated string member, and whether it was given
// (not null).
func bodyString(obj *jsObject, name string) (string, bool) {
	v, ok := obj.get(name)
	s, isStr := v.(string)
	return s, ok && isStr
}

// bodyObject returns a validated object member as a map of its values, and
// whether it was given (not null).
func bodyObject(obj *jsObject, name string) (map[string]any, bool) {
	v, ok := obj.get(name)
	o, isObj := v.(*jsObject)
	if !ok || !isObj {
		return nil, false
	}
	out := make(map[string]any, len(o.vals))
	for k, v := range o.vals {
		out[k] = v
	}
	return out, true
}
