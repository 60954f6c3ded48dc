package rocketchat

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// Wait is a pause the client takes before sending a request: pacing, when
// the route's calls in the current rate-limit window are used up, or the
// backoff before a retry. [WithWaitObserver] hands each one to a callback,
// for example to show "waiting 42s for the rate limit".
type Wait struct {
	Method string // the request's method, e.g. "GET"
	// Route is the call's route with its placeholders, as [Call.Route]
	// names it, e.g.
	// "livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}"
	// (below /api/v1/; "info" for [Client.ServerInfo], below /api/): it
	// names the rate-limited route and holds no ids or secrets.
	Route  string
	Reason WaitReason // pacing before a call, or a retry
	// Status is, for a retry, the status of the answer retried (429, 503,
	// ...), or 0 after a transport error. It is 0 for pacing.
	Status int
	// NextAttempt is, for a retry, the number of the attempt that follows
	// the wait ([Attempt.Number] of the request it precedes): 2 for the
	// first retry. It is 0 for pacing.
	NextAttempt int
	// Duration is how long the client plans to wait, and Until when the wait
	// ends. A pacing wait for a window whose reset is not known yet may end
	// sooner, when an answer in flight tells.
	Duration time.Duration
	Until    time.Time
}

// RateLimited reports whether the client waits for a rate-limit window:
// pacing, or a retry after a 429.
func (w Wait) RateLimited() bool {
	return w.Reason == WaitPacing || w.Status == http.StatusTooManyRequests
}

// WaitReason says why the client waits.
type WaitReason int

const (
	// WaitPacing is a wait before a call, for the route's rate-limit window
	// to reset, instead of drawing a 429.
	WaitPacing WaitReason = iota + 1
	// WaitRetry is the wait before a retry, after a 429, a 5xx or a
	// transport error.
	WaitRetry
)

// String returns "pacing" or "retry".
func (r WaitReason) String() string {
	switch r {
	case WaitPacing:
		return "pacing"
	case WaitRetry:
		return "retry"
	}
	return "WaitReason(" + strconv.Itoa(int(r)) + ")"
}

// sleep tells of the wait w and sleeps through it: it logs it at Debug, hands
// it to the observers (when it is longer than zero), and returns nil when it
// has run its course or wake is closed, or ctx's error when ctx ends first.
// The observers' done funcs are called before sleep returns. Every wait the
// client takes goes through here, never with a lock held.
func (cfg *config) sleep(ctx context.Context, w Wait, wake <-chan struct{}) error {
	w.Until = time.Now().Add(w.Duration)
	if l := cfg.logger; l != nil {
		logWait(ctx, l, w)
	}
	if w.Duration <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(w.Duration) // before the observer, so that a slow one does not lengthen the wait
	defer t.Stop()
	if len(cfg.observeWait) > 0 {
		defer cfg.observed(w)()
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
	case <-wake:
	}
	return nil
}

// observed hands w to each wait observer and returns a func that calls the
// done funcs they returned, in the same order.
func (cfg *config) observed(w Wait) (done func()) {
	var dones []func()
	for _, observe := range cfg.observeWait {
		if d := observe(w); d != nil {
			dones = append(dones, d)
		}
	}
	return func() {
		for _, d := range dones {
			d()
		}
	}
}

func logWait(ctx context.Context, l *slog.Logger, w Wait) {
	if w.Reason == WaitRetry {
		l.LogAttrs(ctx, slog.LevelDebug, "rocketchat retrying",
			slog.String("method", w.Method), slog.String("route", w.Route), slog.Int("status", w.Status),
			slog.Int("attempt", w.NextAttempt), slog.Duration("wait", w.Duration))
		return
	}
	l.LogAttrs(ctx, slog.LevelDebug, "rocketchat waiting for the rate limit",
		slog.String("method", w.Method), slog.String("route", w.Route), slog.Duration("wait", w.Duration),
		slog.Time("until", w.Until))
}

// pastDeadline reports whether a wait ending at t would end at or after
// ctx's deadline, when the call could no longer be made.
func pastDeadline(ctx context.Context, t time.Time) bool {
	dl, ok := ctx.Deadline()
	return ok && !t.Before(dl)
}
