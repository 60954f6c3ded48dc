package rocketchattest_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func invalidParamsBody(msg string) string {
	return `{"success":false,"error":"` + msg + ` [invalid-params]","errorType":"invalid-params"}`
}

// TestChatHistoryQueryEdgeCases pins the answers that follow from the
// server's qs parsing and Ajv coercion.
func TestChatHistoryQueryEdgeCases(t *testing.T) {
	srv, cred, ids := agentServer(t, 130)
	tests := []struct {
		query     string
		status    int
		body      string // exact, for errors
		wantCount int    // for 200s
	}{
		{"count=%20", 200, "", 130},              // " " is 0: everything
		{"count[]=5", 200, "", 5},                // a one-element array is its element
		{"count=0x0A", 200, "", 10},              // Number() reads hex
		{"count=%205%20", 200, "", 5},            // and trims
		{"count", 200, "", 50},                   // no "=": empty, null: the default
		{"count=5?offset=9", 200, "", 5},         // the router drops what follows a second "?"
		{"count=5&hasOwnProperty=1", 200, "", 5}, // qs drops Object.prototype's names
		{"sort[ts]=1", 400, invalidParamsBody("must be string"), 0},
		{"sort[]=%7B%7D", 400, invalidParamsBody("must be string"), 0}, // nullable: no unwrapping
		{"count=%zz", 400, invalidParamsBody("must be number"), 0},     // qs keeps a bad escape as is
		{"count=-0x10", 400, invalidParamsBody("must be number"), 0},
		{"count%5B%5D=7&foo=1", 400, invalidParamsBody("must NOT have additional properties"), 0},
		{"count[601]=1", 400, `{"success":false,"error":"Invalid query parameters"}`, 0},
		{"count=Infinity", 400, `{"success":false,"error":"rocketchattest: count or offset is not a finite number, which MongoDB refuses"}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", tt.query), cred, "")
			wantStatus(t, resp, tt.status)
			if tt.status != http.StatusOK {
				wantBody(t, body, tt.body)
				return
			}
			if p := decodePage(t, body); p.Count != tt.wantCount {
				t.Errorf("count %d, want %d", p.Count, tt.wantCount)
			}
		})
	}
}

func TestChatHistorySortsTheDriverReadsOrRefuses(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit(), rocketchattest.WithoutListener())
	cred := srv.AddUser(rocketchattest.User{Username: "admin", Roles: []string{"admin"}})
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		srv.AddRoom(&models.Room{ID: "r" + itoa(i), Type: models.RoomTypeLivechat, Visitor: models.RoomVisitor{ID: "v"},
			Timestamp: base.Add(time.Duration(i) * time.Hour)})
	}
	for sort, want := range map[string][]string{
		"[]":    {"r0", "r1", "r2"}, // no sort: natural order
		"[1]":   {"r0", "r1", "r2"}, // sorts on a field named "1", missing everywhere
		"0":     {"r2", "r1", "r0"}, // falsy: the route's default
		"false": {"r2", "r1", "r0"},
	} {
		resp, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), "r0", "v", "sort="+sort), cred, "")
		wantStatus(t, resp, http.StatusOK)
		if got := decodePage(t, body).ids(); !slices.Equal(got, want) {
			t.Errorf("sort=%s: %v, want %v", sort, got, want)
		}
	}
	// A sort parseJsonQuery accepts but the driver refuses fails when the
	// query runs: after the room gate.
	resp, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), "r0", "v", "sort=1"), cred, "")
	wantStatus(t, resp, http.StatusBadRequest)
	wantBody(t, body, `{"success":false,"error":"Invalid sort format: 1 Sort must be a valid object"}`)
	_, body = call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), "nope", "v", "sort=1"), cred, "")
	wantBody(t, body, `{"success":false,"error":"invalid-room"}`)
}

// TestQueryParsedAfterAuthenticationOn8 checks where the router's qs refusal
// falls: after authentication and permission on 8.x, and before the rate
// limit, which it does not use.
func TestQueryParsedAfterAuthenticationOn8(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithRateLimit(1, time.Hour), rocketchattest.WithoutListener())
	cred := srv.AddUser(rocketchattest.User{Username: "agent", Roles: []string{"livechat-agent"}})
	tooLong := "count[]=1" + strings.Repeat("&count[]=1", 500)
	resp, _ := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), "r", "v", tooLong), rocketchattest.Credentials{}, "")
	wantStatus(t, resp, http.StatusUnauthorized)
	resp, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), "r", "v", tooLong), cred, "")
	wantStatus(t, resp, http.StatusBadRequest)
	wantBody(t, body, `{"success":false,"error":"Invalid query parameters"}`)
	if resp.Header.Get("X-RateLimit-Limit") != "" {
		t.Error("a query the router refuses carries rate-limit headers")
	}
	resp, body = call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), "r", "v", ""), cred, "")
	if resp.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("first limited call: remaining %q (%s), want 0", resp.Header.Get("X-RateLimit-Remaining"), body)
	}
}
