package rocketchattest

import (
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// encodeRoom encodes a room with the models' JSON, maps in sorted order, so
// the same room always gives the same bytes.
func encodeRoom(r *models.Room) (*storedRoom, error) {
	raw, err := json.Marshal(r, jsonx.EncodeOptions, json.Deterministic(true))
	if err != nil {
		return nil, fmt.Errorf("rocketchattest: encoding room %q: %w", r.ID, err)
	}
	return decodeRoom(raw)
}

// AddVisitor registers a livechat visitor, filling an empty ID, Token and
// Username, and returns it. [Server.GenerateHistory] writes registered
// visitors into the rooms it makes.
func (s *Server) AddVisitor(v models.Visitor) models.Visitor {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v.ID == "" {
		v.ID = s.newIDLocked()
	}
	if v.Token == "" {
		v.Token = s.randomLocked("abcdefghijklmnopqrstuvwxyz0123456789", 22)
	}
	if v.Username == "" {
		v.Username = "guest-" + strconv.Itoa(len(s.visitors)+1)
	}
	s.visitors[v.ID] = v
	return v
}

// Visitor returns a registered visitor.
func (s *Server) Visitor(id string) (models.Visitor, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.visitors[id]
	return v, ok
}

// AddRoom stores a room, replacing the room with the same ID. The room is
// encoded with the models' JSON, as a real server's bytes would look. It
// panics if the room has no ID or cannot be encoded (a broken Unknown member).
func (s *Server) AddRoom(r models.Room) { s.AddRooms(&r) }

// AddRooms stores rooms as [Server.AddRoom] does.
func (s *Server) AddRooms(rooms ...*models.Room) {
	stored := make([]*storedRoom, 0, len(rooms))
	for _, r := range rooms {
		st, err := encodeRoom(r)
		if err != nil {
			panic(err)
		}
		stored = append(stored, st)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range stored {
		s.rooms.put(st)
	}
}

// AddRoomJSON stores a room given as the server's JSON, served byte for byte
// (compacted). It is for documents the models cannot write, such as the
// numbers-as-strings of the published example. The document needs an _id;
// queries read its t, v._id, servedBy._id and departmentId.
func (s *Server) AddRoomJSON(raw []byte) error {
	st, err := decodeRoom(raw)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rooms.put(st)
	return nil
}

// RemoveRoom deletes a room and reports whether it existed.
func (s *Server) RemoveRoom(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rooms.remove(id)
}

// HistoryLen returns the number of livechat rooms of the visitor: the total
// chatHistory reports.
func (s *Server) HistoryLen(visitorID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rooms.visitorHistory(visitorID))
}
