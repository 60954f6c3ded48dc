package rocketchattest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// client is one way to reach a server in tests.
type client struct {
	name string
	http *http.Client
}

// clients returns the loopback and the in-memory ways to reach srv.
func clients(srv *rocketchattest.Server) []client {
	return []client{
		{name: "loopback", http: &http.Client{}},
		{name: "memory", http: srv.HTTPClient()},
	}
}

// call sends a request and returns the response with its body read.
func call(t *testing.T, c *http.Client, method, url string, cred rocketchattest.Credentials, body string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if cred.UserID != "" {
		req.Header.Set("X-User-Id", cred.UserID)
		req.Header.Set("X-Auth-Token", cred.AuthToken)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, url, err)
	}
	return resp, string(b)
}

// wantBody fails unless got is exactly want, byte for byte.
func wantBody(t *testing.T, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("body\n got: %s\nwant: %s", got, want)
	}
}

// wantStatus fails unless the response has the status.
func wantStatus(t *testing.T, resp *http.Response, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("status = %d, want %d", resp.StatusCode, want)
	}
}

// historyPage is the chatHistory envelope.
type historyPage struct {
	History []struct {
		ID   string `json:"_id"`
		TS   string `json:"ts"`
		Open bool   `json:"open"`
		V    struct {
			ID string `json:"_id"`
		} `json:"v"`
	} `json:"history"`
	Count   int  `json:"count"`
	Offset  int  `json:"offset"`
	Total   int  `json:"total"`
	Success bool `json:"success"`
}

func decodePage(t *testing.T, body string) historyPage {
	t.Helper()
	var p historyPage
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("decoding page: %v\n%s", err, body)
	}
	return p
}

func (p historyPage) ids() []string {
	ids := make([]string, len(p.History))
	for i, r := range p.History {
		ids[i] = r.ID
	}
	return ids
}

// historyURL is the chatHistory URL of a room and visitor (already escaped)
// with a query.
func historyURL(base, roomID, visitorID, query string) string {
	u := base + "/api/v1/livechat/visitors.chatHistory/room/" + roomID + "/visitor/" + visitorID
	if query != "" {
		u += "?" + query
	}
	return u
}

// agentServer starts a server without rate limit with a manager and a
// generated history of n rooms for visitor "visitor1".
func agentServer(t *testing.T, n int, opts ...rocketchattest.Option) (*rocketchattest.Server, rocketchattest.Credentials, []string) {
	t.Helper()
	srv := rocketchattest.NewServer(t, append([]rocketchattest.Option{rocketchattest.WithoutRateLimit()}, opts...)...)
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Password: "pw", Roles: []string{"livechat-manager"}})
	rooms := srv.GenerateHistory("visitor1", n, 7)
	ids := make([]string, len(rooms))
	for i, r := range rooms {
		ids[i] = r.ID
	}
	return srv, cred, ids
}

func itoa(n int) string { return strconv.Itoa(n) }

// fakeTB is a test that records Fatal and Log calls instead of acting on
// them, to see how the server reports through its test.
type fakeTB struct {
	testing.TB
	mu     sync.Mutex
	fatals []string
	logs   []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatal(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fatals = append(f.fatals, fmt.Sprint(args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) { f.Fatal(fmt.Sprintf(format, args...)) }

func (f *fakeTB) Logf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

func (f *fakeTB) logged() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.logs)
}
