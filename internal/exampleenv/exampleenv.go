// Package exampleenv is the setup the example programs share: it reads the
// environment and connects to a real Rocket.Chat server, or, with no
// environment, starts the built-in fake server (package rocketchattest).
//
// A real server is described by:
//
//	ROCKETCHAT_URL          e.g. https://chat.example.com
//	ROCKETCHAT_USER_ID and ROCKETCHAT_TOKEN (a login or personal access token),
//	  or ROCKETCHAT_USER and ROCKETCHAT_PASSWORD (and ROCKETCHAT_2FA_CODE if asked)
//	ROCKETCHAT_ROOM_ID      for ConnectHistory: a livechat room of the visitor
//	ROCKETCHAT_VISITOR_ID   for ConnectHistory: the visitor's id
//
// The visitor's side (ConnectVisitor) needs only ROCKETCHAT_URL: visitors
// have no user credentials.
//
// The fake server keeps the real server's default rate limit of
// [rocketchattest.DefaultRateLimit] calls per route, with the window
// shortened from a minute to [Window] so that a demonstration that runs out
// of calls waits for the next window in seconds.
package exampleenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// Window is the fake server's rate-limit window.
const Window = 2 * time.Second

// DemoVisitor is the id of the visitor whose history ConnectHistory seeds on
// the fake server.
const DemoVisitor = "visitor-demo"

// demoSeed makes the seeded history the same on every run.
const demoSeed = 42

// ServerURL returns ROCKETCHAT_URL: the real server to use, or "" for the
// built-in fake one.
func ServerURL() string { return os.Getenv("ROCKETCHAT_URL") }

// PasswordLogin returns the login that ROCKETCHAT_USER, ROCKETCHAT_PASSWORD
// and ROCKETCHAT_2FA_CODE describe. ok is false when the user or the
// password is not set.
func PasswordLogin() (req rocketchat.LoginRequest, ok bool) {
	user, pass := os.Getenv("ROCKETCHAT_USER"), os.Getenv("ROCKETCHAT_PASSWORD")
	if user == "" || pass == "" {
		return req, false
	}
	return rocketchat.LoginRequest{
		User: user, Password: rocketchat.Secret(pass), Code: rocketchat.Secret(os.Getenv("ROCKETCHAT_2FA_CODE")),
	}, true
}

// StartFake starts the built-in fake server with the default limit of
// [rocketchattest.DefaultRateLimit] calls per [Window]. The caller closes it.
func StartFake() (*rocketchattest.Server, error) {
	return rocketchattest.Start(rocketchattest.WithRateLimit(rocketchattest.DefaultRateLimit, Window))
}

// Target is the server a program talks to and a client that acts as its
// user.
type Target struct {
	// Client is authenticated as the user, with the program's options.
	Client *rocketchat.Client
	// Server is the fake server, to seed further or to inject faults into;
	// nil on a real server.
	Server *rocketchattest.Server
	// RoomID and VisitorID name a livechat room of a visitor, and the
	// visitor; set by ConnectHistory only.
	RoomID, VisitorID string

	close func()
}

// Close releases what Connect opened: it logs out of a session it logged in
// to, or stops the fake server.
func (t *Target) Close() { t.close() }

// Connect returns a client built with opts: for the server at ROCKETCHAT_URL,
// with the token in the environment or by logging in with the user and
// password there; without ROCKETCHAT_URL, for a fresh fake server (see
// StartFake) as the user agent.ana, a livechat agent and manager.
func Connect(ctx context.Context, opts []rocketchat.Option) (*Target, error) {
	return connect(ctx, opts, Window)
}

// connect is Connect with the fake server's rate-limit window.
func connect(ctx context.Context, opts []rocketchat.Option, window time.Duration) (*Target, error) {
	opts = slices.Clip(opts) // appending must not write into the caller's array
	base := ServerURL()
	if base == "" {
		return connectFake(opts, window)
	}
	if id, tok := os.Getenv("ROCKETCHAT_USER_ID"), os.Getenv("ROCKETCHAT_TOKEN"); id != "" && tok != "" {
		c, err := rocketchat.NewClient(base, append(opts, rocketchat.WithToken(id, tok))...)
		if err != nil {
			return nil, err
		}
		return &Target{Client: c, close: func() {}}, nil
	}
	req, ok := PasswordLogin()
	if !ok {
		return nil, errors.New("set ROCKETCHAT_USER_ID and ROCKETCHAT_TOKEN, or ROCKETCHAT_USER and ROCKETCHAT_PASSWORD")
	}
	anon, err := rocketchat.NewClient(base, opts...)
	if err != nil {
		return nil, err
	}
	s, _, err := anon.Login(ctx, req)
	if err != nil {
		return nil, err
	}
	return &Target{Client: s.Client, close: func() { s.Client.Logout(context.Background()) }}, nil
}

func connectFake(opts []rocketchat.Option, window time.Duration) (*Target, error) {
	srv, err := rocketchattest.Start(rocketchattest.WithRateLimit(rocketchattest.DefaultRateLimit, window))
	if err != nil {
		return nil, err
	}
	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana", Name: "Ana", Roles: []string{"livechat-agent", "livechat-manager"}})
	c, err := rocketchat.NewClient(srv.URL(), append(opts, rocketchat.WithToken(cred.UserID, cred.AuthToken))...)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &Target{Client: c, Server: srv, close: srv.Close}, nil
}

