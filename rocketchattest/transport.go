package rocketchattest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"
)

// memoryRemoteAddr is the client address of requests made through the
// in-memory transport; the limiter keys on its host part.
const memoryRemoteAddr = "127.0.0.1:49152"

// errConnReset is what a reader sees when the server resets the connection.
func errConnReset() error {
	return &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
}

// memTransport is an http.RoundTripper that calls a handler in the calling
// goroutine. It uses no sockets and no goroutines, so it works inside
// testing/synctest bubbles.
type memTransport struct {
	handler http.Handler
}

// RoundTrip implements http.RoundTripper.
func (t *memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	body, err := drain(req)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sreq := serverRequest(req, body)
	w := newMemWriter()
	if aborted := serveRecover(t.handler, w, sreq); aborted && !w.wroteHeader {
		// The error names no URL: its query or path may hold a visitor token.
		return nil, fmt.Errorf("rocketchattest: %s: %w", req.Method, errConnReset())
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return w.response(req), nil
}

// drain reads and closes the request body, as a transport must.
func drain(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	return io.ReadAll(req.Body)
}

// serverRequest builds what a server would see from a client's request.
func serverRequest(req *http.Request, body []byte) *http.Request {
	sreq := req.Clone(req.Context())
	sreq.Body = http.NoBody
	if len(body) > 0 {
		sreq.Body = io.NopCloser(bytes.NewReader(body))
	}
	sreq.ContentLength = int64(len(body))
	sreq.RemoteAddr = memoryRemoteAddr
	sreq.RequestURI = req.URL.RequestURI()
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
	sreq.Proto, sreq.ProtoMajor, sreq.ProtoMinor = "HTTP/1.1", 1, 1
	return sreq
}

// serveRecover runs the handler and reports whether it aborted the
// connection with http.ErrAbortHandler. Other panics propagate.
func serveRecover(h http.Handler, w http.ResponseWriter, r *http.Request) (aborted bool) {
	defer func() {
		if v := recover(); v != nil {
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				aborted = true
				return
			}
			panic(v)
		}
	}()
	h.ServeHTTP(w, r)
	return false
}

// memWriter records a response for memTransport.
type memWriter struct {
	header      http.Header
	sent        http.Header
	status      int
	wroteHeader bool
	buf         bytes.Buffer
	cutAt       int // body bytes after which the connection resets; -1 for none
}

func newMemWriter() *memWriter {
	return &memWriter{header: make(http.Header), cutAt: -1}
}

func (w *memWriter) Header() http.Header { return w.header }

func (w *memWriter) WriteHeader(status int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	w.status = status
	w.sent = w.header.Clone()
}

func (w *memWriter) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.buf.Write(p)
}

// Flush implements http.Flusher; everything is already buffered.
func (w *memWriter) Flush() {}

// resetAfter makes the connection reset after n bytes of the body.
func (w *memWriter) resetAfter(n int) { w.cutAt = n }

func (w *memWriter) response(req *http.Request) *http.Response {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	data := w.buf.Bytes()
	length := int64(len(data))
	if v := w.sent.Get("Content-Length"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			length = n
		}
	}
	var body io.ReadCloser = &ctxReader{ctx: req.Context(), r: bytes.NewReader(data)}
	if w.cutAt >= 0 && w.cutAt < len(data) {
		body = &ctxReader{ctx: req.Context(), r: io.MultiReader(bytes.NewReader(data[:w.cutAt]), errReader{errConnReset()})}
	}
	if req.Method == http.MethodHead {
		body = http.NoBody
	}
	return newHTTPResponse(req, w.status, w.sent, body, length)
}

// newHTTPResponse is an HTTP/1.1 answer as a transport hands it back, for
// the in-memory transport and the httpmock responders alike.
func newHTTPResponse(req *http.Request, status int, header http.Header, body io.ReadCloser, length int64) *http.Response {
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          body,
		ContentLength: length,
		Request:       req,
	}
}

// ctxReader fails reads once the request's context is done, as a real
// transport does.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func (c *ctxReader) Close() error { return nil }

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
