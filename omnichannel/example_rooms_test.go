package omnichannel_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// exampleEnd is when the examples' generated conversations end.
var exampleEnd = time.Date(2026, 5, 8, 12, 0, 0, 0, time.UTC)

// One page of the conversations closed in a week and tagged "refund" or
// "billing", as a manager (view-livechat-rooms) sees them: every agent's.
func ExampleRoomsService_List() {
	srv, err := rocketchattest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	for i, v := range []string{"visitor-1", "visitor-2", "visitor-3", "visitor-4"} {
		srv.GenerateHistory(v, 40, int64(i), rocketchattest.EndingAt(exampleEnd))
	}

	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
	if err != nil {
		panic(err)
	}
	page, _, err := omnichannel.New(c).Rooms.List(context.Background(), &omnichannel.RoomsOptions{
		ClosedAt: omnichannel.DateRange{Start: exampleEnd.AddDate(0, 0, -7), End: exampleEnd},
		Open:     new(false),
		Tags:     []string{"refund", "billing"},
		Count:    3,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(page.Total, "closed in the week, tagged refund or billing; the first", page.Count)
	for _, r := range page.Rooms {
		fmt.Println(r.ClosedAt.Format(time.DateTime), r.ServedBy.Username, r.Department.Name, r.Tags)
	}
	// Output:
	// 4 closed in the week, tagged refund or billing; the first 3
	// 2026-05-05 19:49:59 agent.carla Support [billing shipping feedback]
	// 2026-05-05 12:12:37 agent.bruno Support [billing vip]
	// 2026-05-04 08:36:43 agent.ana Billing [billing]
}

// An agent without view-livechat-rooms may list only their own rooms: Mine
// sends the caller's id as the only agent. Anything else is refused with
// 403.
func ExampleRoomsOptions_mine() {
	srv, err := rocketchattest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ana := models.UserRef{ID: "agentAna00000001X", Username: "agent.ana"}
	cred := srv.AddUser(rocketchattest.User{ID: ana.ID, Username: ana.Username, Roles: []string{"livechat-agent"}})
	srv.GenerateHistory("visitor-1", 30, 42, rocketchattest.ServedBy(ana, models.UserRef{ID: "agentBruno000002Y", Username: "agent.bruno"}))

	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
	if err != nil {
		panic(err)
	}
	rooms := omnichannel.New(c).Rooms
	ctx := context.Background()

	_, _, err = rooms.List(ctx, nil)
	fmt.Println("every room:", errors.Is(err, rocketchat.ErrForbidden))
	n := 0
	for room, err := range rooms.ListAll(ctx, &omnichannel.RoomsOptions{Mine: true}) {
		if err != nil {
			panic(err)
		}
		if room.ServedBy.ID == ana.ID {
			n++
		}
	}
	fmt.Println("mine:", n)
	// Output:
	// every room: true
	// mine: 17
}

// A transcript: every message of a conversation, oldest first. The last,
// the closing message (type livechat-close), carries the closing comment;
// the server leaves out the other system messages.
func ExampleRoomsService_MessagesAll() {
	srv, err := rocketchattest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	room := srv.GenerateHistory("visitor-1", 3, 42, rocketchattest.EndingAt(exampleEnd))[1]

	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
	if err != nil {
		panic(err)
	}
	n := 0
	for m, err := range omnichannel.New(c).Rooms.MessagesAll(context.Background(), room.ID,
		&omnichannel.MessagesOptions{Sort: omnichannel.OldestFirst()}) {
		if err != nil {
			panic(err)
		}
		if n++; n <= 2 || m.Type == "livechat-close" {
			fmt.Printf("%s %s %q\n", m.Timestamp.Format(time.TimeOnly), m.User.Username, m.Text)
		}
	}
	fmt.Println(n, "messages")
	// Output:
	// 13:24:28 guest-8051 "Thanks @agent.ana :smile:"
	// 13:26:39 agent.ana "Steps:\n- clear the cache\n- log in again"
	// 13:37:18 agent.ana "Refund issued"
	// 20 messages
}

// Testing with httpmock: the responders serve generated rooms and messages
// as the two routes do, filters, paging and the count echo included.
func Example_httpmockRooms() {
	convs := rocketchattest.GenerateConversations(models.RoomVisitor{ID: "visitor-1"}, 120, 7)
	var rooms []*models.Room
	var msgs []*models.Message
	for _, c := range convs {
		rooms = append(rooms, c.Room)
		msgs = append(msgs, c.Messages...)
	}
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, rocketchattest.RoomsPattern, rocketchattest.RoomsResponder(rooms))
	mt.RegisterResponder(http.MethodGet, rocketchattest.RoomMessagesPattern, rocketchattest.RoomMessagesResponder(msgs))
	c, err := rocketchat.NewClient("https://chat.example.com",
		rocketchat.WithToken("user-id", "token"), rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		panic(err)
	}
	oc := omnichannel.New(c)
	ctx := context.Background()

	closed, messages := 0, 0
	for room, err := range oc.Rooms.ListAll(ctx, &omnichannel.RoomsOptions{Open: new(false)}) {
		if err != nil {
			panic(err)
		}
		closed++
		if closed == 1 {
			for _, err := range oc.Rooms.MessagesAll(ctx, room.ID, nil) {
				if err != nil {
					panic(err)
				}
				messages++
			}
		}
	}
	fmt.Println("closed:", closed, "messages of the newest:", messages, "requests:", mt.GetTotalCallCount())
	// Output:
	// closed: 119 messages of the newest: 37 requests: 3
}
