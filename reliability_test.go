package rocketchat_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"

	"github.com/jarcoal/httpmock"
	"go.uber.org/goleak"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// The tests in this file inject one fault each and check that the call
// either succeeds within its retry budget or fails with a typed error that
// says what happened; that it returns by its context's deadline; and that it
// leaves no goroutine behind.

// checkNoLeaks fails the test if goroutines it started are still running
// when it ends. Call it first: cleanups run last in, first out, so servers
// and transports registered afterwards are closed before the check.
func checkNoLeaks(t *testing.T) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

// countingTransport counts the requests that reach the network.
type countingTransport struct {
	next  http.RoundTripper
	calls atomic.Int32
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.calls.Add(1)
	return c.next.RoundTrip(req)
}

// loopbackTransport returns a counting transport of the test's own, whose
// idle connections are closed when the test ends.
func loopbackTransport(t *testing.T) *countingTransport {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &countingTransport{next: tr}
}

// startServer starts a loopback server for the test. Its handler must
// return once the client has gone away, or the server's Close would wait.
func startServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

// loopbackClient returns a client of the server at base that counts its
// requests, with short retry waits.
func loopbackClient(t *testing.T, base string, opts ...rocketchat.Option) (*rocketchat.Client, *countingTransport) {
	t.Helper()
	tr := loopbackTransport(t)
	opts = append([]rocketchat.Option{
		rocketchat.WithToken("user-1", "secret-token-1"),
		rocketchat.WithHTTPClient(&http.Client{Transport: tr}),
		rocketchat.WithRetries(2, time.Millisecond, 5*time.Millisecond),
	}, opts...)
	c, err := rocketchat.NewClient(base, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, tr
}

// callWithin runs f and fails the test if it has not returned after limit.
// It is a watchdog for calls that must end by their context's deadline.
func callWithin(t *testing.T, limit time.Duration, f func() error) (time.Duration, error) {
	t.Helper()
	var err error
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		err = f()
	}()
	select {
	case <-done:
		return time.Since(start), err
	case <-time.After(limit):
		t.Fatalf("the call was still running after %v", limit)
		return 0, nil
	}
}

// getHistory fetches the first page of visitor v1's history.
func getHistory(ctx context.Context, c *rocketchat.Client) (*omnichannel.ChatHistoryPage, *rocketchat.Response, error) {
	return omnichannel.New(c).Visitors.ChatHistory(ctx, "r1", "v1", nil)
}

