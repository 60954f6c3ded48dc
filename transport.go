package rocketchat

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
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
func (c *Client) exchange(ctx context.Context, call *Call, stream bool) ([]byte, io.ReadCloser, *Response, error) {
	req, err := c.newRequest(ctx, call)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, callFailure(ctx, err, req.Request, nil, nil)
	}
	att := &attempt{pacer: c.pacer, method: call.Method, route: call.Method + " " + call.Route,
		maxErr: c.cfg.maxErrorBytes, maxBody: c.cfg.maxBodyBytes, stream: stream}
	if c.cfg.pace {
		if err := c.pacer.wait(ctx, att.route, c.cfg.maxRetryWait); err != nil {
			return nil, nil, nil, callFailure(ctx, err, req.Request, nil, nil)
		}
	}
	req = req.WithContext(context.WithValue(ctx, attemptKey{}, att))
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
		return nil, nil, resp, callFailure(ctx, err, req.Request, resp, att.body)
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
	route   string
	maxErr  int64
	maxBody int64
	stream  bool   // leave a 2xx answer's body for the caller
	body    []byte // the final answer's body, read by readBody
	last    *http.Response
	req     *http.Request // the first attempt's request
}

func attemptFrom(ctx context.Context) *attempt {
	a, _ := ctx.Value(attemptKey{}).(*attempt)
	return a
}

// readBody reads a final answer's body (capped) while the connection is
// still in the retry loop, so a body cut off mid-way is retried like any
// other transport error.
func (a *attempt) readBody(resp *http.Response) error {
	limit := a.maxBody
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		limit = a.maxErr
	} else if a.stream {
		return nil
	}
	b, err := readBody(resp.Body, limit, resp.ContentLength)
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
	b, _ := readBody(resp.Body, a.maxErr, resp.ContentLength)
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

// callFailure describes a call that failed without an API error: a
// transport failure, a refusal by the pacer, or a context that ended. When the
// context ended, the error matches its error (context.Canceled or
// DeadlineExceeded) and, if the server had answered, that answer's error too.
func callFailure(ctx context.Context, err error, req *http.Request, last *Response, lastBody []byte) error {
	path := req.URL.EscapedPath()
	if ctxErr := ctx.Err(); ctxErr != nil {
		ce := &CanceledError{Err: ctxErr, Method: req.Method, Path: path}
		if last != nil && (last.StatusCode < 200 || last.StatusCode > 299) { // a 2xx cut short is no API error
			ce.Last = newAPIError(last, lastBody)
		}
		return ce
	}
	var rle *RateLimitError
	if errors.As(err, &rle) || errors.Is(err, ErrResponseTooLarge) {
		return err
	}
	return fmt.Errorf("rocketchat: %s %s: %w", req.Method, path, err)
}

// CanceledError is returned when the call's context ends (cancelled or past
// its deadline), possibly while waiting to retry. It matches the context's
// error with [errors.Is], and carries the last answer the server gave, if any,
// which [errors.As] finds as an [*APIError].
type CanceledError struct {
	Err    error  // context.Canceled or context.DeadlineExceeded
	Method string // the request's method
	Path   string // the request's path
	Last   error  // the last server answer's error, or nil if none came
}

// Error names the call, the context's error and the last answer.
func (e *CanceledError) Error() string {
	msg := fmt.Sprintf("rocketchat: %s %s: %v", e.Method, e.Path, e.Err)
	if e.Last != nil {
		last := strings.TrimPrefix(e.Last.Error(), "rocketchat: ")
		last = strings.TrimPrefix(last, e.Method+" "+e.Path+": ") // said once already
		msg += " (last answer: " + last + ")"
	}
	return msg
}

// Unwrap returns the context's error and the last answer's error.
func (e *CanceledError) Unwrap() []error {
	if e.Last == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Last}
}
