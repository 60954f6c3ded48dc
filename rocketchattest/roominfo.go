package rocketchattest

import (
	"maps"
	"slices"
	"strings"

	"github.com/rocketchat-go/rocketchat/models"
)

// saveInfoBody is isLiveChatRoomSaveInfoProps.
var saveInfoBody = objectBody([]string{"guestData", "roomData"},
	prop("guestData", objectBody([]string{"_id"}, prop("_id", strBody()), prop("name", strBody().orNull()),
		prop("email", strBody().orNull()), prop("phone", strBody().orNull()),
		prop("livechatData", (&bodySchema{typ: "object", values: strBody()}).orNull()))),
	prop("roomData", objectBody([]string{"_id"}, prop("_id", strBody()), prop("topic", strBody().orNull()),
		prop("tags", arrayBody(strBody()).orNull()), prop("livechatData", (&bodySchema{typ: "object"}).orNull()),
		prop("priorityId", strBody().orNull()), prop("slaId", strBody().orNull()))),
)

// emptyError is the answer when the route rethrows a plain error's
// undefined .error: an empty message.
func emptyError() *response { return rawJSONResponse(400, []byte(`{"success":false,"error":""}`)) }

// saveRoomInfo serves livechat/room.saveInfo as 8.x does: saveGuest and
// saveRoomInfo run side by side, each saving what it can, and the route
// answers the first refusal, the visitor's before the room's; only a save
// without one fires the callbacks (LivechatEdit for a closed room). The
// visitor's custom fields need edit-livechat-room-customfields, the room's
// do not (saveRoomInfo is called without the user). The visitor's name
// does not rename the room: saveRoomInfo is not given the guest.
// Enterprise's priorityId and slaId are not modelled.
func (s *Server) saveRoomInfo(c *call) *response {
	guest, _ := c.bodyMap["guestData"].(map[string]any)
	data, _ := c.bodyMap["roomData"].(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.loadRoomLocked(mapString(data, "_id"))
	switch {
	case r == nil || r.Type != models.RoomTypeLivechat:
		return failure("error-invalid-room", "", nil)
	case r.ServedBy.ID != c.user.ID && !s.hasPermissionLocked(c.user, permSaveOthersInfo):
		return unauthorized()
	}
	guestErr := s.saveGuestLocked(guest, r.SMS != nil, s.hasPermissionLocked(c.user, permEditRoomCustomFields))
	roomErr := s.saveRoomDataLocked(r, data)
	if roomErr == nil {
		r.UpdatedAt = nowMillis(c.now)
		s.saveRoomLocked(r)
	}
	if guestErr != nil {
		return guestErr
	}
	if roomErr != nil {
		return roomErr
	}
	if !r.Open {
		s.emitLocked(Event{Type: EventRoomEdited, RoomID: r.ID, Time: r.UpdatedAt})
	}
	return ok()
}

// saveGuestLocked is saveGuest and saveGuestById: a name, address or
// number given is trimmed and set, or removed when blank (the phone of an
// SMS room is ignored); the custom fields, for holders of
// edit-livechat-room-customfields, are the visitor-scope ones given,
// checked against their patterns before anything is saved. A refusal is
// a plain error, answered with an empty message.
func (s *Server) saveGuestLocked(guest map[string]any, sms, fields bool) *response {
	v := s.guestByIDLocked(mapString(guest, "_id"))
	if v == nil {
		return emptyError() // error-invalid-visitor
	}
	var values map[string]string
	if lc, ok := guest["livechatData"].(map[string]any); ok && fields && len(lc) > 0 {
		var msg string
		if values, msg = s.customFieldValuesLocked("visitor", lc); msg != "" {
			return emptyError()
		}
	}
	if name, ok := trimmedGiven(guest, "name"); ok {
		v.Name = name
	}
	if email, ok := trimmedGiven(guest, "email"); ok {
		v.Emails = nil
		if email != "" {
			v.Emails = []models.EmailAddress{{Address: email}}
		}
	}
	if phone, ok := trimmedGiven(guest, "phone"); ok && !sms {
		v.Phones = nil
		if phone != "" {
			v.Phones = []models.Phone{{Number: phone}}
		}
	}
	v.LivechatData = setCustomFields(v.LivechatData, values)
	_ = s.putVisitorLocked(v)
	return nil
}

// saveRoomDataLocked is saveRoomInfo and saveRoomById on r: the room-scope
// custom fields given, checked against their patterns first (a refusal
// changes nothing and is answered with its message); a topic given,
// trimmed, or removed when blank; the tags, removed unless some are given.
func (s *Server) saveRoomDataLocked(r *models.Room, data map[string]any) *response {
	var values map[string]string
	if lc, ok := data["livechatData"].(map[string]any); ok && len(lc) > 0 {
		var msg string
		if values, msg = s.customFieldValuesLocked("room", lc); msg != "" {
			return failure(msg, "", nil)
		}
	}
	if topic, ok := data["topic"].(string); ok {
		r.Topic = strings.Trim(topic, jsWhitespace)
	}
	r.Tags = nil
	if tags, ok := data["tags"].([]any); ok && len(tags) > 0 {
		for _, t := range tags {
			r.Tags = append(r.Tags, t.(string))
		}
	}
	r.LivechatData = setCustomFields(r.LivechatData, values)
	return nil
}

// customFieldValuesLocked reads the custom fields of a scope from given
// values, as saveGuest and saveRoomInfo do: each defined field present,
// its value trimmed (trim's String() of anything but a falsy value) and,
// when not empty, matched against the field's pattern (new RegExp(regexp),
// no flags). It returns the values, or the refusal: "Invalid value for
// <label> field", V8's message for a pattern JavaScript refuses, or the
// fake's own for one Go cannot run. s.mu must be held.
func (s *Server) customFieldValuesLocked(scope string, given map[string]any) (map[string]string, string) {
	out := map[string]string{}
	for _, f := range s.customFields {
		raw, ok := given[f.ID]
		if f.Scope != scope || !ok {
			continue
		}
		value := strings.Trim(jsTrimString(raw), jsWhitespace)
		if value != "" && f.Regexp != "" {
			re, syntaxErr, err := jsRegExpFlags(f.Regexp, "")
			switch {
			case err != nil:
				return nil, err.Error()
			case syntaxErr != "":
				return nil, syntaxErr
			case !re.MatchString(value):
				return nil, "Invalid value for " + firstNonEmpty(f.Label, f.ID) + " field"
			}
		}
		out[f.ID] = value
	}
	return out, ""
}

// trimmedGiven returns a member that is a non-empty string, trimmed (and
// maybe blank), as saveGuestById reads name, email and phone.
func trimmedGiven(m map[string]any, key string) (string, bool) {
	v := mapString(m, key)
	return strings.Trim(v, jsWhitespace), v != ""
}

// jsTrimString is what the server's trim() makes of a value before
// trimming it: "" for a falsy one, else String(value).
func jsTrimString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if !x {
			return ""
		}
	case float64:
		if x == 0 || x != x {
			return ""
		}
	}
	return jsString(v)
}

// setCustomFields applies values as saveById does: each set, or removed
// when empty.
func setCustomFields(data map[string]any, values map[string]string) map[string]any {
	for _, k := range slices.Sorted(maps.Keys(values)) {
		if values[k] == "" {
			delete(data, k)
			continue
		}
		if data == nil {
			data = map[string]any{}
		}
		data[k] = values[k]
	}
	return data
}

// guestByIDLocked returns the record of a visitor by id, or nil when
// there is none or it is disabled.
func (s *Server) guestByIDLocked(id string) *models.Visitor {
	v, ok := s.visitorLocked(id)
	if !ok || v.Disabled {
		return nil
	}
	return &v
}
