package rocketchattest_test

import (
	"net/http"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func TestRateLimitHeadersAndTooManyRequests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener())
		cred := srv.AddUser(rocketchattest.User{Username: "agent", Roles: []string{"livechat-agent"}})
		start := time.Now()
		wantReset := strconv.FormatInt(start.Add(rocketchattest.DefaultRateLimitWindow).UnixMilli(), 10)
		for i := 1; i <= 10; i++ {
			resp, _ := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
			wantStatus(t, resp, http.StatusOK)
			h := resp.Header
			if h.Get("X-RateLimit-Limit") != "10" || h.Get("X-RateLimit-Remaining") != strconv.Itoa(10-i) || h.Get("X-RateLimit-Reset") != wantReset {
				t.Fatalf("call %d: limit=%q remaining=%q reset=%q (want reset %s)", i,
					h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Remaining"), h.Get("X-RateLimit-Reset"), wantReset)
			}
			time.Sleep(time.Second)
		}
		// 10 s into the window: 50 s to wait.
		resp, body := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		wantStatus(t, resp, http.StatusTooManyRequests)
		wantBody(t, body, `{"success":false,"error":"Error, too many requests. Please slow down. You must wait 50 seconds before trying this endpoint again. [error-too-many-requests]"}`)
		if resp.Header.Get("X-RateLimit-Remaining") != "0" || resp.Header.Get("X-RateLimit-Reset") != wantReset || resp.Header.Get("Retry-After") != "" {
			t.Errorf("429 headers %v", resp.Header)
		}
		if st := srv.Stats(rocketchattest.RouteMe); st.Requests != 11 || st.TooManyRequests != 1 {
			t.Errorf("stats %+v", st)
		}

		// Another route has its own counter.
		resp, _ = call(t, srv.HTTPClient(), http.MethodPost, srv.URL()+"/api/v1/login", rocketchattest.Credentials{}, `{"user":"x","password":"y"}`)
		if resp.Header.Get("X-RateLimit-Remaining") != "9" {
			t.Errorf("login remaining = %q, want 9", resp.Header.Get("X-RateLimit-Remaining"))
		}

		// Once the window is over, a new one starts.
		time.Sleep(time.Until(start.Add(rocketchattest.DefaultRateLimitWindow + time.Millisecond)))
		resp, _ = call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		wantStatus(t, resp, http.StatusOK)
		if resp.Header.Get("X-RateLimit-Remaining") != "9" {
			t.Errorf("new window remaining = %q", resp.Header.Get("X-RateLimit-Remaining"))
		}
	})
}

func TestRateLimitRoundsTheWaitUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithRateLimit(1, 3*time.Second))
		cred := srv.AddUser(rocketchattest.User{Username: "agent"})
		call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		time.Sleep(1500 * time.Millisecond)
		resp, body := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		wantStatus(t, resp, http.StatusTooManyRequests)
		wantBody(t, body, `{"success":false,"error":"Error, too many requests. Please slow down. You must wait 2 seconds before trying this endpoint again. [error-too-many-requests]"}`)
	})
}

func TestRateLimitBypassRoles(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithRateLimit(2, time.Hour))
	for _, role := range []string{"admin", "bot", "app"} {
		cred := srv.AddUser(rocketchattest.User{Username: role, Roles: []string{role}})
		for range 5 {
			resp, _ := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
			wantStatus(t, resp, http.StatusOK)
			if resp.Header.Get("X-RateLimit-Limit") != "" {
				t.Fatalf("%s: limiter headers on a bypassing user", role)
			}
		}
	}
	agent := srv.AddUser(rocketchattest.User{Username: "agent", Roles: []string{"livechat-agent"}})
	codes := []int{}
	for range 3 {
		resp, _ := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", agent, "")
		codes = append(codes, resp.StatusCode)
	}
	if codes[0] != 200 || codes[1] != 200 || codes[2] != 429 {
		t.Errorf("agent statuses %v, want 200 200 429", codes)
	}
}

func TestRateLimitDoesNotCountAuthFailures(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithRateLimit(1, time.Hour))
	cred := srv.AddUser(rocketchattest.User{Username: "agent"})
	for range 3 {
		resp, _ := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", rocketchattest.Credentials{}, "")
		wantStatus(t, resp, http.StatusUnauthorized)
		if resp.Header.Get("X-RateLimit-Limit") != "" {
			t.Fatal("limiter headers on a 401")
		}
	}
	resp, _ := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
	wantStatus(t, resp, http.StatusOK)
}

func TestRateLimitLogsWhenItHoldsTheClientBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ft := &fakeTB{TB: t}
		srv := rocketchattest.NewServer(ft, rocketchattest.WithoutListener())
		cred := srv.AddUser(rocketchattest.User{Username: "agent"})
		for range 9 {
			call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		}
		if logs := ft.logged(); len(logs) != 0 {
			t.Fatalf("logged before the window was used up: %q", logs)
		}
		time.Sleep(4 * time.Second)
		for range 3 { // the 10th call uses the window up; the 429s after it log no more
			call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		}
		logs := ft.logged()
		want := "rocketchattest: GET /api/v1/me: the 10 calls allowed per 1m0s are used up; the next call waits 56s. " +
			"For fast tests use rocketchattest.WithRateLimit(n, shortWindow), or run the test in a testing/synctest " +
			"bubble with rocketchattest.WithoutListener() and srv.HTTPClient()."
		if len(logs) != 1 || logs[0] != want {
			t.Fatalf("logs %q\nwant one: %s", logs, want)
		}
		time.Sleep(time.Minute)
		for range 10 { // a new window logs again
			call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		}
		if n := len(ft.logged()); n != 2 {
			t.Errorf("%d logs after a second window, want 2", n)
		}
	})
}

func TestRateLimitLogsNothingForShortWaitsOrStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ft := &fakeTB{TB: t}
		srv := rocketchattest.NewServer(ft, rocketchattest.WithoutListener(), rocketchattest.WithRateLimit(2, time.Second))
		cred := srv.AddUser(rocketchattest.User{Username: "agent"})
		for range 5 {
			call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		}
		if logs := ft.logged(); len(logs) != 0 {
			t.Errorf("a window of a second logged %q", logs)
		}
	})
	// A server made with Start has no test to log to; it must not panic.
	srv, err := rocketchattest.Start(rocketchattest.WithoutListener())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "agent"})
	for range 11 {
		call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
	}
}

func TestRateLimitBypassFollowsThePermissionTable(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithRateLimit(1, time.Hour))
	cred := srv.AddUser(rocketchattest.User{Username: "exporter", Roles: []string{"user", "exporter"}})
	srv.GrantPermission("api-bypass-rate-limit", "exporter")
	for range 3 {
		resp, _ := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		wantStatus(t, resp, http.StatusOK)
	}
	srv.SetPermission("api-bypass-rate-limit", "bot")
	admin := srv.AddUser(rocketchattest.User{Username: "root", Roles: []string{"admin"}})
	call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", admin, "")
	if resp, _ := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", admin, ""); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("admin after api-bypass-rate-limit was taken from admin: %d, want 429", resp.StatusCode)
	}
}
