package rocketchattest

import (
	"net/http"
	"strconv"
)

// The visitor registration is validated by Meteor's check() instead of a
// schema, with Match's messages: "Match error: Missing key 'visitor'",
// "Match error: Expected string, got number in field visitor.token".

var registrationStrings = []string{"name", "email", "department", "phone", "username", "id"}

// readRegistration reads and checks POST livechat/visitor's body:
// {visitor: Match.ObjectIncluding({token: String, name, email, department,
// phone, username: Match.Maybe(String), customFields:
// Match.Maybe([{key: String, value: String, overwrite: Boolean}])})}.
// It returns the check's message when it fails.
func readRegistration(r *http.Request) (registration, string) {
	var g registration
	body := readJSONMap(r)
	for k := range body {
		if k != "visitor" {
			return g, "Match error: Unknown key in field " + k
		}
	}
	raw, ok := body["visitor"]
	if !ok {
		return g, "Match error: Missing key 'visitor'"
	}
	v, ok := raw.(map[string]any)
	if !ok {
		return g, "Match error: Expected object, got " + jsonTypeName(raw) + " in field visitor"
	}
	tok, ok := v["token"]
	if !ok {
		return g, "Match error: Missing key 'token' in field visitor"
	}
	if g.token, ok = tok.(string); !ok {
		return g, "Match error: Expected string, got " + jsonTypeName(tok) + " in field visitor.token"
	}
	for _, k := range registrationStrings {
		if val, present := v[k]; present && val != nil {
			str, isStr := val.(string)
			if !isStr && k != "id" {
				return g, "Match error: Expected string, got " + jsonTypeName(val) + " in field visitor." + k
			}
			g.set(k, str)
		}
	}
	fields, msg := readCustomFields(v["customFields"])
	g.fields = fields
	return g, msg
}

func (g *registration) set(k, v string) {
	switch k {
	case "name":
		g.name = v
	case "email":
		g.email = v
	case "department":
		g.department = v
	case "phone":
		g.phone = v
	case "username":
		g.username = v
	case "id":
		g.id = v
	}
}

func readCustomFields(raw any) ([]customField, string) {
	if raw == nil {
		return nil, ""
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, "Match error: Expected array, got " + jsonTypeName(raw) + " in field visitor.customFields"
	}
	out := make([]customField, 0, len(list))
	for i, item := range list {
		at := "visitor.customFields[" + strconv.Itoa(i) + "]"
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, "Match error: Expected object, got " + jsonTypeName(item) + " in field " + at
		}
		var f customField
		for _, k := range []string{"key", "value", "overwrite"} {
			val, present := obj[k]
			if !present {
				return nil, "Match error: Missing key '" + k + "' in field " + at
			}
			switch k {
			case "key", "value":
				s, isStr := val.(string)
				if !isStr {
					return nil, "Match error: Expected string, got " + jsonTypeName(val) + " in field " + at + "." + k
				}
				if k == "key" {
					f.key = s
				} else {
					f.value = s
				}
			case "overwrite":
				b, isBool := val.(bool)
				if !isBool {
					return nil, "Match error: Expected boolean, got " + jsonTypeName(val) + " in field " + at + "." + k
				}
				f.overwrite = b
			}
		}
		out = append(out, f)
	}
	return out, ""
}
