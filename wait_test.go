package rocketchat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// The waits the client takes (pacing for the rate limit, backoff before a
// retry): logged, handed to the observer, and never slept past the deadline
// when the rate limit's reset is known to lie beyond it.

const historyRoute = "livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}"

// observed is a wait as the observer saw it, and when its done func ran.
type observed struct {
	rocketchat.Wait
	started, ended time.Time
}

// waitRecorder is a wait observer that records each wait.
type waitRecorder struct {
	mu    sync.Mutex
	waits []*observed
}

func (r *waitRecorder) observe(w rocketchat.Wait) func() {
	o := &observed{Wait: w, started: time.Now()}
	r.mu.Lock()
	r.waits = append(r.waits, o)
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if !o.ended.IsZero() {
			panic("done called twice")
		}
		o.ended = time.Now()
	}
}

func (r *waitRecorder) all() []*observed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.waits
}

// debugLog returns a JSON logger at Debug level and the buffer it writes to.
func debugLog() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}

// logLines returns the logged records whose message is msg.
func logLines(t *testing.T, buf *bytes.Buffer, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(buf.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

func TestPacingWaitsAreLoggedAndObserved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var rec waitRecorder
		logger, buf := debugLog()
		c, mt := newMockClient(t, rocketchat.WithWaitObserver(rec.observe), rocketchat.WithLogger(logger))
		lim := &limiter{limit: 10, window: time.Minute}
		mt.RegisterNoResponder(lim.wrap(historyResponder(2500)))
		start := time.Now()
		n := 0
		for _, err := range omnichannel.New(c).Visitors.ChatHistoryAll(context.Background(), "r1", "v1", nil) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 2500 || lim.rejected != 0 {
			t.Fatalf("%d rooms, %d rejected", n, lim.rejected)
		}
		// 25 calls at 10 a minute: the 11th and the 21st wait for a window,
		// from when the 10th and 20th were sent until a margin past the reset.
		waits := rec.all()
		if len(waits) != 2 {
			t.Fatalf("%d waits observed, want 2", len(waits))
		}
		reset := start.Add(time.Minute) // the first window's
		for i, w := range waits {
			if i > 0 {
				reset = waits[i-1].Until.Add(time.Minute) // a window opened by the call after the last wait
			}
			if w.Reason != rocketchat.WaitPacing || !w.RateLimited() || w.Method != "GET" || w.Route != historyRoute || w.Status != 0 {
				t.Errorf("wait %d: %+v, want pacing on GET %s", i, w.Wait, historyRoute)
			}
			if !w.Until.Equal(reset.Add(10*time.Millisecond)) || w.Until.Sub(w.started) != w.Duration || w.Duration <= 0 {
				t.Errorf("wait %d: %v until %v from %v; want until just past the reset %v", i, w.Duration, w.Until, w.started, reset)
			}
			if !w.ended.Equal(w.Until) {
				t.Errorf("wait %d: done called at %v, want at its end %v", i, w.ended, w.Until)
			}
		}
		lines := logLines(t, buf, "rocketchat waiting for the rate limit")
		if len(lines) != 2 {
			t.Fatalf("%d wait log lines, want 2:\n%s", len(lines), buf)
		}
		for i, l := range lines {
			if l["level"] != "DEBUG" || l["method"] != "GET" || l["route"] != historyRoute || l["wait"] != float64(waits[i].Duration) {
				t.Errorf("log line %v, want Debug with the method, route and wait %v", l, waits[i].Duration)
			}
		}
		if strings.Contains(buf.String(), "secret-token-1") {
			t.Fatal("the token appears in the log")
		}
	})
}

// learnUsedUpWindow makes one call whose answer says the route's one call
// per window is used up until reset, so that the pacer makes the next call
// wait.
func learnUsedUpWindow(t *testing.T, c *rocketchat.Client, mt *httpmock.MockTransport, reset time.Time) {
	t.Helper()
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		return rateAnswer(1, 0, reset), nil
	})
	if _, _, err := getHistory(t.Context(), c); err != nil {
		t.Fatal(err)
	}
}

func TestPacingPastTheDeadlineFailsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var rec waitRecorder
		c, mt := newMockClient(t, rocketchat.WithWaitObserver(rec.observe))
		reset := time.Now().Add(30 * time.Second)
		learnUsedUpWindow(t, c, mt, reset)
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		start := time.Now()
		_, resp, err := getHistory(ctx, c)
		var rle *rocketchat.RateLimitError
		if !errors.As(err, &rle) || !errors.Is(err, rocketchat.ErrRateLimited) || errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want a *RateLimitError, not DeadlineExceeded", err)
		}
		if time.Since(start) != 0 || mt.GetTotalCallCount() != 1 || len(rec.all()) != 0 || resp != nil {
			t.Fatalf("returned after %v, %d calls, %d waits; want at once, without sending or waiting", time.Since(start), mt.GetTotalCallCount(), len(rec.all()))
		}
		if rle.Err != nil || rle.Limit != 1 || !rle.Reset.Equal(reset.Truncate(time.Millisecond)) || rle.RetryAfter != 30*time.Second+10*time.Millisecond {
			t.Fatalf("rate error %+v, want the window's reset 30s away, not sent", rle)
		}
		if rle.Method != "GET" || rle.Path != "/prefix/api/v1/livechat/visitors.chatHistory/room/r1/visitor/v1" {
			t.Fatalf("rate error names %s %s, want the call", rle.Method, rle.Path)
		}

		// A deadline after the reset: the call waits, and goes.
		ctx2, cancel2 := context.WithTimeout(t.Context(), time.Minute)
		defer cancel2()
		if _, _, err := getHistory(ctx2, c); err != nil || mt.GetTotalCallCount() != 2 || len(rec.all()) != 1 {
			t.Fatalf("err %v after %d calls and %d waits, want success after one wait", err, mt.GetTotalCallCount(), len(rec.all()))
		}
	})
}

