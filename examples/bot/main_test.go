package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// On the fake server the bot serves the simulated visitors and stops.
func TestBotServesTheFakeQueue(t *testing.T) {
	t.Setenv("ROCKETCHAT_URL", "")
	served, err := run(context.Background(), false, time.Minute)
	if err != nil || served != len(visitors) {
		t.Fatalf("served %d conversations of %d: %v", served, len(visitors), err)
	}
}

// desk is a fake server with the bot's user, and the bot's service.
func desk(t *testing.T) (*rocketchattest.Server, *omnichannel.Service, string) {
	t.Helper()
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "bot", Roles: []string{"livechat-agent"}})
	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken), rocketchat.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	return srv, omnichannel.New(c), cred.UserID
}

// status returns the agent's availability as the server lists it.
func status(t *testing.T, oc *omnichannel.Service, id string) models.AgentStatus {
	t.Helper()
	for a, err := range oc.Agents.ListAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if a.ID == id {
			return a.StatusLivechat
		}
	}
	t.Fatalf("agent %s not listed", id)
	return ""
}

// A conversation the bot took and could not answer is reported by room,
// and the bot leaves itself not available.
func TestBotReportsAStrandedConversation(t *testing.T) {
	srv, oc, id := desk(t)
	room, err := srv.OpenChat(rocketchattest.Guest{Token: "v1", Name: "Maria Souza"}, "What are your opening hours?")
	if err != nil {
		t.Fatal(err)
	}
	srv.Inject(rocketchattest.RouteChatSendMessage, rocketchattest.ServerErrors(http.StatusInternalServerError, 1))
	_, err = work(context.Background(), oc, true, time.Millisecond)
	var stranded *strandedError
	if !errors.As(err, &stranded) || stranded.RoomID != room.ID {
		t.Fatalf("err %v; want the stranded room %s", err, room.ID)
	}
	if msg, failed := outcome(context.Background(), err); !failed {
		t.Errorf("outcome %q is not a failure", msg)
	}
	if s := status(t, oc, id); s != models.AgentNotAvailable {
		t.Errorf("the bot stopped %q", s)
	}
}

// Ctrl-C ends the bot without a failure, and the bot leaves itself not
// available.
func TestBotInterrupted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, oc, id := desk(t)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := work(ctx, oc, false, time.Hour)
			done <- err
		}()
		synctest.Wait() // the bot waits to poll the queue again
		if s := status(t, oc, id); s != models.AgentAvailable {
			t.Fatalf("the bot works %q", s)
		}
		cancel()
		err := <-done
		if msg, failed := outcome(ctx, err); failed {
			t.Errorf("an interruption failed: %s", msg)
		}
		if s := status(t, oc, id); s != models.AgentNotAvailable {
			t.Errorf("the bot stopped %q", s)
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, failed := outcome(ctx, fmt.Errorf("taking the queue: %w", context.Canceled)); failed {
		t.Error("a call cut short by Ctrl-C is a failure")
	}
}
