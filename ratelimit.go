package rocketchat

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Rate is a route's rate-limit state as the server last reported it in the
// X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.
// The zero Rate means the answer carried no such headers (the route is not
// limited, or the user bypasses the limiter).
type Rate struct {
	Limit     int       // calls allowed per window
	Remaining int       // calls left in the current window
	Reset     time.Time // when the window ends and the calls come back
}

// IsZero reports whether r holds no rate-limit information.
func (r Rate) IsZero() bool { return r.Limit == 0 && r.Remaining == 0 && r.Reset.IsZero() }

// parseRate reads the X-RateLimit-* headers. Rocket.Chat sends the reset as
// an absolute time in epoch milliseconds; a value too small to be one (below
// 1e11, which is 1973 in milliseconds but the year 5138 in seconds) is read as
// epoch seconds.
func parseRate(h http.Header) (Rate, bool) {
	limit, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, err3 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || limit < 0 || remaining < 0 || reset < 0 {
		return Rate{}, false
	}
	var t time.Time
	if reset < 1e11 {
		t = time.Unix(reset, 0)
	} else {
		t = time.UnixMilli(reset)
	}
	return Rate{Limit: limit, Remaining: remaining, Reset: t}, true
}

// paceMargin is added to a window's reset before calling again, so a call
// does not land a hair before the server's window turns.
const paceMargin = 10 * time.Millisecond

// pacer keeps each route's rate state, learned from the answers, and makes
// callers wait for a used-up window to reset instead of drawing a 429. It
// counts the calls it lets through, so goroutines sharing a client do not
// overshoot the limit between two answers.
type pacer struct {
	mu     sync.Mutex
	routes map[string]*Rate
}

func newPacer() *pacer { return &pacer{routes: make(map[string]*Rate)} }

// wait blocks until a call to route may be sent, and reserves it. A wait
// longer than maxWait returns a *RateLimitError at once instead.
func (p *pacer) wait(ctx context.Context, route string, maxWait time.Duration) error {
	for {
		d, rate := p.reserve(route, time.Now())
		if d <= 0 {
			return nil
		}
		if d > maxWait {
			return &RateLimitError{Rate: rate, RetryAfter: d}
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// reserve takes a call from route's window, or says how long to wait.
func (p *pacer) reserve(route string, now time.Time) (time.Duration, Rate) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.routes[route]
	switch {
	case r == nil:
		return 0, Rate{}
	case !r.Reset.IsZero() && !now.Before(r.Reset.Add(paceMargin)):
		// The window is over: a fresh one starts with this call. Its reset
		// is unknown until the server answers.
		*r = Rate{Limit: r.Limit, Remaining: max(r.Limit-1, 0)}
		return 0, Rate{}
	case r.Remaining > 0:
		r.Remaining--
		return 0, Rate{}
	case r.Reset.IsZero():
		return 0, Rate{} // used up, but when it resets is not known yet
	}
	return r.Reset.Add(paceMargin).Sub(now), *r
}

// update records the rate state of an answer from route.
func (p *pacer) update(route string, r Rate) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cur := p.routes[route]
	switch {
	case cur == nil:
		p.routes[route] = &r
	case r.Reset.After(cur.Reset):
		*cur = r // a newer window
	case r.Reset.Equal(cur.Reset):
		cur.Remaining = min(cur.Remaining, r.Remaining)
	}
}
