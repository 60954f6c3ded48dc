package rocketchat

import (
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"time"
)

// Option configures a [Client]. Options may be given in any order; they are
// validated once, by [NewClient] or [Client.With].
type Option func(*config) error

// config is everything a Client is built from. It is copied, never shared,
// so a derived client cannot change its parent.
type config struct {
	httpClient    *http.Client
	logger        *slog.Logger
	userAgent     string
	creds         credentials
	retryMax      int
	retryWaitMin  time.Duration
	retryWaitMax  time.Duration
	maxRetryWait  time.Duration
	retryPOST     bool
	pace          bool
	allowInsecure bool
	maxBodyBytes  int64
	maxErrorBytes int64

	strictDecoding bool

	// The observers, in the order they were added: a derived client's
	// follow its parent's. Never appended to in place: a derived client's
	// config shares the arrays with its parent's.
	observeWait    []func(Wait) (done func())
	observeAttempt []func(Attempt)
}

func defaultConfig() config {
	return config{
		userAgent:     defaultUserAgent,
		retryMax:      4,
		retryWaitMin:  500 * time.Millisecond,
		retryWaitMax:  30 * time.Second,
		maxRetryWait:  2 * time.Minute,
		pace:          true,
		maxBodyBytes:  64 << 20,
		maxErrorBytes: 1 << 20,
	}
}

// WithToken authenticates every request with a user id and an auth token: the
// token returned by a login, or a personal access token (both are sent as the
// X-User-Id and X-Auth-Token headers).
func WithToken(userID, authToken string) Option {
	return func(c *config) error {
		if userID == "" || authToken == "" {
			return errors.New("rocketchat: WithToken needs a user id and a token")
		}
		c.creds = credentials{userID: userID, token: Secret(authToken)}
		return nil
	}
}

// WithHTTPClient sets the HTTP client that carries each attempt. Retries,
// pacing and credential handling wrap it; its Transport, Timeout and Jar are
// used as they are. The client is copied, so later changes to it are not seen.
// To mock the transport in tests, pass a client whose Transport is an
// httpmock.MockTransport.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("rocketchat: WithHTTPClient needs a non-nil client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithLogger logs each attempt at Debug level, and retries, waits for the rate
// limit (their length and route) and failures, to l. Credentials are never
// logged. The default is silence.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithWaitObserver calls observe when the client starts a wait before a
// request, pacing itself for the route's rate limit or backing off before a
// retry, with what it waits for and how long; observe may return a done func,
// which is called when the wait ends, whether it ran its course or the
// context ended. Use it to show progress, such as "waiting 42s for the rate
// limit", with a countdown to [Wait.Until] that done stops.
//
// Observers add up: each WithWaitObserver adds one, and a client derived
// with [Client.With] calls its parent's observers, then its own (their done
// funcs in the same order), so a package that derives a client to observe
// it does not silence the caller's. A nil observe adds nothing.
//
// observe and done are called on the goroutine that waits, never with a lock
// of the client held, and only for waits longer than zero; they may be called
// from several goroutines at once (a shared client, a walk with prefetch),
// and must return quickly. The default is none.
func WithWaitObserver(observe func(w Wait) (done func())) Option {
	return func(c *config) error {
		if observe != nil {
			// Clip: the list may be shared with the client c was copied from.
			c.observeWait = append(slices.Clip(c.observeWait), observe)
		}
		return nil
	}
}

// WithUserAgent prefixes the User-Agent header with product (for example
// "crm-sync/2.1"); the library's own name and version follow it.
func WithUserAgent(product string) Option {
	return func(c *config) error {
		if product != "" {
			c.userAgent = product + " " + defaultUserAgent
		}
		return nil
	}
}

// WithRetries sets how many times a failed attempt is retried (default 4;
// 0 disables retries) and the bounds of the exponential backoff used when the
// server gives no hint (default 500ms to 30s).
func WithRetries(retries int, waitMin, waitMax time.Duration) Option {
	return func(c *config) error {
		if retries < 0 || waitMin < 0 || waitMax < waitMin {
			return errors.New("rocketchat: WithRetries needs retries >= 0 and 0 <= waitMin <= waitMax")
		}
		c.retryMax, c.retryWaitMin, c.retryWaitMax = retries, waitMin, waitMax
		return nil
	}
}

// WithMaxRetryWait caps any single wait (default 2 minutes). A rate-limit
// reset further away than d, before a call or after a 429, is returned as a
// [*RateLimitError]; a 5xx whose Retry-After is further away, as its
// [*APIError]. Neither is slept through. A rate-limit reset at or after the
// call's context deadline is returned as a [*RateLimitError] at once too.
func WithMaxRetryWait(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return errors.New("rocketchat: WithMaxRetryWait needs a non-negative duration")
		}
		c.maxRetryWait = d
		return nil
	}
}

// WithRetryNonIdempotent lets POST requests be retried on transport errors and
// 5xx answers too. Off by default: a retried POST may act twice.
func WithRetryNonIdempotent() Option {
	return func(c *config) error {
		c.retryPOST = true
		return nil
	}
}

// WithoutPacing stops the client from waiting, before a request, for a rate
// limit window it knows to be used up. 429 answers are still retried.
func WithoutPacing() Option {
	return func(c *config) error {
		c.pace = false
		return nil
	}
}

// WithInsecureHTTP allows credentials to be sent over plain http to a host
// other than loopback. Without it, such a client is refused.
func WithInsecureHTTP() Option {
	return func(c *config) error {
		c.allowInsecure = true
		return nil
	}
}

// WithMaxResponseSize caps how many bytes of a successful response body
// (default 64 MiB) and of an error body (default 1 MiB) are read. A larger
// successful body fails the call with [ErrResponseTooLarge]; a larger error
// body is cut at the cap, and the call fails with the answer's [*APIError]
// (its status, and the code when the start of the body tells it).
func WithMaxResponseSize(success, errorBody int64) Option {
	return func(c *config) error {
		if success <= 0 || errorBody <= 0 {
			return errors.New("rocketchat: WithMaxResponseSize needs positive sizes")
		}
		c.maxBodyBytes, c.maxErrorBytes = success, errorBody
		return nil
	}
}

// WithStrictDecoding makes a call fail with [ErrMalformedResponse] when any
// value in the answer does not fit its Go type. By default such a value costs
// neither the page nor the walk: the document that holds it still decodes,
// with the value kept as sent and listed by its Misfits method (see
// models.Misfit), and the client logs it at Warn level.
func WithStrictDecoding() Option {
	return func(c *config) error {
		c.strictDecoding = true
		return nil
	}
}
