package rocketchattest

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

var (
	visitorNames = []string{"Maria Souza", "John Carter", "Aiko Tanaka", "Lena Fischer", "Omar Haddad", "Priya Nair"}
	tagPool      = []string{"billing", "shipping", "refund", "vip", "bug", "onboarding", "feedback"}
	closingNotes = []string{"Customer confirmed delivery", "Refund issued", "Issue solved", "Duplicate of an earlier chat", ""}
	plans        = []string{"free", "pro", "enterprise"}
)

// roomGen makes one conversation from its own random stream.
type roomGen struct {
	rng     *rand.Rand
	cfg     *genConfig
	visitor models.RoomVisitor
	start   time.Time
	dur     time.Duration
	open    bool
	msgSeed [2]uint64 // the random stream of the room's messages
}

// generated is a generated room with the closing message kept beside it,
// since the server never stores closingMessage on the room, and the plan
// of its other messages, made when they are first needed.
type generated struct {
	room    *models.Room
	closing *models.Message
	plan    *convPlan
}

// workspaceNumber is the SMS number generated SMS conversations reach.
const workspaceNumber = "+15550100200"

// supportInbox is the e-mail inbox generated e-mail conversations reach.
const supportInbox = "support@example.com"

func (g *roomGen) room() generated {
	rng := g.rng
	agent := pick(rng, g.cfg.agents)
	cl := false
	// The room's v is what createLivechatRoom stores: id, user name, token,
	// status (set below), and later lastMessageTs; no name.
	v := models.RoomVisitor{ID: g.visitor.ID, Username: g.visitor.Username, Token: g.visitor.Token}
	r := &models.Room{
		ID:                        randomString(rng, idAlphabet, 17),
		Type:                      models.RoomTypeLivechat,
		Timestamp:                 g.start,
		FName:                     firstNonEmpty(g.visitor.Name, g.visitor.Username),
		MessageCount:              4 + rng.IntN(40),
		UsersCount:                2,
		CanLeave:                  &cl,
		Open:                      g.open,
		Visitor:                   v,
		DepartmentID:              pick(rng, g.cfg.departments),
		QueuedAt:                  g.start,
		PriorityWeight:            99,      // LivechatPriorityWeight.NOT_SPECIFIED, on every new room
		EstimatedWaitingTimeQueue: 9999999, // DEFAULT_SLA_CONFIG.ESTIMATED_WAITING_TIME_QUEUE
		Tags:                      g.tags(),
		LivechatData:              g.livechatData(),
	}
	g.source(r)
	lastAt := g.start.Add(g.dur)
	queued := g.open && rng.Float64() < 0.25
	if queued {
		r.UsersCount, r.Status = 1, models.RoomStatusQueued
		r.MessageCount = 1 + rng.IntN(3)
		lastAt = g.start.Add(seconds(rng, 1, 120))
		if g.cfg.messages > 0 {
			lastAt = g.start.Add(g.dur) // room for every message
		}
	} else {
		g.serve(r, agent, lastAt)
	}
	r.LastMessageAt = lastAt
	r.Visitor.Status = models.UserStatusOffline
	if g.open {
		r.Visitor.Status = models.UserStatusOnline
	}
	fromVisitor := queued || rng.Float64() < 0.5
	r.LastMessage = userMessage(rng, g.visitor, agent, r.ID, lastAt, fromVisitor)
	if fromVisitor {
		r.Visitor.LastMessageAt = lastAt
		r.WaitingResponse = g.open
	} else {
		r.Visitor.LastMessageAt = lastAt.Add(-seconds(rng, 30, 600))
	}
	r.UpdatedAt = lastAt.Add(seconds(rng, 0, 2))
	var closing *models.Message
	if !g.open {
		closing = g.close(r, agent, lastAt)
	} else if rng.Float64() < 0.15 {
		r.TranscriptRequest = &models.TranscriptRequest{Email: "customer@example.com", Subject: "Transcript of your chat",
			RequestedAt: lastAt, RequestedBy: models.UserRef{ID: g.visitor.ID, Username: g.visitor.Username}}
	}
	plan := g.conversation(r, agent, queued)
	return generated{room: r, closing: closing, plan: plan}
}

