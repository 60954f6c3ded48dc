package webhook

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// The values of the type member, one per event type.
const (
	TypeSessionStart     = "LivechatSessionStart"     // *SessionStart
	TypeSessionQueued    = "LivechatSessionQueued"    // *SessionQueued
	TypeSessionTaken     = "LivechatSessionTaken"     // *SessionTaken
	TypeSessionForwarded = "LivechatSessionForwarded" // *SessionForwarded
	TypeSessionClosed    = "LivechatSession"          // *SessionClosed
	TypeRoomEdited       = "LivechatEdit"             // *RoomEdited
	TypeNewMessage       = "Message"                  // *NewMessage
	TypeLeadCapture      = "LeadCapture"              // *LeadCapture
	TypeOfflineMessage   = "LivechatOfflineMessage"   // *OfflineMessage
)

// Event is one event Rocket.Chat sent: *SessionStart, *SessionQueued,
// *SessionTaken, *SessionForwarded, *SessionClosed, *RoomEdited,
// *NewMessage, *LeadCapture, *OfflineMessage, or *Unknown for a type this
// package does not know. Tell them apart with a type switch. The set is
// closed: only this package's types implement Event.
type Event interface {
	// EventType returns the event's type member, such as
	// "LivechatSessionStart" ([TypeSessionStart]).
	EventType() string
	// RoomID returns the id of the room the event is about; "" for an
	// offline message, which has no room.
	RoomID() string
	// DeliveryKey returns a key that is the same for every delivery of one
	// event and differs between events: the SHA-256, in hex, of the body
	// Parse read. The server retries a failed delivery with the same body,
	// so receivers drop duplicates by this key. For an event built in code
	// rather than parsed, it is the SHA-256 of the event's encoding.
	DeliveryKey() string
	// Misfits returns the event's members whose values did not fit their
	// Go fields (see models.Misfit), or nil.
	Misfits() []models.Misfit

	setKey(key string)
}

// deliveryKey returns key, or for an event that was not parsed, the hash of
// its encoding.
func deliveryKey(key string, ev Event) string {
	if key != "" {
		return key
	}
	b, err := jsonx.Marshal(ev)
	if err != nil {
		return ""
	}
	return hashKey(b)
}

func hashKey(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

func (s *Session) setKey(key string) { s.key = key }

// SessionOf returns the part of a room event that every room event carries
// (the room, visitor, agent, crmData and messages), or nil for an
// [OfflineMessage] or an [Unknown] event.
func SessionOf(ev Event) *Session {
	if s, ok := ev.(interface{ session() *Session }); ok {
		return s.session()
	}
	return nil
}

func (s *Session) session() *Session { return s }

// newEvent returns a new event of the type, or nil for a type this package
// does not know.
func newEvent(typ string) Event {
	switch typ {
	case TypeSessionStart:
		return &SessionStart{}
	case TypeSessionQueued:
		return &SessionQueued{}
	case TypeSessionTaken:
		return &SessionTaken{}
	case TypeSessionForwarded:
		return &SessionForwarded{}
	case TypeSessionClosed:
		return &SessionClosed{}
	case TypeRoomEdited:
		return &RoomEdited{}
	case TypeNewMessage:
		return &NewMessage{}
	case TypeLeadCapture:
		return &LeadCapture{}
	case TypeOfflineMessage:
		return &OfflineMessage{}
	}
	return nil
}
