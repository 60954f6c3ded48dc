package rocketchattest

import (
	"maps"
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

// saveRoomInfo serves livechat/room.saveInfo: the visitor's name, e-mail
// address, phone and custom fields, and the room's topic, tags and custom
// fields. Custom fields are saved as given (their definitions are not
// modelled), only for holders of edit-livechat-room-customfields.
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
		return jsonResponse(403, errorBody{Error: "unauthorized"})
	}
	v := s.guestByIDLocked(mapString(guest, "_id"))
	if v == nil {
		// saveGuest throws a plain error, whose undefined .error the
		// route rethrows: an empty message.
		return rawJSONResponse(400, []byte(`{"success":false,"error":""}`))
	}
	fields := s.hasPermissionLocked(c.user, permEditRoomCustomFields)
	s.saveGuestLocked(v, guest, r.SMS != nil, fields)
	if name := strings.TrimSpace(mapString(guest, "name")); name != "" {
		r.FName = name
		if inq := s.omni.inquiries[r.ID]; inq != nil {
			inq.Name = name
		}
	}
	if topic, ok := data["topic"].(string); ok {
		r.Topic = topic
	}
	if tags, ok := data["tags"].([]any); ok {
		r.Tags = make([]string, 0, len(tags))
		for _, t := range tags {
			r.Tags = append(r.Tags, t.(string))
		}
	}
	if lc, ok := data["livechatData"].(map[string]any); ok && fields {
		if r.LivechatData == nil {
			r.LivechatData = map[string]any{}
		}
		maps.Copy(r.LivechatData, lc)
	}
	r.UpdatedAt = nowMillis(c.now)
	s.saveRoomLocked(r)
	if !r.Open {
		s.emitLocked(Event{Type: EventRoomEdited, RoomID: r.ID, Time: r.UpdatedAt})
	}
	return ok()
}

// saveGuestLocked updates a visitor's record from saveInfo's guestData.
func (s *Server) saveGuestLocked(v *models.Visitor, guest map[string]any, sms, fields bool) {
	if name := strings.TrimSpace(mapString(guest, "name")); name != "" {
		v.Name = name
	}
	if email := strings.TrimSpace(mapString(guest, "email")); email != "" {
		v.Emails = []models.EmailAddress{{Address: strings.ToLower(email)}}
	}
	if phone := strings.TrimSpace(mapString(guest, "phone")); phone != "" && !sms {
		v.Phones = []models.Phone{{Number: phone}}
	}
	if lc, ok := guest["livechatData"].(map[string]any); ok && fields {
		if v.LivechatData == nil {
			v.LivechatData = map[string]any{}
		}
		for k, val := range lc {
			v.LivechatData[k] = strings.TrimSpace(val.(string))
		}
	}
	_ = s.putVisitorLocked(v)
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
