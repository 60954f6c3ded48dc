package rocketchattest

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// messageStream tells a room's message stream from its room stream.
const messageStream = 0x6d657373616765

// rocketCat is the server's bot, the author of navigation messages.
var rocketCat = models.UserRef{ID: rocketCatUserID, Username: rocketCatUserID}

// convPlan is what a generated room's messages must agree with. The
// messages themselves are made from it only when needed (see
// Server.roomMessagesLocked): a history of thousands of rooms costs nothing
// until a test reads one.
type convPlan struct {
	seed       [2]uint64
	room       string
	visitor    models.RoomVisitor // the visitor, with their name
	agent      models.UserRef     // the serving agent; zero while queued
	from       models.UserRef     // the agent who transferred the room; zero if none
	start      time.Time
	servedAt   time.Time
	firstReply time.Time
	last       models.Message // the room's lastMessage
	users      int            // messages of the visitor and agents, last included
}

// conversation plans the messages of room r and sets its message count
// (msgs) to agree: what the visitor and the agents wrote, plus the system
// messages the server counts (livechat-started; command "connected" and
// "uj" when an agent took the room; a transfer; livechat-close). Navigation
// messages are not counted, as on the server.
func (g *roomGen) conversation(r *models.Room, agent models.UserRef, queued bool) *convPlan {
	p := &convPlan{seed: g.msgSeed, room: r.ID, visitor: g.visitor, start: g.start, last: *r.LastMessage}
	system, least := 1, 1 // livechat-started
	if !queued {
		p.agent, p.servedAt, p.firstReply = agent, r.ServedBy.Timestamp, r.ResponseBy.FirstResponseAt
		system, least = system+2, 2 // the visitor wrote first, then an agent took the room
		if len(g.cfg.agents) > 1 && g.rng.Float64() < 0.15 {
			others := slices.DeleteFunc(slices.Clone(g.cfg.agents), func(a models.UserRef) bool { return a.ID == agent.ID })
			p.from = pick(g.rng, others)
			system++
		}
	}
	if !g.open {
		system++ // livechat-close
	}
	p.users = max(r.MessageCount-system, least)
	if g.cfg.messages > 0 {
		p.users = g.cfg.messages
	}
	r.MessageCount = p.users + system
	return p
}

// messages makes the room's messages but its closing one, oldest first.
func (p *convPlan) messages() []*models.Message {
	rng := rand.New(rand.NewPCG(p.seed[0], p.seed[1]))
	f := false
	sys := func(t string, at time.Time, u models.UserRef, text string) *models.Message {
		return &models.Message{ID: randomString(rng, idAlphabet, 17), RoomID: p.room, Type: t, Text: text,
			Timestamp: at, UpdatedAt: at, User: u, Groupable: &f}
	}
	visitor := models.UserRef{ID: p.visitor.ID, Username: p.visitor.Username}
	started := sys("livechat-started", p.start, visitor, "")
	started.Token = p.visitor.Token
	out := append(p.userMessages(rng), started)
	if p.agent.ID != "" {
		out = append(out, sys("command", p.servedAt, p.agent, "connected"), sys("uj", p.servedAt.Add(time.Millisecond), p.agent, ""))
	}
	if p.from.ID != "" {
		m := sys("livechat_transfer_history", p.servedAt.Add(-500*time.Millisecond), p.from, "")
		by, to := transferParty(p.from), transferParty(p.agent)
		m.TransferData = &models.TransferData{TransferredBy: by, TransferredTo: &to, Scope: "agent",
			Comment: "Passing you to a colleague who knows this order", Timestamp: m.Timestamp}
		out = append(out, m)
	}
	out = append(out, p.navigation(rng, sys)...)
	slices.SortStableFunc(out, func(a, b *models.Message) int { return a.Timestamp.Compare(b.Timestamp) })
	return out
}

func transferParty(u models.UserRef) models.TransferParty {
	return models.TransferParty{ID: u.ID, Username: u.Username, Name: u.Name, Type: "user"}
}

