package webhook_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/webhook"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

const secret = "s3cr3t-Token_42"

// A conversation: visitor Ana, agents John and Mary.
var (
	t0  = time.Date(2025, 9, 1, 12, 0, 0, 123e6, time.UTC)
	ana = rocketchattest.WebhookVisitor{
		ID: "Hk3x9WqLmN2pR5tYv", Token: "c2a0b0f0-9a5e-4b7e-9d0a-1f3e5c7a9b11", Name: "Ana Souza",
		Username: "guest-17", Department: "dPt4Sales0000001", CustomFields: map[string]any{"customerId": "C-1001"},
		Emails: []string{"ana@example.com"}, Phones: []string{"+5511999990000"},
	}
	anaRef = models.UserRef{ID: ana.ID, Username: ana.Username, Name: ana.Name}
	john   = models.User{ID: "agentJohn0000001", Username: "john.doe", Name: "John Doe",
		Emails: []models.Email{{Address: "john.doe@example.com"}}}
	mary = models.User{ID: "agentMary0000001", Username: "mary.roe", Name: "Mary Roe",
		Emails: []models.Email{{Address: "mary.roe@example.com"}}}
	johnServes = models.ServedBy{ID: john.ID, Username: john.Username, Timestamp: t0.Add(time.Minute)}
	maryServes = models.ServedBy{ID: mary.ID, Username: mary.Username, Timestamp: t0.Add(5 * time.Minute)}
)

func msg(id string, from models.UserRef, text string, after time.Duration) models.Message {
	return models.Message{ID: id, RoomID: "Rb7qYy4Lq9Wf2nXkP", Text: text, User: from,
		Timestamp: t0.Add(after), UpdatedAt: t0.Add(after + 10*time.Millisecond)}
}

func ref(u models.User) models.UserRef {
	return models.UserRef{ID: u.ID, Username: u.Username, Name: u.Name}
}

var (
	hello   = msg("msgV1000000000001", anaRef, "Hi, I need help with my order", 5*time.Second)
	asks    = msg("msgA1000000000001", ref(john), "Sure, what is the order number?", 70*time.Second)
	refund  = msg("msgA2000000000001", ref(mary), "Your refund was issued.", 9*time.Minute)
	closing = func() models.Message {
		m := msg("msgC1000000000001", models.UserRef{ID: mary.ID, Username: mary.Username}, "Solved", 10*time.Minute)
		m.Type = "livechat-close"
		return m
	}()
	transcript = []models.Message{hello, asks, refund, closing}
)

// room is the conversation's room as it starts.
func room() *models.Room {
	return &models.Room{ID: "Rb7qYy4Lq9Wf2nXkP", Type: models.RoomTypeLivechat, FName: ana.Name, Timestamp: t0,
		LastMessageAt: t0, Open: true, DepartmentID: "dPt4Sales0000001",
		Visitor: models.RoomVisitor{ID: ana.ID, Username: ana.Username, Token: models.Token(ana.Token), Name: ana.Name}}
}

// build builds an event's body the way the server does.
func build(t testing.TB, eventType string, src rocketchattest.WebhookSource) []byte {
	t.Helper()
	if src.Visitor == nil {
		v := ana
		src.Visitor = &v
	}
	p, err := rocketchattest.BuildWebhookPayload(eventType, src)
	if err != nil {
		t.Fatal(err)
	}
	return p.Body
}

// request is a delivery of body with the token header set to token, left
// out when token is "-".
func request(body []byte, token string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/rocketchat", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if token != "-" {
		r.Header.Set(webhook.TokenHeader, token)
	}
	return r
}

// newHandler is webhook.NewHandler, failing the test if it panics.
func newHandler(t testing.TB, secret string, fn func(context.Context, webhook.Event) (any, error), opts ...webhook.HandlerOption) http.Handler {
	t.Helper()
	v, h := newHandlerRecover(secret, fn, opts...)
	if v != nil {
		t.Fatalf("NewHandler panicked: %v", v)
	}
	return h
}

// newHandlerRecover calls webhook.NewHandler and returns what it panicked
// with, if it did.
func newHandlerRecover(secret string, fn func(context.Context, webhook.Event) (any, error), opts ...webhook.HandlerOption) (panicked any, h http.Handler) {
	defer func() { panicked = recover() }()
	return nil, webhook.NewHandler(secret, fn, opts...)
}

// parse parses a delivery of body with the right token.
func parse(t testing.TB, body []byte) webhook.Event {
	t.Helper()
	ev, err := webhook.Parse(request(body, secret), secret)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return ev
}

func compact(t testing.TB, b []byte) []byte {
	t.Helper()
	v := jsontext.Value(bytes.Clone(b))
	if err := v.Compact(); err != nil {
		t.Fatal(err)
	}
	return v
}

// countingReader is a request body that counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func (c *countingReader) Close() error { return nil }

type ctx = context.Context

// discard is a logger that drops everything.
var discard = slog.New(slog.DiscardHandler)
