package rocketchat

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// do sends call with pacing and retries, and returns the body of a 2xx
// answer, read whole into a pooled buffer (see releaseBody). Any other answer
// becomes the error newAPIError describes.
func (c *Client) do(ctx context.Context, call *Call) ([]byte, *Response, error) {
	body, _, resp, err := c.exchange(ctx, call, false)
	return body, resp, err
}

// exchange is do, and also serves answers too large to hold: with stream
// set, a 2xx answer's body is returned open for the caller to read and close.
// It is the one ending of every call: a failure is checked against the
// route's MinVersion (see checkVersion).
func (c *Client) exchange(ctx context.Context, call *Call, stream bool) ([]byte, io.ReadCloser, *Response, error) {
	body, open, resp, err := c.roundTrip(ctx, call, stream)
	if err != nil {
		return nil, nil, resp, c.checkVersion(ctx, call, err)
	}
	return body, open, resp, nil
}

// roundTrip sends call, paced and retried, for exchange.
func (c *Client) roundTrip(ctx context.Context, call *Call, stream bool) ([]byte, io.ReadCloser, *Response, error) {
	req, err := c.newRequest(ctx, call)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, callFailure(ctx, err, req.Request, nil)
	}
	att := &attempt{pacer: c.pacer, method: call.Method, route: call.Route, key: call.Method + " " + call.Route,
		maxErr: c.cfg.maxErrorBytes, maxBody: c.cfg.maxBodyBytes, stream: stream,
		idempotent: call.Idempotent, noReplay: call.noReplay}
	if c.cfg.pace {
		w := Wait{Method: call.Method, Route: call.Route, Reason: WaitPacing}
		if rle := c.pacer.wait(ctx, &c.cfg, att.key, w); rle != nil {
			rle.Method, rle.Path = req.Method, reportedPath(req.Request)
			return nil, nil, nil, callFailure(ctx, rle, req.Request, rle)
		}
	}
	req = req.WithContext(context.WithValue(req.Context(), attemptKey{}, att))
	att.req = req.Request
	req.SetResponseHandler(att.readBody)
	hresp, err := c.retry.Do(req)
	if hresp != nil && hresp.Request == nil {
		hresp.Request = req.Request // some transports (mocks) leave it unset
	}
	resp := newResponse(hresp)
	if resp == nil {
		resp = att.lastResponse()
	}
	if err != nil {
		return nil, nil, resp, callFailure(ctx, err, req.Request, att.lastFailure(ctx, resp))
	}
	ok := hresp.StatusCode >= 200 && hresp.StatusCode <= 299
	if ok && stream {
		return nil, hresp.Body, resp, nil
	}
	body := att.body // read by readBody, or by remember when the retries ran out
	if !ok {
		err := newAPIError(resp, body) // keeps a copy of the body's start
		releaseBody(body)
		return nil, nil, resp, err
	}
	return body, nil, resp, nil
}

// attemptKey keys the per-call attempt state in the request's context.
type attemptKey struct{}

// attempt is one call's state across its retries.
type attempt struct {
	pacer   *pacer
	method  string
	route   string // the call's Route
	key     string // method and route: the pacer's key
	maxErr  int64
	maxBody int64
	stream  bool // leave a 2xx answer's body for the caller
	// idempotent: the call may be retried as a GET is (Call.Idempotent).
	idempotent bool
	// noReplay: the body can be sent only once, so nothing is retried.
	noReplay bool
	body     []byte // the final answer's body, read by readBody
	last     *http.Response
	lastErr  error         // the last attempt's transport error, if it had one
	req      *http.Request // the first attempt's request
	retries  int           // retries planned so far
	next     Wait          // the wait before the next attempt, planned by checkRetry
	sentAt   time.Time     // when the current attempt was sent
	observed bool          // the current attempt was handed to the observer
}

func attemptFrom(ctx context.Context) *attempt {
	a, _ := ctx.Value(attemptKey{}).(*attempt)
	return a
}

// readBody reads a final answer's body (capped) while the connection is
// still in the retry loop, so a body cut off mid-way is retried like any
// other transport error.
func (a *attempt) readBody(resp *http.Response) error {
	var b []byte
	var err error
	switch {
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		b, err = readErrorBody(resp.Body, a.maxErr, resp.ContentLength)
	case a.stream:
		return nil
	default:
		b, err = readBody(resp.Body, a.maxBody, resp.ContentLength)
	}
	resp.Body.Close()
	if err != nil {
		return err
	}
	a.body = b
	// b is a pooled buffer that goes back to the pool once decoded: the
	// Response the caller gets must not read it later.
	resp.Body = http.NoBody
	return nil
}

