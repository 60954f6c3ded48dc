package rocketchattest_test

import (
	"context"
	"iter"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// collect walks seq, failing the test on an error, and returns the ids.
func collect[T any](t *testing.T, seq iter.Seq2[T, error], id func(T) string) []string {
	t.Helper()
	var ids []string
	for it, err := range seq {
		if err != nil {
			t.Fatalf("after %d items: %v", len(ids), err)
		}
		ids = append(ids, id(it))
	}
	return ids
}

func mockService(t *testing.T, register func(mt *httpmock.MockTransport)) (*omnichannel.Service, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	register(mt)
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithToken("u", "t"), rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	return omnichannel.New(c), mt
}

func TestListResponders(t *testing.T) {
	t0 := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	var pages []*models.Message
	var visitors []*models.Visitor
	var contacts []*models.Contact
	for i := range 130 {
		n := strconv.Itoa(i)
		at := t0.Add(time.Duration(i) * time.Minute)
		pages = append(pages, &models.Message{ID: "p" + n, RoomID: "r", Type: "livechat_navigation_history", Timestamp: at})
		visitors = append(visitors, &models.Visitor{ID: "v" + n, Username: "guest-" + n, Timestamp: at})
		contacts = append(contacts, &models.Contact{ID: "c" + n, Name: "name " + strconv.Itoa(1000+i), Channels: []models.ContactChannel{}})
	}
	rooms := rocketchattest.GenerateRooms(models.RoomVisitor{ID: "v"}, 130, 3)
	oc, mt := mockService(t, func(mt *httpmock.MockTransport) {
		mt.RegisterResponder(http.MethodGet, rocketchattest.PagesVisitedPattern, rocketchattest.PagesVisitedResponder(pages))
		mt.RegisterResponder(http.MethodGet, rocketchattest.VisitorSearchPattern, rocketchattest.VisitorSearchResponder(visitors))
		mt.RegisterResponder(http.MethodGet, rocketchattest.SearchChatsPattern, rocketchattest.SearchChatsResponder(rooms))
		mt.RegisterResponder(http.MethodGet, rocketchattest.ContactSearchPattern, rocketchattest.ContactSearchResponder(contacts))
		mt.RegisterResponder(http.MethodGet, rocketchattest.ContactHistoryPattern, rocketchattest.ContactHistoryResponder(rooms))
	})
	ctx := context.Background()
	newestFirst := func(prefix string) []string {
		var ids []string
		for i := 129; i >= 0; i-- {
			ids = append(ids, prefix+strconv.Itoa(i))
		}
		return ids
	}
	if got := collect(t, oc.Visitors.PagesVisitedAll(ctx, "r", nil), func(m *models.Message) string { return m.ID }); !slices.Equal(got, newestFirst("p")) {
		t.Errorf("pages visited: %v", got)
	}
	if got := collect(t, oc.Visitors.SearchAll(ctx, "", &omnichannel.VisitorSearchOptions{Count: 7}), func(v *models.Visitor) string { return v.ID }); !slices.Equal(got, newestFirst("v")) {
		t.Errorf("visitor search: %v", got)
	}
	var names []string
	for _, c := range contacts {
		names = append(names, c.ID)
	}
	// count echoes the request: the walk must advance by what came.
	if got := collect(t, oc.Contacts.SearchAll(ctx, &omnichannel.ContactSearchOptions{Count: 40}), func(c *models.Contact) string { return c.ID }); !slices.Equal(got, names) {
		t.Errorf("contact search: %v", got)
	}
	page, _, err := oc.Contacts.Search(ctx, &omnichannel.ContactSearchOptions{Count: 40, Offset: 120})
	if err != nil || page.Count != 40 || len(page.Contacts) != 10 || page.Total != 130 {
		t.Errorf("the last contact page: %+v %v", page, err)
	}
	roomIDs := func(sortBy func(a, b *models.Room) int) []string {
		s := slices.Clone(rooms)
		slices.SortStableFunc(s, sortBy)
		var ids []string
		for _, r := range s {
			ids = append(ids, r.ID)
		}
		return ids
	}
	byTS := roomIDs(func(a, b *models.Room) int { return b.Timestamp.Compare(a.Timestamp) })
	if got := collect(t, oc.Visitors.SearchChatsAll(ctx, "r", "v", &omnichannel.SearchChatsOptions{Count: rocketchat.AllItems}), func(r *models.Room) string { return r.ID }); !slices.Equal(got, byTS) {
		t.Errorf("search chats: %d rooms", len(got))
	}
	got := collect(t, oc.Contacts.HistoryAll(ctx, "c1", &omnichannel.ContactHistoryOptions{Count: 30}), func(r *models.Room) string { return r.ID })
	if len(got) != len(rooms) {
		t.Errorf("contact history: %d rooms, want %d", len(got), len(rooms))
	}
	for _, p := range []string{"/api/v1/omnichannel/contacts.history?count=1", "/api/v1/livechat/visitors.search?term=x&foo=1"} {
		resp, body := call(t, &http.Client{Transport: mt}, http.MethodGet, "https://chat.example.com"+p, rocketchattest.Credentials{}, "")
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
}
