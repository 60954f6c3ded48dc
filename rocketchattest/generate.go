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
	messages    int // user messages per conversation; 0 for a random number
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

// MessagesPerRoom sets how many messages the visitor and the agents write
// in each generated conversation (by default 4 to 43 at random, 1 to 3 in
// a queued one, as few as 2 in a served one); the system messages come on
// top. n below 1 keeps the default. A long conversation lasts long enough
// for its messages to be at least a second apart.
func MessagesPerRoom(n int) GenerateOption { return func(c *genConfig) { c.messages = max(n, 0) } }

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
		dur = max(dur, time.Duration(cfg.messages)*2*time.Second)
		gap := seconds(rng, 2*3600, 72*3600)
		if i == 0 {
			gap = seconds(rng, 0, 30*60)
		}
		start := cursor.Add(-dur - gap).Truncate(time.Millisecond)
		g := &roomGen{rng: rng, cfg: cfg, visitor: v, start: start, dur: dur, open: i < cfg.open,
			msgSeed: [2]uint64{uint64(seed) ^ messageStream, uint64(i) + 1}}
		rooms = append(rooms, g.room())
		cursor = start
	}
	return rooms
}

// encodeGenerated encodes generated rooms for the store, each with its
// closing message and the plan of its other messages.
func encodeGenerated(gen []generated) ([]*storedRoom, error) {
	out := make([]*storedRoom, len(gen))
	for i, g := range gen {
		r := *g.room
		r.ClosingMessage = g.closing
		st, err := encodeRoom(&r)
		if err != nil {
			return nil, err
		}
		st.pending = g.plan.messages
		out[i] = st
	}
	return out, nil
}

// GenerateHistory generates n rooms for the visitor (see [GenerateRooms]),
// stores them with their messages (see [GenerateConversations]) and
// returns them newest first. A visitor registered with [Server.AddVisitor]
// appears in the rooms as registered (their v is derived from the record);
// otherwise a record is made up from the id and the seed and registered.
// The record's last chat, last agent and activity follow the rooms. On a
// server playing 7.0 or later, the visitor's contact (made from the record,
// as the server makes one, unless the visitor has one) gains a channel per
// source of the rooms, and the rooms name it in ContactID: the contact's
// history lists the visitor's closed rooms. The departments the rooms
// belong to by default are added (Support and Billing, without agents);
// add those given with [InDepartments] with [Server.AddDepartment].
//
// A room's messages are made when a request (or [Server.RoomMessages])
// first reads them, except its closing message, stored at once: a history
// of thousands of conversations costs little until a test reads one.
func (s *Server) GenerateHistory(visitorID string, n int, seed int64, opts ...GenerateOption) []*models.Room {
	if s.tb != nil {
		s.tb.Helper()
	}
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
	stored, err := encodeGenerated(gen)
	if err == nil {
		s.putGeneratedLocked(stored)
	}
	s.mu.Unlock()
	if err != nil {
		s.fail("GenerateHistory: %v", err)
		return nil
	}
	return rooms
}

// putGeneratedLocked stores generated rooms and adds their default
// departments, without agents, unless they exist (a taken name falls back
// to the id). s.mu must be held.
func (s *Server) putGeneratedLocked(stored []*storedRoom) {
	for _, st := range stored {
		dept, _ := st.doc["departmentId"].(string)
		if name, ok := defaultDepartmentNames[dept]; ok && s.omni.departments[dept] == nil {
			if s.departmentByIDOrNameLocked(name) != nil {
				name = dept
			}
			s.addDepartmentLocked(Department{ID: dept, Name: name})
		}
		s.putRoomLocked(st)
	}
}

// syntheticVisitor makes up a visitor for an id, deterministically.
func syntheticVisitor(id string, seed int64) models.RoomVisitor {
	h := fnv.New64a()
	h.Write([]byte(id))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(seed)))
	return models.RoomVisitor{
		ID:       id,
		Username: "guest-" + strconv.Itoa(1+rng.IntN(9999)),
		Token:    models.Token(randomString(rng, "abcdefghijklmnopqrstuvwxyz0123456789", 22)),
		Name:     pick(rng, visitorNames),
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
