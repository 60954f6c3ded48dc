package omnichannel_test

import (
	"iter"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// fakeService starts an in-memory fake server with the default rate limiter
// (inside a synctest bubble, its windows cost no real time) and a manager,
// who does not bypass the limiter, and returns the SDK as the manager.
func fakeService(t *testing.T, opts ...rocketchattest.Option) (*rocketchattest.Server, *omnichannel.Service, *rocketchat.Client) {
	t.Helper()
	srv := rocketchattest.NewServer(t, append([]rocketchattest.Option{rocketchattest.WithoutListener()}, opts...)...)
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken), rocketchat.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	return srv, omnichannel.New(c), c
}

// walkCount walks seq and returns how many distinct items came, failing on
// an error or an item yielded twice.
func walkCount[T any](t *testing.T, seq iter.Seq2[T, error], key func(T) string) int {
	t.Helper()
	seen := map[string]bool{}
	for it, err := range seq {
		if err != nil {
			t.Fatalf("after %d items: %v", len(seen), err)
		}
		k := key(it)
		if seen[k] {
			t.Fatalf("%s yielded twice", k)
		}
		seen[k] = true
	}
	return len(seen)
}

// Every walk of more pages than the rate limit allows in a window paces
// itself: no 429, every item once.
func TestWalksUnderTheDefaultLimiterDrawNo429(t *testing.T) {
	const n = 1050 // 11 pages of 100: one more than a window allows
	synctest.Test(t, func(t *testing.T) {
		srv, oc, _ := fakeService(t)
		rooms := srv.GenerateHistory("v1", n, 4)
		t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		var pages []*models.Message
		for i := range n {
			id := strconv.Itoa(i)
			pages = append(pages, &models.Message{ID: "nav" + id, RoomID: rooms[0].ID, Type: "livechat_navigation_history", Timestamp: t0.Add(time.Duration(i) * time.Second)})
			srv.AddVisitor(models.Visitor{ID: "visitor" + id})
			srv.AddContact(models.Contact{ID: "contact" + id, Name: "Contact " + id})
		}
		// A generated room has navigation messages of its own.
		generatedPages := 0
		for _, m := range srv.RoomMessages(rooms[0].ID) {
			if m.Type == "livechat_navigation_history" {
				generatedPages++
			}
		}
		srv.AddMessages(pages...)
		ctx := t.Context()
		closed := 0
		for _, r := range rooms {
			if !r.ClosedAt.IsZero() {
				closed++
			}
		}
		walks := []struct {
			route string
			count int
			want  int
		}{
			{rocketchattest.RoutePagesVisited, walkCount(t, oc.Visitors.PagesVisitedAll(ctx, rooms[0].ID, nil), msgKey), n + generatedPages},
			{rocketchattest.RouteSearchChats, walkCount(t, oc.Visitors.SearchChatsAll(ctx, rooms[0].ID, "v1", nil), roomID), n},
			{rocketchattest.RouteVisitorSearch, walkCount(t, oc.Visitors.SearchAll(ctx, "", nil), visitorKey), n + 1},
			{rocketchattest.RouteContactSearch, walkCount(t, oc.Contacts.SearchAll(ctx, nil), contactKey), n + 1},
			{rocketchattest.RouteContactHistory, walkCount(t, oc.Contacts.HistoryAll(ctx, rooms[0].ContactID, nil), roomID), closed},
		}
		for _, w := range walks {
			st := srv.Stats(w.route)
			if w.count != w.want || st.TooManyRequests != 0 || st.Requests < 11 {
				t.Errorf("%s: %d items (want %d), %+v", w.route, w.count, w.want, st)
			}
		}
	})
}

func msgKey(m *models.Message) string     { return m.ID }
func roomID(r *models.Room) string        { return r.ID }
func visitorKey(v *models.Visitor) string { return v.ID }
func contactKey(c *models.Contact) string { return c.ID }
