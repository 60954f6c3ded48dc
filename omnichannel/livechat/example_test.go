package livechat_test

import (
	"context"
	"errors"
	"fmt"
	"slices"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/livechat"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// A bridge plays the visitor: it registers them, opens a room, sends their
// message and reads the agent's answer. On the fake server, a simulated
// agent answers.
func Example() {
	srv, err := rocketchattest.Start(rocketchattest.WithoutRateLimit())
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	agent := srv.AddUser(rocketchattest.User{Username: "agent.ana", Roles: []string{"livechat-agent"}})
	if err := srv.SimulateAgent(agent.UserID, func(string) string { return "Hi! How can I help?" }); err != nil {
		panic(err)
	}

	// No user credentials: the visitor is known by the token alone.
	c, err := rocketchat.NewClient(srv.URL())
	if err != nil {
		panic(err)
	}
	s, err := livechat.NewSession(c, livechat.NewToken()) // keep the token to come back as the same visitor
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	if _, _, err := s.Register(ctx, &livechat.RegisterOptions{Name: "Maria", Email: "maria@example.com"}); err != nil {
		panic(err)
	}
	room, _, err := s.Room(ctx, nil)
	if errors.Is(err, livechat.ErrNoAgentOnline) {
		fmt.Println("nobody online: leave an offline message")
		return
	} else if err != nil {
		panic(err)
	}
	if _, _, err := s.Send(ctx, room.Room.ID, "Hello?"); err != nil {
		panic(err)
	}
	var msgs []*models.Message
	for m, err := range s.HistoryAll(ctx, room.Room.ID, nil) { // newest first
		if err != nil {
			panic(err)
		}
		if m.Type == "" { // not a system message
			msgs = append(msgs, m)
		}
	}
	slices.Reverse(msgs)
	for _, m := range msgs {
		fmt.Printf("%s: %s\n", m.User.Username, m.Text)
	}
	if _, _, err := s.Close(ctx, room.Room.ID); err != nil {
		panic(err)
	}
	// Output:
	// guest-1: Hello?
	// agent.ana: Hi! How can I help?
}