// resetConnection hijacks the connection and closes it with a TCP reset,
// before any byte of the response.
func resetConnection(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// isAPIError reports whether err carries an *APIError.
func isAPIError(err error) bool {
	var apiErr *rocketchat.APIError
	return errors.As(err, &apiErr)
}

// fakeSDK is a client of a fake server reached through its in-memory
// transport, so that it runs inside synctest bubbles.
type fakeSDK struct {
	srv   *rocketchattest.Server
	c     *rocketchat.Client
	oc    *omnichannel.Service
	probe *probe
	rooms []*models.Room // visitor v1's rooms, newest first
}

// probe wraps a transport: it counts the round trips in flight, and answers
// the requests for one offset with a proxy's 503 page (a fault at a given
// page, whatever order concurrent requests arrive in).
type probe struct {
	next       http.RoundTripper
	inflight   atomic.Int32
	failOffset atomic.Int64 // -1: none
}

func newProbe(next http.RoundTripper) *probe {
	p := &probe{next: next}
	p.failOffset.Store(-1)
	return p
}

func (p *probe) RoundTrip(req *http.Request) (*http.Response, error) {
	p.inflight.Add(1)
	defer p.inflight.Add(-1)
	if off := p.failOffset.Load(); off >= 0 && req.URL.Query().Get("offset") == strconv.FormatInt(off, 10) {
		return &http.Response{
			StatusCode: http.StatusServiceUnavailable,
			Header:     http.Header{"Content-Type": {"text/html"}},
			Body:       io.NopCloser(strings.NewReader("<html><title>503 Service Temporarily Unavailable</title></html>")),
			Request:    req,
		}, nil
	}
	return p.next.RoundTrip(req)
}

// seedRooms stores n small livechat rooms of the visitor, one minute apart,
// and returns them newest first (the server's default order). They are
// cheaper to make than generated histories, for tests that need many.
func seedRooms(srv *rocketchattest.Server, visitorID string, n int) []*models.Room {
	newest := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	rooms := make([]*models.Room, n)
	for i := range rooms {
		rooms[i] = &models.Room{
			ID:        visitorID + "-room-" + strconv.Itoa(i),
			Type:      models.RoomTypeLivechat,
			Timestamp: newest.Add(-time.Duration(i) * time.Minute),
			Visitor:   models.Visitor{ID: visitorID, Username: "guest-" + visitorID},
		}
	}
	srv.AddRooms(rooms...)
	return rooms
}

// newFakeSDK starts a fake server without a listener and without a rate
// limit, seeds n rooms of visitor v1 and a manager, and returns a client.
func newFakeSDK(t *testing.T, n int, opts ...rocketchat.Option) *fakeSDK {
	t.Helper()
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	rooms := seedRooms(srv, "v1", n)
	p := newProbe(srv.HTTPClient().Transport)
	opts = append([]rocketchat.Option{
		rocketchat.WithToken(cred.UserID, cred.AuthToken),
		rocketchat.WithHTTPClient(&http.Client{Transport: p}),
	}, opts...)
	c, err := rocketchat.NewClient(srv.URL(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &fakeSDK{srv: srv, c: c, oc: omnichannel.New(c), probe: p, rooms: rooms}
}

func (f *fakeSDK) history(ctx context.Context) (*omnichannel.ChatHistoryPage, *rocketchat.Response, error) {
	return f.oc.Visitors.ChatHistory(ctx, f.rooms[0].ID, "v1", nil)
}

func (f *fakeSDK) requests() int { return f.srv.Stats(rocketchattest.RouteChatHistory).Requests }

func TestFaultConnectionRefused(t *testing.T) {
	checkNoLeaks(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there any more
	c, tr := loopbackClient(t, base)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var resp *rocketchat.Response
	_, err = callWithin(t, 15*time.Second, func() (err error) {
		_, resp, err = getHistory(ctx, c)
		return err
	})
	if !errors.Is(err, syscall.ECONNREFUSED) || isAPIError(err) || resp != nil {
		t.Fatalf("err = %v, resp = %v; want ECONNREFUSED and no answer", err, resp)
	}
	if n := tr.calls.Load(); n != 3 {
		t.Fatalf("%d attempts, want 3 (a GET is retried twice)", n)
	}
}

func TestFaultResetBeforeHeaders(t *testing.T) {
	t.Run("retried then answered", func(t *testing.T) {
		checkNoLeaks(t)
		var n atomic.Int32
		ts := startServer(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) <= 2 {
				resetConnection(w)
				return
			}
			writeJSON(w, http.StatusOK, emptyPage)
		})
		c, _ := loopbackClient(t, ts.URL)
		_, err := callWithin(t, 10*time.Second, func() error {
			_, _, err := getHistory(t.Context(), c)
			return err
		})
		if err != nil || n.Load() != 3 {
			t.Fatalf("err %v after %d requests, want success on the third", err, n.Load())
		}
	})
	t.Run("every time", func(t *testing.T) {
		checkNoLeaks(t)
		ts := startServer(t, func(w http.ResponseWriter, r *http.Request) { resetConnection(w) })
		c, tr := loopbackClient(t, ts.URL)
		_, err := callWithin(t, 10*time.Second, func() error {
			_, _, err := getHistory(t.Context(), c)
			return err
		})
		var uerr *url.Error
		if !errors.As(err, &uerr) || !(errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF)) || isAPIError(err) {
			t.Fatalf("err = %v, want the transport's connection reset", err)
		}
		if n := tr.calls.Load(); n != 3 {
			t.Fatalf("%d attempts, want 3", n)
		}
	})
	t.Run("POST is not retried", func(t *testing.T) {
		checkNoLeaks(t)
		ts := startServer(t, func(w http.ResponseWriter, r *http.Request) { resetConnection(w) })
		c, tr := loopbackClient(t, ts.URL)
		_, err := c.Logout(t.Context())
		if err == nil || isAPIError(err) || tr.calls.Load() != 1 {
			t.Fatalf("err %v after %d attempts, want a transport error after 1", err, tr.calls.Load())
		}
	})
}

func TestFaultResetMidBody(t *testing.T) {
	t.Run("once, in memory", func(t *testing.T) {
		checkNoLeaks(t)
		synctest.Test(t, func(t *testing.T) {
			f := newFakeSDK(t, 30)
			f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.ResetMidBody())
			page, _, err := f.history(t.Context())
			if err != nil || len(page.History) != 30 || f.requests() != 2 {
				t.Fatalf("err %v after %d requests, want the page on the second", err, f.requests())
			}
		})
	})
	t.Run("every time, in memory", func(t *testing.T) {
		checkNoLeaks(t)
		synctest.Test(t, func(t *testing.T) {
			f := newFakeSDK(t, 30, rocketchat.WithRetries(3, time.Second, 2*time.Second))
			f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.ResetMidBody().Repeat(rocketchattest.Forever))
			_, _, err := f.history(t.Context())
			if !errors.Is(err, syscall.ECONNRESET) || isAPIError(err) || f.requests() != 4 {
				t.Fatalf("err %v after %d requests, want ECONNRESET after 4", err, f.requests())
			}
		})
	})
	t.Run("once, over a socket", func(t *testing.T) {
		checkNoLeaks(t)
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit())
		cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
		rooms := seedRooms(srv, "v1", 30)
		srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.ResetMidBody())
		c, tr := loopbackClient(t, srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
		_, err := callWithin(t, 10*time.Second, func() error {
			page, _, err := omnichannel.New(c).Visitors.ChatHistory(t.Context(), rooms[0].ID, "v1", nil)
			if err == nil && len(page.History) != 30 {
				t.Errorf("%d rooms, want 30", len(page.History))
			}
			return err
		})
		if err != nil || tr.calls.Load() != 2 {
			t.Fatalf("err %v after %d attempts, want the page on the second", err, tr.calls.Load())
		}
	})
}

