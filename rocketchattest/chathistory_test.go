package rocketchattest_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func TestChatHistoryEnvelopeAndDefaults(t *testing.T) {
	srv, cred, ids := agentServer(t, 120)
	for _, c := range clients(srv) {
		t.Run(c.name, func(t *testing.T) {
			resp, body := call(t, c.http, http.MethodGet, historyURL(srv.URL(), ids[5], "visitor1", ""), cred, "")
			wantStatus(t, resp, http.StatusOK)
			if resp.Header.Get("Content-Type") != "application/json" || resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("headers %v", resp.Header)
			}
			if !strings.HasPrefix(body, `{"history":[{"_id":`) || !strings.HasSuffix(body, `,"count":50,"offset":0,"total":120,"success":true}`) {
				t.Errorf("envelope: %.80s ... %s", body, body[max(len(body)-80, 0):])
			}
			p := decodePage(t, body)
			if !slices.Equal(p.ids(), ids[:50]) {
				t.Errorf("default page is not the 50 newest rooms, newest first")
			}
		})
	}
}

func TestChatHistoryPaging(t *testing.T) {
	srv, cred, ids := agentServer(t, 130)
	tests := []struct {
		query               string
		wantFrom, wantCount int
		wantOffset          int
	}{
		{"count=10&offset=20", 20, 10, 20},
		{"count=500", 0, 100, 0},               // clamped to API_Upper_Count_Limit
		{"count=0", 0, 130, 0},                 // infinite count
		{"count=100&offset=120", 120, 10, 120}, // count is the page's length
		{"offset=200", 130, 0, 200},
		{"count=12.9", 0, 12, 0}, // parseInt
		{"count=+7", 0, 7, 0},    // a JavaScript number
		{"count=", 0, 50, 0},     // null: the default
		{"count=-3", 0, 3, 0},    // a negative MongoDB limit
		{"offset=0x0A&count=2", 10, 2, 10},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", tt.query), cred, "")
			wantStatus(t, resp, http.StatusOK)
			p := decodePage(t, body)
			want := ids[min(tt.wantFrom, len(ids)):min(tt.wantFrom+tt.wantCount, len(ids))]
			if !slices.Equal(p.ids(), want) || p.Count != len(want) || p.Offset != tt.wantOffset || p.Total != 130 {
				t.Errorf("got count=%d offset=%d total=%d ids[%d], want count=%d offset=%d from %d",
					p.Count, p.Offset, p.Total, len(p.History), len(want), tt.wantOffset, tt.wantFrom)
			}
		})
	}
}

func TestChatHistoryPageLimitOptions(t *testing.T) {
	srv, cred, ids := agentServer(t, 40, rocketchattest.WithInfiniteCount(false), rocketchattest.WithPageLimits(5, 20))
	for query, want := range map[string]int{"count=0": 5, "": 5, "count=30": 20, "count=7": 7} {
		_, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", query), cred, "")
		if p := decodePage(t, body); p.Count != want {
			t.Errorf("%q: count %d, want %d", query, p.Count, want)
		}
	}
}

func TestChatHistoryIncludesOpenAndClosedRoomsOfTheVisitorOnly(t *testing.T) {
	srv, cred, ids := agentServer(t, 6, rocketchattest.WithSeed(3))
	srv.GenerateHistory("visitor2", 4, 9, rocketchattest.OpenRooms(2))
	if err := srv.AddRoomJSON([]byte(`{"_id":"direct1","t":"d","v":{"_id":"visitor1"},"ts":"2030-01-01T00:00:00.000Z"}`)); err != nil {
		t.Fatal(err)
	}
	_, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[3], "visitor1", "count=0"), cred, "")
	p := decodePage(t, body)
	if p.Total != 6 || !slices.Equal(p.ids(), ids) {
		t.Fatalf("history of visitor1 = %v, want %v", p.ids(), ids)
	}
	if !p.History[0].Open || p.History[1].Open {
		t.Errorf("want the newest room open and the others closed (absent open)")
	}
	if srv.HistoryLen("visitor2") != 4 {
		t.Errorf("HistoryLen(visitor2) = %d", srv.HistoryLen("visitor2"))
	}
}

func TestChatHistoryErrors(t *testing.T) {
	srv, cred, ids := agentServer(t, 3)
	plain := srv.AddUser(rocketchattest.User{Username: "plain"})
	agent := srv.AddUser(rocketchattest.User{Username: "agent", Roles: []string{"livechat-agent"}})
	room := ids[0]
	tests := []struct {
		name   string
		cred   rocketchattest.Credentials
		room   string
		query  string
		status int
		body   string
	}{
		{"no credentials", rocketchattest.Credentials{}, room, "", 401,
			`{"success":false,"error":"You must be logged in to do this.","status":"error","message":"You must be logged in to do this."}`},
		{"no permission", plain, room, "", 403,
			`{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}`},
		{"unknown room", cred, "nope", "", 400, `{"success":false,"error":"invalid-room"}`},
		{"room not served by the agent", agent, room, "", 400, `{"success":false,"error":"error-not-allowed"}`},
		{"extra key", cred, room, "count=1&query={}", 400,
			`{"success":false,"error":"must NOT have additional properties [invalid-params]","errorType":"invalid-params"}`},
		{"legacy fields", cred, room, "fields={\"_id\":1}", 400,
			`{"success":false,"error":"must NOT have additional properties [invalid-params]","errorType":"invalid-params"}`},
		{"extra key before a bad count", cred, room, "count=x&foo=1", 400,
			`{"success":false,"error":"must NOT have additional properties [invalid-params]","errorType":"invalid-params"}`},
		{"count not a number", cred, room, "count=ten", 400,
			`{"success":false,"error":"must be number [invalid-params]","errorType":"invalid-params"}`},
		{"offset not a number", cred, room, "offset=NaN", 400,
			`{"success":false,"error":"must be number [invalid-params]","errorType":"invalid-params"}`},
		{"repeated count", cred, room, "count=1&count=2", 400,
			`{"success":false,"error":"must be number [invalid-params]","errorType":"invalid-params"}`},
		{"negative offset", cred, room, "offset=-1", 400,
			`{"success":false,"error":"BSON field 'skip' value must be >= 0, actual value '-1'"}`},
		{"sort checked before the room", cred, "nope", "sort=ts", 400, sortError("ts")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), tt.room, "visitor1", tt.query), tt.cred, "")
			wantStatus(t, resp, tt.status)
			wantBody(t, body, tt.body)
		})
	}
}

