package rocketchat_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// The reliability tests (reliability_*_test.go) inject one fault each and
// check that the call either succeeds within its retry budget or fails with
// a typed error that says what happened; that it returns by its context's
// deadline; and that it leaves no goroutine behind. This file holds what
// they and the security tests share: loopback servers and clients, the
// watchdog, the goroutine leak check, and clients of an in-memory fake
// server for synctest bubbles.

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

// historyWithin is getHistory under the callWithin watchdog: it returns how
// long the call took, the answer and the error.
func historyWithin(t *testing.T, ctx context.Context, c *rocketchat.Client, limit time.Duration) (time.Duration, *rocketchat.Response, error) {
	t.Helper()
	var resp *rocketchat.Response
	took, err := callWithin(t, limit, func() (err error) {
		_, resp, err = getHistory(ctx, c)
		return err
	})
	return took, resp, err
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
			Visitor:   models.RoomVisitor{ID: visitorID, Username: "guest-" + visitorID},
		}
	}
	srv.AddRooms(rooms...)
	return rooms
}

// addManager adds a livechat manager to the fake server and returns its
// credentials.
func addManager(srv *rocketchattest.Server) rocketchattest.Credentials {
	return srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
}

// managerOnSocket starts a fake server on a loopback socket without a rate
// limit, adds a livechat manager, and returns the server and a counting
// client of it signed in as the manager, with short retry waits.
func managerOnSocket(t *testing.T, opts ...rocketchat.Option) (*rocketchattest.Server, *rocketchat.Client, *countingTransport) {
	t.Helper()
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutRateLimit())
	cred := addManager(srv)
	c, tr := loopbackClient(t, srv.URL(), append([]rocketchat.Option{rocketchat.WithToken(cred.UserID, cred.AuthToken)}, opts...)...)
	return srv, c, tr
}

// newFakeSDK starts a fake server without a listener and without a rate
// limit, seeds n rooms of visitor v1 and a manager, and returns a client.
func newFakeSDK(t *testing.T, n int, opts ...rocketchat.Option) *fakeSDK {
	t.Helper()
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit())
	cred := addManager(srv)
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