func TestFaultTruncatedJSON(t *testing.T) {
	checkNoLeaks(t)
	synctest.Test(t, func(t *testing.T) {
		f := newFakeSDK(t, 30)
		f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.TruncatedJSON())
		_, resp, err := f.history(t.Context())
		if !errors.Is(err, rocketchat.ErrMalformedResponse) || isAPIError(err) {
			t.Fatalf("err = %v, want ErrMalformedResponse", err)
		}
		if resp == nil || resp.StatusCode != http.StatusOK || f.requests() != 1 {
			t.Fatalf("resp %v after %d requests; want the 200 answer, not retried", resp, f.requests())
		}
	})
}

// endless answers status with a body that never ends: it writes until the
// client goes away.
func endless(status int) http.HandlerFunc {
	chunk := []byte(strings.Repeat(`{"_id":"room"},`, 1000))
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"history":[`)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
}

func TestFaultEndlessBody(t *testing.T) {
	for _, tc := range []struct {
		status    int
		target    error
		wantCalls int32
	}{
		{http.StatusOK, rocketchat.ErrResponseTooLarge, 1},
		{http.StatusNotFound, rocketchat.ErrResponseTooLarge, 1},
		{http.StatusServiceUnavailable, rocketchat.ErrServer, 3}, // retried; each body is capped
	} {
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			checkNoLeaks(t)
			ts := startServer(t, endless(tc.status))
			c, tr := loopbackClient(t, ts.URL, rocketchat.WithMaxResponseSize(256<<10, 16<<10))
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			_, err := callWithin(t, 30*time.Second, func() error {
				_, _, err := getHistory(ctx, c)
				return err
			})
			if !errors.Is(err, tc.target) || errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want %v before the deadline", err, tc.target)
			}
			if n := tr.calls.Load(); n != tc.wantCalls {
				t.Fatalf("%d attempts, want %d", n, tc.wantCalls)
			}
		})
	}
}

func TestFaultHeadersAfterTheDeadline(t *testing.T) {
	t.Run("over a socket", func(t *testing.T) {
		checkNoLeaks(t)
		ts := startServer(t, func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // never answers
		})
		c, _ := loopbackClient(t, ts.URL)
		const deadline = 200 * time.Millisecond
		ctx, cancel := context.WithTimeout(t.Context(), deadline)
		defer cancel()
		var resp *rocketchat.Response
		took, err := callWithin(t, deadline+5*time.Second, func() (err error) {
			_, resp, err = getHistory(ctx, c)
			return err
		})
		var ce *rocketchat.CanceledError
		if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ce) || isAPIError(err) || resp != nil {
			t.Fatalf("err = %v, resp = %v; want a *CanceledError matching DeadlineExceeded with no answer", err, resp)
		}
		if took < deadline {
			t.Fatalf("returned after %v, before the deadline", took)
		}
	})
	t.Run("in a bubble", func(t *testing.T) {
		checkNoLeaks(t)
		synctest.Test(t, func(t *testing.T) {
			f := newFakeSDK(t, 5)
			f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.Latency(time.Hour))
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			start := time.Now()
			_, _, err := f.history(ctx)
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 30*time.Second {
				t.Fatalf("err %v after %v, want DeadlineExceeded at exactly 30s", err, time.Since(start))
			}
		})
	})
}

// trickle answers 200 and then one byte of whitespace every few
// milliseconds, until the client goes away.
func trickle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"history":[`)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			if _, err := io.WriteString(w, " "); err != nil {
				return
			}
		}
	}
}

