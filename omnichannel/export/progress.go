package export

import (
	"math"
	"sync"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// Progress is where an export stands: what the Progress callback receives
// and the command prints. Every figure is computed once, by the export.
type Progress struct {
	// Conversations is how many conversations are exported, earlier runs of
	// a resumed export included.
	Conversations int
	// Total is how many conversations the selection holds, or -1 while the
	// list has not said.
	Total int
	// Messages is how many messages the exported conversations held.
	Messages int
	// Failures is how many rooms could not be fetched, earlier runs'
	// included, until they are fetched again.
	Failures int
	// Requests is how many requests this run sent, retries included.
	Requests int
	// Waiting is, while the export waits for a rate-limit window, how long
	// it still waits, and WaitRoute the route it waits for; zero otherwise.
	Waiting   time.Duration
	WaitRoute string
	// ETA is the time left: the requests still to make, paced by each
	// route's rate-limit windows as the server reported them (the busiest
	// route sets it, since the routes are fetched side by side). -1 while
	// unknown.
	ETA time.Duration
	// Elapsed is how long this run has taken.
	Elapsed time.Duration
}

// tracker gathers the figures of Progress as the export runs: the client's
// observers feed it the requests and the waits, the export its rooms. It is
// safe for concurrent use.
type tracker struct {
	mu      sync.Mutex
	now     func() time.Time
	started time.Time
	p       Progress
	routes  map[string]*routeStats // by method and route
	wait    *rocketchat.Wait       // the rate-limit wait under way, if any

	listRoute, msgRoute string // the routes of the list and of the messages
	listing             bool   // the list is still being read
	finished            int    // rooms exported or failed in this run
	failedNow           int    // rooms failed in this run
	concurrency         int
}

// routeStats is what the tracker learned of a route.
type routeStats struct {
	rate    rocketchat.Rate
	window  time.Duration // the limit's window, inferred from the resets
	latency time.Duration // a request's average time
	n       int           // requests sent
}

func newTracker(now func() time.Time, concurrency int) *tracker {
	t := &tracker{now: now, routes: make(map[string]*routeStats), concurrency: max(concurrency, 1)}
	t.started = now()
	t.p.Total, t.p.ETA = -1, -1
	return t
}

// start sets what the export knows when it starts: what earlier runs did,
// the selection's size, and the routes it reads.
func (t *tracker) start(st State, total int, listRoute, msgRoute string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.p.Conversations, t.p.Messages, t.p.Total = st.Exported, st.Messages, total
	t.p.Failures = len(st.Failed) // until fetched again
	t.listRoute, t.msgRoute, t.listing = listRoute, msgRoute, true
}

// listDone records that the whole list was read.
func (t *tracker) listDone() {
	t.mu.Lock()
	t.listing = false
	t.mu.Unlock()
}

// exported counts a conversation written; wasFailed says it was a failure
// of an earlier run, fetched again.
func (t *tracker) exported(messages int, wasFailed bool) {
	t.mu.Lock()
	t.p.Conversations++
	t.p.Messages += messages
	t.finished++
	if wasFailed {
		t.p.Failures--
	}
	t.mu.Unlock()
}

// forgotten uncounts a failure dropped from the export.
func (t *tracker) forgotten() {
	t.mu.Lock()
	t.p.Failures--
	t.mu.Unlock()
}

// failed counts a room that could not be fetched; again says it was a
// failure of an earlier run already counted.
func (t *tracker) failed(again bool) {
	t.mu.Lock()
	if !again {
		t.p.Failures++
	}
	t.finished++
	t.failedNow++
	t.mu.Unlock()
}

// attempt counts a request and learns its route's rate and latency.
func (t *tracker) attempt(a rocketchat.Attempt) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.p.Requests++
	rs := t.route(a.Method + " " + a.Route)
	rs.n++
	rs.latency += (a.Duration - rs.latency) / time.Duration(rs.n)
	if a.Rate.Limit == 0 {
		return
	}
	if a.Rate.Reset.After(rs.rate.Reset) {
		// A new window. The server opens a window at its first call: when
		// this request is that call, the window is from its sending to the
		// reset. Otherwise, windows follow each other no closer than their
		// length.
		switch w := a.Rate.Reset.Sub(t.now().Add(-a.Duration)); {
		case a.Rate.Remaining == a.Rate.Limit-1 && w > rs.window:
			rs.window = w.Round(time.Millisecond)
		case rs.window == 0 && !rs.rate.Reset.IsZero():
			rs.window = a.Rate.Reset.Sub(rs.rate.Reset)
		}
		rs.rate = a.Rate
	} else if a.Rate.Reset.Equal(rs.rate.Reset) {
		rs.rate.Remaining = min(rs.rate.Remaining, a.Rate.Remaining)
	}
}

