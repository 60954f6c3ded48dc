package main

import (
	"context"
	"net/http"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// The people of the conversation.
var (
	ana = rocketchattest.WebhookVisitor{ID: "Hk3x9WqLmN2pR5tYv", Token: "c2a0b0f0-9a5e-4b7e-9d0a-1f3e5c7a9b11",
		Name: "Ana Souza", Username: "guest-17", Department: "dPt4Sales0000001", Emails: []string{"ana@example.com"}}
	john = models.User{ID: "agentJohn0000001", Username: "john.doe", Name: "John Doe", Emails: []models.Email{{Address: "john.doe@example.com"}}}
	mary = models.User{ID: "agentMary0000001", Username: "mary.roe", Name: "Mary Roe", Emails: []models.Email{{Address: "mary.roe@example.com"}}}
)

// conversation is a room and its messages as they change, and the sender
// that reports each change as a Rocket.Chat server with every webhook event
// turned on and automatic routing does.
type conversation struct {
	ctx    context.Context
	sender *rocketchattest.WebhookSender
	room   *models.Room
	msgs   []models.Message
	err    error
}

// play sends the events of one conversation to url, in the order the
// server fires them, each after the previous one was answered.
func play(ctx context.Context, url, secret string) error {
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	s := rocketchattest.NewWebhookSender(url, secret,
		rocketchattest.WithWebhookHTTPClient(&http.Client{Transport: tr}),
		rocketchattest.WithWebhookRetryInterval(time.Second), // 20 s on a real server
		rocketchattest.WithWebhookSiteURL("https://chat.example.com"))
	s.AddVisitor(ana)
	s.AddAgent(john)
	s.AddAgent(mary)
	now := time.Now().UTC()
	c := &conversation{ctx: ctx, sender: s, room: &models.Room{
		ID: "Rb7qYy4Lq9Wf2nXkP", Type: models.RoomTypeLivechat, FName: ana.Name, Timestamp: now, LastMessageAt: now,
		Open: true, DepartmentID: ana.Department, Visitor: models.RoomVisitor{ID: ana.ID, Username: ana.Username, Token: ana.Token, Name: ana.Name},
	}}

	c.send(s.SessionStart)
	c.take(john, now.Add(2*time.Second))
	c.say(ana, "Hi, my order A-10233 has not arrived.", now.Add(5*time.Second))
	c.say(john, "Sorry about that! Let me check with shipping.", now.Add(40*time.Second))
	c.say(ana, "You can also reach me at ana.work@example.com", now.Add(55*time.Second))
	c.captureLead("ana.work@example.com")
	c.forward(mary, now.Add(2*time.Minute))
	c.say(mary, "Your parcel was lost; I have issued a refund.", now.Add(4*time.Minute))
	c.say(ana, "Thank you!", now.Add(5*time.Minute))
	c.close(mary, "Refund issued", now.Add(6*time.Minute))
	return c.err
}

// send sends one event about the room with all its messages.
func (c *conversation) send(event func(context.Context, *models.Room, []models.Message) (*rocketchattest.WebhookDelivery, error)) {
	if c.err == nil {
		_, c.err = event(c.ctx, c.room, c.msgs)
	}
}

func (c *conversation) take(agent models.User, at time.Time) {
	c.room.ServedBy = models.ServedBy{ID: agent.ID, Username: agent.Username, Timestamp: at}
	c.send(c.sender.SessionTaken)
}

// say adds a message, and sends it as a Message event.
func (c *conversation) say(from any, text string, at time.Time) {
	m := models.Message{ID: "msg" + at.Format("150405.000"), RoomID: c.room.ID, Text: text, Timestamp: at, UpdatedAt: at}
	switch u := from.(type) {
	case rocketchattest.WebhookVisitor:
		m.User, m.Token = models.UserRef{ID: u.ID, Username: u.Username, Name: u.Name}, u.Token
	case models.User:
		m.User = models.UserRef{ID: u.ID, Username: u.Username, Name: u.Name}
	}
	if c.err == nil {
		_, c.err = c.sender.NewMessage(c.ctx, c.room, m) // built from the room before the message
	}
	c.msgs = append(c.msgs, m)
	c.room.LastMessageAt = at
}

// captureLead adds the address the visitor wrote to the visitor record and
// sends LeadCapture.
func (c *conversation) captureLead(email string) {
	v := ana
	v.Emails = append(v.Emails, email)
	c.sender.AddVisitor(v)
	if c.err == nil {
		_, c.err = c.sender.LeadCapture(c.ctx, c.room)
	}
}

// forward hands the room to another agent: Taken for the new agent, then
// Forwarded.
func (c *conversation) forward(to models.User, at time.Time) {
	old := c.room.ServedBy
	c.take(to, at)
	if c.err == nil {
		_, c.err = c.sender.SessionForwarded(c.ctx, c.room, c.msgs, old)
	}
}

// close closes the room with a comment, which the server saves as the
// closing message, the transcript's last.
func (c *conversation) close(by models.User, comment string, at time.Time) {
	c.msgs = append(c.msgs, models.Message{ID: "msgclose", RoomID: c.room.ID, Type: "livechat-close", Text: comment,
		Timestamp: at, UpdatedAt: at, User: models.UserRef{ID: by.ID, Username: by.Username}})
	c.room.Open, c.room.ClosedAt, c.room.Closer, c.room.LastMessageAt = false, at, models.CloserUser, at
	c.room.ClosedBy = models.UserRef{ID: by.ID, Username: by.Username}
	c.room.Tags = []string{"shipping", "refund"}
	c.send(c.sender.SessionClosed)
}