// userMessages makes what the visitor and the agents wrote, ending with
// the room's last message: the visitor's first message right after the
// start, the agent's first reply when the room says, the rest spread
// evenly up to the last one.
func (p *convPlan) userMessages(rng *rand.Rand) []*models.Message {
	last := p.last
	if p.users == 1 {
		return []*models.Message{&last}
	}
	// The first message right after the start, well before the last one.
	first := p.start.Add(min(seconds(rng, 0, 2)+time.Millisecond, last.Timestamp.Sub(p.start)/time.Duration(p.users+1)))
	out := []*models.Message{userMessage(rng, p.visitor, p.agent, p.room, first, true)}
	from := out[0].Timestamp
	if p.agent.ID != "" && p.users > 2 {
		out = append(out, userMessage(rng, p.visitor, p.agent, p.room, p.firstReply, false))
		from = p.firstReply
	}
	middle := p.users - len(out) - 1
	step := last.Timestamp.Sub(from) / time.Duration(middle+1)
	fromVisitor := true
	for j := 1; j <= middle; j++ {
		at := from.Add(step*time.Duration(j) + time.Duration(rng.Int64N(int64(step/4)+1))).Truncate(time.Millisecond)
		out = append(out, userMessage(rng, p.visitor, p.agent, p.room, at, fromVisitor || p.agent.ID == ""))
		if rng.Float64() < 0.7 {
			fromVisitor = !fromVisitor
		}
	}
	return append(out, &last)
}

var visitedPages = []struct{ title, href string }{
	{"Pricing", "https://www.example.com/pricing"},
	{"Order status", "https://www.example.com/orders"},
	{"Returns and refunds", "https://www.example.com/help/returns"},
	{"Contact us", "https://www.example.com/contact"},
}

// navigation makes up to three pages the visitor opened during the chat,
// as the widget records them: messages of rocket.cat carrying the page and
// the visitor's token.
func (p *convPlan) navigation(rng *rand.Rand, sys func(string, time.Time, models.UserRef, string) *models.Message) []*models.Message {
	n := rng.IntN(4)
	span := p.last.Timestamp.Sub(p.start)
	out := make([]*models.Message, 0, n)
	for range n {
		page := pick(rng, visitedPages)
		at := p.start.Add(time.Duration(rng.Int64N(int64(span) + 1))).Truncate(time.Millisecond)
		m := sys("livechat_navigation_history", at, rocketCat, page.title+" - "+page.href)
		m.Navigation = &models.Navigation{Token: p.visitor.Token,
			Page: models.NavigationPage{Title: page.title, Location: models.PageLocation{Href: page.href}, Change: "url"}}
		out = append(out, m)
	}
	return out
}

// Conversation is a generated livechat room with every message the server
// keeps for it, oldest first: what the visitor and the agents wrote, the
// system messages (the start, the agent joining, transfers, the pages the
// visitor opened) and, for a closed room, its closing message. The room
// agrees with them: its message count (msgs) counts the messages the
// server counts, its lastMessage is the last one the visitor or an agent
// wrote, and every timestamp lies between the room's start and its close.
type Conversation struct {
	Room     *models.Room
	Messages []*models.Message
}

// GenerateConversations makes the rooms of [GenerateRooms] (the same rooms
// for the same arguments) with their messages. Seed a server with
// [Server.AddRooms] and [Server.AddMessages]; [Server.GenerateHistory]
// does both, and makes each room's messages only when a test reads them.
func GenerateConversations(v models.RoomVisitor, n int, seed int64, opts ...GenerateOption) []Conversation {
	gen := generateRooms(v, n, seed, opts)
	out := make([]Conversation, len(gen))
	for i, g := range gen {
		msgs := g.plan.messages()
		if g.closing != nil {
			msgs = append(msgs, g.closing)
		}
		out[i] = Conversation{Room: g.room, Messages: msgs}
	}
	return out
}
