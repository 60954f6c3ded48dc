package rocketchattest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/models"
)

// storedRoom is a room as the server keeps it: the JSON it serves, the same
// document decoded for queries and sorting, and its insertion order (the
// collection's natural order).
type storedRoom struct {
	id  string
	raw jsontext.Value
	doc map[string]any
	seq uint64
	// closing is the closing message of a room being seeded from a
	// models.Room; putRoomLocked moves it to the room's messages.
	closing *storedMessage
	// pending makes the messages of a generated room, but its closing
	// one, oldest first; Server.roomMessagesLocked stores them when they
	// are first read, and clears it.
	pending func() []*models.Message
}

// roomStore holds rooms by id and in insertion order. It is guarded by
// Server.mu, or owned by one responder.
type roomStore struct {
	byID map[string]*storedRoom
	seq  uint64
}

func newRoomStore() *roomStore {
	return &roomStore{byID: make(map[string]*storedRoom)}
}

// decodeRoom checks a room's JSON and decodes it for queries.
func decodeRoom(raw []byte) (*storedRoom, error) {
	v := jsontext.Value(bytes.Clone(raw))
	if err := v.Compact(); err != nil {
		return nil, fmt.Errorf("rocketchattest: room is not valid JSON: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(v, &doc); err != nil {
		return nil, fmt.Errorf("rocketchattest: room is not a JSON object: %w", err)
	}
	id, _ := doc["_id"].(string)
	if id == "" {
		return nil, errors.New("rocketchattest: room has no _id")
	}
	return &storedRoom{id: id, raw: v, doc: doc}, nil
}

// put adds a room, or replaces the room with the same id in place.
func (st *roomStore) put(r *storedRoom) {
	if old := st.byID[r.id]; old != nil {
		r.seq = old.seq
	} else {
		st.seq++
		r.seq = st.seq
	}
	st.byID[r.id] = r
}

func (st *roomStore) get(id string) *storedRoom { return st.byID[id] }

func (st *roomStore) remove(id string) bool {
	_, ok := st.byID[id]
	delete(st.byID, id)
	return ok
}

// visitorHistory returns the livechat rooms of a visitor ({t: "l",
// "v._id": visitorID}), in natural order.
func (st *roomStore) visitorHistory(visitorID string) []*storedRoom {
	var out []*storedRoom
	for _, r := range st.byID {
		if r.doc["t"] == "l" && lookup(r.doc, "v._id") == visitorID {
			out = append(out, r)
		}
	}
	sortNatural(out)
	return out
}

// livechat returns the livechat rooms ({t: "l"}), in natural order.
func (st *roomStore) livechat() []*storedRoom {
	var out []*storedRoom
	for _, r := range st.byID {
		if r.doc["t"] == "l" {
			out = append(out, r)
		}
	}
	sortNatural(out)
	return out
}

// lookup follows a dotted path through nested objects, returning nil when a
// step is missing.
func lookup(doc map[string]any, path string) any {
	var cur any = doc
	for len(path) > 0 {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		key, rest, _ := strings.Cut(path, ".")
		cur, path = m[key], rest
	}
	return cur
}
