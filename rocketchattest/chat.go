package rocketchattest

import (
	"net/http"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// RouteChatSendMessage is the route agents and bots write with.
const RouteChatSendMessage = "POST /api/v1/chat.sendMessage"

// sendMessageBody is isChatSendMessageProps.
var sendMessageBody = objectBody([]string{"message"},
	prop("message", &bodySchema{typ: "object", additional: true, props: []bodyProp{
		prop("_id", strBody().orNull()), prop("rid", strBody()), prop("tmid", strBody().orNull()),
		prop("msg", strBody().orNull()), prop("alias", strBody().orNull()), prop("emoji", strBody().orNull()),
		prop("tshow", boolBody().orNull()), prop("avatar", strBody().orNull()),
		prop("attachments", arrayBody(&bodySchema{typ: "object"}).orNull()),
		prop("blocks", arrayBody(&bodySchema{typ: "object"}).orNull()),
		prop("customFields", (&bodySchema{typ: "object"}).orNull()),
	}}),
	prop("previewUrls", arrayBody(strBody()).orNull()),
)

var chatRoutes = []*route{
	newRoute(RouteChatSendMessage, (*Server).chatSendMessage, authRequired(), withJSONBody(sendMessageBody, legacyQuery)),
}

// chatSendMessage serves chat.sendMessage for livechat rooms: the message
// of the agent serving the room (or of a user who may open every livechat
// room), with the room's response metrics. Other rooms are not modelled.
func (s *Server) chatSendMessage(c *call) *response {
	msg, _ := c.bodyMap["message"].(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	m, resp := s.sendChatMessageLocked(c.user, mapString(msg, "rid"), mapString(msg, "_id"), mapString(msg, "msg"), nowMillis(c.now))
	if resp != nil {
		return resp
	}
	return jsonResponse(http.StatusOK, struct {
		Message *models.Message `json:"message"`
		Success bool            `json:"success"`
	}{m, true})
}

// sendChatMessageLocked is executeSendMessage in a livechat room:
// canSendMessage (the room opens to the user, and is open), then the
// message.
func (s *Server) sendChatMessageLocked(u *userEntry, rid, id, text string, now time.Time) (*models.Message, *response) {
	if rid == "" {
		return nil, failure("The 'rid' property on the message object is missing.", "", nil)
	}
	st := s.rooms.get(rid)
	if st == nil || !s.canAccessRoomLocked(u, st) {
		return nil, meteorFailure("error-not-allowed", "Not allowed", map[string]string{"method": "canSendMessage"})
	}
	r := s.loadRoomLocked(rid)
	if !r.Open {
		return nil, meteorFailure("error-not-allowed", "Not allowed", map[string]string{"method": "canSendMessage"})
	}
	if id != "" && s.messages.byID[id] != nil {
		// sendMessage inserts nothing for a taken id and the route then
		// fails on the missing message.
		return nil, failure("Cannot read properties of undefined (reading 'u')", "", nil)
	}
	return s.agentMessageLocked(r, u, id, text, now), nil
}
