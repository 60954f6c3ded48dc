package main

import (
	"context"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// play runs one conversation on the built-in fake server, whose webhook is
// set to url with secret and every event turned on: the fake fires each
// event as a Rocket.Chat server does, in the same order, with the same
// payloads and header. A visitor opens a chat, an agent takes it, they
// write (the visitor leaves an email address, which the server captures as
// a lead), the chat is forwarded to another agent, who closes it.
func play(ctx context.Context, url, secret string) error {
	srv, err := rocketchattest.Start(rocketchattest.WithoutRateLimit(),
		rocketchattest.WithWebhook(url, secret, rocketchattest.WithWebhookRetryInterval(time.Second))) // 20 s on a real server
	if err != nil {
		return err
	}
	defer srv.Close()
	john := srv.AddUser(rocketchattest.User{Username: "john.doe", Name: "John Doe", Email: "john.doe@example.com", Roles: []string{"livechat-agent"}})
	mary := srv.AddUser(rocketchattest.User{Username: "mary.roe", Name: "Mary Roe", Email: "mary.roe@example.com", Roles: []string{"livechat-agent"}})
	lead := srv.AddUser(rocketchattest.User{Username: "team.lead", Roles: []string{"livechat-manager"}})
	as := func(c rocketchattest.Credentials) *omnichannel.Service {
		client, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(c.UserID, c.AuthToken))
		if err != nil {
			panic(err) // a loopback URL and credentials: cannot fail
		}
		return omnichannel.New(client)
	}

	room, err := srv.OpenChat(rocketchattest.Guest{Token: "c2a0b0f0-9a5e-4b7e-9d0a-1f3e5c7a9b11", Name: "Ana Souza", Email: "ana@example.com"},
		"Hi, my order A-10233 has not arrived.")
	if err != nil {
		return err
	}
	id := room.ID
	steps := []func() error{
		func() error { return srv.TakeChat(id, john.UserID) },
		func() error {
			return said(srv.AgentReply(id, john.UserID, "Sorry about that! Let me check with shipping."))
		},
		func() error { return said(srv.VisitorSay(id, "You can also reach me at ana.work@example.com")) },
		func() error {
			_, err := as(lead).Rooms.Forward(ctx, id, omnichannel.ForwardRequest{UserID: mary.UserID, Comment: "shipping issue"})
			return err
		},
		func() error {
			return said(srv.AgentReply(id, mary.UserID, "Your parcel was lost; I have issued a refund."))
		},
		func() error { return said(srv.VisitorSay(id, "Thank you!")) },
		func() error {
			_, err := as(mary).Rooms.Close(ctx, id, &omnichannel.CloseOptions{Comment: "Refund issued", Tags: []string{"refund"}})
			return err
		},
	}
	for _, step := range steps {
		srv.Webhook().Wait() // one event after the other, as a person would see them
		if err := step(); err != nil {
			return err
		}
	}
	srv.Webhook().Wait()
	return nil
}

// said keeps the error of a step that writes a message.
func said(_ *models.Message, err error) error { return err }
