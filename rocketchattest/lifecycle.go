package rocketchattest

import (
	"slices"
	"time"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// The omnichannel lifecycle, as the server runs it (routes-acting §3): a
// visitor registers and opens a room, which enters the queue as an inquiry;
// the routing gives it to an agent, or agents take it; messages go both
// ways; agents forward it, put it on hold, and close it. Rooms and messages
// live in the stores every route reads (livechat/rooms, the room's
// messages, the visitor's chat history), the rest in omniState.
//
// Every step calls emitLocked with the event the server's webhooks send
// for it, which sends it to the webhook URL of WithWebhook.

// Roles the lifecycle checks.
const (
	roleAgent   = "livechat-agent"
	roleManager = "livechat-manager"
	roleBot     = "bot"
)

// Permissions the omnichannel routes check (see permissions.go for the
// table).
const (
	permViewDepartments      = "view-livechat-departments"
	permTransferGuest        = "transfer-livechat-guest"
	permEditContact          = "edit-omnichannel-contact"
	permManageAgents         = "manage-livechat-agents"
	permCloseRoom            = "close-livechat-room"
	permCloseOthers          = "close-others-livechat-room"
	permOnHold               = "on-hold-livechat-room"
	permOnHoldOthers         = "on-hold-others-livechat-room"
	permSaveOthersInfo       = "save-others-livechat-room-info"
	permSendTranscript       = "send-omnichannel-chat-transcript"
	permEditRoomCustomFields = "edit-livechat-room-customfields"
)

// omniState is the omnichannel state besides rooms and messages. It is
// guarded by Server.mu.
type omniState struct {
	settings    map[string]any
	inquiries   map[string]*models.Inquiry // by room id: one per open room
	subs        map[string][]string        // room id to the ids of its users' subscriptions
	departments map[string]*models.Department
	deptOrder   []string                             // department ids, in the order added
	deptAgents  map[string][]*models.DepartmentAgent // by department id
	transcripts []TranscriptEmail
	offline     []OfflineMessage
	events      []Event
	simulated   []simulatedAgent
	replies     []pendingReply // simulated agents' answers to make, see unlockReplying
	uploads     []Upload
}

func newOmniState(settings map[string]any) *omniState {
	return &omniState{
		settings:    settings,
		inquiries:   make(map[string]*models.Inquiry),
		subs:        make(map[string][]string),
		departments: make(map[string]*models.Department),
		deptAgents:  make(map[string][]*models.DepartmentAgent),
	}
}

// Event types: the type member of the webhook the server sends for each
// lifecycle step, which [BuildWebhookPayload] takes too (package
// omnichannel/webhook names them TypeSessionStart and so on).
const (
	EventSessionStart     = "LivechatSessionStart"
	EventSessionQueued    = "LivechatSessionQueued"
	EventSessionTaken     = "LivechatSessionTaken"
	EventSessionForwarded = "LivechatSessionForwarded"
	EventSessionClosed    = "LivechatSession"
	EventRoomEdited       = "LivechatEdit"
	EventMessage          = "Message"
	EventOfflineMessage   = "LivechatOfflineMessage"
	// EventLeadCapture is a lead capture: a visitor wrote an email address
	// or a phone number, which the server added to the visitor's record.
	EventLeadCapture = "LeadCapture"
)

// Scopes of a forward, as [Event.Scope] tells them.
const (
	ForwardToAgent      = "agent"
	ForwardToDepartment = "department"
)

// Event is one lifecycle step, as [Server.Events] records it: what a
// server's webhook would be told.
type Event struct {
	// Type is the webhook type, such as [EventSessionTaken].
	Type string
	// RoomID is the room; "" for an offline message.
	RoomID string
	// MessageID is the message of a [EventMessage].
	MessageID string
	// Scope is, for a forward, what the room was forwarded to:
	// [ForwardToAgent] or [ForwardToDepartment].
	Scope string
	// OldServedBy is, for a forward to an agent, the agent before it (zero
	// when the room had none).
	OldServedBy models.ServedBy
	// OldDepartmentID is, for a forward to a department, the department
	// before it ("" when the room had none).
	OldDepartmentID string
	// Time is when it happened.
	Time time.Time

	// room is, for a message, the room as it was before the message
	// changed it: the one its webhook is built from.
	room *models.Room
}

// emitLocked is where the lifecycle tells of its steps: every step that
// makes the server send a webhook calls it. It records the event for
// [Server.Events], sends the webhook (see [WithWebhook]), captures a lead
// in a visitor's message as the server does, and lets simulated agents
// react. s.mu must be held.
func (s *Server) emitLocked(ev Event) {
	if ev.Time.IsZero() {
		ev.Time = time.Now().UTC()
	}
	recorded := ev
	recorded.room = nil
	s.omni.events = append(s.omni.events, recorded)
	s.webhookLocked(ev)
	if ev.Type == EventMessage {
		if r, st := s.loadRoomLocked(ev.RoomID), s.messages.byID[ev.MessageID]; r != nil && st != nil {
			if m := decodeStored(st); m != nil && s.captureLeadLocked(r, m) {
				s.emitLocked(Event{Type: EventLeadCapture, RoomID: r.ID, MessageID: m.ID, Time: ev.Time})
			}
		}
	}
	s.reactLocked(ev)
}

// Events returns the lifecycle's events so far, oldest first: the webhooks
// a server would send for them.
func (s *Server) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.omni.events)
}

