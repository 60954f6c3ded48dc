package rocketchat

import (
	"net/http"
	"slices"
	"time"
)

// Attempt is one request the client sent and how it ended, for
// [WithAttemptObserver]: a call that is retried makes several.
type Attempt struct {
	Method string // the request's method, e.g. "GET"
	// Route is the call's route with its placeholders, as [Call.Route]
	// names it, e.g. "livechat/rooms" (below /api/v1/; "info" for
	// [Client.ServerInfo], below /api/): it holds no ids or secrets.
	Route string
	// Number is 1 for a call's first attempt, 2 for its first retry, ...
	Number int
	// Status is the answer's status, or 0 when none came (a transport error).
	Status int
	// Err is the transport error, when no answer came. Like the errors a
	// call returns, it never shows a secret the call carries (see
	// [Call.Secrets]).
	Err error
	// Rate is the rate-limit state the answer reported; zero if none.
	Rate Rate
	// Duration is the time from sending the request to the answer's headers,
	// or to the transport error.
	Duration time.Duration
}

// WithAttemptObserver calls observe after every request the client sends,
// retries included, with its route, outcome, rate-limit state and duration:
// what a metrics exporter or a progress display needs. It is called on the
// goroutine of the call, never with a lock held, and may be called on
// several goroutines at once; it must not block.
//
// Observers add up: each WithAttemptObserver adds one, and a client derived
// with [Client.With] calls its parent's observers, then its own, so a
// package that derives a client to observe it (such as an export's progress)
// does not silence the caller's. A nil observe adds nothing.
func WithAttemptObserver(observe func(Attempt)) Option {
	return func(c *config) error {
		if observe != nil {
			// Clip: the list may be shared with the client c was copied from.
			c.observeAttempt = append(slices.Clip(c.observeAttempt), observe)
		}
		return nil
	}
}

// attemptEnded hands the attempt that just ended to the observers, if any.
func (cfg *config) attemptEnded(att *attempt, resp *http.Response, err error) {
	if len(cfg.observeAttempt) == 0 || att == nil || att.observed {
		return // checkRetry runs twice for an answer whose body is read
	}
	att.observed = true
	a := Attempt{Method: att.method, Route: att.route, Number: att.retries + 1,
		Err: redactURLError(att.req, err), Duration: time.Since(att.sentAt)}
	if resp != nil {
		a.Status = resp.StatusCode
		a.Rate, _ = parseRate(resp.Header)
	}
	for _, observe := range cfg.observeAttempt {
		observe(a)
	}
}