// ConnectHistory is Connect for a program that reads a visitor's history.
// On a real server the room and the visitor are ROCKETCHAT_ROOM_ID and
// ROCKETCHAT_VISITOR_ID, which must be set; on the fake server they are
// [DemoVisitor] and the newest of the given number of conversations
// generated for it, the same on every run; conversations must be positive.
func ConnectHistory(ctx context.Context, opts []rocketchat.Option, conversations int) (*Target, error) {
	if conversations < 1 {
		return nil, errors.New("exampleenv: ConnectHistory needs at least one conversation")
	}
	roomID, visitorID := os.Getenv("ROCKETCHAT_ROOM_ID"), os.Getenv("ROCKETCHAT_VISITOR_ID")
	if ServerURL() != "" && (roomID == "" || visitorID == "") {
		return nil, errors.New("set ROCKETCHAT_ROOM_ID and ROCKETCHAT_VISITOR_ID")
	}
	t, err := Connect(ctx, opts)
	if err != nil {
		return nil, err
	}
	if t.Server != nil {
		rooms := t.Server.GenerateHistory(DemoVisitor, conversations, demoSeed)
		roomID, visitorID = rooms[0].ID, DemoVisitor
	}
	t.RoomID, t.VisitorID = roomID, visitorID
	return t, nil
}

// ConnectVisitor returns a client without credentials, as the visitor's
// side of livechat uses: for the server at ROCKETCHAT_URL, or, without it,
// for a fresh fake server (see StartFake) where the agent agent.ana takes
// every conversation and answers each visitor message with reply(text),
// standing in for a person.
func ConnectVisitor(opts []rocketchat.Option, reply func(text string) string) (*Target, error) {
	opts = slices.Clip(opts)
	if base := ServerURL(); base != "" {
		c, err := rocketchat.NewClient(base, opts...)
		if err != nil {
			return nil, err
		}
		return &Target{Client: c, close: func() {}}, nil
	}
	srv, err := StartFake()
	if err != nil {
		return nil, err
	}
	agent := srv.AddUser(rocketchattest.User{Username: "agent.ana", Name: "Ana", Roles: []string{"livechat-agent"}})
	if err := srv.SimulateAgent(agent.UserID, reply); err != nil {
		srv.Close()
		return nil, err
	}
	c, err := rocketchat.NewClient(srv.URL(), opts...)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &Target{Client: c, Server: srv, close: srv.Close}, nil
}

// demoVisitors and demoRoomsPerVisitor size the conversations ConnectRooms
// seeds on the fake server: about 250 closed in the last seven days, three
// pages of 100.
const (
	demoVisitors        = 60
	demoRoomsPerVisitor = 10
)

// ConnectRooms is Connect for a program that lists conversations. On the
// fake server it seeds the conversations of many visitors, the newest
// ending now, served by the user (agent.ana) and two colleagues, in the
// departments Support and Billing; the same rooms on every run, their
// times moving with the clock.
func ConnectRooms(ctx context.Context, opts []rocketchat.Option) (*Target, error) {
	t, err := Connect(ctx, opts)
	if err != nil || t.Server == nil {
		return t, err
	}
	agents := rocketchattest.ServedBy(
		models.UserRef{ID: t.Client.UserID(), Username: "agent.ana", Name: "Ana"},
		models.UserRef{ID: "agentBruno000002Y", Username: "agent.bruno", Name: "Bruno Costa"},
		models.UserRef{ID: "agentCarla000003Z", Username: "agent.carla", Name: "Carla Reis"},
	)
	now := time.Now()
	for i := range demoVisitors {
		// Each visitor's newest conversation ends somewhere in the last day.
		end := rocketchattest.EndingAt(now.Add(-time.Duration(i) * 24 * time.Hour / demoVisitors))
		open := rocketchattest.OpenRooms(i % 2)
		t.Server.GenerateHistory(fmt.Sprintf("visitor-%02d", i), demoRoomsPerVisitor, demoSeed+int64(i), end, agents, open)
	}
	return t, nil
}

// ConnectExport is Connect for the export command. On the fake server the
// rate-limit window is shortened further, to window, and it seeds
// conversations closed over the last weeks, of many visitors, with their
// messages, the same all day: a selection that takes one request per
// conversation, so the whole export runs in seconds.
func ConnectExport(ctx context.Context, opts []rocketchat.Option, window time.Duration, conversations int) (*Target, error) {
	t, err := connect(ctx, opts, window)
	if err != nil || t.Server == nil {
		return t, err
	}
	const perVisitor = 10
	// The conversations end at the start of the day, not now: a rerun the
	// same day starts a fake server holding the same conversations, so an
	// interrupted export resumes as it would against a real server.
	now := time.Now().UTC().Truncate(24 * time.Hour)
	for i := 0; i*perVisitor < conversations; i++ {
		end := rocketchattest.EndingAt(now.Add(-time.Duration(i) * 24 * time.Hour / time.Duration(max(conversations/perVisitor, 1))))
		n := min(perVisitor, conversations-i*perVisitor)
		t.Server.GenerateHistory(fmt.Sprintf("visitor-%03d", i), n, demoSeed+int64(i), end, rocketchattest.OpenRooms(0))
	}
	return t, nil
}

// ShowWait prints a line on stderr when the client waits, for
// rocketchat.WithWaitObserver: "waiting 1.9s for the rate limit on GET
// livechat/rooms".
func ShowWait(w rocketchat.Wait) func() {
	why := "before retrying"
	switch {
	case w.RateLimited():
		why = "for the rate limit"
	case w.Status != 0:
		why = fmt.Sprintf("before retrying a %d", w.Status)
	}
	fmt.Fprintf(os.Stderr, "waiting %s %s on %s %s\n", w.Duration.Round(100*time.Millisecond), why, w.Method, w.Route)
	return nil
}
