package restcheck

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Recorder is an [http.RoundTripper] that keeps a copy of every request it is
// given and answers each with a canned 200 JSON answer, so that a test can
// drive SDK methods and then [Check] what they sent. It is safe for
// concurrent use. The zero value answers {"success":true}.
type Recorder struct {
	// Body is the canned answer's body; empty means {"success":true}.
	Body string

	mu   sync.Mutex
	reqs []*http.Request
}

// Client returns an HTTP client that sends through r.
func (r *Recorder) Client() *http.Client {
	return &http.Client{Transport: r}
}

// RoundTrip records req, with its body read and kept, and answers 200 with
// the canned body. A request whose context has ended is not recorded.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	kept := req.Clone(req.Context())
	kept.Body = io.NopCloser(bytes.NewReader(body))
	kept.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	r.mu.Lock()
	r.reqs = append(r.reqs, kept)
	r.mu.Unlock()

	answer := r.Body
	if answer == "" {
		answer = `{"success":true}`
	}
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(answer))}},
		Body:          io.NopCloser(strings.NewReader(answer)),
		ContentLength: int64(len(answer)),
		Request:       req,
	}, nil
}

// Requests returns the requests recorded so far, in the order they were sent.
// Each body can be read again (GetBody).
func (r *Recorder) Requests() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*http.Request, len(r.reqs))
	for i, req := range r.reqs {
		c := req.Clone(req.Context())
		c.Body, _ = req.GetBody()
		out[i] = c
	}
	return out
}

// Reset forgets the recorded requests.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.reqs = nil
	r.mu.Unlock()
}
