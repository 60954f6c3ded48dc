package rocketchattest

import (
	"slices"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// isOnlineAgentLocked is Users.findOneOnlineAgentById: a user with the
// livechat-agent role who is available, and online unless the server
// accepts chats with no agents. s.mu must be held.
func (s *Server) isOnlineAgentLocked(u *userEntry) bool {
	if u == nil || !slices.Contains(u.Roles, roleAgent) || u.StatusLivechat != models.AgentAvailable {
		return false
	}
	return u.Status != models.UserStatusOffline || s.settingBool("Livechat_accept_chats_with_no_agents")
}

// onlineAgentsLocked returns the online agents, of a department when dept
// is not empty, in the order they were added.
func (s *Server) onlineAgentsLocked(dept string) []*userEntry {
	var out []*userEntry
	for _, u := range s.usersInOrderLocked() {
		if !s.isOnlineAgentLocked(u) {
			continue
		}
		if dept != "" && !slices.ContainsFunc(s.omni.deptAgents[dept], func(a *models.DepartmentAgent) bool { return a.AgentID == u.ID }) {
			continue
		}
		out = append(out, u)
	}
	return out
}

// usersInOrderLocked returns the users by creation time, then id.
func (s *Server) usersInOrderLocked() []*userEntry {
	out := make([]*userEntry, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b *userEntry) int {
		if c := a.createdAt.Compare(b.createdAt); c != 0 {
			return c
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out
}

// nextAgentLocked is Auto_Selection's getNextAgent: the online agent (of the
// department, if any) with the fewest open conversations, skipping
// exclude; nil when there is none.
func (s *Server) nextAgentLocked(dept, exclude string) *userEntry {
	var best *userEntry
	bestLoad := 0
	for _, u := range s.onlineAgentsLocked(dept) {
		if u.ID == exclude {
			continue
		}
		if load := s.openChatsLocked(u.ID); best == nil || load < bestLoad {
			best, bestLoad = u, load
		}
	}
	return best
}

// openChatsLocked counts the open rooms an agent serves.
func (s *Server) openChatsLocked(agentID string) int {
	n := 0
	for _, st := range s.rooms.byID {
		if st.doc["t"] == "l" && st.doc["open"] == true && lookup(st.doc, "servedBy._id") == agentID {
			n++
		}
	}
	return n
}

// anyAgentOnlineLocked reports whether a room for a visitor of department
// dept may be opened when the server refuses chats with no agents: the
// department (or its fallback chain) has an online agent, or, without a
// department, anybody is online.
func (s *Server) anyAgentOnlineLocked(dept string) bool {
	seen := map[string]bool{}
	for dept != "" && !seen[dept] {
		seen[dept] = true
		if len(s.onlineAgentsLocked(dept)) > 0 {
			return true
		}
		d := s.omni.departments[dept]
		if d == nil {
			return false
		}
		dept = d.FallbackForwardDepartment
	}
	return len(seen) == 0 && len(s.onlineAgentsLocked("")) > 0
}

// newRoomLocked creates a visitor's room and its inquiry (createRoom and
// QueueManager.requestRoom), then routes it. agent is the agent the visitor
// asked for, or nil. It fails with the server's answer.
func (s *Server) newRoomLocked(g *models.Visitor, source models.Source, agent *userEntry, now time.Time) (*models.Room, *response) {
	if !s.settingBool("Livechat_enabled") {
		return nil, meteorFailure("error-omnichannel-is-disabled", "", nil)
	}
	if !s.settingBool("Livechat_accept_chats_with_no_agents") && agent == nil && !s.anyAgentOnlineLocked(g.Department) {
		return nil, meteorFailure("no-agent-online", "Sorry, no online agents", nil)
	}
	cl, f := false, false
	r := &models.Room{
		ID: s.newIDLocked(), Type: models.RoomTypeLivechat, Timestamp: now, UpdatedAt: now, LastMessageAt: now,
		FName: firstNonEmpty(g.Name, g.Username), UsersCount: 1, CanLeave: &cl, Open: true, WaitingResponse: true,
		Verified: f, Source: source, QueuedAt: now, DepartmentID: g.Department,
		Visitor:        models.RoomVisitor{ID: g.ID, Username: g.Username, Token: g.Token, Status: models.UserStatusOnline},
		PriorityWeight: 99, EstimatedWaitingTimeQueue: 9999999,
	}
	inq := &models.Inquiry{
		ID: s.newInquiryIDLocked(), RoomID: r.ID, Name: r.FName, Timestamp: now, Visitor: r.Visitor, Type: models.RoomTypeLivechat,
		Department: g.Department, Source: models.Source{Type: source.Type}, PriorityWeight: 99,
		EstimatedWaitingTimeQueue: 9999999, QueuedAt: now, UpdatedAt: now, Status: models.InquiryQueued,
	}
	if agent != nil {
		inq.DefaultAgent = &models.SelectedAgent{AgentID: agent.ID, Username: agent.Username}
	}
	if s.routingLocked() == AutoSelection {
		inq.Status = models.InquiryReady
	}
	s.saveRoomLocked(r)
	s.omni.inquiries[r.ID] = inq
	s.systemMessageLocked(r.ID, "livechat-started", "", models.UserRef{ID: g.ID, Username: g.Username}, now,
		func(m *models.Message) { m.Token = g.Token })
	s.emitLocked(Event{Type: EventSessionStart, RoomID: r.ID, Time: now})
	s.routeInquiryLocked(inq, now)
	return s.loadRoomLocked(r.ID), nil
}

// routeInquiryLocked is processNewInquiry: a queued inquiry waits for an
// agent (webhook Queued); a ready one goes to its default agent when online,
// else to the next agent, else stays ready.
func (s *Server) routeInquiryLocked(inq *models.Inquiry, now time.Time) {
	if inq.Status == models.InquiryQueued {
		s.emitLocked(Event{Type: EventSessionQueued, RoomID: inq.RoomID, Time: now})
		return
	}
	var agent *userEntry
	if inq.DefaultAgent != nil {
		if u := s.users[inq.DefaultAgent.AgentID]; s.isOnlineAgentLocked(u) {
			agent = u
		}
	}
	if agent == nil {
		agent = s.nextAgentLocked(inq.Department, "")
	}
	if agent != nil {
		s.takeLocked(inq, agent, now)
	}
}

// takeLocked is RoutingManager.takeInquiry's effects: the inquiry is
// taken, the agent serves the room and is subscribed to it, and the room
// gets the agent's "connected" command and user-joined messages.
func (s *Server) takeLocked(inq *models.Inquiry, agent *userEntry, now time.Time) {
	inq.Status, inq.TakenAt, inq.UpdatedAt = models.InquiryTaken, now, now
	inq.DefaultAgent, inq.QueuedAt, inq.EstimatedInactivityCloseTimeAt = nil, time.Time{}, time.Time{}
	r := s.loadRoomLocked(inq.RoomID)
	r.ServedBy = models.ServedBy{ID: agent.ID, Username: agent.Username, Timestamp: now}
	r.UsersCount++
	r.UpdatedAt = now
	s.saveRoomLocked(r)
	s.subscribeLocked(r.ID, agent.ID)
	by := authorRef(agent)
	s.systemMessageLocked(r.ID, "command", "connected", by, now, nil)
	s.systemMessageLocked(r.ID, "uj", agent.Username, by, now, nil)
	s.emitLocked(Event{Type: EventSessionTaken, RoomID: r.ID, Time: now})
}

// requeueLocked is unassignAgent's queueing: a served room loses its agent
// and every subscription, with a user-left message each, and its inquiry
// waits again in the department, meant for nobody.
func (s *Server) requeueLocked(r *models.Room, dept string, now time.Time) {
	if r.ServedBy.ID != "" {
		s.unsubscribeAllLocked(r.ID, "", now)
		r = s.loadRoomLocked(r.ID)
		r.ServedBy = models.ServedBy{}
	}
	r.DepartmentID, r.UpdatedAt = dept, now
	s.saveRoomLocked(r)
	inq := s.omni.inquiries[r.ID]
	inq.Status, inq.Department, inq.QueuedAt, inq.TakenAt, inq.UpdatedAt = models.InquiryQueued, dept, now, time.Time{}, now
	inq.DefaultAgent = nil
}
