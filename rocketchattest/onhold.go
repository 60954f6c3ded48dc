package rocketchattest

import (
	"github.com/rocketchat-go/rocketchat/models"
)

// The on-hold routes are Enterprise ones (livechat-enterprise licence);
// the fake serves them as a licensed server does.

// placeOnHold serves livechat/room.onHold (placeRoomOnHold): a served room
// whose visitor did not write last is put on hold.
func (s *Server) placeOnHold(c *call) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, resp := s.onHoldRoomLocked(c, permOnHoldOthers)
	if resp != nil {
		return resp
	}
	switch {
	case !r.Open:
		return failure("error-room-already-closed", "", nil)
	case r.OnHold:
		return failure("error-room-is-already-on-hold", "", nil)
	case r.LastMessage != nil && r.LastMessage.Token != "":
		return failure("error-contact-sent-last-message-so-cannot-place-on-hold", "", nil)
	case r.ServedBy.ID == "":
		return failure("error-unserved-rooms-cannot-be-placed-onhold", "", nil)
	}
	now := nowMillis(c.now)
	r.OnHold, r.UpdatedAt = true, now
	s.saveRoomLocked(r)
	s.systemMessageLocked(r.ID, "omnichannel_placed_chat_on_hold", "", authorRef(c.user), now, func(m *models.Message) {
		m.Unknown = commentMember("The chat was manually placed On Hold by " + displayName(c.user))
	})
	return ok()
}

// resumeOnHold serves livechat/room.resumeOnHold: the serving agent keeps
// the room (the fake models no limit on their chats).
func (s *Server) resumeOnHold(c *call) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, resp := s.onHoldRoomLocked(c, permOnHoldOthers)
	if resp != nil {
		return resp
	}
	switch {
	case !r.Open:
		return failure("This_conversation_is_already_closed", "", nil)
	case !r.OnHold:
		return failure("error-room-not-on-hold", "", nil)
	case r.ServedBy.ID == "":
		return failure("error-room-not-served", "", nil)
	case s.omni.inquiries[r.ID] == nil:
		return failure("error-invalid-inquiry", "", nil)
	}
	now := nowMillis(c.now)
	r.OnHold, r.UpdatedAt = false, now
	s.saveRoomLocked(r)
	s.systemMessageLocked(r.ID, "omnichannel_on_hold_chat_resumed", "", authorRef(c.user), now, func(m *models.Message) {
		m.Unknown = commentMember("The chat was manually resumed from On Hold by " + displayName(c.user))
	})
	return ok()
}

// onHoldRoomLocked is the on-hold routes' first checks: a livechat room
// the caller is subscribed to, or may act on as holder of others.
func (s *Server) onHoldRoomLocked(c *call, others string) (*models.Room, *response) {
	r := s.loadRoomLocked(mapString(c.bodyMap, "roomId"))
	if r == nil || r.Type != models.RoomTypeLivechat {
		return nil, failure("error-invalid-room", "", nil)
	}
	if !s.subscribedLocked(r.ID, c.user.ID) && !s.hasPermissionLocked(c.user, others) {
		return nil, failure("Not_authorized", "", nil)
	}
	return r, nil
}

// commentMember is a system message's comment member.
func commentMember(text string) []byte { return []byte(`{"comment":` + quote(text) + `}`) }

// displayName is how the server names a user in system messages: the name,
// else @username.
func displayName(u *userEntry) string {
	if u.Name != "" {
		return u.Name
	}
	return "@" + u.Username
}