func TestFaultTricklingBody(t *testing.T) {
	checkNoLeaks(t)
	ts := startServer(t, trickle)
	c, tr := loopbackClient(t, ts.URL)
	const deadline = 200 * time.Millisecond
	ctx, cancel := context.WithTimeout(t.Context(), deadline)
	defer cancel()
	took, err := callWithin(t, deadline+5*time.Second, func() error {
		_, _, err := getHistory(ctx, c)
		return err
	})
	var ce *rocketchat.CanceledError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a *CanceledError matching DeadlineExceeded", err)
	}
	// The server answered 200: that is no API error, whatever the body.
	if isAPIError(err) || ce.Last != nil {
		t.Fatalf("err = %v; a 200 whose body was cut short by the deadline is reported as an API error", err)
	}
	if took < deadline || tr.calls.Load() != 1 {
		t.Fatalf("returned after %v and %d attempts", took, tr.calls.Load())
	}
}

func TestFaultServerErrorStormLongerThanTheBudget(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fault   rocketchattest.Fault
		status  int
		message string
	}{
		{"503 JSON", rocketchattest.ServerErrors(http.StatusServiceUnavailable, 1), 503, "Service Unavailable"},
		{"502 HTML", rocketchattest.BadGatewayHTML(1), 502, "502 Bad Gateway"},
		{"504 HTML", rocketchattest.ServerErrors(http.StatusGatewayTimeout, 1), 504, "504 Gateway Timeout"},
		{"500 JSON", rocketchattest.ServerErrors(http.StatusInternalServerError, 1), 500, "Internal server error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			synctest.Test(t, func(t *testing.T) {
				f := newFakeSDK(t, 5, rocketchat.WithRetries(3, time.Second, 4*time.Second))
				f.srv.Inject(rocketchattest.RouteChatHistory, tc.fault.Repeat(rocketchattest.Forever))
				start := time.Now()
				_, resp, err := f.history(t.Context())
				var apiErr *rocketchat.APIError
				if !errors.Is(err, rocketchat.ErrServer) || !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status || resp.StatusCode != tc.status {
					t.Fatalf("err = %v, want ErrServer with status %d", err, tc.status)
				}
				if apiErr.Message != tc.message {
					t.Errorf("message %q, want %q", apiErr.Message, tc.message)
				}
				// Backoff with jitter: [0.5,1]s, [1,2]s, [2,4]s.
				if took := time.Since(start); f.requests() != 4 || took < 3500*time.Millisecond || took > 7*time.Second {
					t.Fatalf("%d requests in %v, want 4 within the backoff budget", f.requests(), took)
				}
			})
		})
	}
	t.Run("POST is not retried", func(t *testing.T) {
		checkNoLeaks(t)
		synctest.Test(t, func(t *testing.T) {
			f := newFakeSDK(t, 1)
			f.srv.Inject(rocketchattest.RouteLogout, rocketchattest.ServerErrors(http.StatusServiceUnavailable, 1).Repeat(rocketchattest.Forever))
			_, err := f.c.Logout(t.Context())
			if !errors.Is(err, rocketchat.ErrServer) || f.srv.Stats(rocketchattest.RouteLogout).Requests != 1 {
				t.Fatalf("err %v after %d requests, want ErrServer after 1", err, f.srv.Stats(rocketchattest.RouteLogout).Requests)
			}
		})
	})
}

func TestFaultServerErrorBurstWithinTheBudget(t *testing.T) {
	checkNoLeaks(t)
	synctest.Test(t, func(t *testing.T) {
		f := newFakeSDK(t, 5, rocketchat.WithRetries(4, time.Second, 4*time.Second))
		f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.ServerErrors(http.StatusServiceUnavailable, 2), rocketchattest.BadGatewayHTML(1).AfterCalls(2))
		page, _, err := f.history(t.Context())
		if err != nil || len(page.History) != 5 || f.requests() != 4 {
			t.Fatalf("err %v after %d requests, want the page on the fourth", err, f.requests())
		}
	})
}

// tooMany answers 429 with the server's body and, when withHeaders, the
// X-RateLimit-* headers with the window resetting at reset(now).
func tooMany(calls *atomic.Int32, withHeaders bool, reset func(now time.Time) time.Time) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		r := httpmock.NewStringResponse(http.StatusTooManyRequests, `{"success":false,"error":"Error, too many requests. Please slow down. You must wait 10 seconds before trying this endpoint again. [error-too-many-requests]"}`)
		r.Header.Set("Content-Type", "application/json")
		if withHeaders {
			r.Header.Set("X-RateLimit-Limit", "10")
			r.Header.Set("X-RateLimit-Remaining", "0")
			r.Header.Set("X-RateLimit-Reset", strconv.FormatInt(reset(time.Now()).UnixMilli(), 10))
		}
		return r, nil
	}
}

