package rocketchattest

import (
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// GenerateOption configures [GenerateRooms] and [Server.GenerateHistory].
type GenerateOption func(*genConfig)

type genConfig struct {
	end         time.Time
	agents      []models.UserRef
	departments []string
	open        int
}

// defaultHistoryEnd is when generated histories end unless [EndingAt] says
// otherwise: a fixed date, so output does not depend on the clock.
var defaultHistoryEnd = time.Date(2025, time.June, 30, 12, 0, 0, 0, time.UTC)

// defaultAgents serve generated conversations unless [ServedBy] says otherwise.
var defaultAgents = []models.UserRef{
	{ID: "agentAna00000001X", Username: "agent.ana", Name: "Ana Lima"},
	{ID: "agentBruno000002Y", Username: "agent.bruno", Name: "Bruno Costa"},
	{ID: "agentCarla000003Z", Username: "agent.carla", Name: "Carla Reis"},
}

// EndingAt makes the newest generated conversation end at t (default
// 2025-06-30T12:00:00Z).
func EndingAt(t time.Time) GenerateOption { return func(c *genConfig) { c.end = t.UTC() } }

// ServedBy sets the agents who serve generated conversations; seed them with
// [Server.AddUser] under the same ids to have them access their rooms.
func ServedBy(agents ...models.UserRef) GenerateOption {
	return func(c *genConfig) {
		if len(agents) > 0 {
			c.agents = agents
		}
	}
}

// InDepartments sets the departments generated conversations belong to.
func InDepartments(ids ...string) GenerateOption {
	return func(c *genConfig) {
		if len(ids) > 0 {
			c.departments = ids
		}
	}
}

// OpenRooms sets how many of the newest conversations are still open
// (default 1).
func OpenRooms(n int) GenerateOption { return func(c *genConfig) { c.open = max(n, 0) } }

func newGenConfig(opts []GenerateOption) *genConfig {
	c := &genConfig{
		end:         defaultHistoryEnd,
		agents:      defaultAgents,
		departments: []string{"deptSupport00001A", "deptBilling00002B"},
		open:        1,
	}
	for _, opt := range opts {
		if opt != nil {
			opt(c)
		}
	}
	return c
}

// GenerateRooms makes n realistic livechat rooms of the visitor, newest
// first: open and closed conversations with metrics, agents, tags, custom
// fields, sources from widget to e-mail, SMS and apps, and last messages with
// rich markdown trees. The same visitor, n, seed and options always give the
// same rooms, and a longer history starts with the rooms of a shorter one.
func GenerateRooms(v models.RoomVisitor, n int, seed int64, opts ...GenerateOption) []*models.Room {
	gen := generateRooms(v, n, seed, opts)
	rooms := make([]*models.Room, len(gen))
	for i, g := range gen {
		rooms[i] = g.room
	}
	return rooms
}

// generateRooms makes the rooms of GenerateRooms with their closing messages.
func generateRooms(v models.RoomVisitor, n int, seed int64, opts []GenerateOption) []generated {
	cfg := newGenConfig(opts)
	rooms := make([]generated, 0, max(n, 0))
	cursor := cfg.end
	for i := range max(n, 0) {
		rng := rand.New(rand.NewPCG(uint64(seed), uint64(i)+1))
		dur := seconds(rng, 3*60, 90*60)
		gap := seconds(rng, 2*3600, 72*3600)
		if i == 0 {
			gap = seconds(rng, 0, 30*60)
		}
		start := cursor.Add(-dur - gap).Truncate(time.Millisecond)
		g := &roomGen{rng: rng, cfg: cfg, visitor: v, start: start, dur: dur, open: i < cfg.open}
		rooms = append(rooms, g.room())
		cursor = start
	}
	return rooms
}

// withClosing returns copies of the rooms carrying their closing messages,
// which the store keeps beside the rooms.
func withClosing(gen []generated) []*models.Room {
	out := make([]*models.Room, len(gen))
	for i, g := range gen {
		r := *g.room
		r.ClosingMessage = g.closing
		out[i] = &r
	}
	return out
}

// GenerateHistory generates n rooms for the visitor (see [GenerateRooms]),
// stores them and returns them newest first. A visitor registered with
// [Server.AddVisitor] appears in the rooms as registered (their v is derived
// from the record); otherwise a record is made up from the id and the seed
// and registered. The record's last chat, last agent and activity follow
// the rooms. On a server playing 7.0 or later, the visitor's contact (made
// from the record, as the server makes one, unless the visitor has one)
// gains a channel per source of the rooms, and the rooms name it in
// ContactID: the contact's history lists the visitor's closed rooms. The
// agents' closing messages of closed rooms are kept beside the rooms, as the
// server keeps them.
func (s *Server) GenerateHistory(visitorID string, n int, seed int64, opts ...GenerateOption) []*models.Room {
	s.mu.Lock()
	v := s.visitorForLocked(visitorID, seed)
	s.mu.Unlock()
	gen := generateRooms(roomVisitor(v), n, seed, opts)
	rooms := make([]*models.Room, len(gen))
	for i, g := range gen {
		rooms[i] = g.room
	}
	s.mu.Lock()
	s.linkHistoryLocked(v, rooms)
	s.mu.Unlock()
	s.AddRooms(withClosing(gen)...)
	return rooms
}

// syntheticVisitor makes up a visitor for an id, deterministically.
func syntheticVisitor(id string, seed int64) models.RoomVisitor {
	h := fnv.New64a()
	h.Write([]byte(id))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(seed)))
	return models.RoomVisitor{
		ID:       id,
		Username: "guest-" + strconv.Itoa(1+rng.IntN(9999)),
		Token:    randomString(rng, "abcdefghijklmnopqrstuvwxyz0123456789", 22),
		Name:     pick(rng, visitorNames),
	}
}

