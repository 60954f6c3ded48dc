package rocketchattest

import (
	"fmt"
	"slices"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// SimulateAgent makes the agent answer visitors by itself: it takes every
// conversation queued for it (when it is online and, for a department's
// conversation, in that department) and answers each visitor message in a
// room it serves with reply(text), in the same request; an empty reply says
// nothing. It stands in for a person in examples and tests of the visitor
// side. reply runs without the server's lock, in the goroutine of the
// request or helper that brought the visitor's message, so it may call the
// server's methods. A user who is not an agent is an error.
func (s *Server) SimulateAgent(agentID string, reply func(text string) string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.users[agentID]; u == nil || !slices.Contains(u.Roles, roleAgent) {
		return fmt.Errorf("rocketchattest: SimulateAgent: %q is not an agent", agentID)
	}
	s.omni.simulated = append(s.omni.simulated, simulatedAgent{id: agentID, reply: reply})
	return nil
}

// simulatedAgent is an agent of [Server.SimulateAgent].
type simulatedAgent struct {
	id    string
	reply func(text string) string
}

// pendingReply is a visitor's message a simulated agent is to answer once
// the server's lock is released.
type pendingReply struct {
	roomID, agentID, text string
	reply                 func(text string) string
	at                    time.Time
}

// reactLocked lets the simulated agents act on an event: take a queued
// room, or note a visitor's message to answer (see unlockReplying).
func (s *Server) reactLocked(ev Event) {
	if len(s.omni.simulated) == 0 {
		return
	}
	switch ev.Type {
	case EventSessionQueued:
		inq := s.omni.inquiries[ev.RoomID]
		for _, a := range s.omni.simulated {
			u := s.users[a.id]
			if inq != nil && inq.Status == models.InquiryQueued && s.isOnlineAgentLocked(u) && s.mayServeLocked(u, inq) {
				s.takeLocked(inq, u, ev.Time)
				return
			}
		}
	case EventMessage:
		r := s.loadRoomLocked(ev.RoomID)
		if r == nil || r.LastMessage == nil || r.LastMessage.Token == "" || r.LastMessage.ID != ev.MessageID {
			return // not a visitor's message
		}
		for _, a := range s.omni.simulated {
			if r.ServedBy.ID == a.id {
				s.omni.replies = append(s.omni.replies, pendingReply{roomID: r.ID, agentID: a.id,
					text: r.LastMessage.Text, reply: a.reply, at: ev.Time})
				return
			}
		}
	}
}

// unlockReplying releases s.mu, then has the simulated agents answer the
// visitor messages of the critical section it ends: each reply function
// runs unlocked, and its answer is stored under the lock if the agent
// still serves the open room. Every critical section that can store a
// visitor's message ends with it. s.mu must be held; it is released.
func (s *Server) unlockReplying() {
	for {
		pending := s.omni.replies
		s.omni.replies = nil
		s.mu.Unlock()
		if len(pending) == 0 {
			return
		}
		answers := make([]string, len(pending))
		for i, p := range pending {
			answers[i] = p.reply(p.text)
		}
		s.mu.Lock()
		for i, p := range pending {
			r, u := s.loadRoomLocked(p.roomID), s.users[p.agentID]
			if answers[i] != "" && r != nil && u != nil && r.Open && r.ServedBy.ID == p.agentID {
				s.agentMessageLocked(r, u, "", answers[i], p.at)
			}
		}
	}
}

// mayServeLocked reports whether an agent may take an inquiry: it is meant
// for them, or for nobody and of one of their departments or none.
func (s *Server) mayServeLocked(u *userEntry, inq *models.Inquiry) bool {
	if inq.DefaultAgent != nil {
		return inq.DefaultAgent.AgentID == u.ID
	}
	return inq.Department == "" || slices.Contains(s.agentDepartmentsLocked(u.ID, true), inq.Department)
}