func TestFaultTooManyRequestsStorm(t *testing.T) {
	inTen := func(now time.Time) time.Time { return now.Add(10 * time.Second) }
	anHourAgo := func(now time.Time) time.Time { return now.Add(-time.Hour) }
	for _, tc := range []struct {
		name             string
		headers          bool
		reset            func(time.Time) time.Time
		minWait, maxWait time.Duration
		wantLimit        int
	}{
		// Each retry waits for the reset the server announced.
		{"with headers", true, inTen, 20 * time.Second, 21 * time.Second, 10},
		// No hint: capped exponential backoff, [0.5,1]s then [1,2]s.
		{"without headers", false, nil, 1500 * time.Millisecond, 3 * time.Second, 0},
		// A reset in the past is no reason to hammer the server.
		{"reset in the past", true, anHourAgo, 1500 * time.Millisecond, 3 * time.Second, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			synctest.Test(t, func(t *testing.T) {
				c, mt := newMockClient(t, rocketchat.WithRetries(2, time.Second, 4*time.Second))
				var calls atomic.Int32
				mt.RegisterNoResponder(tooMany(&calls, tc.headers, tc.reset))
				start := time.Now()
				_, resp, err := getHistory(t.Context(), c)
				took := time.Since(start)
				var rle *rocketchat.RateLimitError
				if !errors.As(err, &rle) || !errors.Is(err, rocketchat.ErrRateLimited) || rle.Err == nil || rle.Err.StatusCode != 429 || resp.StatusCode != 429 {
					t.Fatalf("err = %v, want a *RateLimitError carrying the 429", err)
				}
				if rle.Limit != tc.wantLimit || rle.RetryAfter < 0 {
					t.Errorf("rate error %+v, want limit %d", rle, tc.wantLimit)
				}
				if calls.Load() != 3 || took < tc.minWait || took > tc.maxWait {
					t.Fatalf("%d calls in %v, want 3 in [%v, %v]", calls.Load(), took, tc.minWait, tc.maxWait)
				}
			})
		})
	}
}

func TestFaultTooManyRequestsResetHoursAway(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header func(h http.Header, now time.Time)
	}{
		{"X-RateLimit-Reset", func(h http.Header, now time.Time) {
			h.Set("X-RateLimit-Limit", "10")
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset", strconv.FormatInt(now.Add(3*time.Hour).UnixMilli(), 10))
		}},
		{"Retry-After seconds", func(h http.Header, now time.Time) { h.Set("Retry-After", "10800") }},
		{"Retry-After date", func(h http.Header, now time.Time) {
			h.Set("Retry-After", now.Add(3*time.Hour).UTC().Format(http.TimeFormat))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			synctest.Test(t, func(t *testing.T) {
				c, mt := newMockClient(t)
				mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
					r := httpmock.NewStringResponse(429, `{"success":false,"error":"Error, too many requests. [error-too-many-requests]"}`)
					tc.header(r.Header, time.Now())
					return r, nil
				})
				start := time.Now()
				_, _, err := getHistory(t.Context(), c)
				var rle *rocketchat.RateLimitError
				if !errors.As(err, &rle) || time.Since(start) != 0 || mt.GetTotalCallCount() != 1 {
					t.Fatalf("err %v after %v and %d calls, want a *RateLimitError at once", err, time.Since(start), mt.GetTotalCallCount())
				}
				if rle.RetryAfter < 3*time.Hour-time.Second || rle.RetryAfter > 3*time.Hour+time.Second {
					t.Fatalf("RetryAfter %v, want the 3h the server asked for", rle.RetryAfter)
				}
			})
		})
	}
}

func TestFaultRetryAfterTooLargeToRepresent(t *testing.T) {
	checkNoLeaks(t)
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t, rocketchat.WithRetries(2, time.Second, time.Second))
		// 1e10 seconds overflows a time.Duration.
		mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(503, `{"success":false,"error":"Service Unavailable"}`)
			r.Header.Set("Retry-After", "10000000000")
			return r, nil
		})
		_, _, err := getHistory(t.Context(), c)
		if !errors.Is(err, rocketchat.ErrServer) || mt.GetTotalCallCount() != 1 {
			t.Fatalf("err %v after %d calls; a wait longer than the client may wait must not be retried", err, mt.GetTotalCallCount())
		}
	})
}

// faultAnswer answers every call with status, content type and body.
func faultAnswer(status int, contentType, body string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(status, body)
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		return r, nil
	}
}

