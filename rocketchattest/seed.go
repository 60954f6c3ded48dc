package rocketchattest

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// encodeRoom encodes a room with the models' JSON, maps in sorted order, so
// the same room always gives the same bytes. A closing message becomes a
// message of the room (see putRoomLocked), not a member of it: the server
// never stores closingMessage on the room document (only
// visitors.searchChats projects it). Nor does it store department, which
// livechat/rooms adds from the department's record.
func encodeRoom(r *models.Room) (*storedRoom, error) {
	room := *r
	closing := room.ClosingMessage
	room.ClosingMessage = nil
	room.Department = models.DepartmentRef{} // added by livechat/rooms, never stored
	raw, err := json.Marshal(&room, jsonx.EncodeOptions, json.Deterministic(true))
	if err != nil {
		return nil, fmt.Errorf("rocketchattest: encoding room %q: %w", r.ID, err)
	}
	st, err := decodeRoom(raw)
	if err != nil {
		return nil, err
	}
	if closing != nil {
		if st.closing, err = encodeMessage(closing); err != nil {
			return nil, fmt.Errorf("rocketchattest: the closing message of room %q: %w", r.ID, err)
		}
	}
	return st, nil
}

// putRoomLocked stores a room, and its closing message among its messages.
// s.mu must be held.
func (s *Server) putRoomLocked(st *storedRoom) {
	s.rooms.put(st)
	if st.closing != nil {
		s.messages.put(st.closing)
		st.closing = nil
	}
}

// checkRoom returns what makes a room unfit to store, or "": a room needs an
// id and a type, and a livechat room a visitor.
func checkRoom(r *models.Room) string {
	switch {
	case r == nil:
		return "a nil room"
	case r.ID == "":
		return "a room without an ID"
	case r.Type == "":
		return "room " + strconv.Quote(r.ID) + " has no Type (livechat rooms are models.RoomTypeLivechat)"
	case r.Type == models.RoomTypeLivechat && r.Visitor.ID == "":
		return "livechat room " + strconv.Quote(r.ID) + " has no Visitor.ID"
	}
	return ""
}

// AddRoom stores a room, replacing the room with the same ID. The room is
// encoded with the models' JSON, as a real server's bytes would look; a
// ClosingMessage is kept beside it, as the server keeps it out of room
// documents. A room needs an ID and a Type, and a livechat room a
// Visitor.ID; a room without them, or one that cannot be encoded (a broken
// Unknown member), fails the test of a server made with [NewServer] and
// panics otherwise. Rooms of other types (a channel, "c") are stored too: the
// livechat routes treat their ids as unknown rooms.
func (s *Server) AddRoom(r *models.Room) {
	if s.tb != nil {
		s.tb.Helper()
	}
	s.AddRooms(r)
}

// AddRooms stores rooms as [Server.AddRoom] does; a bad room stores none.
func (s *Server) AddRooms(rooms ...*models.Room) {
	if s.tb != nil {
		s.tb.Helper()
	}
	stored := make([]*storedRoom, 0, len(rooms))
	for _, r := range rooms {
		if msg := checkRoom(r); msg != "" {
			s.fail("AddRoom: %s", msg)
			return
		}
		st, err := encodeRoom(r)
		if err != nil {
			s.fail("AddRoom: %v", err)
			return
		}
		stored = append(stored, st)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range stored {
		s.putRoomLocked(st)
	}
}

// AddRoomJSON stores a room given as the server's JSON, served byte for byte
// (compacted). It is for documents the models cannot write, such as the
// numbers-as-strings of the published example. Being data, a bad document is
// an error, not a test failure: it needs an _id and a t, and a livechat room
// (t "l") a v._id. Queries read its t, open, v._id, servedBy._id and
// departmentId.
func (s *Server) AddRoomJSON(raw []byte) error {
	st, err := decodeRoom(raw)
	if err != nil {
		return err
	}
	if t, _ := st.doc["t"].(string); t == "" {
		return errors.New("rocketchattest: room " + strconv.Quote(st.id) + " has no t")
	}
	if v, _ := lookup(st.doc, "v._id").(string); st.doc["t"] == "l" && v == "" {
		return errors.New("rocketchattest: livechat room " + strconv.Quote(st.id) + " has no v._id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rooms.put(st)
	return nil
}

// RemoveRoom deletes a room with its messages, subscriptions and inquiry,
// as removing an omnichannel room does, and reports whether it existed.
func (s *Server) RemoveRoom(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.removeRoomLocked(id)
}

// removeRoomLocked is removeOmnichannelRoom's effects. s.mu must be held.
func (s *Server) removeRoomLocked(id string) bool {
	delete(s.omni.inquiries, id)
	delete(s.omni.subs, id)
	s.messages.removeRoom(id)
	return s.rooms.remove(id)
}

// HistoryLen returns the number of livechat rooms of the visitor: the total
// chatHistory reports.
func (s *Server) HistoryLen(visitorID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rooms.visitorHistory(visitorID))
}
