package rocketchattest

import "slices"

// readableRoomLocked is the gate of the routes that read a livechat room
// the user names: the room, or invalid-room when it is not a livechat room
// (t "l"), or denied (the route's own code) when the user may not access it
// ([Server.canAccessRoomLocked]). s.mu must be held.
func (s *Server) readableRoomLocked(c *call, id, denied string) (*storedRoom, *response) {
	room := s.rooms.get(id)
	if room == nil || room.doc["t"] != "l" {
		return nil, failure("invalid-room", "", nil)
	}
	if !s.canAccessRoomLocked(c.user, room) {
		return nil, failure(denied, "", nil)
	}
	return room, nil
}

// canAccessRoomLocked is the server's access check for an omnichannel room
// (canAccessRoomLivechat and the validators of
// apps/meteor/app/livechat/server/roomAccessValidator.compatibility.ts). The
// room must be a livechat room (t "l" or "v"); then any one of these opens it:
//
//   - the permission view-livechat-rooms (admin, livechat-manager and
//     livechat-monitor by default);
//   - serving it (servedBy._id is the user);
//   - having joined it (a subscription: serving it, or livechat/room.join)
//     and holding view-joined-room or view-l-room (the Authorization
//     service's _validateIfAlreadyJoined, which runs for every room type);
//   - for a closed room, view-livechat-room-closed-by-another-agent (same
//     default roles);
//   - for a closed room of a department the user is an agent of
//     ([Department.Agents], [User.Departments]),
//     view-livechat-room-closed-same-department (same default roles);
//   - being rocket.cat.
//
// Not modelled: the visitor-token validator (the widget's routes check the
// token themselves), and the queued inquiry a user may preview under the
// Manual_Selection routing method.
//
// s.mu must be held.
func (s *Server) canAccessRoomLocked(u *userEntry, room *storedRoom) bool {
	t, _ := room.doc["t"].(string)
	if t != "l" && t != "v" {
		return false
	}
	if s.hasPermissionLocked(u, permViewLivechatRooms) {
		return true
	}
	if s.subscribedLocked(room.id, u.ID) && (s.hasPermissionLocked(u, "view-joined-room") || s.hasPermissionLocked(u, "view-"+t+"-room")) {
		return true
	}
	open, _ := room.doc["open"].(bool)
	if agent, _ := lookup(room.doc, "servedBy._id").(string); agent == u.ID ||
		(!open && s.hasPermissionLocked(u, permClosedByAnotherAgent)) {
		return true
	}
	dept, _ := room.doc["departmentId"].(string)
	if dept != "" && !open && slices.Contains(s.agentDepartmentsLocked(u.ID, false), dept) &&
		s.hasPermissionLocked(u, permClosedSameDepartment) {
		return true
	}
	return u.ID == rocketCatUserID
}
