package rocketchattest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// messagesPage is the livechat/{rid}/messages envelope.
type messagesPage struct {
	Messages []*models.Message `json:"messages"`
	Offset   int               `json:"offset"`
	Count    int               `json:"count"`
	Total    int               `json:"total"`
	Success  bool              `json:"success"`
}

func getMessages(t *testing.T, srv *rocketchattest.Server, cred rocketchattest.Credentials, rid, query string) (*http.Response, string) {
	t.Helper()
	u := srv.URL() + "/api/v1/livechat/" + url.PathEscape(rid) + "/messages"
	if query != "" {
		u += "?" + query
	}
	return call(t, srv.HTTPClient(), http.MethodGet, u, cred, "")
}

func listMessages(t *testing.T, srv *rocketchattest.Server, cred rocketchattest.Credentials, rid, query string) messagesPage {
	t.Helper()
	resp, body := getMessages(t, srv, cred, rid, query)
	wantStatus(t, resp, http.StatusOK)
	var p messagesPage
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return p
}

// visible is what the route returns of a room's stored messages: those
// without a type and the closing message, oldest first.
func visible(all []*models.Message) []*models.Message {
	return slices.DeleteFunc(slices.Clone(all), func(m *models.Message) bool { return m.Type != "" && m.Type != "livechat-close" })
}

func msgIDs(msgs []*models.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.ID
	}
	return out
}

func TestRoomMessagesFiltersCountsAndSorts(t *testing.T) {
	srv, cred, rooms := roomsServer(t)
	room := rooms[30] // closed
	all := srv.RoomMessages(room.ID)
	want := visible(all)
	if len(want) == len(all) || want[len(want)-1].Type != "livechat-close" {
		t.Fatalf("fixture: %d of %d messages visible", len(want), len(all))
	}
	resp, body := getMessages(t, srv, cred, room.ID, "count=3")
	wantStatus(t, resp, http.StatusOK)
	if !strings.HasPrefix(body, `{"messages":[{`) || !strings.HasSuffix(body, `],"offset":0,"count":3,"total":`+itoa(len(want))+`,"success":true}`) {
		t.Errorf("envelope: %.40s ... %s", body, body[len(body)-60:])
	}
	newest := slices.Clone(want)
	slices.Reverse(newest)
	if p := listMessages(t, srv, cred, room.ID, "count=0"); !slices.Equal(msgIDs(p.Messages), msgIDs(newest)) || p.Count != 0 {
		t.Errorf("default: %v (count %d), want newest first %v", msgIDs(p.Messages), p.Count, msgIDs(newest))
	}
	asc := "sort=" + url.QueryEscape(`{"ts":1}`)
	if p := listMessages(t, srv, cred, room.ID, asc+"&count=0"); !slices.Equal(msgIDs(p.Messages), msgIDs(want)) {
		t.Errorf("oldest first: %v, want %v", msgIDs(p.Messages), msgIDs(want))
	}
	// count echoes what was asked (clamped), not the page's length.
	for query, count := range map[string]int{"": 50, "count=500": 100, "count=2&offset=" + itoa(len(want)-1): 2, "offset=1000": 50} {
		p := listMessages(t, srv, cred, room.ID, query)
		if p.Count != count || p.Total != len(want) || len(p.Messages) > count {
			t.Errorf("%q: count %d total %d len %d; want count %d total %d", query, p.Count, p.Total, len(p.Messages), count, len(want))
		}
	}
}

func TestRoomMessagesSearchTerm(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "admin", Roles: []string{"admin"}})
	srv.AddRoom(&models.Room{ID: "r1", Type: "l", Visitor: models.RoomVisitor{ID: "v"}})
	ts := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, text := range []string{"Refund please", "a REFUND.", "refunds", "no match", "Refund x"} {
		m := &models.Message{ID: "m" + itoa(i), RoomID: "r1", Text: text, Timestamp: ts.Add(time.Duration(i) * time.Minute)}
		if i == 4 {
			m.Type = "livechat_transfer_history" // never returned
		}
		srv.AddMessages(m)
	}
	for term, want := range map[string][]string{
		"refund":  {"m2", "m1", "m0"},
		"REFUND.": {"m1"}, // escaped: the dot is a dot
		"d.":      {"m1"},
		"zzz":     nil,
	} {
		p := listMessages(t, srv, cred, "r1", "searchTerm="+url.QueryEscape(term))
		if !slices.Equal(msgIDs(p.Messages), want) || p.Total != len(want) {
			t.Errorf("%q: %v (total %d), want %v", term, msgIDs(p.Messages), p.Total, want)
		}
	}
}

