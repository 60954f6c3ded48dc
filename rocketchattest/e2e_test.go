package rocketchattest_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// sdk starts a server with the default limiter, seeds a manager (who does not
// bypass the limiter) and n rooms of visitor "v1", and returns the SDK over
// the in-memory transport, with the room ids newest first.
func sdk(t *testing.T, n int, opts ...rocketchattest.Option) (*rocketchattest.Server, *omnichannel.Service, []string) {
	t.Helper()
	srv := rocketchattest.NewServer(t, append([]rocketchattest.Option{rocketchattest.WithoutListener()}, opts...)...)
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	rooms := srv.GenerateHistory("v1", n, 11)
	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken), rocketchat.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(rooms))
	for i, r := range rooms {
		ids[i] = r.ID
	}
	return srv, omnichannel.New(c), ids
}

// walk collects a ChatHistoryAll walk, failing the test on an error.
func walk(t *testing.T, oc *omnichannel.Service, room string, opts *omnichannel.ChatHistoryOptions) []*models.Room {
	t.Helper()
	var got []*models.Room
	for r, err := range oc.Visitors.ChatHistoryAll(t.Context(), room, "v1", opts) {
		if err != nil {
			t.Fatalf("walk failed after %d rooms: %v", len(got), err)
		}
		got = append(got, r)
	}
	return got
}

func TestE2EWalkUnderTheDefaultLimiterDrawsNo429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, oc, ids := sdk(t, 2450)
		start := time.Now()
		got := walk(t, oc, ids[0], nil)
		if len(got) != len(ids) {
			t.Fatalf("walked %d rooms, want %d", len(got), len(ids))
		}
		for i, r := range got {
			if r.ID != ids[i] {
				t.Fatalf("room %d is %s, want %s (newest first, each once)", i, r.ID, ids[i])
			}
		}
		st := srv.Stats(rocketchattest.RouteChatHistory)
		if st.TooManyRequests != 0 || st.Requests != 25 {
			t.Errorf("stats %+v, want 25 requests and no 429", st)
		}
		// 25 calls at 10 per minute need two full windows of waiting.
		if d := time.Since(start); d < 2*rocketchattest.DefaultRateLimitWindow || d > 3*rocketchattest.DefaultRateLimitWindow {
			t.Errorf("walk took %v of fake time", d)
		}
		for _, r := range srv.Requests() {
			if n, err := strconv.Atoi(r.Query.Get("count")); err != nil || n < 100 {
				t.Errorf("request asked for count=%q, want pages as large as the server allows", r.Query.Get("count"))
				break
			}
		}
	})
}

func TestE2EClampingAndAllItems(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, oc, ids := sdk(t, 150)
		ctx := t.Context()
		page, resp, err := oc.Visitors.ChatHistory(ctx, ids[0], "v1", &omnichannel.ChatHistoryOptions{Count: 500})
		if err != nil {
			t.Fatal(err)
		}
		if page.Count != 100 || len(page.History) != 100 || page.Total != 150 || resp.Rate.Limit != 10 {
			t.Errorf("count=500: count=%d len=%d total=%d rate=%+v", page.Count, len(page.History), page.Total, resp.Rate)
		}
		page, _, err = oc.Visitors.ChatHistory(ctx, ids[0], "v1", &omnichannel.ChatHistoryOptions{Count: rocketchat.AllItems})
		if err != nil || page.Count != 150 {
			t.Fatalf("AllItems: %v, count %d", err, page.Count)
		}
		sort := rocketchat.Sort{{Field: "ts", Order: rocketchat.Asc}}
		page, _, err = oc.Visitors.ChatHistory(ctx, ids[0], "v1", &omnichannel.ChatHistoryOptions{Offset: 10, Count: 5, Sort: sort})
		if err != nil || page.Offset != 10 || page.History[0].ID != ids[len(ids)-11] {
			t.Errorf("ascending page: %v %+v", err, page)
		}
	})
}

func TestE2EMidWalkInsertsYieldEachRoomOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, oc, ids := sdk(t, 450)
		srv.Inject(rocketchattest.RouteChatHistory,
			rocketchattest.InsertRooms(5).AfterCalls(1),
			rocketchattest.InsertRooms(3).AfterCalls(3))
		got := walk(t, oc, ids[0], nil)
		seen := make(map[string]int)
		for _, r := range got {
			seen[r.ID]++
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("room %s yielded %d times", id, n)
			}
		}
		for _, id := range ids {
			if seen[id] != 1 {
				t.Errorf("room %s missed", id)
			}
		}
		if srv.HistoryLen("v1") != 458 || srv.Stats(rocketchattest.RouteChatHistory).TooManyRequests != 0 {
			t.Errorf("history %d, stats %+v", srv.HistoryLen("v1"), srv.Stats(rocketchattest.RouteChatHistory))
		}
	})
}

