package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/webhook"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// A receiver for Rocket.Chat's Omnichannel webhook. Here a fake server
// (package rocketchattest) sends it two events in memory; a real program
// gives http://host/rocketchat to Rocket.Chat as its webhook URL.
func ExampleNewHandler() {
	handler := webhook.NewHandler("s3cr3t", func(ctx context.Context, ev webhook.Event) (any, error) {
		switch ev := ev.(type) {
		case *webhook.SessionStart:
			fmt.Println("started:", ev.Visitor.Name, ev.Visitor.Email.Addresses())
			return map[string]string{"ticket": "T-1001"}, nil // stored on the room as its crmData
		case *webhook.NewMessage:
			var crm struct{ Ticket string }
			_ = ev.CRMData.Decode(&crm)
			m := ev.Message()
			fmt.Printf("%s on %s: %s (from the visitor: %v)\n", m.Username, crm.Ticket, m.Text, m.FromVisitor())
		}
		return nil, nil // keep the room's crmData
	}, webhook.WithLogger(slog.New(slog.DiscardHandler)))
	mux := http.NewServeMux()
	mux.Handle("POST /rocketchat", handler)

	// The fake server's side.
	sender := rocketchattest.NewWebhookSender("http://crm.example.com/rocketchat", "s3cr3t",
		rocketchattest.WithWebhookHTTPClient(rocketchattest.HandlerClient(mux)))
	sender.AddVisitor(rocketchattest.WebhookVisitor{ID: "visitor-1", Name: "Ana Souza", Username: "guest-1", Emails: []string{"ana@example.com"}})
	now := time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC)
	room := &models.Room{ID: "room-1", Timestamp: now, Visitor: models.RoomVisitor{ID: "visitor-1", Username: "guest-1"}}
	ctx := context.Background()
	if _, err := sender.SessionStart(ctx, room, nil); err != nil {
		panic(err)
	}
	hello := models.Message{ID: "m1", RoomID: "room-1", Text: "Hello!", Timestamp: now.Add(time.Second),
		User: models.UserRef{ID: "visitor-1", Username: "guest-1"}}
	if _, err := sender.NewMessage(ctx, room, hello); err != nil {
		panic(err)
	}
	// Output:
	// started: Ana Souza [ana@example.com]
	// guest-1 on T-1001: Hello! (from the visitor: true)
}

// Parse in a handler of your own, with the errors it returns.
func ExampleParse() {
	http.HandleFunc("POST /rocketchat", func(w http.ResponseWriter, r *http.Request) {
		ev, err := webhook.Parse(r, "s3cr3t")
		switch {
		case errors.Is(err, webhook.ErrInvalidToken):
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		case errors.Is(err, webhook.ErrTooLarge):
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		case err != nil:
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if closed, ok := ev.(*webhook.SessionClosed); ok && !closed.IsTest() {
			for _, m := range closed.Messages {
				fmt.Println(m.Timestamp.Format(time.Kitchen), m.Username, m.Text)
			}
		}
		w.WriteHeader(http.StatusOK) // only 200 counts as delivered
	})
}

// Answer a repeated delivery as the first: the server stores every 200
// answer as the room's crmData, and a retried SessionStart carries none
// yet, so answering it nil (or {}) would erase the ticket.
func ExampleNewHandler_repeats() {
	tickets := 0
	var answers sync.Map // delivery key -> crmData answered
	h := webhook.NewHandler("s3cr3t", func(ctx context.Context, ev webhook.Event) (any, error) {
		if crm, ok := answers.Load(ev.DeliveryKey()); ok {
			return crm, nil // a repeat: answer it as before
		}
		var crm any
		if _, ok := ev.(*webhook.SessionStart); ok {
			tickets++
			crm = map[string]string{"ticket": fmt.Sprintf("T-%d", tickets)}
		}
		answers.Store(ev.DeliveryKey(), crm)
		return crm, nil
	}, webhook.WithLogger(slog.New(slog.DiscardHandler)))

	// The fake server's side: the same SessionStart, delivered twice.
	sender := rocketchattest.NewWebhookSender("http://crm.example.com/rocketchat", "s3cr3t",
		rocketchattest.WithWebhookHTTPClient(rocketchattest.HandlerClient(h)))
	room := &models.Room{ID: "room-1", Timestamp: time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC),
		Visitor: models.RoomVisitor{ID: "visitor-1", Username: "guest-1"}}
	p, err := rocketchattest.BuildWebhookPayload(webhook.TypeSessionStart, rocketchattest.WebhookSource{Room: room})
	if err != nil {
		panic(err)
	}
	for range 2 {
		if _, err := sender.Send(context.Background(), p); err != nil {
			panic(err)
		}
		crm, _ := sender.CRMData("room-1")
		fmt.Println("stored:", crm)
	}
	fmt.Println("tickets created:", tickets)
	// Output:
	// stored: {"ticket":"T-1"}
	// stored: {"ticket":"T-1"}
	// tickets created: 1
}
