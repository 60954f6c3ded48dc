package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
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
