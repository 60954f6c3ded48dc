package rocketchat_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// Faults of the connection: refused, reset before the headers or in the
// middle of the body, a body cut short, one that never ends or trickles,
// and headers that never come.

func TestFaultConnectionRefused(t *testing.T) {
	refusedBase := func(t *testing.T) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		base := "http://" + ln.Addr().String()
		ln.Close() // nothing listens there any more
		return base
	}
	t.Run("retries run out", func(t *testing.T) {
		checkNoLeaks(t)
		c, tr := loopbackClient(t, refusedBase(t))
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		_, resp, err := historyWithin(t, ctx, c, 15*time.Second)
		if !errors.Is(err, syscall.ECONNREFUSED) || isAPIError(err) || resp != nil {
			t.Fatalf("err = %v, resp = %v; want ECONNREFUSED and no answer", err, resp)
		}
		if n := tr.calls.Load(); n != 3 {
			t.Fatalf("%d attempts, want 3 (a GET is retried twice)", n)
		}
		var opErr *net.OpError
		if msg := err.Error(); !errors.As(err, &opErr) || strings.Count(msg, "rocketchat:") != 1 || strings.Contains(msg, `Get "`) {
			t.Fatalf("err %q: want a *net.OpError, and the prefix and the call once", msg)
		}
	})
	// Retried until the deadline passes: the error still says the server
	// was down, not merely slow.
	t.Run("deadline", func(t *testing.T) {
		checkNoLeaks(t)
		c, tr := loopbackClient(t, refusedBase(t), rocketchat.WithRetries(1000, 20*time.Millisecond, 20*time.Millisecond))
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		_, _, err := historyWithin(t, ctx, c, 10*time.Second)
		var ce *rocketchat.CanceledError
		if !errors.As(err, &ce) || !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, syscall.ECONNREFUSED) || tr.calls.Load() < 2 {
			t.Fatalf("err = %v after %d attempts; want a *CanceledError matching DeadlineExceeded and ECONNREFUSED", err, tr.calls.Load())
		}
	})
}

// TestCanceledErrorKeepsTheLastFailure checks what a call that ends by its
// deadline carries: the last attempt's failure, a transport error or an
// answer, whichever came last.
func TestCanceledErrorKeepsTheLastFailure(t *testing.T) {
	refused := httpmock.NewErrorResponder(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)})
	unavailable := jsonResponder(http.StatusServiceUnavailable, `{"success":false,"error":"Service busy"}`)
	hang := func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done() // a server too slow to answer
		return nil, req.Context().Err()
	}
	for _, tc := range []struct {
		name       string
		seq        []httpmock.Responder
		refused    bool
		wantLast   string
		wantStatus int // the status of the response returned, or 0 for none
	}{
		{"refused, then slow", []httpmock.Responder{refused, hang}, true, "(last error: dial tcp: connect: connection refused)", 0},
		{"503, refused, then slow", []httpmock.Responder{unavailable, refused, hang}, true, "(last error: dial tcp: connect: connection refused)", 503},
		{"refused, 503, then slow", []httpmock.Responder{refused, unavailable, hang}, false, "(last answer: 503: Service busy)", 503},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mt := newMockClient(t, rocketchat.WithRetries(5, time.Second, time.Second))
				seq, _ := sequence(tc.seq...)
				mt.RegisterNoResponder(seq)
				ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
				defer cancel()
				_, resp, err := getHistory(ctx, c)
				var ce *rocketchat.CanceledError
				if !errors.As(err, &ce) || !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("err = %v, want a *CanceledError matching DeadlineExceeded", err)
				}
				var opErr *net.OpError
				if errors.Is(err, syscall.ECONNREFUSED) != tc.refused || errors.As(err, &opErr) != tc.refused || isAPIError(err) == tc.refused {
					t.Fatalf("err = %v: ECONNREFUSED %v, want %v", err, errors.Is(err, syscall.ECONNREFUSED), tc.refused)
				}
				msg := err.Error()
				want := "rocketchat: GET /prefix/api/v1/livechat/visitors.chatHistory/room/r1/visitor/v1: context deadline exceeded " + tc.wantLast
				if msg != want {
					t.Fatalf("err = %q\nwant  %q", msg, want)
				}
				status := 0
				if resp != nil {
					status = resp.StatusCode
				}
				if status != tc.wantStatus {
					t.Fatalf("response status %d, want %d (0: none)", status, tc.wantStatus)
				}
			})
		})
	}
}

