package omnichannel_test

import (
	"context"
	"errors"
	"fmt"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// actingServer starts a fake server with an agent of a Sales department and
// a visitor waiting in its queue, and returns the agent's client.
func actingServer() (*rocketchattest.Server, *omnichannel.Service) {
	srv, err := rocketchattest.Start(rocketchattest.WithoutRateLimit())
	if err != nil {
		panic(err)
	}
	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana", Roles: []string{"livechat-agent"}})
	srv.AddDepartment(rocketchattest.Department{Name: "Sales", Agents: []string{cred.UserID}, ChatClosingTags: []string{"sales"}})
	if _, err := srv.OpenChat(rocketchattest.Guest{Token: "visitor-token", Name: "Maria", Department: "Sales"}, "Do you ship to Lisbon?"); err != nil {
		panic(err)
	}
	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
	if err != nil {
		panic(err)
	}
	return srv, omnichannel.New(c)
}

// An agent (or a bot) takes every conversation waiting for it, answers and
// closes it with a tag.
func ExampleInquiriesService_Take() {
	srv, oc := actingServer()
	defer srv.Close()
	ctx := context.Background()

	if _, _, err := oc.Agents.SetStatus(ctx, models.AgentAvailable); err != nil {
		panic(err)
	}
	for inq, err := range oc.Inquiries.QueuedForUserAll(ctx, nil) {
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s asks: %s\n", inq.Name, inq.LastMessage.Text)
		if _, err := oc.Inquiries.Take(ctx, inq.ID, nil); errors.Is(err, omnichannel.ErrInquiryTaken) {
			continue // another agent was quicker
		} else if err != nil {
			panic(err)
		}
		if _, _, err := oc.Rooms.Send(ctx, inq.RoomID, "Yes, in two days."); err != nil {
			panic(err)
		}
		if _, err := oc.Rooms.Close(ctx, inq.RoomID, &omnichannel.CloseOptions{Comment: "answered", Tags: []string{"shipping"}}); err != nil {
			panic(err)
		}
		room, _ := srv.ChatRoom(inq.RoomID)
		fmt.Println("closed by", room.ClosedBy.Username, "with tags", room.Tags)
	}
	// Output:
	// Maria asks: Do you ship to Lisbon?
	// closed by agent.ana with tags [sales shipping]
}

// The failures of an action are matched with errors.Is: the omnichannel
// sentinels for the action's own refusals, the rocketchat ones for those
// shared by many routes.
func ExampleRoomsService_Close() {
	srv, oc := actingServer()
	defer srv.Close()
	ctx := context.Background()

	_, err := oc.Rooms.Close(ctx, "no-such-room", nil)
	fmt.Println(errors.Is(err, rocketchat.ErrInvalidRoom))

	inq, _, _ := oc.Inquiries.QueuedForUser(ctx, nil)
	_, err = oc.Rooms.Close(ctx, inq.Inquiries[0].RoomID, nil)
	fmt.Println(errors.Is(err, rocketchat.ErrForbidden)) // not the agent's room: it is still queued
	// Output:
	// true
	// true
}
