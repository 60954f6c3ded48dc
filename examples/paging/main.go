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
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/exampleenv"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// demoConversations is the size of the fake server's history: at 25 rooms a
// page, 12 calls, two more than the limit of 10 per window.
const demoConversations = 300

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
	target, err := exampleenv.ConnectHistory(ctx, nil, demoConversations)
	if err != nil {
		return err
	}
	defer target.Close()
	c, roomID, visitorID := target.Client, target.RoomID, target.VisitorID
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
