package rocketchattest

import (
	"bytes"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// AddVisitor registers a livechat visitor's whole record, filling an empty
// ID, Token, Username (guest-N) and Timestamp (now), and returns it as
// stored. A visitor with the ID of one already registered replaces it.
// [Server.GenerateHistory] writes a registered visitor into the rooms it
// makes (their v is derived from the record) and keeps the record's
// LastChat up to date. A record that cannot be encoded (a broken Unknown
// member) fails the test ([NewServer]) or panics ([Start]).
func (s *Server) AddVisitor(v models.Visitor) models.Visitor {
	if s.tb != nil {
		s.tb.Helper()
	}
	s.mu.Lock()
	if v.ID == "" {
		v.ID = s.newIDLocked()
	}
	if v.Token == "" {
		v.Token = models.Token(s.randomLocked("abcdefghijklmnopqrstuvwxyz0123456789", 22))
	}
	if v.Username == "" {
		v.Username = "guest-" + strconv.Itoa(len(s.visitors.byID)+1)
	}
	if v.Timestamp.IsZero() {
		v.Timestamp = time.Now().UTC().Truncate(time.Millisecond)
	}
	err := s.putVisitorLocked(&v)
	s.mu.Unlock()
	if err != nil {
		s.fail("AddVisitor: %v", err)
	}
	return v
}

// putVisitorLocked stores a visitor record. s.mu must be held.
func (s *Server) putVisitorLocked(v *models.Visitor) error {
	d, err := encodeDoc(v)
	if err != nil {
		return err
	}
	s.visitors.put(d)
	return nil
}

// Visitor returns a copy of a registered visitor's record, by id;
// [Server.VisitorByToken] finds one by token.
func (s *Server) Visitor(id string) (models.Visitor, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.visitorLocked(id)
}

func (s *Server) visitorLocked(id string) (models.Visitor, bool) {
	d := s.visitors.get(id)
	if d == nil {
		return models.Visitor{}, false
	}
	var v models.Visitor
	return v, d.decodeInto(&v) == nil
}

// roomVisitor is the summary a room keeps of a visitor (its v): what
// createLivechatRoom copies from the record. Name is not stored in v; the
// generator uses it for the room's name and the visitor's messages.
func roomVisitor(v *models.Visitor) models.RoomVisitor {
	return models.RoomVisitor{ID: v.ID, Username: v.Username, Token: v.Token, Name: v.Name}
}

// visitorForLocked returns the record of the visitor GenerateHistory writes into
// rooms: the registered one, or one made up from the id and the seed, then
// registered. s.mu must be held.
func (s *Server) visitorForLocked(id string, seed int64) *models.Visitor {
	if v, ok := s.visitorLocked(id); ok {
		return &v
	}
	v := syntheticRecord(syntheticVisitor(id, seed))
	_ = s.putVisitorLocked(v)
	return v
}

// syntheticRecord makes a visitor's whole record from a room's summary of
// it, deterministically: an address and a number derived from its username.
func syntheticRecord(rv models.RoomVisitor) *models.Visitor {
	h := fnv.New32a()
	h.Write([]byte(rv.ID))
	n := strconv.Itoa(1000000 + int(h.Sum32()%9000000))
	return &models.Visitor{
		ID: rv.ID, Username: rv.Username, Token: rv.Token, Name: rv.Name,
		Emails:       []models.EmailAddress{{Address: strings.ToLower(rv.Username) + "@example.com"}},
		Phones:       []models.Phone{{Number: "+1555" + n}},
		LivechatData: map[string]any{"customerId": "CUST-" + n},
		Status:       models.UserStatusOffline,
	}
}

// recordHistoryLocked brings a visitor's record in line with its rooms:
// registered when the first room started, department, last chat, last agent
// and activity from the newest room. s.mu must be held.
func (s *Server) recordHistoryLocked(v *models.Visitor, rooms []*models.Room) {
	if len(rooms) == 0 {
		return
	}
	oldest, newest := rooms[0], rooms[0]
	for _, r := range rooms {
		if r.Timestamp.Before(oldest.Timestamp) {
			oldest = r
		}
		if r.Timestamp.After(newest.Timestamp) {
			newest = r
		}
	}
	if v.Timestamp.IsZero() || oldest.Timestamp.Before(v.Timestamp) {
		v.Timestamp = oldest.Timestamp
	}
	if v.LastChat.Timestamp.Before(newest.Timestamp) {
		v.LastChat = models.LastChat{ID: newest.ID, Timestamp: newest.Timestamp}
		v.Department = newest.DepartmentID
		v.UpdatedAt = newest.UpdatedAt
		if newest.ServedBy.ID != "" {
			v.LastAgent = models.LastAgent{AgentID: newest.ServedBy.ID, Username: newest.ServedBy.Username, Timestamp: newest.ServedBy.Timestamp}
		}
		v.Status = newest.Visitor.Status
		v.Activity = []string{newest.Timestamp.Format("2006-01")}
	}
	_ = s.putVisitorLocked(v)
}

// visitorByTokenLocked finds the visitor with a token. s.mu must be held.
func (s *Server) visitorByTokenLocked(token string) *storedDoc {
	found := s.visitors.filter(func(d *storedDoc) bool { return d.doc["token"] == token })
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

// enabledVisitor is findOneEnabledById's filter: {_id, disabled: {$ne: true}}.
func enabledVisitor(d *storedDoc) bool { return d.doc["disabled"] != true }

// visitorAnswer writes {"visitor": <doc>, "success": true}.
func visitorAnswer(raw []byte) *response {
	var b bytes.Buffer
	b.WriteString(`{"visitor":`)
	b.Write(raw)
	b.WriteString(`,"success":true}`)
	return rawJSONResponse(http.StatusOK, b.Bytes())
}
