package main

import (
	"context"
	"errors"
	"os"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// target is where the history is read from.
type target struct {
	client    *rocketchat.Client
	roomID    string
	visitorID string
	close     func()
}

// connect reads the environment: a real server when ROCKETCHAT_URL is set,
// the built-in fake server otherwise.
func connect(ctx context.Context, opts []rocketchat.Option) (*target, error) {
	base := os.Getenv("ROCKETCHAT_URL")
	if base == "" {
		return fakeTarget(opts)
	}
	t := &target{roomID: os.Getenv("ROCKETCHAT_ROOM_ID"), visitorID: os.Getenv("ROCKETCHAT_VISITOR_ID"), close: func() {}}
	if t.roomID == "" || t.visitorID == "" {
		return nil, errors.New("set ROCKETCHAT_ROOM_ID and ROCKETCHAT_VISITOR_ID")
	}
	if id, tok := os.Getenv("ROCKETCHAT_USER_ID"), os.Getenv("ROCKETCHAT_TOKEN"); id != "" && tok != "" {
		c, err := rocketchat.NewClient(base, append(opts, rocketchat.WithToken(id, tok))...)
		t.client = c
		return t, err
	}
	user, pass := os.Getenv("ROCKETCHAT_USER"), os.Getenv("ROCKETCHAT_PASSWORD")
	if user == "" || pass == "" {
		return nil, errors.New("set ROCKETCHAT_USER_ID and ROCKETCHAT_TOKEN, or ROCKETCHAT_USER and ROCKETCHAT_PASSWORD")
	}
	anon, err := rocketchat.NewClient(base, opts...)
	if err != nil {
		return nil, err
	}
	s, _, err := anon.Login(ctx, rocketchat.LoginRequest{
		User: user, Password: rocketchat.Secret(pass), Code: rocketchat.Secret(os.Getenv("ROCKETCHAT_2FA_CODE")),
	})
	if err != nil {
		return nil, err
	}
	t.client = s.Client
	t.close = func() { s.Client.Logout(context.Background()) }
	return t, nil
}

// demoConversations is sized to need 13 pages: more calls than the default
// limit of 10 per window, so the walk waits for a window once.
const demoConversations = 1250

// fakeTarget starts the built-in server with the default limit of 10 calls
// per window, the window shortened from a minute to two seconds.
func fakeTarget(opts []rocketchat.Option) (*target, error) {
	srv, err := rocketchattest.Start(rocketchattest.WithRateLimit(10, 2*time.Second))
	if err != nil {
		return nil, err
	}
	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana", Name: "Ana", Password: "demo", Roles: []string{"livechat-agent", "livechat-manager"}})
	rooms := srv.GenerateHistory("visitor-demo", demoConversations, 42)
	c, err := rocketchat.NewClient(srv.URL(), append(opts, rocketchat.WithToken(cred.UserID, cred.AuthToken))...)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &target{client: c, roomID: rooms[0].ID, visitorID: "visitor-demo", close: srv.Close}, nil
}
