package rocketchattest

import (
	"slices"
	"strconv"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// forwardRequest is a forward's body, read.
type forwardRequest struct {
	room     *models.Room
	by       *userEntry
	toAgent  string
	toDept   string
	comment  string
	override bool // true when the caller serves the room (userType agent)
}

// forwardLocked is transfer(): a forward to a department (and maybe an
// agent of it) or to an agent. It returns the server's refusal, or nil.
func (s *Server) forwardLocked(f forwardRequest, now time.Time) *response {
	r := f.room
	if r.OnHold {
		return failure("error-room-onHold", "", nil)
	}
	if f.toDept != "" {
		if s.omni.departments[f.toDept] == nil {
			return failure("error-invalid-department", "", nil)
		}
		return s.forwardToDepartmentLocked(f, now, 1)
	}
	if f.toAgent != "" {
		return s.forwardToAgentLocked(f, now)
	}
	return failure("error-forwarding-chat", "", nil)
}

// forwardToAgentLocked is forwardRoomToAgent: the new agent takes the
// room (webhook Taken), the transfer is written down, every other user
// leaves the room, and the webhook Forwarded tells the agent before.
func (s *Server) forwardToAgentLocked(f forwardRequest, now time.Time) *response {
	r := f.room
	agent := s.users[f.toAgent]
	inq := s.omni.inquiries[r.ID]
	switch {
	case !s.isOnlineAgentLocked(agent):
		return failure("error-user-is-offline", "", nil)
	case inq == nil:
		return failure("error-invalid-inquiry", "", nil)
	case r.ServedBy.ID == agent.ID:
		return failure("error-selected-agent-room-agent-are-same", "", nil)
	}
	old := r.ServedBy
	s.takeLocked(inq, agent, now)
	s.transferMessageLocked(f, "agent", agent, nil, now)
	if old.ID != "" {
		s.unsubscribeAllLocked(r.ID, agent.ID, now)
	}
	s.emitLocked(Event{Type: EventSessionForwarded, RoomID: r.ID, Scope: ForwardToAgent, OldServedBy: old, Time: now})
	return nil
}

// maxFallbackHops is Omnichannel_max_fallback_forward_depth's default: a
// forward follows at most this many fallback departments.
const maxFallbackHops = 3

// forwardToDepartmentLocked is forwardRoomToDepartment. Under manual
// selection, or towards a department that takes forwards while none of its
// agents is online, the room goes back to the queue; under auto selection
// the department's next agent (or the one asked for) takes it. When that is
// the room's own agent, the department's fallback takes the forward
// (Enterprise's onTransferFailure), hops counting the fallbacks followed
// from 1.
func (s *Server) forwardToDepartmentLocked(f forwardRequest, now time.Time, hops int) *response {
	r := f.room
	dept := s.omni.departments[f.toDept]
	switch {
	case s.omni.inquiries[r.ID] == nil:
		return failure("error-transferring-inquiry", "", nil)
	case r.DepartmentID == dept.ID:
		return failure("error-forwarding-chat-same-department", "", nil)
	}
	var agent *userEntry
	if f.toAgent != "" {
		agent = s.users[f.toAgent]
		if !s.isOnlineAgentLocked(agent) {
			return failure("error-user-is-offline", "", nil)
		}
		if !slices.Contains(s.agentDepartmentsLocked(agent.ID, false), dept.ID) {
			return failure("error-user-not-belong-to-department", "", nil)
		}
	}
	online := len(s.onlineAgentsLocked(dept.ID)) > 0
	if s.routingLocked() != AutoSelection || (dept.AllowReceiveForwardOffline && !online) {
		s.forwardToQueueLocked(f, dept, now)
		return nil
	}
	return s.forwardAssigningLocked(f, dept, agent, now, hops)
}

// forwardToQueueLocked is the queue branch (saveTransferHistory, then
// unassignAgent): the transfer is written down, the room and its inquiry
// change department (webhook Forwarded, the room still served), the agent
// and every subscription go, and the inquiry waits again for anyone of the
// department (webhook Queued): an agent named in the forward was only
// checked.
func (s *Server) forwardToQueueLocked(f forwardRequest, dept *models.Department, now time.Time) {
	r := f.room
	s.transferMessageLocked(f, "department", nil, dept, now)
	s.changeDepartmentLocked(r.ID, dept.ID, now)
	s.emitLocked(Event{Type: EventSessionForwarded, RoomID: r.ID, Scope: ForwardToDepartment, OldDepartmentID: r.DepartmentID, Time: now})
	s.requeueLocked(s.loadRoomLocked(r.ID), dept.ID, now)
	s.emitLocked(Event{Type: EventSessionQueued, RoomID: r.ID, Time: now})
}

// forwardAssigningLocked is the auto-assign branch: the next agent of the
// department takes the room (webhook Taken), the transfer is written down,
// everybody else leaves, and the room changes department (webhook
// Forwarded, with the new agent). A department whose next agent is the
// room's own passes the forward to its fallback.
func (s *Server) forwardAssigningLocked(f forwardRequest, dept *models.Department, agent *userEntry, now time.Time, hops int) *response {
	r := f.room
	if agent == nil {
		agent = s.nextAgentLocked(dept.ID, "")
	}
	old := r.ServedBy
	if (agent == nil && old.ID != "") || (agent != nil && agent.ID == old.ID) {
		if dept.FallbackForwardDepartment == "" {
			return failure("error-no-agents-online-in-department", "", nil)
		}
		// A fallback that no longer exists, or one hop too many (a cycle
		// of fallbacks), fails the whole forward.
		if s.omni.departments[dept.FallbackForwardDepartment] == nil || hops > maxFallbackHops {
			return failure("error-forwarding-chat", "", nil)
		}
		f.toDept, f.toAgent = dept.FallbackForwardDepartment, ""
		return s.forwardToDepartmentLocked(f, now, hops+1)
	}
	if agent != nil { // else no agent at all: the room stays unserved
		s.takeLocked(s.omni.inquiries[r.ID], agent, now)
	}
	s.transferMessageLocked(f, "department", nil, dept, now)
	if old.ID != "" {
		s.unsubscribeAllLocked(r.ID, agent.ID, now)
	}
	s.changeDepartmentLocked(r.ID, dept.ID, now)
	s.emitLocked(Event{Type: EventSessionForwarded, RoomID: r.ID, Scope: ForwardToDepartment, OldDepartmentID: r.DepartmentID, Time: now})
	return nil
}

// unsubscribeAllLocked is removeAllRoomSubscriptions: every user but keep
// leaves the room, with a user-left message each.
func (s *Server) unsubscribeAllLocked(rid, keep string, now time.Time) {
	for _, uid := range slices.Clone(s.omni.subs[rid]) {
		if uid == keep {
			continue
		}
		s.unsubscribeLocked(rid, uid)
		if u := s.users[uid]; u != nil {
			s.systemMessageLocked(rid, "ul", u.Username, authorRef(u), now, nil)
			r := s.loadRoomLocked(rid)
			r.UsersCount = max(r.UsersCount-1, 1)
			s.saveRoomLocked(r)
		}
	}
}

// changeDepartmentLocked is updateChatDepartment's change: the room and its
// inquiry move to the department.
func (s *Server) changeDepartmentLocked(rid, dept string, now time.Time) {
	r := s.loadRoomLocked(rid)
	r.DepartmentID, r.UpdatedAt = dept, now
	s.saveRoomLocked(r)
	if inq := s.omni.inquiries[rid]; inq != nil {
		inq.Department, inq.UpdatedAt = dept, now
	}
}

// transferMessageLocked stores the livechat_transfer_history message.
func (s *Server) transferMessageLocked(f forwardRequest, scope string, to *userEntry, dept *models.Department, now time.Time) {
	r := f.room
	userType := "user"
	if f.override {
		userType = "agent"
	}
	td := &models.TransferData{
		TransferredBy: models.TransferParty{ID: f.by.ID, Username: f.by.Username, Name: f.by.Name,
			Unknown: []byte(`{"userType":` + strconv.Quote(userType) + `}`)},
		Scope: scope, Comment: f.comment, Timestamp: now,
	}
	if r.DepartmentID != "" {
		td.Unknown = []byte(`{"previousDepartment":` + strconv.Quote(r.DepartmentID) + `}`)
	}
	if to != nil {
		td.TransferredTo = &models.TransferParty{ID: to.ID, Username: to.Username, Name: to.Name}
	}
	if dept != nil {
		td.NextDepartment = &models.DepartmentRef{ID: dept.ID, Name: dept.Name}
	}
	s.systemMessageLocked(r.ID, "livechat_transfer_history", "", models.UserRef{ID: f.by.ID, Username: f.by.Username}, now,
		func(m *models.Message) { m.TransferData = td })
}