func TestFaultOddAnswers(t *testing.T) {
	const htmlPage = "<!DOCTYPE html><html><head><TITLE>404 Not Found</TITLE></head><body>nginx</body></html>"
	for _, tc := range []struct {
		name        string
		status      int
		contentType string
		body        string
		check       func(t *testing.T, page *omnichannel.ChatHistoryPage, err error)
	}{
		{"HTML 404 page", 404, "text/html", htmlPage, func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
			var apiErr *rocketchat.APIError
			if !errors.Is(err, rocketchat.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Message != "404 Not Found" {
				t.Fatalf("err = %v, want ErrNotFound saying the page's title", err)
			}
		}},
		{"200 with success:false", 200, "application/json", `{"success":false,"error":"Not allowed [error-not-allowed]"}`, func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
			var apiErr *rocketchat.APIError
			if !errors.Is(err, rocketchat.ErrNotAllowed) || !errors.As(err, &apiErr) || apiErr.StatusCode != 200 || apiErr.Message != "Not allowed" {
				t.Fatalf("err = %v, want ErrNotAllowed from a 200", err)
			}
		}},
		{"200 with status:error", 200, "application/json", `{"status":"error","message":"You must be logged in to do this."}`, func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
			if !isAPIError(err) || !strings.Contains(err.Error(), "You must be logged in") {
				t.Fatalf("err = %v, want an *APIError with the server's message", err)
			}
		}},
		{"200 empty", 200, "application/json", "", func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
			if !errors.Is(err, rocketchat.ErrMalformedResponse) || isAPIError(err) {
				t.Fatalf("err = %v, want ErrMalformedResponse", err)
			}
		}},
		{"401 empty", 401, "", "", func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
			var apiErr *rocketchat.APIError
			if !errors.Is(err, rocketchat.ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Message != "Unauthorized" {
				t.Fatalf("err = %v, want ErrUnauthorized", err)
			}
		}},
		{"200 HTML page", 200, "text/html; charset=utf-8", htmlPage, func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
			if !errors.Is(err, rocketchat.ErrMalformedResponse) || !strings.Contains(err.Error(), "text/html") {
				t.Fatalf("err = %v, want ErrMalformedResponse naming the content type", err)
			}
		}},
		{"200 JSON labelled text/plain", 200, "text/plain", emptyPage, func(t *testing.T, page *omnichannel.ChatHistoryPage, err error) {
			if err != nil || page.Total != 0 {
				t.Fatalf("err = %v; a JSON body is read whatever its label", err)
			}
		}},
		{"200 with invalid UTF-8", 200, "application/json", "{\"history\":[{\"_id\":\"r\xff1\",\"fname\":\"Jo\xc3\x28n\"}],\"count\":1,\"offset\":0,\"total\":1,\"success\":true}", func(t *testing.T, page *omnichannel.ChatHistoryPage, err error) {
			if err != nil {
				t.Fatal(err)
			}
			r := page.History[0]
			if !utf8.ValidString(r.ID) || !utf8.ValidString(r.FName) || !strings.ContainsRune(r.FName, utf8.RuneError) {
				t.Fatalf("room %q %q, want the invalid bytes replaced by U+FFFD", r.ID, r.FName)
			}
		}},
		{"400 with invalid UTF-8", 400, "application/json", "{\"success\":false,\"error\":\"bad \xff input [invalid-params]\"}", func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
			if !errors.Is(err, rocketchat.ErrInvalidParams) || !utf8.ValidString(err.Error()) {
				t.Fatalf("err = %q, want ErrInvalidParams as valid UTF-8", err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			c, mt := newMockClient(t, rocketchat.WithRetries(0, 0, 0))
			mt.RegisterNoResponder(faultAnswer(tc.status, tc.contentType, tc.body))
			page, resp, err := getHistory(t.Context(), c)
			if resp == nil || resp.StatusCode != tc.status || mt.GetTotalCallCount() != 1 {
				t.Fatalf("resp %v after %d calls, want the %d answer", resp, mt.GetTotalCallCount(), tc.status)
			}
			tc.check(t, page, err)
		})
	}
}

// walkAll ranges over the visitor's history and returns the ids yielded and
// the errors, with how many items came after the first error.
func walkAll(ctx context.Context, f *fakeSDK, opts *omnichannel.ChatHistoryOptions) (ids []string, errs []error, afterErr int) {
	for r, err := range f.oc.Visitors.ChatHistoryAll(ctx, f.rooms[0].ID, "v1", opts) {
		switch {
		case err != nil:
			errs = append(errs, err)
		case len(errs) > 0:
			afterErr++
		default:
			ids = append(ids, r.ID)
		}
	}
	return ids, errs, afterErr
}

func roomIDs(rooms []*models.Room) []string {
	ids := make([]string, len(rooms))
	for i, r := range rooms {
		ids[i] = r.ID
	}
	return ids
}