// insertNewerLocked adds n generated rooms newer than every room of the
// visitor. s.mu must be held.
func (s *Server) insertNewerLocked(visitorID string, n int) {
	if n <= 0 {
		return
	}
	rooms := s.rooms.visitorHistory(visitorID)
	sortRooms(rooms, defaultSort)
	base := defaultHistoryEnd
	rec, ok := s.visitorLocked(visitorID)
	v := roomVisitor(&rec)
	if len(rooms) > 0 {
		if ts, err := time.Parse(time.RFC3339Nano, str(rooms[0].doc["ts"])); err == nil {
			base = ts
		}
		if !ok {
			ok = decodeVisitor(rooms[0].doc["v"], &v)
			rec = *syntheticRecord(v)
		}
	}
	if !ok {
		v = syntheticVisitor(visitorID, 0)
		rec = *syntheticRecord(v)
	}
	seed := s.rng.Int64()
	// Generate once to learn the span, then again so the oldest new room
	// starts one minute after the newest existing one.
	probe := GenerateRooms(v, n, seed, EndingAt(base))
	span := base.Sub(probe[len(probe)-1].Timestamp)
	gen := generateRooms(v, n, seed, []GenerateOption{EndingAt(base.Add(span + time.Minute))})
	added := make([]*models.Room, len(gen))
	for i, g := range gen {
		added[i] = g.room
	}
	s.linkHistoryLocked(&rec, added)
	for _, r := range withClosing(gen) {
		st, err := encodeRoom(r)
		if err == nil {
			s.putRoomLocked(st)
		}
	}
}

func seconds(rng *rand.Rand, lo, hi int) time.Duration {
	return time.Duration(lo)*time.Second + time.Duration(rng.Int64N(int64(hi-lo)*1000+1))*time.Millisecond
}

func randomString(rng *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

func pick[T any](rng *rand.Rand, from []T) T { return from[rng.IntN(len(from))] }
