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

// forwardToAgentLocked is forwardRoomToAgent: the new agent takes the room,
// the old one leaves it.
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
	if u := s.users[old.ID]; u != nil && old.ID != "" {
		s.unsubscribeLocked(r.ID, old.ID)
		s.systemMessageLocked(r.ID, "ul", u.Username, authorRef(u), now, nil)
		r := s.loadRoomLocked(r.ID)
		r.UsersCount = max(r.UsersCount-1, 1)
		s.saveRoomLocked(r)
	}
	s.emitLocked(Event{Type: EventSessionForwarded, RoomID: r.ID, OldServedBy: old, OldDepartmentID: r.DepartmentID, Time: now})
	return nil
}

// maxFallbackHops is Omnichannel_max_fallback_forward_depth's default: a
// forward follows at most this many fallback departments.
const maxFallbackHops = 3

// forwardToDepartmentLocked is forwardRoomToDepartment. Under manual
// selection, or towards a department that takes forwards while none of its
// agents is online, the room goes back to the queue, meant for the given
// agent if any; under auto selection the department's next agent takes it.
// When that is the room's own agent, the department's fallback takes the
// forward (Enterprise's onTransferFailure), hops counting the fallbacks
// followed from 1.
func (s *Server) forwardToDepartmentLocked(f forwardRequest, now time.Time, hops int) *response {
	r := f.room
	dept := s.omni.departments[f.toDept]
	inq := s.omni.inquiries[r.ID]
	var agent *userEntry
	switch {
	case inq == nil:
		return failure("error-transferring-inquiry", "", nil)
	case r.DepartmentID == dept.ID:
		return failure("error-forwarding-chat-same-department", "", nil)
	}
	if f.toAgent != "" {
		agent = s.users[f.toAgent]
		if !s.isOnlineAgentLocked(agent) {
			return failure("error-user-is-offline", "", nil)
		}
		if !slices.Contains(s.agentDepartmentsLocked(agent.ID, false), dept.ID) {
			return failure("error-user-not-belong-to-department", "", nil)
		}
	}
	old, oldDept := r.ServedBy, r.DepartmentID
	online := len(s.onlineAgentsLocked(dept.ID)) > 0
	queue := s.routingLocked() != AutoSelection || (dept.AllowReceiveForwardOffline && !online)
	if !queue {
		if agent == nil {
			agent = s.nextAgentLocked(dept.ID, "")
		}
		if agent == nil || agent.ID == old.ID {
			if dept.FallbackForwardDepartment == "" {
				return failure("error-no-agents-online-in-department", "", nil)
			}
			// A fallback that no longer exists, or one hop too many (a
			// cycle of fallbacks), fails the whole forward.
			if s.omni.departments[dept.FallbackForwardDepartment] == nil || hops > maxFallbackHops {
				return failure("error-forwarding-chat", "", nil)
			}
			f.toDept, f.toAgent = dept.FallbackForwardDepartment, ""
			return s.forwardToDepartmentLocked(f, now, hops+1)
		}
	}
	s.transferMessageLocked(f, "department", nil, dept, now)
	s.requeueLocked(r, dept.ID, nil, now)
	s.emitLocked(Event{Type: EventSessionForwarded, RoomID: r.ID, OldServedBy: old, OldDepartmentID: oldDept, Time: now})
	inq = s.omni.inquiries[r.ID]
	if queue {
		if agent != nil {
			inq.DefaultAgent = &models.SelectedAgent{AgentID: agent.ID, Username: agent.Username}
		}
		s.emitLocked(Event{Type: EventSessionQueued, RoomID: r.ID, Time: now})
		return nil
	}
	s.takeLocked(inq, agent, now)
	return nil
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