func TestPacingCancelledMatchesTheContextAndTheRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var rec waitRecorder
		c, mt := newMockClient(t, rocketchat.WithWaitObserver(rec.observe))
		learnUsedUpWindow(t, c, mt, time.Now().Add(30*time.Second))
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(10*time.Second, cancel)
		_, _, err := getHistory(ctx, c)
		var ce *rocketchat.CanceledError
		var rle *rocketchat.RateLimitError
		if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) || !errors.Is(err, rocketchat.ErrRateLimited) || !errors.As(err, &rle) {
			t.Fatalf("err = %v, want a *CanceledError matching Canceled and ErrRateLimited", err)
		}
		if rle.Err != nil || rle.RetryAfter != 20*time.Second+10*time.Millisecond || rle.Method != "GET" {
			t.Fatalf("rate error %+v, want the call not sent, 20s from the reset", rle)
		}
		waits := rec.all()
		if len(waits) != 1 || mt.GetTotalCallCount() != 1 || waits[0].ended.Sub(waits[0].started) != 10*time.Second {
			t.Fatalf("%d waits, %d calls; want one wait ended by the cancel after 10s, and nothing sent", len(waits), mt.GetTotalCallCount())
		}
	})
}

func TestRetryWaitsAreLoggedAndObserved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var rec waitRecorder
		logger, buf := debugLog()
		c, mt := newMockClient(t, rocketchat.WithWaitObserver(rec.observe), rocketchat.WithLogger(logger),
			rocketchat.WithRetries(3, time.Second, 4*time.Second))
		start := time.Now()
		seq, n := sequence(
			jsonResponder(503, `{"success":false,"error":"busy"}`),
			rateLimited(start.Add(30*time.Second)),
			httpmock.NewErrorResponder(errors.New("connection reset")),
			jsonResponder(200, emptyPage))
		mt.RegisterNoResponder(seq)
		if _, _, err := getHistory(t.Context(), c); err != nil || *n != 4 {
			t.Fatalf("err %v after %d calls, want success on the fourth", err, *n)
		}
		waits := rec.all()
		if len(waits) != 3 {
			t.Fatalf("%d waits observed, want 3", len(waits))
		}
		for i, want := range []struct {
			status      int
			rateLimited bool
		}{{503, false}, {429, true}, {0, false}} {
			w := waits[i]
			if w.Reason != rocketchat.WaitRetry || w.Status != want.status || w.RateLimited() != want.rateLimited || w.NextAttempt != i+2 || w.Route != historyRoute {
				t.Errorf("wait %d: %+v, want a retry after %d before attempt %d", i, w.Wait, want.status, i+2)
			}
			if w.Duration <= 0 || !w.ended.Equal(w.Until) || w.Until.Sub(w.started) != w.Duration {
				t.Errorf("wait %d: %v from %v until %v, ended %v", i, w.Duration, w.started, w.Until, w.ended)
			}
		}
		// The 429's wait ends a margin past the reset it announced.
		if got := waits[1].Until; !got.Equal(start.Add(30*time.Second + 10*time.Millisecond)) {
			t.Errorf("the 429's wait ends at %v, want just past the reset", got)
		}
		lines := logLines(t, buf, "rocketchat retrying")
		if len(lines) != 3 {
			t.Fatalf("%d retry log lines, want 3:\n%s", len(lines), buf)
		}
		for i, l := range lines {
			if l["route"] != historyRoute || l["wait"] != float64(waits[i].Duration) || l["attempt"] != float64(i+2) || l["status"] != float64(waits[i].Status) {
				t.Errorf("log line %v, want the route, wait %v, attempt and status", l, waits[i].Duration)
			}
		}
	})
}

// The observer runs with no lock of the client held: it may call the client.
// Were a lock held, the nested call would block on it, and the bubble would
// deadlock.
func TestWaitObserverMayCallTheClient(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c *rocketchat.Client
		nested := 0
		c, mt := newMockClient(t, rocketchat.WithWaitObserver(func(rocketchat.Wait) func() {
			nested++
			if _, _, err := c.Me(t.Context()); err != nil {
				t.Errorf("nested call: %v", err)
			}
			return func() {
				if _, _, err := c.Me(t.Context()); err != nil {
					t.Errorf("nested call in done: %v", err)
				}
			}
		}))
		mt.RegisterResponder(http.MethodGet, testBase+"/api/v1/me", jsonResponder(200, `{"_id":"user-1","username":"u","success":true}`))
		learnUsedUpWindow(t, c, mt, time.Now().Add(30*time.Second))
		if _, _, err := getHistory(t.Context(), c); err != nil || nested != 1 {
			t.Fatalf("err %v after %d observed waits, want success after one", err, nested)
		}
	})
}