func TestFaultResetBeforeHeaders(t *testing.T) {
	t.Run("retried then answered", func(t *testing.T) {
		checkNoLeaks(t)
		var n atomic.Int32
		ts := startServer(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) <= 2 {
				resetConnection(w)
				return
			}
			writeJSON(w, http.StatusOK, emptyPage)
		})
		c, _ := loopbackClient(t, ts.URL)
		_, _, err := historyWithin(t, t.Context(), c, 10*time.Second)
		if err != nil || n.Load() != 3 {
			t.Fatalf("err %v after %d requests, want success on the third", err, n.Load())
		}
	})
	t.Run("every time", func(t *testing.T) {
		checkNoLeaks(t)
		ts := startServer(t, func(w http.ResponseWriter, r *http.Request) { resetConnection(w) })
		c, tr := loopbackClient(t, ts.URL)
		_, _, err := historyWithin(t, t.Context(), c, 10*time.Second)
		var uerr *url.Error
		if !errors.As(err, &uerr) || !(errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF)) || isAPIError(err) {
			t.Fatalf("err = %v, want the transport's connection reset", err)
		}
		if n := tr.calls.Load(); n != 3 {
			t.Fatalf("%d attempts, want 3", n)
		}
	})
	t.Run("POST is not retried", func(t *testing.T) {
		checkNoLeaks(t)
		ts := startServer(t, func(w http.ResponseWriter, r *http.Request) { resetConnection(w) })
		c, tr := loopbackClient(t, ts.URL)
		_, err := c.Logout(t.Context())
		if err == nil || isAPIError(err) || tr.calls.Load() != 1 {
			t.Fatalf("err %v after %d attempts, want a transport error after 1", err, tr.calls.Load())
		}
	})
}

func TestFaultResetMidBody(t *testing.T) {
	t.Run("once, in memory", func(t *testing.T) {
		checkNoLeaks(t)
		synctest.Test(t, func(t *testing.T) {
			f := newFakeSDK(t, 30)
			f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.ResetMidBody())
			page, _, err := f.history(t.Context())
			if err != nil || len(page.History) != 30 || f.requests() != 2 {
				t.Fatalf("err %v after %d requests, want the page on the second", err, f.requests())
			}
		})
	})
	t.Run("every time, in memory", func(t *testing.T) {
		checkNoLeaks(t)
		synctest.Test(t, func(t *testing.T) {
			f := newFakeSDK(t, 30, rocketchat.WithRetries(3, time.Second, 2*time.Second))
			f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.ResetMidBody().Repeat(rocketchattest.Forever))
			_, _, err := f.history(t.Context())
			if !errors.Is(err, syscall.ECONNRESET) || isAPIError(err) || f.requests() != 4 {
				t.Fatalf("err %v after %d requests, want ECONNRESET after 4", err, f.requests())
			}
		})
	})
	t.Run("once, over a socket", func(t *testing.T) {
		checkNoLeaks(t)
		srv, c, tr := managerOnSocket(t)
		rooms := seedRooms(srv, "v1", 30)
		srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.ResetMidBody())
		_, err := callWithin(t, 10*time.Second, func() error {
			page, _, err := omnichannel.New(c).Visitors.ChatHistory(t.Context(), rooms[0].ID, "v1", nil)
			if err == nil && len(page.History) != 30 {
				t.Errorf("%d rooms, want 30", len(page.History))
			}
			return err
		})
		if err != nil || tr.calls.Load() != 2 {
			t.Fatalf("err %v after %d attempts, want the page on the second", err, tr.calls.Load())
		}
	})
}

func TestFaultTruncatedJSON(t *testing.T) {
	checkNoLeaks(t)
	synctest.Test(t, func(t *testing.T) {
		f := newFakeSDK(t, 30)
		f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.TruncatedJSON())
		_, resp, err := f.history(t.Context())
		if !errors.Is(err, rocketchat.ErrMalformedResponse) || isAPIError(err) {
			t.Fatalf("err = %v, want ErrMalformedResponse", err)
		}
		if resp == nil || resp.StatusCode != http.StatusOK || f.requests() != 1 {
			t.Fatalf("resp %v after %d requests; want the 200 answer, not retried", resp, f.requests())
		}
	})
}

