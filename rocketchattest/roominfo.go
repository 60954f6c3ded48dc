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
	guest, _ := c.body["guestData"].(map[string]any)
	data, _ := c.body["roomData"].(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.loadRoomLocked(bodyString(data, "_id"))
	switch {
	case r == nil || r.Type != models.RoomTypeLivechat:
		return failure("error-invalid-room", "", nil)
	case r.ServedBy.ID != c.user.ID && !s.hasPermissionLocked(c.user, permSaveOthersInfo):
		return jsonResponse(403, errorBody{Error: "unauthorized"})
	}
	v := s.guestByIDLocked(bodyString(guest, "_id"))
	if v == nil {
		// saveGuest throws a plain error, whose undefined .error the
		// route rethrows: an empty message.
		return rawJSONResponse(400, []byte(`{"success":false,"error":""}`))
	}
	fields := s.hasPermissionLocked(c.user, permEditRoomCustomFields)
	s.saveGuestLocked(v, guest, r.SMS != nil, fields)
	if name := strings.TrimSpace(bodyString(guest, "name")); name != "" {
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
	if name := strings.TrimSpace(bodyString(guest, "name")); name != "" {
		v.Name = name
	}
	if email := strings.TrimSpace(bodyString(guest, "email")); email != "" {
		v.Emails = []models.VisitorEmail{{Address: strings.ToLower(email)}}
	}
	if phone := strings.TrimSpace(bodyString(guest, "phone")); phone != "" && !sms {
		v.Phones = []models.VisitorPhone{{PhoneNumber: phone}}
	}
	if lc, ok := guest["livechatData"].(map[string]any); ok && fields {
		if v.LivechatData == nil {
			v.LivechatData = map[string]any{}
		}
		for k, val := range lc {
			v.LivechatData[k] = strings.TrimSpace(val.(string))
		}
	}
}

// guestByIDLocked finds a visitor's record by id: a registered visitor's,
// or one made from a visitor seeded with [Server.AddVisitor].
func (s *Server) guestByIDLocked(id string) *models.Visitor {
	if id == "" {
		return nil
	}
	for _, g := range s.omni.guests {
		if g.ID == id {
			return g
		}
	}
	rv, ok := s.visitors[id]
	if !ok || rv.Token == "" {
		return nil
	}
	g := &models.Visitor{ID: rv.ID, Username: rv.Username, Token: rv.Token, Name: rv.Name, Status: models.UserStatusOnline}
	s.omni.guests[g.Token] = g
	return g
}