// serve sets the agent, the response records and the metrics of a served room.
func (g *roomGen) serve(r *models.Room, agent models.UserRef, lastAt time.Time) {
	rng := g.rng
	// An agent takes the room and answers early in the conversation.
	span := lastAt.Sub(g.start)
	servedAt := g.start.Add(min(seconds(rng, 5, 300), span/3).Truncate(time.Millisecond))
	firstAt := g.start.Add(min(servedAt.Sub(g.start)+seconds(rng, 2, 60), span/2).Truncate(time.Millisecond))
	firstTime := secs(firstAt.Sub(g.start))
	total := max(r.MessageCount/2, 1)
	avg := round3(20 + rng.Float64()*180)
	r.ServedBy = models.ServedBy{ID: agent.ID, Username: agent.Username, Timestamp: servedAt}
	r.ResponseBy = models.ResponseBy{ID: agent.ID, Username: agent.Username, FirstResponseAt: firstAt, LastMessageAt: lastAt}
	r.Metrics = models.Metrics{
		Reaction: models.MetricsReaction{FirstDate: firstAt, FirstTime: firstTime, TotalTime: round3(firstTime + rng.Float64()*600)},
		Response: models.MetricsResponse{FirstDate: firstAt, FirstTime: firstTime, TotalTime: round3(avg * float64(total)), Average: avg, Total: total},
		Visitor:  models.MetricsVisitor{LastQuery: lastAt.Add(-seconds(rng, 60, 900))},
		ServedBy: models.MetricsServedBy{LastReply: lastAt.Add(-seconds(rng, 0, 60))},
	}
	if g.open && rng.Float64() < 0.1 {
		r.OnHold = true
	}
}

// close sets the closing members of a closed room and returns its closing
// message (livechat-close): the agent's comment, or, when the visitor
// closed the chat, an empty message of the visitor's with their token.
func (g *roomGen) close(r *models.Room, agent models.UserRef, lastAt time.Time) *models.Message {
	rng := g.rng
	closedAt := lastAt.Add(seconds(rng, 5, 120))
	r.ClosedAt, r.UpdatedAt = closedAt, closedAt.Add(seconds(rng, 0, 1))
	r.Metrics.ChatDuration = secs(closedAt.Sub(g.start))
	if r.ServedBy.ID != "" {
		r.Metrics.ServiceTimeDuration = secs(closedAt.Sub(r.ServedBy.Timestamp))
	}
	r.Metrics.VisitorInactivity = round3(rng.Float64() * 600)
	if r.ServedBy.ID != "" && rng.Float64() < 0.7 {
		r.Closer = models.CloserUser
		r.ClosedBy = models.UserRef{ID: agent.ID, Username: agent.Username}
		f := false
		return &models.Message{
			ID: randomString(rng, idAlphabet, 17), RoomID: r.ID, Text: pick(rng, closingNotes), Type: "livechat-close",
			Groupable: &f, Timestamp: closedAt.Add(-time.Millisecond * 124), User: agent, UpdatedAt: closedAt.Add(-time.Millisecond * 124),
		}
	}
	r.Closer = models.CloserVisitor
	r.ClosedBy = models.UserRef{ID: g.visitor.ID, Username: g.visitor.Username}
	f := false
	return &models.Message{
		ID: randomString(rng, idAlphabet, 17), RoomID: r.ID, Type: "livechat-close", Groupable: &f,
		Timestamp: closedAt.Add(-time.Millisecond * 124), UpdatedAt: closedAt.Add(-time.Millisecond * 124),
		User: r.ClosedBy, Token: g.visitor.Token,
	}
}

