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
	routes map[string]*routeRate
	news   chan struct{} // closed by the next update, for callers waiting on one; nil if none waits
}

// routeRate is a route's rate as last reported, counted down by the calls
// let through since.
type routeRate struct {
	Rate
	// ended is, for a window the pacer opened itself when the last one's
	// reset passed (its own Reset still unknown), that last reset.
	ended time.Time
}

// unknownResetWait is how long a call waits for an answer to say when a
// used-up window resets, when no answer from that window has come yet (the
// pacer opened it when the last one ended). Past that, the call goes ahead.
const unknownResetWait = time.Second

func newPacer() *pacer { return &pacer{routes: make(map[string]*routeRate)} }

// wait blocks until a call to key's route may be sent, and reserves it.
// When the route's window is used up, it waits for the reset through
// cfg.sleep (logged and observed as w). It returns a *RateLimitError instead
// when the reset is further away than the client may wait or at or after the
// context's deadline (at once, without waiting), or when the context ends
// while it waits.
func (p *pacer) wait(ctx context.Context, cfg *config, key string, w Wait) *RateLimitError {
	var giveUpAt time.Time // when a wait for news stops
	gaveUp := false
	for {
		now := time.Now()
		d, rate, news := p.reserve(key, now, gaveUp)
		if news != nil {
			// Calls are in flight in a window whose reset is not known
			// yet: their answers will tell, or the wait runs out.
			if giveUpAt.IsZero() {
				giveUpAt = now.Add(unknownResetWait)
			}
			w.Duration = giveUpAt.Sub(now)
			if err := cfg.sleep(ctx, w, news); err != nil {
				return &RateLimitError{Rate: rate}
			}
			gaveUp = !time.Now().Before(giveUpAt)
			continue
		}
		if d <= 0 {
			return nil
		}
		until := now.Add(d)
		if d > cfg.maxRetryWait || pastDeadline(ctx, until) {
			return &RateLimitError{Rate: rate, RetryAfter: d}
		}
		w.Duration = d
		if err := cfg.sleep(ctx, w, nil); err != nil {
			return &RateLimitError{Rate: rate, RetryAfter: max(time.Until(until), 0)}
		}
	}
}

// reserve takes a call from route's window, or says how long to wait; or,
// when the window is used up and its reset is not known yet, returns a
// channel closed by the next answer (unless the caller gave up waiting).
func (p *pacer) reserve(route string, now time.Time, gaveUp bool) (time.Duration, Rate, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.routes[route]
	switch {
	case r == nil:
		return 0, Rate{}, nil
	case !r.Reset.IsZero() && !now.Before(r.Reset.Add(paceMargin)):
		// The window is over: a fresh one starts with this call. Its reset
		// is unknown until the server answers.
		*r = routeRate{Rate: Rate{Limit: r.Limit, Remaining: max(r.Limit-1, 0)}, ended: r.Reset}
		return 0, Rate{}, nil
	case r.Remaining > 0:
		r.Remaining--
		return 0, Rate{}, nil
	case r.Reset.IsZero():
		if gaveUp {
			return 0, Rate{}, nil
		}
		if p.news == nil {
			p.news = make(chan struct{})
		}
		return 0, r.Rate, p.news
	}
	return r.Reset.Add(paceMargin).Sub(now), r.Rate, nil
}

// update records the rate state of an answer from route.
func (p *pacer) update(route string, r Rate) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.news != nil {
		close(p.news)
		p.news = nil
	}
	cur := p.routes[route]
	switch {
	case cur == nil:
		p.routes[route] = &routeRate{Rate: r}
	case cur.Reset.IsZero():
		// The first answer from a window the pacer opened: learn when it
		// resets, and keep counting the calls already let into it.
		if r.Reset.After(cur.ended) {
			cur.Limit, cur.Reset, cur.Remaining = r.Limit, r.Reset, min(cur.Remaining, r.Remaining)
		}
	case r.Reset.After(cur.Reset):
		cur.Rate = r // a newer window
	case r.Reset.Equal(cur.Reset):
		cur.Remaining = min(cur.Remaining, r.Remaining)
	}
}
