// Package rocketchat is a typed client for Rocket.Chat's REST API, focused on
// Omnichannel (livechat).
//
// This package holds the transport and its conventions: the [Client] and its
// credentials, requests and responses, errors, retries and rate limits, and
// offset paging. Endpoints live in sub-packages such as
// [github.com/rocketchat-go/rocketchat/omnichannel]; data types live in
// [github.com/rocketchat-go/rocketchat/models].
//
// # Conventions
//
// Every call takes a [context.Context] first and returns the decoded value,
// a [*Response] (the HTTP response plus the parsed rate-limit state) and an
// error. Failures the server reports are [*APIError] values; use [errors.Is]
// with the sentinels ([ErrUnauthorized], [ErrRateLimited], ...) to branch on
// them, and [errors.As] to read the details.
//
// A [Client] is immutable and safe for concurrent use. Deriving a client with
// other credentials ([Client.With], [Client.Login]) never changes the original.
//
// # Retries and rate limits
//
// Requests are retried on 429 (any method), and on transport errors and
// 502/503/504 (500 too for GET) for idempotent methods. Waits follow
// Retry-After, else the server's X-RateLimit-Reset, else capped exponential
// backoff with jitter, and never exceed [WithMaxRetryWait]: a 429 asking for
// a longer wait is returned as a [*RateLimitError], and a 5xx whose
// Retry-After is longer as its [*APIError], instead of being slept through.
// The client also paces itself: when the server says a route's calls are used
// up, the next call to that route waits for the window to reset instead of
// drawing a 429.
//
// A wait for the rate limit (pacing, or a retry after a 429) that would end
// at or after the context's deadline is not begun: the call fails at once
// with a [*RateLimitError] that says when to try again. When the context ends
// during any wait, or during an attempt, the error is a [*CanceledError] that
// matches the context's error and carries the call's last failure: the
// server's last answer, the last transport error (so that
// errors.Is(err, syscall.ECONNREFUSED) tells a server that is down from one
// that is slow), or the pacer's [*RateLimitError] (so the error also matches
// [ErrRateLimited]).
//
// Each wait is logged at Debug level to the [WithLogger] logger, with its
// length and route, and handed to the [WithWaitObserver] callback as a
// [Wait], for a progress line such as "waiting 42s for the rate limit".
package rocketchat
