package export

import (
	"context"
	"slices"
	"time"
)

// stateVersion is the version of State's layout.
const stateVersion = 1

// State is what an export keeps to resume: where it got to in the order of
// its selection, what it counted, and the rooms it could not fetch. It stays
// small whatever the size of the export.
type State struct {
	// Version is the layout's version.
	Version int `json:"version"`
	// Selection describes the selection the export was started with; a
	// resumed export must have the same.
	Selection string `json:"selection"`
	// Order is the date field rooms are exported in the order of: "ts" or
	// "closedAt", then the room id.
	Order string `json:"order"`
	// Cursor is the last room exported in that order.
	Cursor Cursor `json:"cursor"`
	// Offset is how many bytes of a file sink's output this state covers.
	Offset int64 `json:"offset"`
	// Exported is how many conversations were exported.
	Exported int `json:"exported"`
	// Messages is how many messages they held.
	Messages int `json:"messages"`
	// Total is how many conversations the selection held when the export
	// last started or resumed.
	Total int `json:"total"`
	// Failed are the rooms that could not be fetched, to fetch again.
	Failed []Failure `json:"failed,omitempty"`
	// Started is when the export was first started.
	Started time.Time `json:"started,omitzero"`
}

// Failure is a room whose messages could not be fetched, and why.
type Failure struct {
	// RoomID is the room's id.
	RoomID string `json:"roomId"`
	// Cursor is the room's place in the export's order.
	Cursor Cursor `json:"cursor"`
	// Error is what went wrong, last time.
	Error string `json:"error"`
}

// done records a conversation as exported.
func (st *State) done(c *Conversation) {
	cur := cursorOf(c.Room, st.Order)
	if st.Cursor.Less(cur) {
		st.Cursor = cur
	}
	st.Exported++
	st.Messages += len(c.Messages)
	st.forget(c.Room.ID)
}

// forget removes a room from the failures.
func (st *State) forget(id string) {
	st.Failed = slices.DeleteFunc(st.Failed, func(f Failure) bool { return f.RoomID == id })
}

// failed records a room as failed.
func (st *State) failed(id string, cur Cursor, err error) {
	st.forget(id)
	st.Failed = append(st.Failed, Failure{RoomID: id, Cursor: cur, Error: err.Error()})
}

// clone returns a copy that shares nothing with st.
func (st State) clone() State {
	st.Failed = slices.Clone(st.Failed)
	return st
}

// A Sink stores exported conversations and the state to resume from. The
// export calls it from one goroutine, in the export's order.
type Sink interface {
	// Load returns the saved state, or the zero State (and no error) for a
	// new export.
	Load() (State, error)
	// Write stores one conversation, and st, the state that includes it.
	// After a crash, Load must return a state that either includes the
	// conversation, if it was stored, or not.
	Write(ctx context.Context, c *Conversation, st State) error
	// Save stores st alone: a failure was recorded.
	Save(st State) error
}
