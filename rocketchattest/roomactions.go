package rocketchattest

import (
	"net/http"
	"strings"

	"github.com/rocketchat-go/rocketchat/models"
)

// Route names of the routes that act on a livechat room.
const (
	RouteRoomForward         = "POST /api/v1/livechat/room.forward"
	RouteRoomCloseByUser     = "POST /api/v1/livechat/room.closeByUser"
	RouteRoomSaveInfo        = "POST /api/v1/livechat/room.saveInfo"
	RouteRoomJoin            = "GET /api/v1/livechat/room.join"
	RouteRoomOnHold          = "POST /api/v1/livechat/room.onHold"
	RouteRoomResumeOnHold    = "POST /api/v1/livechat/room.resumeOnHold"
	RouteTranscriptRequest   = "POST /api/v1/livechat/transcript/{rid}"
	RouteTranscriptUnrequest = "DELETE /api/v1/livechat/transcript/{rid}"
)

var (
	// forwardBody is isLiveChatRoomForwardProps.
	forwardBody = objectBody([]string{"roomId"}, prop("roomId", strBody()), prop("userId", strBody().orNull()),
		prop("departmentId", strBody().orNull()), prop("comment", strBody().orNull()), prop("clientAction", boolBody().orNull()))
	// closeByUserBody is isPOSTLivechatRoomCloseByUserParams.
	closeByUserBody = objectBody([]string{"rid"}, prop("rid", strBody()), prop("comment", strBody().orNull()),
		prop("tags", arrayBody(strBody()).orNull()), prop("generateTranscriptPdf", boolBody().orNull()),
		prop("transcriptEmail", objectBody([]string{"sendToVisitor"}, prop("sendToVisitor", boolBody()),
			prop("requestData", objectBody([]string{"email", "subject"}, prop("email", strBody()), prop("subject", strBody()))))),
		prop("forceClose", boolBody()))
	// roomIDBody is isLivechatRoomOnHoldProps and isLivechatRoomResumeOnHoldProps.
	roomIDBody = objectBody([]string{"roomId"}, prop("roomId", strBody()))
	// roomJoinQuery is isLiveChatRoomJoinProps.
	roomJoinQuery = &querySchema{props: []queryProp{{"roomId", stringParam()}}, required: []string{"roomId"}}
	// transcriptRequestBody is isPOSTLivechatTranscriptRequestParams.
	transcriptRequestBody = objectBody([]string{"email", "subject"}, prop("email", strBody()), prop("subject", strBody()))
)

var roomActionRoutes = []*route{
	newRoute(RouteRoomForward, (*Server).forwardRoom, needsPermission(permViewLivechatRoom),
		requiresAlso(permTransferGuest), withJSONBody(forwardBody, legacyQuery)),
	newRoute(RouteRoomCloseByUser, (*Server).closeByUser, needsPermission(permCloseRoom), withJSONBody(closeByUserBody, legacyQuery)),
	newRoute(RouteRoomSaveInfo, (*Server).saveRoomInfo, needsPermission(permViewLivechatRoom), withJSONBody(saveInfoBody, legacyQuery)),
	newRoute(RouteRoomJoin, (*Server).joinRoom, needsPermission(permViewLivechatRoom), withQuery(roomJoinQuery, legacyQuery)),
	newRoute(RouteRoomOnHold, (*Server).placeOnHold, needsPermission(permOnHold), withJSONBody(roomIDBody, legacyQuery)),
	newRoute(RouteRoomResumeOnHold, (*Server).resumeOnHold, needsPermission(permViewLivechatRoom), withJSONBody(roomIDBody, legacyQuery)),
	newRoute(RouteTranscriptRequest, (*Server).requestTranscript, needsPermission(permSendTranscript),
		withJSONBody(transcriptRequestBody, typedQuery)),
	newRoute(RouteTranscriptUnrequest, (*Server).unrequestTranscript, needsPermission(permSendTranscript)),
}

// ok is the answer of an action: {"success":true}.
func ok() *response { return jsonResponse(http.StatusOK, errorBody{Success: true}) }

func mapString(b map[string]any, k string) string { v, _ := b[k].(string); return v }

