// Command chathistory prints a livechat visitor's conversation history: a
// table of conversations and a short summary.
//
// With no environment it starts the built-in fake server (package
// rocketchattest), seeds a visitor with a history that takes several pages
// under the default rate limit (its window shortened to two seconds), and
// reads it from there. To read from a real server, set:
//
//	ROCKETCHAT_URL          e.g. https://chat.example.com
//	ROCKETCHAT_USER_ID and ROCKETCHAT_TOKEN (a login or personal access token),
//	  or ROCKETCHAT_USER and ROCKETCHAT_PASSWORD (and ROCKETCHAT_2FA_CODE if asked)
//	ROCKETCHAT_ROOM_ID      a livechat room of the visitor that you may access
//	ROCKETCHAT_VISITOR_ID   the visitor's id
//
// When the client waits (for the rate limit, or before a retry), a progress
// line on stderr says how long and why, as a long export would show it.
//
// Usage:
//
//	go run ./examples/chathistory [-json] [-limit N] [-rows N] [-v]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/exampleenv"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// demoConversations is sized to need 13 pages on the fake server: more calls
// than the default limit of 10 per window, so the walk waits for a window
// once.
const demoConversations = 1250

func main() {
	asJSON := flag.Bool("json", false, "print the conversations as JSON, one per line")
	limit := flag.Int("limit", 0, "read at most this many conversations (0: all)")
	rows := flag.Int("rows", 20, "print at most this many table rows (0: all)")
	verbose := flag.Bool("v", false, "log each request to stderr")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *asJSON, *limit, *rows, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "chathistory:", err)
		var tf *rocketchat.TwoFactorError
		if errors.As(err, &tf) {
			fmt.Fprintf(os.Stderr, "the server wants a %s code: set ROCKETCHAT_2FA_CODE and run again\n", tf.Method)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, asJSON bool, limit, rows int, verbose bool) error {
	opts := []rocketchat.Option{rocketchat.WithWaitObserver(exampleenv.ShowWait)}
	if verbose {
		opts = append(opts, rocketchat.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	target, err := exampleenv.ConnectHistory(ctx, opts, demoConversations)
	if err != nil {
		return err
	}
	defer target.Close()
	fmt.Fprintf(os.Stderr, "reading the history of visitor %s from %s\n", target.VisitorID, target.Client.BaseURL())

	oc := omnichannel.New(target.Client)
	var rooms []*models.Room
	for room, err := range oc.Visitors.ChatHistoryAll(ctx, target.RoomID, target.VisitorID, nil) {
		if err != nil {
			return err
		}
		rooms = append(rooms, room)
		if limit > 0 && len(rooms) == limit {
			break
		}
	}
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		for _, r := range rooms {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	printTable(os.Stdout, rooms, rows)
	printSummary(os.Stdout, rooms)
	return nil
}