// nowMillis is the time as the server stores it: UTC, milliseconds.
func nowMillis(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// loadRoomLocked decodes a stored room, or returns nil. s.mu must be held.
func (s *Server) loadRoomLocked(id string) *models.Room {
	st := s.rooms.get(id)
	if st == nil {
		return nil
	}
	r := new(models.Room)
	if jsonx.Unmarshal(st.raw, r) != nil {
		return nil
	}
	return r
}

// saveRoomLocked stores a room in place. s.mu must be held.
func (s *Server) saveRoomLocked(r *models.Room) {
	st, err := encodeRoom(r)
	if err != nil {
		panic("rocketchattest: encoding a room of the lifecycle: " + err.Error())
	}
	if old := s.rooms.get(r.ID); old != nil {
		st.pending = old.pending // a generated room's messages not made yet
	}
	s.putRoomLocked(st)
}

// putMessageLocked stores a message. s.mu must be held.
func (s *Server) putMessageLocked(m *models.Message) *storedMessage {
	st, err := encodeMessage(m)
	if err != nil {
		panic("rocketchattest: encoding a message of the lifecycle: " + err.Error())
	}
	s.messages.put(st)
	return st
}

// systemMessageLocked stores a system message of type t by u in a room.
func (s *Server) systemMessageLocked(rid, t, msg string, u models.UserRef, now time.Time, edit func(*models.Message)) *models.Message {
	f := false
	m := &models.Message{ID: s.newIDLocked(), RoomID: rid, Type: t, Text: msg, User: u, Timestamp: now, UpdatedAt: now, Groupable: &f}
	if edit != nil {
		edit(m)
	}
	s.putMessageLocked(m)
	return m
}

// authorRef is how a message names its author.
func authorRef(u *userEntry) models.UserRef {
	return models.UserRef{ID: u.ID, Username: u.Username, Name: u.Name}
}

// subscribeLocked gives a user a subscription to a room.
func (s *Server) subscribeLocked(rid, userID string) {
	if !slices.Contains(s.omni.subs[rid], userID) {
		s.omni.subs[rid] = append(s.omni.subs[rid], userID)
	}
}

func (s *Server) unsubscribeLocked(rid, userID string) {
	s.omni.subs[rid] = slices.DeleteFunc(s.omni.subs[rid], func(id string) bool { return id == userID })
}

func (s *Server) subscribedLocked(rid, userID string) bool {
	return slices.Contains(s.omni.subs[rid], userID)
}

// Subscribed reports whether a user has a subscription to a room: the
// agent serving it, or one who joined it.
func (s *Server) Subscribed(roomID, userID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.subscribedLocked(roomID, userID)
}

// guestLocked returns the record of the visitor with the token, decoded
// from the visitor store, or nil. Change it, then store it again with
// putVisitorLocked. s.mu must be held.
func (s *Server) guestLocked(token string) *models.Visitor {
	if token == "" {
		return nil
	}
	d := s.visitorByTokenLocked(token)
	if d == nil {
		return nil
	}
	v := new(models.Visitor)
	if d.decodeInto(v) != nil {
		return nil
	}
	return v
}

// newInquiryIDLocked is a MongoDB ObjectId's hex string, as the server
// gives inquiries.
func (s *Server) newInquiryIDLocked() string { return s.randomLocked("0123456789abcdef", 24) }

// openRoomOfLocked returns the open livechat room of a visitor token, or
// nil.
func (s *Server) openRoomOfLocked(token string) *models.Room {
	var found *storedRoom
	for _, st := range s.rooms.byID {
		if st.doc["t"] == "l" && lookup(st.doc, "v.token") == token && st.doc["open"] == true {
			if found == nil || st.seq < found.seq {
				found = st
			}
		}
	}
	if found == nil {
		return nil
	}
	return s.loadRoomLocked(found.id)
}

// visitorRoomLocked returns a livechat room of a visitor token, open or
// closed, or nil (findRoom).
func (s *Server) visitorRoomLocked(token, rid string) *models.Room {
	r := s.loadRoomLocked(rid)
	if r == nil || r.Type != models.RoomTypeLivechat || string(r.Visitor.Token) != token {
		return nil
	}
	return r
}