func TestE2ETransientFaultsAreSurvived(t *testing.T) {
	faults := map[string]rocketchattest.Fault{
		"503 burst":         rocketchattest.ServerErrors(http.StatusServiceUnavailable, 3),
		"HTML 502":          rocketchattest.BadGatewayHTML(2),
		"latency":           rocketchattest.Latency(5 * time.Second),
		"reset mid-body":    rocketchattest.ResetMidBody(),
		"truncated JSON":    rocketchattest.TruncatedJSON(),
		"500 on a GET":      rocketchattest.ServerErrors(http.StatusInternalServerError, 1),
		"deleted mid-walk":  rocketchattest.DeleteRooms(4).AfterCalls(1),
		"inserted up front": rocketchattest.InsertRooms(2),
	}
	for name, f := range faults {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv, oc, ids := sdk(t, 230)
				srv.Inject(rocketchattest.RouteChatHistory, f)
				var err error
				n := 0
				for _, e := range oc.Visitors.ChatHistoryAll(t.Context(), ids[0], "v1", nil) {
					if e != nil {
						err = e
						break
					}
					n++
				}
				if err != nil {
					// A fault the client does not retry must surface as a typed error.
					var apiErr *rocketchat.APIError
					if !errors.As(err, &apiErr) && !errors.Is(err, rocketchat.ErrMalformedResponse) {
						t.Fatalf("untyped error after %d rooms: %v", n, err)
					}
					t.Logf("surfaced as %v", err)
					return
				}
				if n < 226 {
					t.Errorf("walk ended after %d rooms", n)
				}
			})
		})
	}
}

func TestE2EPersistentFaultsSurfaceAsTypedErrors(t *testing.T) {
	tests := []struct {
		name   string
		fault  rocketchattest.Fault
		target error
	}{
		{"503 forever", rocketchattest.ServerErrors(http.StatusServiceUnavailable, 1).Repeat(rocketchattest.Forever), rocketchat.ErrServer},
		{"HTML 502 forever", rocketchattest.BadGatewayHTML(1).Repeat(rocketchattest.Forever), rocketchat.ErrServer},
		{"offset ignored", rocketchattest.IgnoreOffset(), rocketchat.ErrNoProgress},
		{"truncated forever", rocketchattest.TruncatedJSON().Repeat(rocketchattest.Forever), rocketchat.ErrMalformedResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv, oc, ids := sdk(t, 230)
				srv.Inject(rocketchattest.RouteChatHistory, tt.fault)
				var err error
				for _, e := range oc.Visitors.ChatHistoryAll(t.Context(), ids[0], "v1", nil) {
					if e != nil {
						err = e
					}
				}
				if !errors.Is(err, tt.target) {
					t.Fatalf("err = %v, want %v", err, tt.target)
				}
			})
		})
	}
}

func TestE2EServerErrorsAreTyped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, oc, ids := sdk(t, 3)
		agent := srv.AddUser(rocketchattest.User{Username: "agent", Roles: []string{"livechat-agent"}})
		plain := srv.AddUser(rocketchattest.User{Username: "plain"})
		ctx := context.Background()
		check := func(name string, oc *omnichannel.Service, room string, opts *omnichannel.ChatHistoryOptions, target error, code string) {
			t.Helper()
			_, _, err := oc.Visitors.ChatHistory(ctx, room, "v1", opts)
			var apiErr *rocketchat.APIError
			if !errors.Is(err, target) || !errors.As(err, &apiErr) || apiErr.Code != code {
				t.Errorf("%s: err = %v, want %v with code %q", name, err, target, code)
			}
		}
		as := func(cred rocketchattest.Credentials) *omnichannel.Service {
			c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken), rocketchat.WithHTTPClient(srv.HTTPClient()))
			if err != nil {
				t.Fatal(err)
			}
			return omnichannel.New(c)
		}
		check("unknown room", oc, "nope", nil, rocketchat.ErrInvalidRoom, "invalid-room")
		check("not serving", as(agent), ids[0], nil, rocketchat.ErrNotAllowed, "error-not-allowed")
		check("no permission", as(plain), ids[0], nil, rocketchat.ErrForbidden, "error-unauthorized")
		check("bad token", as(rocketchattest.Credentials{UserID: plain.UserID, AuthToken: "x"}), ids[0], nil, rocketchat.ErrUnauthorized, "")
		sort := rocketchat.Sort{{Field: "ts", Order: rocketchat.Order(2)}}
		_, _, err := oc.Visitors.ChatHistory(ctx, ids[0], "v1", &omnichannel.ChatHistoryOptions{Sort: sort})
		if err == nil {
			t.Error("an invalid sort order was accepted")
		}
		if got := strconv.Itoa(srv.Stats(rocketchattest.RouteChatHistory).TooManyRequests); got != "0" {
			t.Errorf("429s: %s", got)
		}
	})
}