func TestWalkFaultOnPage7Of20(t *testing.T) {
	for _, prefetch := range []int{0, 4} {
		t.Run("prefetch "+strconv.Itoa(prefetch), func(t *testing.T) {
			checkNoLeaks(t)
			synctest.Test(t, func(t *testing.T) {
				f := newFakeSDK(t, 2000, rocketchat.WithRetries(2, time.Second, 2*time.Second))
				opts := &omnichannel.ChatHistoryOptions{Prefetch: prefetch}
				f.probe.failOffset.Store(600) // page 7 of 20 pages of 100
				ids, errs, after := walkAll(t.Context(), f, opts)
				if len(errs) != 1 || after != 0 || !errors.Is(errs[0], rocketchat.ErrServer) {
					t.Fatalf("errors %v with %d items after the first; want one ErrServer, then the end", errs, after)
				}
				if !slices.Equal(ids, roomIDs(f.rooms[:600])) {
					t.Fatalf("%d rooms before the error, want the 600 of the first 6 pages in order", len(ids))
				}
				if prefetch == 0 && f.requests() != 6 {
					t.Errorf("%d requests reached the server, want 6 (the 7th page's 3 attempts failed on the way)", f.requests())
				}
				if n := f.probe.inflight.Load(); n != 0 {
					t.Fatalf("%d requests still in flight after the walk ended", n)
				}

				// Ranging again starts afresh, from the first page.
				f.probe.failOffset.Store(-1)
				f.srv.ResetRecords()
				ids, errs, _ = walkAll(t.Context(), f, opts)
				if len(errs) != 0 || !slices.Equal(ids, roomIDs(f.rooms)) {
					t.Fatalf("second walk: %d rooms, errors %v; want all 2000 in order", len(ids), errs)
				}
				if reqs := f.srv.Requests(); len(reqs) != 20 || reqs[0].Query.Get("offset") != "" {
					t.Fatalf("second walk: %d requests, the first at offset %q; want 20 from the start", len(reqs), reqs[0].Query.Get("offset"))
				}
			})
		})
	}
}

func TestWalkBreakLeavesNothingRunning(t *testing.T) {
	for _, prefetch := range []int{0, 4} {
		t.Run("prefetch "+strconv.Itoa(prefetch), func(t *testing.T) {
			checkNoLeaks(t)
			synctest.Test(t, func(t *testing.T) {
				f := newFakeSDK(t, 1000)
				// Every page takes a second, so prefetched pages are in
				// flight when the loop breaks.
				f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.Latency(time.Second).Repeat(rocketchattest.Forever))
				n := 0
				for _, err := range f.oc.Visitors.ChatHistoryAll(t.Context(), f.rooms[0].ID, "v1", &omnichannel.ChatHistoryOptions{Prefetch: prefetch}) {
					if err != nil {
						t.Fatal(err)
					}
					if n++; n == 250 {
						break
					}
				}
				// The moment the loop is left, nothing may be fetching.
				if got := f.probe.inflight.Load(); got != 0 {
					t.Fatalf("%d requests still in flight after break", got)
				}
				if prefetch == 0 && f.requests() != 3 {
					t.Fatalf("%d requests for 250 rooms, want 3", f.requests())
				}
			})
		})
	}
}

func TestDecodedValuesOutliveTheResponseBuffers(t *testing.T) {
	checkNoLeaks(t)
	c, mt := newMockClient(t, rocketchat.WithRetries(0, 0, 0))
	// Answers of the same length, so a buffer read for one is reused for
	// the next; each fills every member that keeps raw bytes.
	body := func(fill string) string {
		x := strings.Repeat(fill, 64)
		return `{"history":[{"_id":"r-` + x + `","t":"l","fname":"` + x + `","crmData":{"k":"` + x + `"},"custom":"` + x +
			`","livechatData":{"f":"` + x + `"},"lastMessage":{"_id":"m","rid":"r","msg":"` + x + `","md":[{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"` + x +
			`"}]}],"extra":{"v":"` + x + `"}}}],"count":1,"offset":0,"total":1,"success":true}`
	}
	errBody := func(fill string) string {
		return `{"success":false,"error":"` + strings.Repeat(fill, 64) + ` [invalid-params]","details":{"d":"` + strings.Repeat(fill, 64) + `"}}`
	}
	var next atomic.Value
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		b := next.Load().(string)
		status := 200
		if strings.Contains(b, `"success":false`) {
			status = 400
		}
		return faultAnswer(status, "application/json", b)(nil)
	})
	next.Store(body("A"))
	first, _, err := getHistory(t.Context(), c)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(first)
	if err != nil {
		t.Fatal(err)
	}
	next.Store(errBody("A"))
	_, _, firstErr := getHistory(t.Context(), c)
	var firstAPI *rocketchat.APIError
	if !errors.As(firstErr, &firstAPI) {
		t.Fatalf("err = %v, want an *APIError", firstErr)
	}
	wantErr, wantBody := firstErr.Error(), string(firstAPI.Body)
	for i := range 20 {
		fill := string(rune('B' + i))
		next.Store(body(fill))
		if _, _, err := getHistory(t.Context(), c); err != nil {
			t.Fatal(err)
		}
		next.Store(errBody(fill))
		_, _, _ = getHistory(t.Context(), c)
	}
	if got, _ := json.Marshal(first); string(got) != string(want) {
		t.Fatalf("a page decoded earlier changed when later answers were read:\n%s\nwas\n%s", got, want)
	}
	if firstErr.Error() != wantErr || string(firstAPI.Body) != wantBody || firstAPI.Details["d"] != strings.Repeat("A", 64) {
		t.Fatalf("an error changed when later answers were read: %v", firstErr)
	}
}

