package rocketchattest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func TestFaultLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener())
		cred := srv.AddUser(rocketchattest.User{Username: "a"})
		srv.Inject(rocketchattest.RouteMe, rocketchattest.Latency(3*time.Second))
		start := time.Now()
		resp, _ := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		wantStatus(t, resp, http.StatusOK)
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("first call took %v, want 3s", d)
		}
		start = time.Now()
		call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		if d := time.Since(start); d != 0 {
			t.Errorf("second call took %v, want no delay", d)
		}
	})
}

func TestFaultLatencyEndsWithTheContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener())
		srv.Inject(rocketchattest.AnyRoute, rocketchattest.Latency(time.Hour))
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL()+"/api/v1/me", nil)
		_, err := srv.HTTPClient().Do(req)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want deadline exceeded", err)
		}
		if got := srv.Requests()[0].Status; got != 0 {
			t.Errorf("recorded status %d for an abandoned call", got)
		}
	})
}

func TestFaultServerErrorBurst(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithRateLimit(2, time.Hour))
	cred := srv.AddUser(rocketchattest.User{Username: "a"})
	srv.Inject(rocketchattest.RouteMe, rocketchattest.ServerErrors(503, 2).AfterCalls(1), rocketchattest.ServerErrors(500, 1).AfterCalls(3))
	var statuses []int
	var bodies []string
	for range 5 {
		resp, body := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
		statuses = append(statuses, resp.StatusCode)
		bodies = append(bodies, body)
	}
	if want := []int{200, 503, 503, 500, 200}; !slices.Equal(statuses, want) {
		t.Fatalf("statuses %v, want %v (faulted calls must not count against the limit of 2)", statuses, want)
	}
	wantBody(t, bodies[1], `{"success":false,"error":"Service Unavailable"}`)
	wantBody(t, bodies[3], `{"success":false,"error":"Internal server error"}`)
	if st := srv.Stats(rocketchattest.RouteMe); st.Faults != 3 || st.Requests != 5 {
		t.Errorf("stats %+v", st)
	}
}

func TestFaultBadGatewayHTML(t *testing.T) {
	srv := rocketchattest.NewServer(t)
	srv.Inject(rocketchattest.AnyRoute, rocketchattest.BadGatewayHTML(1))
	resp, body := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/nope", rocketchattest.Credentials{}, "")
	wantStatus(t, resp, http.StatusBadGateway)
	if resp.Header.Get("Content-Type") != "text/html" || !strings.Contains(body, "<h1>502 Bad Gateway</h1>") {
		t.Errorf("502 page: %s %q", resp.Header.Get("Content-Type"), body)
	}
	srv.Inject(rocketchattest.RouteMe, rocketchattest.Fault{Status: 418, Body: "short", ContentType: "text/plain"})
	resp, body = call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", rocketchattest.Credentials{}, "")
	if resp.StatusCode != 418 || body != "short" || resp.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("custom fault: %d %q %v", resp.StatusCode, body, resp.Header)
	}
}

func TestFaultResetMidBody(t *testing.T) {
	srv, cred, ids := agentServer(t, 20)
	for _, c := range clients(srv) {
		t.Run(c.name, func(t *testing.T) {
			srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.ResetMidBody())
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", ""), nil)
			req.Header.Set("X-User-Id", cred.UserID)
			req.Header.Set("X-Auth-Token", cred.AuthToken)
			resp, err := c.http.Do(req)
			if err != nil {
				t.Fatalf("headers should arrive: %v", err)
			}
			defer resp.Body.Close()
			wantStatus(t, resp, http.StatusOK)
			b, err := io.ReadAll(resp.Body)
			if err == nil {
				t.Fatalf("read the whole body (%d bytes) from a reset connection", len(b))
			}
			if c.name == "memory" && !errors.Is(err, syscall.ECONNRESET) {
				t.Errorf("memory transport error %v, want ECONNRESET", err)
			}
			if len(b) == 0 || int64(len(b)) >= resp.ContentLength {
				t.Errorf("got %d of %d bytes before the reset", len(b), resp.ContentLength)
			}
			// The next call is served normally.
			resp2, body := call(t, c.http, http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", ""), cred, "")
			wantStatus(t, resp2, http.StatusOK)
			decodePage(t, body)
		})
	}
}

func TestFaultTruncatedJSON(t *testing.T) {
	srv, cred, ids := agentServer(t, 10)
	for _, c := range clients(srv) {
		srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.Fault{Truncate: true, CutAt: 100})
		resp, body := call(t, c.http, http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", ""), cred, "")
		wantStatus(t, resp, http.StatusOK)
		if len(body) != 100 || resp.ContentLength != 100 {
			t.Errorf("%s: %d bytes, Content-Length %d", c.name, len(body), resp.ContentLength)
		}
		var v any
		if json.Unmarshal([]byte(body), &v) == nil {
			t.Errorf("%s: truncated body still decodes", c.name)
		}
	}
}

func TestFaultInsertRoomsMidWalk(t *testing.T) {
	srv, cred, ids := agentServer(t, 30)
	srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.InsertRooms(3).AfterCalls(1))
	_, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", "count=10"), cred, "")
	first := decodePage(t, body)
	_, body = call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", "count=10&offset=10"), cred, "")
	second := decodePage(t, body)
	if first.Total != 30 || second.Total != 33 {
		t.Fatalf("totals %d then %d, want 30 then 33", first.Total, second.Total)
	}
	// Three new rooms on top push items 7..9 of the first page onto the second.
	if !slices.Equal(second.ids()[:3], ids[7:10]) {
		t.Errorf("second page starts with %v, want the shifted %v", second.ids()[:3], ids[7:10])
	}
	_, body = call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", "count=4"), cred, "")
	top := decodePage(t, body)
	if top.History[3].ID != ids[0] || top.History[2].TS <= top.History[3].TS {
		t.Errorf("inserted rooms are not the newest: %+v", top.History)
	}
	if slices.Contains(ids, top.History[0].ID) {
		t.Error("inserted room reuses an id")
	}
}

func TestFaultDeleteRooms(t *testing.T) {
	srv, cred, ids := agentServer(t, 10)
	srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.DeleteRooms(2))
	_, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", "count=0"), cred, "")
	p := decodePage(t, body)
	// The gate room in the path is spared: ids[1] and ids[2] go.
	if want := append([]string{ids[0]}, ids[3:]...); !slices.Equal(p.ids(), want) {
		t.Errorf("after delete: %v, want %v", p.ids(), want)
	}
}

func TestFaultIgnoreOffset(t *testing.T) {
	srv, cred, ids := agentServer(t, 10)
	srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.IgnoreOffset())
	for range 2 {
		_, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", "count=4&offset=4"), cred, "")
		p := decodePage(t, body)
		if !slices.Equal(p.ids(), ids[:4]) || p.Offset != 4 {
			t.Errorf("page %v offset %d, want the first page echoing offset 4", p.ids(), p.Offset)
		}
	}
	srv.ClearFaults(rocketchattest.AnyRoute)
	_, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", "count=4&offset=4"), cred, "")
	if p := decodePage(t, body); !slices.Equal(p.ids(), ids[4:8]) {
		t.Errorf("after ClearFaults: %v", p.ids())
	}
}