func sortError(raw string) string {
	return `{"success":false,"error":"Invalid sort parameter provided: \"` + strings.ReplaceAll(raw, `"`, `\"`) +
		`\" [error-invalid-sort]","errorType":"error-invalid-sort","details":{"helperMethod":"parseJsonQuery"}}`
}

func TestChatHistorySortValidation(t *testing.T) {
	srv, cred, ids := agentServer(t, 3)
	for _, raw := range []string{`ts`, `{"ts":0}`, `{"ts":"1"}`, `{"ts":2}`, `{"ts":-1,"fname":true}`, `[2]`, `["ts"]`, `null`, `{"ts":1}x`, `{"ts":1`, ``} {
		t.Run(raw, func(t *testing.T) {
			q := "sort=" + url.QueryEscape(raw)
			resp, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", q), cred, "")
			wantStatus(t, resp, http.StatusBadRequest)
			wantBody(t, body, sortError(raw))
		})
	}
	for _, raw := range []string{`{"ts":1}`, `{"ts":-1.0}`, `{"ts":1e0}`, ` {"ts" : -1} `, `{}`, `[]`, `[1]`, `0`, `false`, `""`} {
		resp, _ := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", "sort="+url.QueryEscape(raw)), cred, "")
		if resp.StatusCode != http.StatusOK {
			t.Errorf("sort %s: status %d", raw, resp.StatusCode)
		}
	}
}

func TestChatHistoryMultiKeySortPrecedence(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "admin", Roles: []string{"admin"}})
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	// fname: b, a, b, a, (none); ts ascending with the index.
	names := []string{"b", "a", "b", "a", ""}
	for i, name := range names {
		srv.AddRoom(&models.Room{ID: "r" + strconv.Itoa(i), Type: "l", FName: name, Timestamp: base.Add(time.Duration(i) * time.Hour),
			Visitor: models.RoomVisitor{ID: "v"}})
	}
	tests := map[string][]string{
		`{"fname":1,"ts":-1}`: {"r4", "r3", "r1", "r2", "r0"}, // a missing field sorts first
		`{"fname":-1,"ts":1}`: {"r0", "r2", "r1", "r3", "r4"},
		`{"ts":1,"fname":1}`:  {"r0", "r1", "r2", "r3", "r4"}, // ts decides alone
		`{"ts":-1}`:           {"r4", "r3", "r2", "r1", "r0"},
		`{}`:                  {"r0", "r1", "r2", "r3", "r4"}, // natural order
		``:                    {"r4", "r3", "r2", "r1", "r0"}, // default {"ts":-1}
	}
	for sort, want := range tests {
		q := ""
		if sort != "" {
			q = "sort=" + url.QueryEscape(sort)
		}
		_, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), "r0", "v", q), cred, "")
		if got := decodePage(t, body).ids(); !slices.Equal(got, want) {
			t.Errorf("sort %q: %v, want %v", sort, got, want)
		}
	}
}

func TestChatHistoryEscapedSlashInIDs(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "admin", Roles: []string{"admin"}})
	srv.AddRoom(&models.Room{ID: "room/1", Type: "l", Visitor: models.RoomVisitor{ID: "visitor/1"}})
	for _, c := range clients(srv) {
		u := historyURL(srv.URL(), url.PathEscape("room/1"), url.PathEscape("visitor/1"), "")
		resp, body := call(t, c.http, http.MethodGet, u, cred, "")
		wantStatus(t, resp, http.StatusOK)
		if p := decodePage(t, body); !slices.Equal(p.ids(), []string{"room/1"}) {
			t.Errorf("%s: %s", c.name, body)
		}
		resp, body = call(t, c.http, http.MethodGet, historyURL(srv.URL(), "room/1", "visitor/1", ""), cred, "")
		wantStatus(t, resp, http.StatusNotFound)
		wantBody(t, body, `{"success":false,"error":"Resource not found"}`)
	}
	if got := srv.Requests()[0].Path; !strings.Contains(got, "room%2F1") {
		t.Errorf("recorded path %q lost the escaping", got)
	}
}

func TestUnknownRoute(t *testing.T) {
	srv := rocketchattest.NewServer(t)
	for _, path := range []string{"/api/v1/nope", "/api/v1/me/", "/", "/api/v1/livechat/visitors.chatHistory/room//visitor/x"} {
		resp, body := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+path, rocketchattest.Credentials{}, "")
		wantStatus(t, resp, http.StatusNotFound)
		wantBody(t, body, `{"success":false,"error":"Resource not found"}`)
	}
	resp, _ := call(t, srv.HTTPClient(), http.MethodPost, srv.URL()+"/api/v1/me", rocketchattest.Credentials{}, "")
	wantStatus(t, resp, http.StatusNotFound)
}
