package rocketchattest

import (
	"errors"
	"fmt"
	"time"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// Driving the lifecycle from a test: what a widget, an agent or the routing
// would do, without a client. Each helper runs the same code as the route
// that does it, with its checks, and returns the server's refusal as an
// error (its body's text): a driving helper's mistake is the server's
// answer, which a test may want to see. Seeding methods (Add*, Generate*,
// Set* of the server's configuration), which store what they are given,
// fail the test instead (see Server.fail).

// Guest is a visitor to register with [Server.RegisterVisitor] or
// [Server.OpenChat], as POST livechat/visitor takes one. Token is required.
type Guest struct {
	Token      string
	Name       string
	Email      string
	Phone      string
	Username   string
	Department string // a department's id or name
}

// RegisterVisitor registers a visitor, or updates the one with the same
// token, as POST livechat/visitor does, and returns the visitor's record.
func (s *Server) RegisterVisitor(g Guest) (models.Visitor, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, resp := s.registerGuestLocked(registration{token: g.Token, name: g.Name, email: g.Email, phone: g.Phone,
		username: g.Username, department: g.Department}, nowMillis(time.Now()))
	if resp != nil {
		return models.Visitor{}, responseError("RegisterVisitor", resp)
	}
	return *v, nil
}

// OpenChat plays a visitor who opens a conversation: it registers the guest
// (unless its token is known), opens a room as GET livechat/room does, and,
// when text is not empty, sends it as the visitor's first message. The
// routing then queues the room or gives it to an agent (see [WithRouting]).
func (s *Server) OpenChat(g Guest, text string) (*models.Room, error) {
	s.mu.Lock()
	rid, err := s.openChatLocked(g, text)
	s.unlockReplying()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loadRoomLocked(rid), nil
}

// openChatLocked is OpenChat's work; it returns the room's id.
func (s *Server) openChatLocked(g Guest, text string) (string, error) {
	now := nowMillis(time.Now())
	v := s.guestLocked(g.Token)
	if v == nil {
		var resp *response
		if v, resp = s.registerGuestLocked(registration{token: g.Token, name: g.Name, email: g.Email, phone: g.Phone,
			username: g.Username, department: g.Department}, now); resp != nil {
			return "", responseError("OpenChat", resp)
		}
	}
	r := s.openRoomOfLocked(string(v.Token))
	if r == nil {
		var resp *response
		if r, resp = s.newRoomLocked(v, models.Source{Type: models.SourceAPI}, nil, now); resp != nil {
			return "", responseError("OpenChat", resp)
		}
	}
	if text != "" {
		s.visitorMessageLocked(r, v, "", text, now, nil)
	}
	return r.ID, nil
}

// VisitorSay plays the visitor of an open room sending a message.
func (s *Server) VisitorSay(roomID, text string) (*models.Message, error) {
	s.mu.Lock()
	defer s.unlockReplying()
	r := s.loadRoomLocked(roomID)
	if r == nil || !r.Open || r.Type != models.RoomTypeLivechat {
		return nil, fmt.Errorf("rocketchattest: VisitorSay: no open livechat room %q", roomID)
	}
	v := s.guestLocked(string(r.Visitor.Token))
	if v == nil {
		return nil, fmt.Errorf("rocketchattest: VisitorSay: room %q has no registered visitor", roomID)
	}
	m, _ := s.visitorMessageLocked(r, v, "", text, nowMillis(time.Now()), nil)
	return m, nil
}

// AgentReply plays an agent answering in an open room, as chat.sendMessage
// does: the agent must be able to send there (serving the room, or holding
// view-livechat-rooms).
func (s *Server) AgentReply(roomID, agentID, text string) (*models.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[agentID]
	if u == nil {
		return nil, fmt.Errorf("rocketchattest: AgentReply: no user %q", agentID)
	}
	m, resp := s.sendChatMessageLocked(u, roomID, "", text, nowMillis(time.Now()))
	if resp != nil {
		return nil, responseError("AgentReply", resp)
	}
	return m, nil
}

// TakeChat plays an agent taking a room's inquiry, as POST
// livechat/inquiries.take does.
func (s *Server) TakeChat(roomID, agentID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	inq := s.omni.inquiries[roomID]
	if inq == nil {
		return fmt.Errorf("rocketchattest: TakeChat: room %q has no inquiry", roomID)
	}
	if resp := s.takeInquiryLocked(agentID, inq.ID, nowMillis(time.Now())); resp != nil {
		return responseError("TakeChat", resp)
	}
	return nil
}

// ChatRoom returns a copy of a stored livechat room as the server holds it
// now.
func (s *Server) ChatRoom(roomID string) (models.Room, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.loadRoomLocked(roomID)
	if r == nil {
		return models.Room{}, false
	}
	return *r, true
}

// Inquiry returns a copy of the inquiry of an open room: its place in the
// queue.
func (s *Server) Inquiry(roomID string) (models.Inquiry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inq := s.omni.inquiries[roomID]
	if inq == nil {
		return models.Inquiry{}, false
	}
	return *inq, true
}

// VisitorByToken returns a copy of the record of the visitor registered with
// a token; [Server.Visitor] finds one by id.
func (s *Server) VisitorByToken(token string) (models.Visitor, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.guestLocked(token)
	if v == nil {
		return models.Visitor{}, false
	}
	return *v, true
}

// SetAgentStatus sets an agent's omnichannel availability as the agent's
// own POST livechat/agent.status does: [models.AgentAvailable] or
// [models.AgentNotAvailable], or "" to toggle it. A user who is not an
// agent is the route's 404 (Agent not found), an error.
func (s *Server) SetAgentStatus(userID string, status models.AgentStatus) error {
	if status != "" && status != models.AgentAvailable && status != models.AgentNotAvailable {
		return fmt.Errorf("rocketchattest: SetAgentStatus: status %q is not available or not-available", status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	self := s.users[userID]
	if self == nil {
		self = &userEntry{User: User{ID: userID}}
	}
	if resp := s.setAgentStatusLocked(self, userID, status); resp.status != 200 {
		return responseError("SetAgentStatus", resp)
	}
	return nil
}

// decodeStored decodes a stored message.
func decodeStored(st *storedMessage) *models.Message {
	m := new(models.Message)
	if jsonx.Unmarshal(st.raw, m) != nil {
		return nil
	}
	return m
}

// responseError turns a refusal into an error for a driving helper.
func responseError(helper string, resp *response) error {
	return errors.New("rocketchattest: " + helper + ": " + string(resp.body))
}
