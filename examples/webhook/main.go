// Command webhook receives Rocket.Chat's Omnichannel webhook events and
// prints each one, typed, as it arrives.
//
// With no environment it starts the receiver on loopback and runs a
// conversation on the built-in fake server (package rocketchattest), whose
// webhook points at the receiver: the chat starts and is queued, an agent
// takes it, visitor and agent write, the visitor leaves an address (a lead),
// the chat is forwarded to another agent and closed, with its transcript.
// The fake fires each event as a Rocket.Chat server does. The receiver
// answers a ticket number to the first events; the server stores it and
// sends it back with every later event of the room.
//
// With ROCKETCHAT_URL set it prints the webhook URL and the secret token to
// enter in Rocket.Chat (Administration > Omnichannel > Webhooks) and waits
// for real events until interrupted:
//
//	ROCKETCHAT_URL             e.g. https://chat.example.com
//	ROCKETCHAT_WEBHOOK_SECRET  the secret token (default: a new random one)
//
// Usage:
//
//	go run ./examples/webhook [-addr host:port]
package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/rocketchat-go/rocketchat/internal/exampleenv"
	"github.com/rocketchat-go/rocketchat/omnichannel/webhook"
)

func main() {
	addr := flag.String("addr", "", "address to listen on (default 127.0.0.1:8080 for a real server, any free loopback port for the demonstration)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *addr); err != nil {
		fmt.Fprintln(os.Stderr, "webhook:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, addr string) error {
	real := exampleenv.ServerURL() != ""
	if addr == "" {
		addr = "127.0.0.1:0"
		if real {
			addr = "127.0.0.1:8080"
		}
	}
	secret := os.Getenv("ROCKETCHAT_WEBHOOK_SECRET")
	if secret == "" {
		secret = rand.Text()
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h := webhook.NewHandler(secret, receive, webhook.WithLogger(logger))
	mux := http.NewServeMux()
	mux.Handle("POST /rocketchat", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/rocketchat"

	if real {
		fmt.Printf("In %s, Administration > Omnichannel > Webhooks, set:\n", exampleenv.ServerURL())
		fmt.Printf("  Webhook URL:  %s\n  Secret Token: %s\n", url, secret)
		fmt.Println("and turn on the events to send. Waiting for events; Ctrl-C to stop.")
		fmt.Println("(The URL must be reachable from the Rocket.Chat server: use -addr :8080 and this host's name if it runs elsewhere.)")
		select {
		case <-ctx.Done():
			return nil
		case err := <-served:
			return err
		}
	}
	fmt.Printf("receiver listening at %s; playing a conversation as Rocket.Chat sends it\n\n", url)
	if err := play(ctx, url, secret); err != nil {
		return err
	}
	return srv.Shutdown(context.Background())
}

// receive prints each event and answers a ticket number to the first event
// of a room; later events carry it back as their crmData.
func receive(_ context.Context, ev webhook.Event) (any, error) {
	printEvent(ev)
	if s := webhook.SessionOf(ev); s != nil && s.CRMData.IsZero() && !s.IsTest() {
		return ticket{Number: "T-" + s.ID[:4]}, nil
	}
	return nil, nil // keep the room's crmData
}

type ticket struct {
	Number string `json:"ticket"`
}