// remember keeps a retried answer (headers and capped body), so that a call
// cancelled while waiting to retry can still say what the server answered.
func (a *attempt) remember(resp *http.Response) {
	b, _ := readErrorBody(resp.Body, a.maxErr, resp.ContentLength)
	resp.Body.Close()
	resp.Body = http.NoBody // b is pooled; see readBody
	cp := *resp
	a.last = &cp
	a.body = b
}

func (a *attempt) lastResponse() *Response {
	if a.last == nil {
		return nil
	}
	return newResponse(a.last)
}

// lastFailure is, once ctx has ended, the call's last failure: the last
// attempt's transport error, or the server's last answer's error; nil if
// there was none, or while ctx is live (the call's own error says it all).
func (a *attempt) lastFailure(ctx context.Context, resp *Response) error {
	switch {
	case ctx.Err() == nil:
		return nil
	case a.lastErr != nil:
		return a.lastErr
	case resp != nil && (resp.StatusCode < 200 || resp.StatusCode > 299): // a 2xx cut short is no API error
		return newAPIError(resp, a.body)
	}
	return nil
}

// callFailure describes a call that failed without an answer to return: a
// transport failure, a refusal by the pacer, or a context that ended. When the
// context ended, the error is a *CanceledError that matches its error
// (context.Canceled or DeadlineExceeded) and carries last, the call's last
// failure (a server answer, a transport error or the pacer's refusal).
func callFailure(ctx context.Context, err error, req *http.Request, last error) error {
	path := reportedPath(req)
	err, last = redactURLError(req, err), redactURLError(req, last)
	if ctxErr := ctx.Err(); ctxErr != nil {
		ce := &CanceledError{Err: ctxErr, Method: req.Method, Path: path, Last: last}
		if cause := context.Cause(ctx); cause != ctxErr {
			ce.Cause = cause
		}
		return ce
	}
	var rle *RateLimitError
	if errors.As(err, &rle) {
		return err
	}
	return &transportError{method: req.Method, path: path, err: err}
}

// transportError is a call that got no answer it could read: the connection
// was refused or reset, the body was cut short or was larger than allowed
// (ErrResponseTooLarge), a redirect was refused. It unwraps to the cause (a
// *url.Error, a *net.OpError, syscall.ECONNREFUSED...).
type transportError struct {
	method, path string
	err          error
}

// Error names the call once and the cause, without the URL a *url.Error
// repeats (with its query).
func (e *transportError) Error() string {
	return "rocketchat: " + e.method + " " + e.path + ": " + detail(e.err)
}

func (e *transportError) Unwrap() error { return e.err }

// CanceledError is returned when the call's context ends (cancelled or past
// its deadline), possibly while waiting to retry or for the rate limit. It
// matches the context's error with [errors.Is], and carries the call's last
// failure, if any: the server's last answer ([errors.As] finds an
// [*APIError], and a [*RateLimitError] for a 429), the last attempt's
// transport error ([errors.Is] syscall.ECONNREFUSED tells a server that is
// down from one that is slow), or, when it ended while pacing, a
// [*RateLimitError] for the call that was not sent. It also matches the
// context's cause, when it was given one ([context.WithCancelCause],
// [context.WithTimeoutCause]).
type CanceledError struct {
	Err    error  // context.Canceled or context.DeadlineExceeded
	Method string // the request's method
	Path   string // the request's path
	Last   error  // the call's last failure, or nil if there was none
	// Cause is context.Cause of the call's context when it differs from
	// Err, or nil.
	Cause error
}

// Error names the call, the context's error, its cause and the last
// failure, once each.
func (e *CanceledError) Error() string {
	msg := "rocketchat: " + callName(e.Method, e.Path) + "canceled"
	if e.Err != nil {
		msg = "rocketchat: " + callName(e.Method, e.Path) + e.Err.Error()
	}
	if e.Cause != nil {
		msg += " (cause: " + detail(e.Cause) + ")"
	}
	if e.Last == nil {
		return msg
	}
	var apiErr *APIError
	if errors.As(e.Last, &apiErr) {
		return msg + " (last answer: " + detail(e.Last) + ")"
	}
	return msg + " (last error: " + detail(e.Last) + ")"
}

// Unwrap returns the context's error, its cause and the last failure,
// those that are set.
func (e *CanceledError) Unwrap() []error {
	errs := make([]error, 0, 3)
	for _, err := range [...]error{e.Err, e.Cause, e.Last} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
