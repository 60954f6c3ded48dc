package omnichannel_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// One page of a visitor's history, oldest first. The page says how many rooms
// it holds and where it starts; the response carries the route's rate limit.
func ExampleVisitorsService_ChatHistory() {
	// The in-process fake server; a real program passes its server's URL.
	srv, err := rocketchattest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana", Roles: []string{"livechat-manager"}})
	roomID := srv.GenerateHistory("visitor-1", 120, 42)[0].ID // a room the agent may access: it gates the call

	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
	if err != nil {
		panic(err)
	}
	oc := omnichannel.New(c)

	page, resp, err := oc.Visitors.ChatHistory(context.Background(), roomID, "visitor-1", &omnichannel.ChatHistoryOptions{
		Offset: 100,
		Count:  50,
		Sort:   rocketchat.Sort{{Field: "ts", Order: rocketchat.Asc}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d rooms (asked for 50): %d-%d of %d\n", page.Count, page.Offset+1, page.Offset+page.Count, page.Total)
	fmt.Printf("%d of %d calls left in this window\n", resp.Rate.Remaining, resp.Rate.Limit)
	for _, room := range page.History[:3] {
		fmt.Println(room.ID, room.Timestamp.UTC().Format(time.DateTime), room.MessageCount, "messages")
	}
	// Output:
	// 20 rooms (asked for 50): 101-120 of 120
	// 9 of 10 calls left in this window
	// 3wZbNZAM46r6opLkW 2025-05-24 18:18:24 24 messages
	// dpGKdCPoX32oZJLze 2025-05-27 14:43:08 10 messages
	// R2soc7NZGi6LS6nuF 2025-05-30 01:27:50 22 messages
}

// Every conversation of a visitor, however many pages that takes. The loop
// can stop early with break; an error is yielded once and ends it.
func ExampleVisitorsService_ChatHistoryAll() {
	// The in-process fake server; a real program passes its server's URL.
	srv, err := rocketchattest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana", Roles: []string{"livechat-manager"}})
	roomID := srv.GenerateHistory("visitor-1", 150, 42)[0].ID

	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
	if err != nil {
		panic(err)
	}
	oc := omnichannel.New(c)
	ctx := context.Background()

	open, closed := 0, 0
	for room, err := range oc.Visitors.ChatHistoryAll(ctx, roomID, "visitor-1", nil) {
		if err != nil {
			panic(err)
		}
		if room.Open {
			open++
		} else {
			closed++
		}
	}
	fmt.Println("open:", open, "closed:", closed, "requests:", srv.Stats(rocketchattest.RouteChatHistory).Requests)
	// Output:
	// open: 1 closed: 149 requests: 2
}

// Two ways to fetch faster: Count set to rocketchat.AllItems asks for
// everything in one answer, decoded and yielded room by room; Prefetch
// requests the next pages while the loop consumes the current one. Prefetch
// suits accounts the server does not rate-limit, such as bots.
func ExampleVisitorsService_ChatHistoryAll_fast() {
	// The in-process fake server; a real program passes its server's URL.
	srv, err := rocketchattest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana", Roles: []string{"livechat-manager"}})
	roomID := srv.GenerateHistory("visitor-1", 150, 42)[0].ID

	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
	if err != nil {
		panic(err)
	}
	oc := omnichannel.New(c)
	ctx := context.Background()

	count := func(opts *omnichannel.ChatHistoryOptions) {
		srv.ResetRecords()
		n := 0
		for _, err := range oc.Visitors.ChatHistoryAll(ctx, roomID, "visitor-1", opts) {
			if err != nil {
				panic(err)
			}
			n++
		}
		fmt.Println("rooms:", n, "requests:", srv.Stats(rocketchattest.RouteChatHistory).Requests)
	}
	count(&omnichannel.ChatHistoryOptions{Count: rocketchat.AllItems})
	count(&omnichannel.ChatHistoryOptions{Prefetch: 2})
	// Output:
	// rooms: 150 requests: 1
	// rooms: 150 requests: 2
}

// Testing with httpmock: one responder serves a generated history with the
// server's paging. The mock transport goes in the client's HTTP client, so the
// client's retries and pacing still run (httpmock.Activate would not reach
// it: it replaces http.DefaultTransport, which a client given its own HTTP
// client does not use).
func Example_httpmock() {
	rooms := rocketchattest.GenerateRooms(models.RoomVisitor{ID: "visitor-1"}, 150, 7, rocketchattest.OpenRooms(3))

	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, rocketchattest.ChatHistoryPattern, rocketchattest.ChatHistoryResponder(rooms))
	c, err := rocketchat.NewClient("https://chat.example.com",
		rocketchat.WithToken("user-id", "token"),
		rocketchat.WithHTTPClient(&http.Client{Transport: mt}),
	)
	if err != nil {
		panic(err)
	}

	open := 0
	for room, err := range omnichannel.New(c).Visitors.ChatHistoryAll(context.Background(), rooms[0].ID, "visitor-1", nil) {
		if err != nil {
			panic(err)
		}
		if room.Open {
			open++
		}
	}
	fmt.Println("open:", open, "requests:", mt.GetTotalCallCount())
	// Output:
	// open: 3 requests: 2
}
