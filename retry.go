package rocketchat

import (
	"context"
	"crypto/x509"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// newRetryClient builds the retrying transport with this package's policy.
// It never logs by itself and always hands the final answer back. The wait
// before a retry is planned by checkRetry and slept by PrepareRetry through
// cfg.sleep, where the call's context, logger and observer are known; the
// library's own backoff is zero.
func newRetryClient(hc *http.Client, cfg *config) *retryablehttp.Client {
	rc := &retryablehttp.Client{
		HTTPClient: hc,
		Logger:     nil,
		RetryMax:   cfg.retryMax,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			return checkRetry(ctx, resp, err, cfg)
		},
		Backoff: func(time.Duration, time.Duration, int, *http.Response) time.Duration { return 0 },
		PrepareRetry: func(req *http.Request) error {
			if att := attemptFrom(req.Context()); att != nil {
				return cfg.sleep(req.Context(), att.next, nil)
			}
			return nil
		},
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	rc.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, n int) {
		if att := attemptFrom(req.Context()); att != nil {
			att.sentAt, att.observed = time.Now(), false
		}
		if l := cfg.logger; l != nil {
			l.LogAttrs(req.Context(), slog.LevelDebug, "rocketchat request",
				slog.String("method", req.Method), slog.String("path", reportedPath(req)), slog.Int("attempt", n+1))
		}
	}
	if l := cfg.logger; l != nil {
		rc.ResponseLogHook = func(_ retryablehttp.Logger, resp *http.Response) {
			l.LogAttrs(resp.Request.Context(), slog.LevelDebug, "rocketchat response",
				slog.String("method", resp.Request.Method), slog.String("path", reportedPath(resp.Request)),
				slog.Int("status", resp.StatusCode), slog.String("ratelimit_remaining", resp.Header.Get("X-RateLimit-Remaining")))
		}
	}
	return rc
}

// checkRetry is the retry policy:
//   - 429 is retried for any method: the limiter refuses before the handler
//     runs, so nothing happened;
//   - transport errors and 502/503/504 (and 500 for GET and HEAD) are retried
//     only for idempotent methods and calls marked Idempotent, unless
//     WithRetryNonIdempotent;
//   - nothing is retried whose body can be sent only once (a multipart
//     body from a reader that cannot be rewound);
//   - nothing is retried when the server's wait hint is longer than the
//     client may wait, or the context has ended; nor a 429 whose reset comes
//     at or after the context's deadline.
//
// When it retries, it plans the wait before the next attempt (see plan).
func checkRetry(ctx context.Context, resp *http.Response, err error, cfg *config) (bool, error) {
	att := attemptFrom(ctx)
	cfg.attemptEnded(att, resp, err)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if att != nil {
		att.lastErr = err // nil once an answer came; callFailure redacts it
	}
	if resp != nil && resp.Request == nil && att != nil {
		resp.Request = att.req // some transports leave it unset; the log hooks read it
	}
	if resp != nil && att != nil {
		if rate, ok := parseRate(resp.Header); ok {
			att.pacer.update(att.key, rate)
		}
	}
	if att != nil && att.noReplay {
		return false, nil // the body was read once and cannot be sent again
	}
	safe := att == nil || isIdempotent(att.method) || att.idempotent || cfg.retryPOST
	now := time.Now()
	if err != nil {
		if !safe || !isTransient(err) {
			return false, nil
		}
		if att != nil {
			att.plan(cfg, resp, 0, now)
		}
		return true, nil
	}
	retry := false
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests:
		retry = true
	case code == http.StatusBadGateway || code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout:
		retry = safe
	case code == http.StatusInternalServerError:
		// A 500 may come after the handler acted: retried for reads, and for
		// writes only when the caller opted in.
		retry = att == nil || att.method == http.MethodGet || att.method == http.MethodHead || att.idempotent || cfg.retryPOST
	}
	if !retry {
		return false, nil
	}
	if hint, ok := serverHint(resp, now); ok {
		if hint > cfg.maxRetryWait {
			return false, nil // surfaced as a *RateLimitError or *APIError, not slept through
		}
		if resp.StatusCode == http.StatusTooManyRequests && pastDeadline(ctx, now.Add(hint)) {
			return false, nil // the call could not be made in time: a *RateLimitError now
		}
	}
	if att != nil {
		att.remember(resp)
		att.plan(cfg, resp, resp.StatusCode, now)
	}
	return true, nil
}

// plan sets the wait before the next attempt, if one follows: the server's
// hint, else the backoff. status is the answer's, or 0 after a transport
// error.
func (a *attempt) plan(cfg *config, resp *http.Response, status int, now time.Time) {
	if a.retries >= cfg.retryMax {
		return // the last attempt: no retry follows
	}
	d := backoff(cfg.retryWaitMin, cfg.retryWaitMax, a.retries, resp, cfg.maxRetryWait, now)
	a.retries++
	a.next = Wait{Method: a.method, Route: a.route, Reason: WaitRetry, Status: status, NextAttempt: a.retries + 1, Duration: d}
}

func isIdempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// isTransient reports whether a transport error may go away on a retry.
// Certificate problems, bad URLs, redirect loops and oversize bodies will not.
func isTransient(err error) bool {
	var certErr *x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	switch {
	case errors.As(err, &certErr), errors.As(err, &hostErr), errors.As(err, &invalidErr):
		return false
	case errors.Is(err, ErrResponseTooLarge), errors.Is(err, errUnsafeRedirect), errors.Is(err, errTooManyRedirects):
		return false
	}
	return true
}

// backoff is how long to wait before retry n+1: the server's hint when it
// gave one, else exponential from lo to hi with jitter; never above ceiling.
func backoff(lo, hi time.Duration, n int, resp *http.Response, ceiling time.Duration, now time.Time) time.Duration {
	if resp != nil {
		if hint, ok := serverHint(resp, now); ok && hint > 0 {
			return min(hint, ceiling)
		}
	}
	d := lo
	for i := 0; i < n && d < hi; i++ {
		if d > hi/2 {
			d = hi // doubling would pass hi, or overflow
			break
		}
		d *= 2
	}
	d = min(d, hi)
	if d > 0 {
		d = d/2 + rand.N(d/2+1) // jitter, so clients sharing a server spread out
	}
	return min(d, ceiling)
}

// serverHint is the wait the server asked for: Retry-After (seconds or an
// HTTP date), else, on a 429, the time until X-RateLimit-Reset.
func serverHint(resp *http.Response, now time.Time) (time.Duration, bool) {
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		if s, err := strconv.Atoi(ra); err == nil && s >= 0 {
			const maxSeconds = math.MaxInt64 / int64(time.Second)
			if int64(s) > maxSeconds {
				return math.MaxInt64, true // longer than a Duration holds: longer than any wait
			}
			return time.Duration(s) * time.Second, true
		}
		if t, err := http.ParseTime(ra); err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		if rate, ok := parseRate(resp.Header); ok {
			return rate.Reset.Add(paceMargin).Sub(now), true
		}
	}
	return 0, false
}