func (t *tracker) route(key string) *routeStats {
	rs := t.routes[key]
	if rs == nil {
		rs = &routeStats{}
		t.routes[key] = rs
	}
	return rs
}

// waitStarted records a rate-limit wait; the func it returns ends it.
func (t *tracker) waitStarted(w rocketchat.Wait) func() {
	if !w.RateLimited() {
		return nil
	}
	t.mu.Lock()
	t.wait = &w
	t.mu.Unlock()
	return func() {
		t.mu.Lock()
		if t.wait != nil && t.wait.Until.Equal(w.Until) && t.wait.Route == w.Route {
			t.wait = nil
		}
		t.mu.Unlock()
	}
}

// snapshot returns the figures now.
func (t *tracker) snapshot() Progress {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	p := t.p
	p.Elapsed = now.Sub(t.started)
	if t.wait != nil && t.wait.Until.After(now) {
		p.Waiting, p.WaitRoute = t.wait.Until.Sub(now), t.wait.Method+" "+t.wait.Route
	}
	p.ETA = t.eta(now)
	return p
}

// eta is the time left: the longest of the two routes' times, each the
// requests left paced by the route's windows. A room takes the messages
// requests that the rooms done so far took on average (one, when the server
// answers count=0), and the list one more request while it is being read.
func (t *tracker) eta(now time.Time) time.Duration {
	if t.p.Total < 0 {
		return -1
	}
	perRoom := 1.0
	if rs := t.routes[t.msgRoute]; rs != nil && t.finished > 0 {
		perRoom = float64(rs.n) / float64(t.finished)
	}
	rooms := max(t.p.Total-t.p.Conversations-t.failedNow, 0)
	msgs := int(math.Ceil(float64(rooms) * perRoom))
	list := 0
	if t.listing {
		list = 1
	}
	return max(t.routeTime(t.listRoute, list, now), t.routeTime(t.msgRoute, msgs, now))
}

// routeTime estimates how long n requests to route take from now.
func (t *tracker) routeTime(route string, n int, now time.Time) time.Duration {
	if n <= 0 {
		return 0
	}
	rs := t.routes[route]
	if rs == nil {
		return time.Duration(n) * time.Second // nothing learned yet: a guess
	}
	work := time.Duration(n) * rs.latency / time.Duration(t.concurrency)
	r := rs.rate
	if r.Limit == 0 {
		return work // not limited
	}
	left := n - r.Remaining
	if left <= 0 || !r.Reset.After(now) {
		left = n - r.Limit // a fresh window is open, or opens at once
		if left <= 0 {
			return time.Duration(n) * rs.latency
		}
	}
	window := rs.window
	if window <= 0 {
		window = 60 * time.Second // the server's default, until learned
	}
	windows := (left + r.Limit - 1) / r.Limit
	wait := max(r.Reset.Sub(now), 0) + time.Duration(windows-1)*window
	last := left - (windows-1)*r.Limit
	return wait + time.Duration(last)*rs.latency
}