// forwardRoom serves livechat/room.forward.
func (s *Server) forwardRoom(c *call) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.loadRoomLocked(mapString(c.bodyMap, "roomId"))
	switch {
	case r == nil || r.Type != models.RoomTypeLivechat:
		return failure("error-invalid-room", "", nil)
	case !r.Open:
		return failure("This_conversation_is_already_closed", "", nil)
	case s.guestByIDLocked(r.Visitor.ID) == nil:
		return failure("error-invalid-visitor", "", nil)
	}
	f := forwardRequest{room: r, by: c.user, toAgent: mapString(c.bodyMap, "userId"), toDept: mapString(c.bodyMap, "departmentId"),
		comment: mapString(c.bodyMap, "comment"), override: r.ServedBy.ID == c.user.ID}
	if resp := s.forwardLocked(f, nowMillis(c.now)); resp != nil {
		return resp
	}
	return ok()
}

// closeByUser serves livechat/room.closeByUser (closeLivechatRoom, then
// closeRoom's checks and effects).
func (s *Server) closeByUser(c *call) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.loadRoomLocked(mapString(c.bodyMap, "rid"))
	force, _ := c.bodyMap["forceClose"].(bool)
	force = force && s.settingBool("Omnichannel_allow_force_close_conversations")
	switch {
	case r == nil:
		return failure("error-invalid-room", "", nil)
	case !s.subscribedLocked(r.ID, c.user.ID) && !s.hasPermissionLocked(c.user, permCloseOthers):
		return failure("error-not-authorized", "", nil)
	case !force && !r.Open:
		return failure("error-room-already-closed", "", nil)
	case r.Type != models.RoomTypeLivechat || !r.Open:
		return failure("error-room-closed", "", nil)
	}
	comment := mapString(c.bodyMap, "comment")
	var tags []string
	if list, ok := c.bodyMap["tags"].([]any); ok {
		for _, t := range list {
			tags = append(tags, t.(string))
		}
	}
	if s.settingBool("Livechat_request_comment_when_closing_conversation") && strings.TrimSpace(comment) == "" {
		return failure("error-comment-is-required", "", nil)
	}
	if d := s.omni.departments[r.DepartmentID]; d != nil && d.RequestTagBeforeClosingChat && len(d.ChatClosingTags) > 0 && len(tags) == 0 {
		return failure("error-tags-must-be-assigned-before-closing-chat", "", nil)
	}
	_, transcript := c.bodyMap["transcriptEmail"]
	s.closeRoomLocked(r, closing{user: c.user, comment: comment, tags: tags, transcript: transcript}, nowMillis(c.now))
	return ok()
}

// joinRoom serves livechat/room.join: the caller gets a subscription, counted
// in the room's usersCount, and a user-joined message.
func (s *Server) joinRoom(c *call) *response {
	rid, _ := c.query.vals["roomId"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.loadRoomLocked(rid)
	switch {
	case r == nil:
		return failure("error-invalid-room", "", nil)
	case !r.Open:
		return failure("room-closed", "", nil)
	case !s.canAccessRoomLocked(c.user, s.rooms.get(rid)):
		return failure("error-not-allowed", "", nil)
	}
	if !s.subscribedLocked(rid, c.user.ID) {
		s.subscribeLocked(rid, c.user.ID)
		r.UsersCount++ // addUserToRoom
		s.saveRoomLocked(r)
		s.systemMessageLocked(rid, "uj", c.user.Username, authorRef(c.user), nowMillis(c.now), nil)
	}
	return ok()
}

// requestTranscript serves POST livechat/transcript/{rid}: the room keeps
// the request, and the transcript is "e-mailed" when it closes (see
// [Server.TranscriptEmails]).
func (s *Server) requestTranscript(c *call) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.loadRoomLocked(c.params["rid"])
	switch {
	case r == nil || !r.Open:
		return meteorFailure("error-invalid-room", "Invalid room", nil)
	case r.TranscriptRequest != nil:
		return meteorFailure("error-transcript-already-requested", "Transcript already requested", nil)
	}
	now := nowMillis(c.now)
	r.TranscriptRequest = &models.TranscriptRequest{Email: mapString(c.bodyMap, "email"), Subject: mapString(c.bodyMap, "subject"),
		RequestedAt: now, RequestedBy: authorRef(c.user)}
	r.UpdatedAt = now
	s.saveRoomLocked(r)
	return ok()
}

// unrequestTranscript serves DELETE livechat/transcript/{rid}.
func (s *Server) unrequestTranscript(c *call) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.loadRoomLocked(c.params["rid"])
	switch {
	case r == nil || !r.Open:
		return meteorFailure("error-invalid-room", "Invalid room", nil)
	case r.TranscriptRequest == nil:
		return meteorFailure("error-transcript-not-requested", "Transcript not requested", nil)
	}
	r.TranscriptRequest, r.UpdatedAt = nil, nowMillis(c.now)
	s.saveRoomLocked(r)
	return ok()
}
