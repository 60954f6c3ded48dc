package rocketchattest

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// limiter is the server's API rate limiter, with the semantics of Meteor's
// RateLimiter as Rocket.Chat uses it: one rule per route, counters per client
// address, and a fixed window that starts at the first call after the
// previous window ended. A call is counted, then allowed while the count is
// at most the limit.
type limiter struct {
	limit  int
	window time.Duration

	mu     sync.Mutex
	routes map[string]*limitWindow
}

type limitWindow struct {
	start  time.Time
	counts map[string]int
	logged bool // the wait of this window was logged
}

// holdBackThreshold is the wait from which the server logs that it holds a
// client back (see [NewServer]).
const holdBackThreshold = time.Second

// verdict is the limiter's answer for one call.
type verdict struct {
	limited   bool // the call went through the limiter: headers apply
	allowed   bool
	limit     int
	remaining int
	reset     time.Time     // end of the window
	wait      time.Duration // time left in the window
	window    time.Duration // the window's length
	heldBack  bool          // the first call of this window to leave a wait over holdBackThreshold
}

func newLimiter(limit int, window time.Duration) *limiter {
	return &limiter{limit: limit, window: window, routes: make(map[string]*limitWindow)}
}

func (l *limiter) enabled() bool { return l.limit > 0 && l.window > 0 }

// take counts one call of client to route at now, under the route's own
// limit when it has one. A route's own window is scaled as the limiter's is
// from the server's default (DefaultRateLimitWindow), so that a test that
// shortens the window shortens every route's.
func (l *limiter) take(route, client string, now time.Time, own *routeLimit) verdict {
	if !l.enabled() {
		return verdict{allowed: true}
	}
	limit, window := l.limit, l.window
	if own != nil {
		limit = own.n
		window = time.Duration(float64(own.window) * float64(l.window) / float64(DefaultRateLimitWindow))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.routes[route]
	if w == nil || now.Sub(w.start) > window || now.Before(w.start) {
		w = &limitWindow{start: now, counts: make(map[string]int)}
		l.routes[route] = w
	}
	w.counts[client]++
	n := w.counts[client]
	end := w.start.Add(window)
	v := verdict{
		limited:   true,
		allowed:   n <= limit,
		limit:     limit,
		remaining: max(limit-n, 0),
		reset:     end,
		wait:      end.Sub(now),
		window:    window,
	}
	if n >= limit && v.wait > holdBackThreshold && !w.logged {
		w.logged, v.heldBack = true, true
	}
	return v
}

// logHeldBack tells the test that the limiter will hold its client back.
func (s *Server) logHeldBack(route string, v verdict) {
	s.logf("rocketchattest: %s: the %d calls allowed per %v are used up; the next call waits %v. "+
		"For fast tests use rocketchattest.WithRateLimit(n, shortWindow), or run the test in a testing/synctest "+
		"bubble with rocketchattest.WithoutListener() and srv.HTTPClient().",
		route, v.limit, v.window, v.wait.Round(time.Millisecond))
}

// apply sets the X-RateLimit headers on a response of a limited call.
func (v verdict) apply(resp *response) *response {
	if !v.limited {
		return resp
	}
	resp.header.Set("X-RateLimit-Limit", strconv.Itoa(v.limit))
	resp.header.Set("X-RateLimit-Remaining", strconv.Itoa(v.remaining))
	resp.header.Set("X-RateLimit-Reset", strconv.FormatInt(v.reset.UnixMilli(), 10))
	return resp
}

// tooManyRequests is the server's 429: the wait in whole seconds, rounded up,
// and no errorType.
func tooManyRequests(v verdict) *response {
	ms := v.wait.Milliseconds()
	secs := (ms + 999) / 1000
	text := fmt.Sprintf("Error, too many requests. Please slow down. You must wait %d seconds before trying this endpoint again. [error-too-many-requests]", secs)
	return jsonResponse(http.StatusTooManyRequests, errorBody{Error: text})
}