func TestRoomMessagesErrorsAndAccess(t *testing.T) {
	srv, manager, rooms := roomsServer(t)
	var closed, open *models.Room
	for _, r := range rooms {
		switch {
		case closed == nil && !r.Open && r.ServedBy.ID != "":
			closed = r
		case open == nil && r.Open && r.ServedBy.ID != "":
			open = r
		}
	}
	srv.AddRoom(&models.Room{ID: "channel", Type: "c"})
	server := srv.AddUser(rocketchattest.User{ID: open.ServedBy.ID, Username: "serving", Roles: []string{"livechat-agent"}})
	other := srv.AddUser(rocketchattest.User{Username: "other", Roles: []string{"livechat-agent"}})
	plain := srv.AddUser(rocketchattest.User{Username: "plain"})
	tests := []struct {
		name   string
		cred   rocketchattest.Credentials
		rid    string
		query  string
		status int
		body   string
	}{
		{"no permission, before the room", plain, "nope", "", 403,
			`{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}`},
		{"unknown room", manager, "nope", "", 400, `{"success":false,"error":"invalid-room"}`},
		{"not a livechat room", manager, "channel", "", 400, `{"success":false,"error":"invalid-room"}`},
		{"another agent's room", other, open.ID, "", 400, `{"success":false,"error":"not-allowed"}`},
		{"another agent's closed room", other, closed.ID, "", 400, `{"success":false,"error":"not-allowed"}`},
		{"sort before the room", manager, "nope", "sort=x", 400, sortError("x")},
		{"unknown parameter", manager, open.ID, "agents[]=x", 400,
			`{"success":false,"error":"must NOT have additional properties [invalid-params]","errorType":"invalid-params"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := getMessages(t, srv, tt.cred, tt.rid, tt.query)
			wantStatus(t, resp, tt.status)
			wantBody(t, body, tt.body)
		})
	}
	if p := listMessages(t, srv, server, open.ID, ""); p.Total == 0 {
		t.Error("the serving agent reads no message")
	}
}

// InsertMessages adds messages newer than all others to the room in the
// path, before the call, and the room follows.
func TestInsertMessagesFault(t *testing.T) {
	srv, cred, rooms := roomsServer(t)
	room := rooms[0]
	before := listMessages(t, srv, cred, room.ID, "count=0")
	srv.Inject(rocketchattest.RouteRoomMessages, rocketchattest.InsertMessages(3).AfterCalls(1))
	if p := listMessages(t, srv, cred, room.ID, "count=0"); p.Total != before.Total {
		t.Fatalf("the fault acted on the first call: %d messages, had %d", p.Total, before.Total)
	}
	p := listMessages(t, srv, cred, room.ID, "count=0")
	if p.Total != before.Total+3 || !slices.Equal(msgIDs(p.Messages[3:]), msgIDs(before.Messages)) {
		t.Fatalf("after the fault: %d messages, want 3 new ones first and the rest as before", p.Total)
	}
	if !p.Messages[0].Timestamp.After(before.Messages[0].Timestamp) {
		t.Errorf("new messages are not the newest")
	}
	var after *models.Room
	for _, r := range listRooms(t, srv, cred, "count=0").Rooms {
		if r.ID == room.ID {
			after = r
		}
	}
	if after.MessageCount != room.MessageCount+3 || after.LastMessage.ID != p.Messages[0].ID || !after.LastMessageAt.Equal(p.Messages[0].Timestamp) {
		t.Errorf("room after the fault: msgs %d (was %d), lastMessage %s (newest %s)", after.MessageCount, room.MessageCount, after.LastMessage.ID, p.Messages[0].ID)
	}
}

// InsertRooms on the rooms list adds conversations newer than every room.
func TestInsertRoomsFaultOnTheRoomsList(t *testing.T) {
	srv, cred, _ := roomsServer(t)
	before := listRooms(t, srv, cred, "count=0")
	srv.Inject(rocketchattest.RouteRooms, rocketchattest.InsertRooms(4))
	p := listRooms(t, srv, cred, "count=0")
	if p.Total != before.Total+4 || !slices.Equal(p.ids()[4:], before.ids()) {
		t.Fatalf("after the fault: %d rooms, want 4 new ones first", p.Total)
	}
	if p.Rooms[3].Timestamp.Before(before.Rooms[0].Timestamp) {
		t.Errorf("new rooms are not the newest")
	}
}
