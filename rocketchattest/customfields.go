package rocketchattest

import (
	"slices"
	"strings"
)

// CustomField is a livechat custom field of the workspace, as an admin
// defines it under Omnichannel > Custom Fields. The fake has none until a
// test adds them with [Server.AddCustomField]; they decide what
// livechat/visitors.search searches, which custom fields contacts accept,
// and which ones livechat/room.saveInfo saves on the visitor and the room.
type CustomField struct {
	// ID is the field's id, the key of its values.
	ID string
	// Label is the field's name shown to agents; errors name it.
	Label string
	// Scope is "visitor" or "room"; contacts and visitor searches use the
	// visitor fields only, room.saveInfo each scope's for its side.
	Scope string
	// Searchable makes livechat/visitors.search match the field's values.
	Searchable bool
	// Required refuses a contact without a value for the field.
	Required bool
	// Regexp, if set, is the pattern a value must match: a JavaScript
	// regular expression, without flags.
	Regexp string
	// Hidden hides the field; contacts do not accept it.
	Hidden bool
}

// AddCustomField defines a custom field, replacing the one with the same ID.
func (s *Server) AddCustomField(f CustomField) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.customFields = slices.DeleteFunc(s.customFields, func(g CustomField) bool { return g.ID == f.ID })
	s.customFields = append(s.customFields, f)
}

// allowedCustomFieldsLocked is getAllowedCustomFields: the visitor fields
// that are not hidden. s.mu must be held.
func (s *Server) allowedCustomFieldsLocked() []CustomField {
	var out []CustomField
	for _, f := range s.customFields {
		if f.Scope == "visitor" && !f.Hidden {
			out = append(out, f)
		}
	}
	return out
}

// searchableFieldsLocked are the ids of the searchable visitor fields.
// s.mu must be held.
func (s *Server) searchableFieldsLocked() []string {
	var out []string
	for _, f := range s.customFields {
		if f.Scope == "visitor" && f.Searchable {
			out = append(out, f.ID)
		}
	}
	return out
}

// validateCustomFields is the server's validateCustomFields: each allowed
// field's value trimmed, required fields present and non-blank, values
// matching their pattern (new RegExp(regexp), without flags: V8's
// SyntaxError for a pattern JavaScript refuses, the fake's own refusal for
// one Go cannot run), and (unless ignoreAdditional) no key outside the
// allowed fields. It returns the valid values, or the error text the route
// answers.
func validateCustomFields(allowed []CustomField, values map[string]any, ignoreAdditional bool) (map[string]any, string) {
	valid := map[string]any{}
	for _, f := range allowed {
		name := firstNonEmpty(f.Label, f.ID)
		raw, given := values[f.ID]
		str, isStr := raw.(string)
		str = strings.TrimSpace(str)
		if !given || !isStr || str == "" {
			if f.Required {
				return nil, "Invalid value for " + name + " field"
			}
			continue
		}
		if f.Regexp != "" {
			re, syntaxErr, err := jsRegExpFlags(f.Regexp, "")
			switch {
			case err != nil:
				return nil, err.Error()
			case syntaxErr != "":
				return nil, syntaxErr
			case !re.MatchString(str):
				return nil, "Invalid value for " + name + " field"
			}
		}
		valid[f.ID] = str
	}
	if !ignoreAdditional {
		for k := range values {
			if !slices.ContainsFunc(allowed, func(f CustomField) bool { return f.ID == k }) {
				// The text of i18n's error-custom-field-not-allowed: the
				// key itself, as the server's English strings lack it.
				return nil, "error-custom-field-not-allowed"
			}
		}
	}
	return valid, ""
}
