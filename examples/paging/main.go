// Command paging reads a visitor's chat history page by page with
// VisitorsService.ChatHistory, and prints what each page says about itself
// (Count, Offset, Total) and about the route's rate limit (Response.Rate).
//
// ChatHistoryAll does all of this for you, and more (it skips rooms that
// shift between pages). Page by hand when you want the figures: to show
// "page 3 of 7", or to save the offset and resume later.
//
// With no environment it starts the built-in fake server (package
// rocketchattest) with a history of 300 conversations and the default limit of
// 10 calls per window, the window shortened to two seconds: at 25 rooms a page
// the walk needs 12 calls, so one of them waits for the next window. To read
// from a real server, set:
//
//	ROCKETCHAT_URL          e.g. https://chat.example.com
//	ROCKETCHAT_USER_ID and ROCKETCHAT_TOKEN (a login or personal access token),
//	  or ROCKETCHAT_USER and ROCKETCHAT_PASSWORD (and ROCKETCHAT_2FA_CODE if asked)
//	ROCKETCHAT_ROOM_ID      a livechat room of the visitor that you may access
//	ROCKETCHAT_VISITOR_ID   the visitor's id
//
// Usage:
//
//	go run ./examples/paging [-count N] [-offset N] [-oldest-first]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func main() {
	count := flag.Int("count", 25, "rooms to ask for per page (the server clamps it, to 100 by default)")
	offset := flag.Int("offset", 0, "rooms to skip before the first page")
	oldestFirst := flag.Bool("oldest-first", false, "sort by start time, oldest first (default: newest first)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *count, *offset, *oldestFirst); err != nil {
		fmt.Fprintln(os.Stderr, "paging:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, count, offset int, oldestFirst bool) error {
	c, roomID, visitorID, done, err := connect(ctx)
	if err != nil {
		return err
	}
	defer done()
	oc := omnichannel.New(c)

	order := rocketchat.Desc
	if oldestFirst {
		order = rocketchat.Asc
	}
	opts := &omnichannel.ChatHistoryOptions{
		Offset: offset,
		Count:  count,
		Sort:   rocketchat.Sort{{Field: "ts", Order: order}, {Field: "_id", Order: rocketchat.Asc}},
	}
	fmt.Printf("visitor %s on %s, %d rooms a page, sorted by %s\n\n", visitorID, c.BaseURL(), count, opts.Sort)

	pages, rooms := 0, 0
	for {
		start := time.Now()
		page, resp, err := oc.Visitors.ChatHistory(ctx, roomID, visitorID, opts)
		if err != nil {
			return err
		}
		took := time.Since(start)
		pages++
		rooms += page.Count

		fmt.Printf("page %2d: rooms %3d-%3d of %d", pages, page.Offset+1, page.Offset+page.Count, page.Total)
		if page.Count > 0 {
			first, last := page.History[0], page.History[page.Count-1]
			fmt.Printf("  %s .. %s", first.Timestamp.UTC().Format(time.DateOnly), last.Timestamp.UTC().Format(time.DateOnly))
		}
		if r := resp.Rate; r.IsZero() {
			fmt.Print("  not rate-limited")
		} else {
			fmt.Printf("  %d/%d calls left, window resets in %v", r.Remaining, r.Limit, time.Until(r.Reset).Round(100*time.Millisecond))
		}
		if took > 500*time.Millisecond {
			// The client paces itself: after the server said no calls were
			// left, this call waited for the window to reset instead of
			// drawing a 429.
			fmt.Printf("  (waited %v)", took.Round(100*time.Millisecond))
		}
		fmt.Println()

		// Advance by what the page held, not by what was asked for: the
		// server clamps count to its limit.
		opts.Offset = page.Offset + page.Count
		if page.Count == 0 || opts.Offset >= page.Total {
			break
		}
	}
	fmt.Printf("\n%d rooms in %d pages\n", rooms, pages)
	return nil
}

// connect reads the environment: a real server when ROCKETCHAT_URL is set,
// the built-in fake server otherwise. done releases what it opened.
func connect(ctx context.Context) (c *rocketchat.Client, roomID, visitorID string, done func(), err error) {
	base := os.Getenv("ROCKETCHAT_URL")
	if base == "" {
		srv, err := rocketchattest.Start(rocketchattest.WithRateLimit(rocketchattest.DefaultRateLimit, 2*time.Second))
		if err != nil {
			return nil, "", "", nil, err
		}
		cred := srv.AddUser(rocketchattest.User{Username: "agent.ana", Roles: []string{"livechat-agent", "livechat-manager"}})
		rooms := srv.GenerateHistory("visitor-demo", 300, 42)
		c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
		if err != nil {
			srv.Close()
			return nil, "", "", nil, err
		}
		return c, rooms[0].ID, "visitor-demo", srv.Close, nil
	}

	roomID, visitorID = os.Getenv("ROCKETCHAT_ROOM_ID"), os.Getenv("ROCKETCHAT_VISITOR_ID")
	if roomID == "" || visitorID == "" {
		return nil, "", "", nil, errors.New("set ROCKETCHAT_ROOM_ID and ROCKETCHAT_VISITOR_ID")
	}
	if id, tok := os.Getenv("ROCKETCHAT_USER_ID"), os.Getenv("ROCKETCHAT_TOKEN"); id != "" && tok != "" {
		c, err := rocketchat.NewClient(base, rocketchat.WithToken(id, tok))
		return c, roomID, visitorID, func() {}, err
	}
	user, pass := os.Getenv("ROCKETCHAT_USER"), os.Getenv("ROCKETCHAT_PASSWORD")
	if user == "" || pass == "" {
		return nil, "", "", nil, errors.New("set ROCKETCHAT_USER_ID and ROCKETCHAT_TOKEN, or ROCKETCHAT_USER and ROCKETCHAT_PASSWORD")
	}
	anon, err := rocketchat.NewClient(base)
	if err != nil {
		return nil, "", "", nil, err
	}
	s, _, err := anon.Login(ctx, rocketchat.LoginRequest{
		User: user, Password: rocketchat.Secret(pass), Code: rocketchat.Secret(os.Getenv("ROCKETCHAT_2FA_CODE")),
	})
	if err != nil {
		return nil, "", "", nil, err
	}
	logout := func() { s.Client.Logout(context.Background()) }
	return s.Client, roomID, visitorID, logout, nil
}
