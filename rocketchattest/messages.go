package rocketchattest

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// storedMessage is a message as the server keeps it: the JSON it serves,
// the same document decoded for queries and sorting, and its insertion order.
type storedMessage struct {
	id  string
	rid string
	raw jsontext.Value
	doc map[string]any
	seq uint64
}

// messageStore holds messages by id and, per room, in insertion order (the
// collection's natural order). It is guarded by Server.mu.
type messageStore struct {
	byID   map[string]*storedMessage
	byRoom map[string][]*storedMessage
	seq    uint64
}

func newMessageStore() *messageStore {
	return &messageStore{byID: make(map[string]*storedMessage), byRoom: make(map[string][]*storedMessage)}
}

// decodeMessage checks a message's JSON and decodes it for queries.
func decodeMessage(raw []byte) (*storedMessage, error) {
	v := jsontext.Value(bytes.Clone(raw))
	if err := v.Compact(); err != nil {
		return nil, fmt.Errorf("rocketchattest: message is not valid JSON: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(v, &doc); err != nil {
		return nil, fmt.Errorf("rocketchattest: message is not a JSON object: %w", err)
	}
	id, _ := doc["_id"].(string)
	rid, _ := doc["rid"].(string)
	switch {
	case id == "":
		return nil, errors.New("rocketchattest: message has no _id")
	case rid == "":
		return nil, fmt.Errorf("rocketchattest: message %q has no rid", id)
	}
	return &storedMessage{id: id, rid: rid, raw: v, doc: doc}, nil
}

// encodeMessage encodes a message with the models' JSON, maps in sorted
// order, so the same message always gives the same bytes.
func encodeMessage(m *models.Message) (*storedMessage, error) {
	if m == nil {
		return nil, errors.New("rocketchattest: a nil message")
	}
	raw, err := json.Marshal(m, jsonx.EncodeOptions, json.Deterministic(true))
	if err != nil {
		return nil, fmt.Errorf("rocketchattest: encoding message %q: %w", m.ID, err)
	}
	return decodeMessage(raw)
}

// put adds a message, or replaces the message with the same id in place
// (keeping its place in its room's order).
func (st *messageStore) put(m *storedMessage) {
	if old := st.byID[m.id]; old != nil {
		m.seq = old.seq
		list := st.byRoom[old.rid]
		for i, o := range list {
			if o == old {
				if old.rid == m.rid {
					list[i] = m
				} else {
					st.byRoom[old.rid] = append(list[:i:i], list[i+1:]...)
					st.byRoom[m.rid] = append(st.byRoom[m.rid], m)
				}
				break
			}
		}
		st.byID[m.id] = m
		return
	}
	st.seq++
	m.seq = st.seq
	st.byID[m.id] = m
	st.byRoom[m.rid] = append(st.byRoom[m.rid], m)
}

// removeRoom deletes the messages of a room.
func (st *messageStore) removeRoom(rid string) {
	for _, m := range st.byRoom[rid] {
		delete(st.byID, m.id)
	}
	delete(st.byRoom, rid)
}

// room returns the messages of a room in natural order; the caller may
// reorder the returned slice.
func (st *messageStore) room(rid string) []*storedMessage {
	return append([]*storedMessage(nil), st.byRoom[rid]...)
}

// prepend stores messages ahead of those the room already has in natural
// order: a generated room's messages, made after its closing message or
// messages a test added were stored. A message whose id is taken is
// skipped.
func (st *messageStore) prepend(rid string, msgs []*storedMessage) {
	fresh := make([]*storedMessage, 0, len(msgs))
	for _, m := range msgs {
		if st.byID[m.id] == nil {
			st.seq++
			m.seq = st.seq
			st.byID[m.id] = m
			fresh = append(fresh, m)
		}
	}
	st.byRoom[rid] = append(fresh, st.byRoom[rid]...)
}

// roomMessagesLocked returns the stored messages of a room in natural
// order, first storing those of a generated room that were not made yet.
// s.mu must be held.
func (s *Server) roomMessagesLocked(rid string) []*storedMessage {
	if r := s.rooms.get(rid); r != nil && r.pending != nil {
		made := r.pending()
		r.pending = nil
		stored := make([]*storedMessage, 0, len(made))
		for _, m := range made {
			if st, err := encodeMessage(m); err == nil {
				stored = append(stored, st)
			}
		}
		s.messages.prepend(rid, stored)
	}
	return s.messages.room(rid)
}

// closing returns the room's last livechat-close message, or nil.
func (st *messageStore) closing(rid string) *storedMessage {
	list := st.byRoom[rid]
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].doc["t"] == "livechat-close" {
			return list[i]
		}
	}
	return nil
}

// AddMessages stores messages, each replacing the message with the same ID,
// as they would be in the server's collection: seeding only, so the rooms'
// msgs and lastMessage are not touched. A message needs an ID and a RoomID;
// a mistake fails the test ([NewServer]) or panics ([Start]).
func (s *Server) AddMessages(msgs ...*models.Message) {
	if s.tb != nil {
		s.tb.Helper()
	}
	stored := make([]*storedMessage, 0, len(msgs))
	for _, m := range msgs {
		st, err := encodeMessage(m)
		if err != nil {
			s.fail("AddMessages: %v", err)
			return
		}
		stored = append(stored, st)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range stored {
		s.messages.put(st)
	}
}

// AddMessageJSON stores a message given as the server's JSON, served byte
// for byte (compacted). The document needs an _id and a rid.
func (s *Server) AddMessageJSON(raw []byte) error {
	st, err := decodeMessage(raw)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages.put(st)
	return nil
}

// RoomMessages returns the stored messages of a room, system messages
// included, in the collection's natural order: a generated room's messages
// oldest first, then those stored later.
func (s *Server) RoomMessages(rid string) []*models.Message {
	s.mu.Lock()
	list := s.roomMessagesLocked(rid)
	s.mu.Unlock()
	out := make([]*models.Message, 0, len(list))
	for _, st := range list {
		m := new(models.Message)
		if err := jsonx.Unmarshal(st.raw, m); err == nil {
			out = append(out, m)
		}
	}
	return out
}
