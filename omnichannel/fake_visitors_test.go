package omnichannel_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func TestVisitorReadsAgainstTheFake(t *testing.T) {
	srv, oc, _ := fakeService(t, rocketchattest.WithoutRateLimit())
	rooms := srv.GenerateHistory("v1", 6, 3)
	ctx := t.Context()
	v, _, err := oc.Visitors.Info(ctx, "v1")
	if err != nil || v.ID != "v1" || v.Token != "" || v.LastChat.ID != rooms[0].ID || len(v.Emails) == 0 || len(v.Misfits()) != 0 {
		t.Fatalf("Info: %v %+v", err, v)
	}
	if _, _, err := oc.Visitors.Info(ctx, "nope"); !errors.Is(err, omnichannel.ErrVisitorNotFound) {
		t.Errorf("unknown visitor: %v", err)
	}
	if _, _, err := oc.Visitors.Info(ctx, ""); !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Errorf("empty id: %v", err)
	}
	rec, _ := srv.Visitor("v1")
	full, _, err := oc.Visitors.ByToken(ctx, string(rec.Token))
	if err != nil || full.Token != rec.Token || full.ID != "v1" {
		t.Errorf("ByToken: %v %+v", err, full)
	}
	open, _, err := oc.Visitors.RoomsByToken(ctx, string(rec.Token))
	if err != nil || len(open) != 1 || open[0].ID != rooms[0].ID {
		t.Errorf("RoomsByToken: %v %+v", err, open)
	}
	found, _, err := oc.Visitors.Search(ctx, rec.Emails[0].Address, nil)
	if err != nil || len(found.Visitors) != 1 || found.Visitors[0].ID != "v1" {
		t.Errorf("Search by address: %v %+v", err, found)
	}
	items, _, err := oc.Visitors.Autocomplete(ctx, rec.Name[:2], &omnichannel.AutocompleteOptions{Exceptions: []string{"other"}})
	if err != nil || len(items) != 1 || items[0].ID != "v1" || items[0].CustomName != rec.Username+" - "+rec.Name {
		t.Errorf("Autocomplete: %v %+v", err, items)
	}
	if _, _, err := oc.Visitors.PagesVisited(ctx, "nope", nil); !errors.Is(err, rocketchat.ErrInvalidRoom) {
		t.Errorf("PagesVisited of no room: %v", err)
	}
}

// A room closed twice comes twice from searchChats; the walk yields both
// results, each with its closing message.
func TestSearchChatsAllKeepsEachClosing(t *testing.T) {
	srv, oc, _ := fakeService(t, rocketchattest.WithoutRateLimit())
	rooms := srv.GenerateHistory("v1", 30, 6)
	var twice *models.Room
	for _, r := range rooms {
		if r.Closer == models.CloserUser {
			twice = r
			break
		}
	}
	srv.AddMessages(&models.Message{ID: "again", RoomID: twice.ID, Type: "livechat-close", Timestamp: twice.ClosedAt.Add(time.Hour)})
	var closings []string
	n := 0
	for r, err := range oc.Visitors.SearchChatsAll(t.Context(), rooms[0].ID, "v1", &omnichannel.SearchChatsOptions{Count: 4}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if r.ID == twice.ID {
			closings = append(closings, r.ClosingMessage.ID)
		}
	}
	page, _, _ := oc.Visitors.SearchChats(t.Context(), rooms[0].ID, "v1", nil)
	if n != page.Total || n != 31 || len(closings) != 2 || closings[0] == closings[1] {
		t.Errorf("walked %d of %d results; the room closed twice came with %v", n, page.Total, closings)
	}
}

// The visitor token never reaches the logs, even when the call fails.
func TestVisitorTokenStaysOutOfLogs(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	v := srv.AddVisitor(models.Visitor{Name: "Ana"})
	var logs bytes.Buffer
	c, _ := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken), rocketchat.WithHTTPClient(srv.HTTPClient()),
		rocketchat.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	oc := omnichannel.New(c)
	if _, _, err := oc.Visitors.ByToken(t.Context(), string(v.Token)); err != nil {
		t.Fatal(err)
	}
	_, _, err := oc.Visitors.ByToken(t.Context(), string(v.Token)+"x")
	if !errors.Is(err, omnichannel.ErrInvalidToken) || strings.Contains(err.Error(), string(v.Token)) {
		t.Errorf("err = %v", err)
	}
	if _, _, err := oc.Visitors.RoomsByToken(t.Context(), string(v.Token)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), string(v.Token)) || !strings.Contains(logs.String(), "livechat/visitor/[REDACTED]") {
		t.Errorf("logs:\n%s", logs.String())
	}
	// The request carried the token (the server found the visitor by it);
	// the server's record of it hides it.
	for _, r := range srv.Requests() {
		if r.Route == rocketchattest.RouteVisitorByToken && (strings.Contains(r.Path, string(v.Token)) || !strings.Contains(r.Path, rocketchattest.Redacted)) {
			t.Errorf("the record shows the token: %s", r.Path)
		}
	}
}
