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

// exampleService starts the fake server (a real program passes its
// server's URL) with a manager and a visitor with a history, and returns
// the endpoints as the manager.
func exampleService(opts ...rocketchattest.Option) (*rocketchattest.Server, *omnichannel.Service) {
	srv, err := rocketchattest.Start(opts...)
	if err != nil {
		panic(err)
	}
	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana", Roles: []string{"livechat-manager"}})
	srv.AddVisitor(models.Visitor{ID: "visitor-1", Name: "Maria Souza",
		Emails: []models.EmailAddress{{Address: "maria@example.com"}}, Phones: []models.Phone{{Number: "+5511999990000"}}})
	srv.GenerateHistory("visitor-1", 12, 42)
	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
	if err != nil {
		panic(err)
	}
	return srv, omnichannel.New(c)
}

// A CRM sync reads a visitor's record: addresses, numbers, custom fields and
// the last conversation.
func ExampleVisitorsService_Info() {
	srv, oc := exampleService()
	defer srv.Close()
	ctx := context.Background()

	found, _, err := oc.Visitors.Search(ctx, "maria@example.com", nil)
	if err != nil {
		panic(err)
	}
	v, _, err := oc.Visitors.Info(ctx, found.Visitors[0].ID)
	if err != nil {
		panic(err)
	}
	fmt.Println(v.Name, v.Emails[0].Address, v.Phones[0].Number)
	fmt.Println("last chat", v.LastChat.ID, v.LastChat.Timestamp.Format("2006-01-02"))

	if _, _, err := oc.Visitors.Info(ctx, "no-such-visitor"); errors.Is(err, omnichannel.ErrVisitorNotFound) {
		fmt.Println("unknown visitor:", err)
	}
	// Output:
	// Maria Souza maria@example.com +5511999990000
	// last chat y62ZBS8qW2bshDeC9 2025-06-30
	// unknown visitor: rocketchat: GET /api/v1/livechat/visitors.info: 400 visitor-not-found
}

// The contact behind a visitor, and its closed conversations across its
// channels.
func ExampleContactsService_HistoryAll() {
	srv, oc := exampleService()
	defer srv.Close()
	ctx := context.Background()

	contact, _, err := oc.Contacts.GetByVisitor(ctx, "visitor-1", nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(contact.Name, len(contact.Channels), "channels")
	n := 0
	for room, err := range oc.Contacts.HistoryAll(ctx, contact.ID, nil) {
		if err != nil {
			panic(err)
		}
		if n == 0 {
			fmt.Println("last closed:", room.ID, room.ClosedAt.Format("2006-01-02"), room.Source.Type)
		}
		n++
	}
	fmt.Println(n, "closed conversations")
	// Output:
	// Maria Souza 2 channels
	// last closed: x5nrAcTGDQQxiJwSx 2025-06-27 widget
	// 11 closed conversations
}

// On a server older than Rocket.Chat 7.0 the contact calls say what they
// need, and the program can fall back to the visitor routes.
func ExampleContactsService_Search_olderServer() {
	srv, oc := exampleService(rocketchattest.WithVersion("6.13.0"))
	defer srv.Close()

	_, _, err := oc.Contacts.Search(context.Background(), &omnichannel.ContactSearchOptions{SearchText: "maria"})
	var ve *rocketchat.VersionError
	if errors.As(err, &ve) {
		fmt.Println("needs", ve.Required, "found", ve.Found)
		found, _, _ := oc.Visitors.Search(context.Background(), "Maria", nil)
		fmt.Println("visitors instead:", found.Total)
	}
	// Output:
	// needs 7.0 found 6.13
	// visitors instead: 1
}