// endless answers status with a body that never ends: it writes until the
// client goes away.
func endless(status int) http.HandlerFunc {
	chunk := []byte(strings.Repeat(`{"_id":"room"},`, 1000))
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"history":[`)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
}

func TestFaultEndlessBody(t *testing.T) {
	for _, tc := range []struct {
		status    int
		target    error
		wantCalls int32
	}{
		{http.StatusOK, rocketchat.ErrResponseTooLarge, 1},
		{http.StatusNotFound, rocketchat.ErrNotFound, 1},         // the body cut at the cap
		{http.StatusServiceUnavailable, rocketchat.ErrServer, 3}, // retried; each body is capped
	} {
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			checkNoLeaks(t)
			ts := startServer(t, endless(tc.status))
			c, tr := loopbackClient(t, ts.URL, rocketchat.WithMaxResponseSize(256<<10, 16<<10))
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			_, _, err := historyWithin(t, ctx, c, 30*time.Second)
			if !errors.Is(err, tc.target) || errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want %v before the deadline", err, tc.target)
			}
			if n := tr.calls.Load(); n != tc.wantCalls {
				t.Fatalf("%d attempts, want %d", n, tc.wantCalls)
			}
		})
	}
}

func TestFaultHeadersAfterTheDeadline(t *testing.T) {
	t.Run("over a socket", func(t *testing.T) {
		checkNoLeaks(t)
		ts := startServer(t, func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // never answers
		})
		c, _ := loopbackClient(t, ts.URL)
		const deadline = 200 * time.Millisecond
		ctx, cancel := context.WithTimeout(t.Context(), deadline)
		defer cancel()
		took, resp, err := historyWithin(t, ctx, c, deadline+5*time.Second)
		var ce *rocketchat.CanceledError
		if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ce) || isAPIError(err) || resp != nil {
			t.Fatalf("err = %v, resp = %v; want a *CanceledError matching DeadlineExceeded with no answer", err, resp)
		}
		// DeadlineExceeded already says it did not give up early; the bound
		// (loose, for a real clock on a busy machine) says it did not hang on.
		if took > deadline+2*time.Second {
			t.Fatalf("returned %v after the call began, long past its %v deadline", took, deadline)
		}
	})
	t.Run("in a bubble", func(t *testing.T) {
		checkNoLeaks(t)
		synctest.Test(t, func(t *testing.T) {
			f := newFakeSDK(t, 5)
			f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.Latency(time.Hour))
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			start := time.Now()
			_, _, err := f.history(ctx)
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 30*time.Second {
				t.Fatalf("err %v after %v, want DeadlineExceeded at exactly 30s", err, time.Since(start))
			}
		})
	})
}

// trickle answers 200 and then one byte of whitespace every few
// milliseconds, until the client goes away.
func trickle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"history":[`)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			if _, err := io.WriteString(w, " "); err != nil {
				return
			}
		}
	}
}

func TestFaultTricklingBody(t *testing.T) {
	checkNoLeaks(t)
	ts := startServer(t, trickle)
	c, tr := loopbackClient(t, ts.URL)
	const deadline = 200 * time.Millisecond
	ctx, cancel := context.WithTimeout(t.Context(), deadline)
	defer cancel()
	took, _, err := historyWithin(t, ctx, c, deadline+5*time.Second)
	var ce *rocketchat.CanceledError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a *CanceledError matching DeadlineExceeded", err)
	}
	// The server answered 200: that is no API error, whatever the body.
	if isAPIError(err) || ce.Last != nil {
		t.Fatalf("err = %v; a 200 whose body was cut short by the deadline is reported as an API error", err)
	}
	if took > deadline+2*time.Second || tr.calls.Load() != 1 {
		t.Fatalf("returned %v after the call began, after %d attempts; want one attempt ended by its %v deadline", took, tr.calls.Load(), deadline)
	}
}
