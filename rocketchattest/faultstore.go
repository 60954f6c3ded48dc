package rocketchattest

import (
	"math/rand/v2"
	"time"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// Faults that change the store before a call is served: conversations and
// messages arriving or disappearing while a client pages.

// applyStoreFaults inserts and deletes rooms for the call's visitor or on
// the rooms list, and inserts messages into the call's room.
func (s *Server) applyStoreFaults(p *faultPlan, route string, params map[string]string) {
	if p.insert == 0 && p.delete == 0 && p.messages == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if visitorID := params["visitorId"]; visitorID != "" {
		if p.delete > 0 {
			s.deleteNewestLocked(visitorID, p.delete, params["roomId"])
		}
		s.insertNewerLocked(visitorID, p.insert)
	}
	if route == RouteRooms && p.insert > 0 {
		rec := s.visitorForLocked("visitor-"+s.newIDLocked(), 0)
		s.generateAfterLocked(rec, roomVisitor(rec), p.insert, s.newestRoomLocked(s.rooms.livechat()))
	}
	if rid := params["rid"]; rid != "" && p.messages > 0 {
		s.insertMessagesLocked(rid, p.messages)
	}
}

// deleteNewestLocked removes the visitor's n newest rooms, with their
// messages, subscriptions and inquiries, sparing keep.
func (s *Server) deleteNewestLocked(visitorID string, n int, keep string) {
	rooms := s.rooms.visitorHistory(visitorID)
	sortRooms(rooms, defaultSort)
	for _, r := range rooms {
		if n == 0 {
			return
		}
		if r.id != keep {
			s.removeRoomLocked(r.id)
			n--
		}
	}
}

// insertNewerLocked adds n generated rooms newer than every room of the
// visitor. s.mu must be held.
func (s *Server) insertNewerLocked(visitorID string, n int) {
	if n <= 0 {
		return
	}
	rooms := s.rooms.visitorHistory(visitorID)
	rec, ok := s.visitorLocked(visitorID)
	v := roomVisitor(&rec)
	if !ok && len(rooms) > 0 {
		sortRooms(rooms, defaultSort)
		if ok = decodeVisitor(rooms[0].doc["v"], &v); ok {
			rec = *syntheticRecord(v)
		}
	}
	if !ok {
		v = syntheticVisitor(visitorID, 0)
		rec = *syntheticRecord(v)
	}
	s.generateAfterLocked(&rec, v, n, s.newestRoomLocked(rooms))
}

// newestRoomLocked returns when the newest of the rooms started, or the
// default end of generated histories when there are none.
func (s *Server) newestRoomLocked(rooms []*storedRoom) time.Time {
	base := defaultHistoryEnd
	if len(rooms) > 0 {
		sortRooms(rooms, defaultSort)
		if ts, err := time.Parse(time.RFC3339Nano, str(rooms[0].doc["ts"])); err == nil {
			base = ts
		}
	}
	return base
}

// generateAfterLocked stores n generated rooms of the visitor, the oldest
// starting a minute after base, and brings the visitor's record and contact
// in line with them. s.mu must be held.
func (s *Server) generateAfterLocked(rec *models.Visitor, v models.RoomVisitor, n int, base time.Time) {
	if n <= 0 {
		return
	}
	seed := s.rng.Int64()
	// Generate once to learn the span, then again so the oldest new room
	// starts one minute after base.
	probe := GenerateRooms(v, n, seed, EndingAt(base))
	span := base.Sub(probe[len(probe)-1].Timestamp)
	gen := generateRooms(v, n, seed, []GenerateOption{EndingAt(base.Add(span + time.Minute))})
	added := make([]*models.Room, len(gen))
	for i, g := range gen {
		added[i] = g.room
	}
	s.linkHistoryLocked(rec, added)
	if stored, err := encodeGenerated(gen); err == nil {
		s.putGeneratedLocked(stored)
	}
}

// insertMessagesLocked adds n messages to a livechat room, a second apart
// after its newest message, taking turns between the visitor and the agent
// (the visitor alone while queued), and updates the room's msgs, lm,
// lastMessage and _updatedAt. s.mu must be held.
func (s *Server) insertMessagesLocked(rid string, n int) {
	st := s.rooms.get(rid)
	var room models.Room
	if st == nil || st.doc["t"] != "l" || jsonx.Unmarshal(st.raw, &room) != nil {
		return
	}
	last := room.Timestamp
	for _, m := range s.roomMessagesLocked(rid) {
		if ts, err := time.Parse(time.RFC3339Nano, str(m.doc["ts"])); err == nil && ts.After(last) {
			last = ts
		}
	}
	rng := rand.New(rand.NewPCG(s.rng.Uint64(), s.rng.Uint64()))
	agent := models.UserRef{ID: room.ServedBy.ID, Username: room.ServedBy.Username}
	var m *models.Message
	for i := range n {
		at := last.Add(time.Duration(i+1) * time.Second).Truncate(time.Millisecond)
		m = userMessage(rng, room.Visitor, agent, rid, at, i%2 == 0 || agent.ID == "")
		if enc, err := encodeMessage(m); err == nil {
			s.messages.put(enc)
		}
	}
	room.MessageCount += n
	room.LastMessage, room.LastMessageAt, room.UpdatedAt = m, m.Timestamp, m.Timestamp
	if enc, err := encodeRoom(&room); err == nil {
		s.rooms.put(enc)
	}
}