// userMessage makes a message of the visitor or the agent, with a rich
// markdown tree. A visitor's message carries the visitor's token, and
// their name as alias.
func userMessage(rng *rand.Rand, visitor models.RoomVisitor, agent models.UserRef, rid string, at time.Time, fromVisitor bool) *models.Message {
	order := "A-" + strconv.Itoa(10000+rng.IntN(90000))
	m := &models.Message{ID: randomString(rng, idAlphabet, 17), RoomID: rid, Timestamp: at, UpdatedAt: at.Add(seconds(rng, 0, 1))}
	var rt richText
	if fromVisitor {
		rt = pick(rng, visitorTexts)(order, agent.Username)
		m.User = models.UserRef{ID: visitor.ID, Username: visitor.Username, Name: visitor.Name}
		m.Token, m.Alias = visitor.Token, visitor.Name
	} else {
		rt = pick(rng, agentTexts)(order, agent.Username)
		m.User = agent
	}
	m.Text, m.MD = rt.text, models.NewMarkdown([]byte(rt.md))
	for _, u := range rt.mentions {
		if u == agent.Username {
			m.Mentions = append(m.Mentions, models.Mention{ID: agent.ID, Username: u, Name: agent.Name, Type: "user"})
		}
	}
	for _, c := range rt.channels {
		m.Channels = append(m.Channels, models.ChannelRef{ID: "GENERAL", Name: c})
	}
	for _, u := range rt.urls {
		m.URLs = append(m.URLs, models.URL{URL: u})
	}
	return m
}

func (g *roomGen) tags() []string {
	var tags []string
	for _, t := range tagPool {
		if g.rng.Float64() < 0.2 {
			tags = append(tags, t)
		}
	}
	return tags
}

func (g *roomGen) livechatData() map[string]any {
	rng := g.rng
	data := map[string]any{}
	if rng.Float64() < 0.6 {
		data["orderNumber"] = "A-" + strconv.Itoa(10000+rng.IntN(90000))
	}
	if rng.Float64() < 0.5 {
		data["plan"] = pick(rng, plans)
	}
	if rng.Float64() < 0.3 {
		data["nps"] = float64(rng.IntN(11))
	}
	return data
}

// source picks the channel of the conversation and what goes with it, as
// the server's entry points write them: an e-mail inbox
// (EmailInbox_Incoming: source {type, id: the inbox address, alias
// "email-inbox"}, email {inbox, thread, replyTo, subject}) or an SMS
// service (sms-incoming: source {type, alias: the service, destination: the
// number reached}, sms {from: that same number}).
func (g *roomGen) source(r *models.Room) {
	rng := g.rng
	switch p := rng.Float64(); {
	case p < 0.55:
		r.Source = models.Source{Type: models.SourceWidget, Destination: "www.example.com"}
	case p < 0.7:
		r.Source = models.Source{Type: models.SourceEmail, ID: supportInbox, Alias: "email-inbox"}
		r.Email = &models.RoomEmail{Inbox: supportInbox, ReplyTo: "customer@example.com", Subject: "Where is my order?",
			Thread: []string{"<" + randomString(rng, idAlphabet, 12) + "@mail.example.com>"}}
	case p < 0.82:
		_ = rng.IntN(99999999) // the draw of an earlier generator, kept so later fields stay the same
		r.Source = models.Source{Type: models.SourceSMS, Alias: "twilio", Destination: workspaceNumber}
		r.SMS = &models.SMS{From: workspaceNumber}
	case p < 0.95:
		r.Source = models.Source{Type: models.SourceApp, ID: "c33fa1a6-68a7-491e-bf49-9d7b99671c48", Alias: "WhatsApp",
			Label: "WhatsApp", SidebarIcon: "icon-whatsapp", DefaultIcon: "icon-chat"}
	default:
		r.Source = models.Source{Type: models.SourceAPI}
	}
}

// decodeVisitor reads a room's v member into v.
func decodeVisitor(doc any, v *models.RoomVisitor) bool {
	raw, err := json.Marshal(doc)
	if err != nil {
		return false
	}
	return jsonx.Unmarshal(raw, v) == nil && v.ID != ""
}

// secs is a duration in seconds with millisecond precision, as the server's
// metrics hold them.
func secs(d time.Duration) float64 { return round3(d.Seconds()) }

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