func TestConcurrentWalksShareOneClient(t *testing.T) {
	checkNoLeaks(t)
	const walkers, perVisitor = 50, 120
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	want := make([][]string, walkers)
	for i := range walkers {
		want[i] = roomIDs(seedRooms(srv, "visitor-"+strconv.Itoa(i), perVisitor))
	}
	// A few calls fail on the way, so retries run concurrently too.
	srv.Inject(rocketchattest.AnyRoute, rocketchattest.ServerErrors(http.StatusServiceUnavailable, 5).AfterCalls(20))
	c, tr := loopbackClient(t, srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken), rocketchat.WithRetries(4, time.Millisecond, 5*time.Millisecond))
	oc := omnichannel.New(c)

	got := make([][]string, walkers)
	errs := make([]error, walkers)
	var wg sync.WaitGroup
	for i := range walkers {
		wg.Go(func() {
			for r, err := range oc.Visitors.ChatHistoryAll(t.Context(), want[i][0], "visitor-"+strconv.Itoa(i), nil) {
				if err != nil {
					errs[i] = err
					return
				}
				got[i] = append(got[i], r.ID)
			}
		})
	}
	_, _ = callWithin(t, time.Minute, func() error { wg.Wait(); return nil })
	for i := range walkers {
		if errs[i] != nil || !slices.Equal(got[i], want[i]) {
			t.Errorf("walker %d: %d rooms, err %v; want its own %d rooms in order", i, len(got[i]), errs[i], len(want[i]))
		}
	}
	if n := tr.calls.Load(); n != walkers*2+5 {
		t.Errorf("%d requests, want %d (two pages each and five retries)", n, walkers*2+5)
	}
}

// TestPacingWhenAWindowsResetIsNotKnownYet covers the moment a window is used
// up by calls still in flight, the first of a window the client opened when
// the last one ended: later calls wait for an answer to say when the window
// resets rather than draw a 429, and go ahead after a second if none comes.
func TestPacingWhenAWindowsResetIsNotKnownYet(t *testing.T) {
	for _, tc := range []struct {
		name     string
		inFlight func(now time.Time) (*http.Response, error) // the answer to the call in flight
		wantWait time.Duration                               // how long the next call waits
	}{
		{"an answer says when", func(now time.Time) (*http.Response, error) {
			return rateAnswer(1, 0, now.Add(10*time.Second)), nil
		}, 10*time.Second + 10*time.Millisecond},
		{"no answer comes", func(time.Time) (*http.Response, error) {
			return nil, errors.New("connection lost")
		}, time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			synctest.Test(t, func(t *testing.T) {
				c, mt := newMockClient(t, rocketchat.WithRetries(0, 0, 0))
				release := make(chan struct{})
				var calls atomic.Int32
				mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
					switch calls.Add(1) {
					case 1: // learn the window: one call per 10s
						return rateAnswer(1, 0, time.Now().Add(10*time.Second)), nil
					case 2: // the first call of the next window, held in flight
						<-release
						return tc.inFlight(time.Now())
					}
					return rateAnswer(1, 0, time.Now().Add(10*time.Second)), nil
				})
				if _, _, err := getHistory(t.Context(), c); err != nil {
					t.Fatal(err)
				}
				time.Sleep(11 * time.Second) // the window resets
				done := make(chan error, 2)
				go func() { _, _, err := getHistory(t.Context(), c); done <- err }()
				synctest.Wait() // the first call of the new window is in flight
				start := time.Now()
				var waited time.Duration
				go func() {
					_, _, err := getHistory(t.Context(), c)
					waited = time.Since(start)
					done <- err
				}()
				synctest.Wait()
				if n := calls.Load(); n != 2 {
					t.Fatalf("%d calls sent; the window is used up, the third must wait", n)
				}
				close(release)
				<-done
				if err := <-done; err != nil {
					t.Fatal(err)
				}
				if waited != tc.wantWait || calls.Load() != 3 {
					t.Fatalf("the third call went after %v (%d calls), want %v", waited, calls.Load(), tc.wantWait)
				}
			})
		})
	}
}

// rateAnswer is an empty page with the given rate-limit headers.
func rateAnswer(limit, remaining int, reset time.Time) *http.Response {
	r := httpmock.NewStringResponse(http.StatusOK, emptyPage)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	r.Header.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	r.Header.Set("X-RateLimit-Reset", strconv.FormatInt(reset.UnixMilli(), 10))
	return r
}
