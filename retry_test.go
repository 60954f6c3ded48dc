package rocketchat_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// sequence answers with the responders in turn, repeating the last.
func sequence(rs ...httpmock.Responder) (httpmock.Responder, *int) {
	n := new(int)
	return func(req *http.Request) (*http.Response, error) {
		i := min(*n, len(rs)-1)
		*n++
		return rs[i](req)
	}, n
}

func rateLimited(reset time.Time) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(429, `{"success":false,"error":"Error, too many requests. Please slow down. You must wait 30 seconds before trying this endpoint again. [error-too-many-requests]"}`)
		r.Header.Set("X-RateLimit-Limit", "10")
		r.Header.Set("X-RateLimit-Remaining", "0")
		r.Header.Set("X-RateLimit-Reset", strconv.FormatInt(reset.UnixMilli(), 10))
		return r, nil
	}
}

func chatHistory(c *rocketchat.Client) (*omnichannel.ChatHistoryPage, *rocketchat.Response, error) {
	return omnichannel.New(c).Visitors.ChatHistory(context.Background(), "r1", "v1", nil)
}

func TestRetry429WaitsForTheResetThenSucceeds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t)
		start := time.Now()
		reset := start.Add(30 * time.Second)
		seq, n := sequence(rateLimited(reset), jsonResponder(200, emptyPage))
		mt.RegisterNoResponder(seq)
		if _, _, err := chatHistory(c); err != nil {
			t.Fatal(err)
		}
		waited := time.Since(start)
		if *n != 2 || waited < 30*time.Second || waited > 31*time.Second {
			t.Fatalf("%d calls, waited %v; want 2 calls and a wait until the reset (30s)", *n, waited)
		}
	})
}

func TestRetryAfterHeaderWins(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t)
		start := time.Now()
		seq, _ := sequence(func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(503, `Service Unavailable`)
			r.Header.Set("Retry-After", "7")
			return r, nil
		}, jsonResponder(200, emptyPage))
		mt.RegisterNoResponder(seq)
		if _, _, err := chatHistory(c); err != nil {
			t.Fatal(err)
		}
		if w := time.Since(start); w != 7*time.Second {
			t.Fatalf("waited %v, want Retry-After's 7s", w)
		}
	})
}

func TestRateLimitResetTooFarIsReturnedNotSlept(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t, rocketchat.WithMaxRetryWait(time.Minute))
		start := time.Now()
		reset := start.Add(3 * time.Hour)
		seq, n := sequence(rateLimited(reset))
		mt.RegisterNoResponder(seq)
		_, resp, err := chatHistory(c)
		var rle *rocketchat.RateLimitError
		if !errors.As(err, &rle) || !errors.Is(err, rocketchat.ErrRateLimited) {
			t.Fatalf("err = %v, want *RateLimitError", err)
		}
		if rle.Limit != 10 || rle.Remaining != 0 || !rle.Reset.Equal(reset.Truncate(time.Millisecond)) || rle.RetryAfter < 2*time.Hour {
			t.Errorf("rate error %+v, want limit 10, remaining 0, the reset 3h away", rle)
		}
		var apiErr *rocketchat.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Code != "error-too-many-requests" {
			t.Errorf("the 429 answer is not reachable: %v", apiErr)
		}
		if *n != 1 || time.Since(start) != 0 || resp.StatusCode != 429 {
			t.Fatalf("%d calls, waited %v; want one call and no wait", *n, time.Since(start))
		}

		// The pacer now knows the window is used up: the next call is
		// refused locally instead of drawing another 429.
		_, _, err = chatHistory(c)
		if !errors.As(err, &rle) || rle.Err != nil || *n != 1 {
			t.Fatalf("second call: err %v after %d calls; want a local *RateLimitError and no request", err, *n)
		}
	})
}

func TestRetryPolicyByMethodAndStatus(t *testing.T) {
	cases := []struct {
		name      string
		method    string
		status    int
		opts      []rocketchat.Option
		wantCalls int
	}{
		{"GET 503 is retried", "GET", 503, nil, 3},
		{"GET 502 is retried", "GET", 502, nil, 3},
		{"GET 504 is retried", "GET", 504, nil, 3},
		{"GET 500 is retried", "GET", 500, nil, 3},
		{"GET 400 is not", "GET", 400, nil, 1},
		{"GET 401 is not", "GET", 401, nil, 1},
		{"POST 503 is not", "POST", 503, nil, 1},
		{"POST 500 is not", "POST", 500, nil, 1},
		{"POST 429 is", "POST", 429, nil, 3},
		{"POST 503 with opt-in is", "POST", 503, []rocketchat.Option{rocketchat.WithRetryNonIdempotent()}, 3},
		{"POST 500 with opt-in is", "POST", 500, []rocketchat.Option{rocketchat.WithRetryNonIdempotent()}, 3},
		{"DELETE 500 is not", "DELETE", 500, nil, 1},
		{"DELETE 503 is", "DELETE", 503, nil, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				opts := append([]rocketchat.Option{rocketchat.WithRetries(2, time.Second, 4*time.Second), rocketchat.WithoutPacing()}, tc.opts...)
				c, mt := newMockClient(t, opts...)
				mt.RegisterNoResponder(jsonResponder(tc.status, `{"success":false,"error":"x"}`))
				call := rocketchat.Call{Method: tc.method, Route: "livechat/anything"}
				_, resp, err := rocketchat.Do[struct{}](context.Background(), c, call)
				if err == nil || resp == nil || resp.StatusCode != tc.status {
					t.Fatalf("err %v resp %v; want the final %d answer as an error", err, resp, tc.status)
				}
				if got := mt.GetTotalCallCount(); got != tc.wantCalls {
					t.Fatalf("%d calls, want %d", got, tc.wantCalls)
				}
			})
		})
	}
}

func TestTransportErrorsRetriedOnlyForIdempotentMethods(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t, rocketchat.WithRetries(2, time.Second, time.Second))
		mt.RegisterNoResponder(httpmock.NewErrorResponder(io.ErrUnexpectedEOF))
		_, resp, err := rocketchat.Do[struct{}](context.Background(), c, rocketchat.Call{Method: "GET", Route: "me"})
		if !errors.Is(err, io.ErrUnexpectedEOF) || resp != nil || mt.GetTotalCallCount() != 3 {
			t.Fatalf("GET: err %v after %d calls, want the transport error after 3", err, mt.GetTotalCallCount())
		}
		mt.ZeroCallCounters()
		_, _, err = rocketchat.Do[struct{}](context.Background(), c, rocketchat.Call{Method: "POST", Route: "x", Body: map[string]int{"a": 1}})
		if !errors.Is(err, io.ErrUnexpectedEOF) || mt.GetTotalCallCount() != 1 {
			t.Fatalf("POST: err %v after %d calls, want 1 call", err, mt.GetTotalCallCount())
		}
	})
}

func TestBodyCutOffMidwayIsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t)
		seq, n := sequence(func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(200, "")
			r.Body = io.NopCloser(io.MultiReader(stringsReader(`{"history":[`), errReader{io.ErrUnexpectedEOF}))
			return r, nil
		}, jsonResponder(200, emptyPage))
		mt.RegisterNoResponder(seq)
		if _, _, err := chatHistory(c); err != nil || *n != 2 {
			t.Fatalf("err %v after %d calls, want success on the second", err, *n)
		}
	})
}

func TestContextCancelledWhileWaitingKeepsLastAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(10*time.Second, cancel)
		mt.RegisterNoResponder(rateLimited(time.Now().Add(time.Minute)))
		_, resp, err := omnichannel.New(c).Visitors.ChatHistory(ctx, "r1", "v1", nil)
		var ce *rocketchat.CanceledError
		if !errors.Is(err, context.Canceled) || !errors.As(err, &ce) {
			t.Fatalf("err = %v, want a *CanceledError matching Canceled", err)
		}
		var rle *rocketchat.RateLimitError
		if !errors.As(err, &rle) || rle.Err == nil || rle.Err.StatusCode != 429 || !errors.Is(err, rocketchat.ErrRateLimited) {
			t.Fatalf("err = %v; the last answer (429) must still be reachable", err)
		}
		if resp == nil || resp.StatusCode != 429 {
			t.Fatalf("resp = %v, want the last answer", resp)
		}
		if mt.GetTotalCallCount() != 1 {
			t.Fatalf("%d calls", mt.GetTotalCallCount())
		}
	})
}

// A 429 whose window resets after the context's deadline cannot be retried
// in time: the call fails at once with the *RateLimitError, instead of
// sleeping until the deadline and returning only DeadlineExceeded.
func TestRetry429PastTheDeadlineFailsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var waits []rocketchat.Wait
		c, mt := newMockClient(t, rocketchat.WithWaitObserver(func(w rocketchat.Wait) func() {
			waits = append(waits, w)
			return nil
		}))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		start := time.Now()
		reset := start.Add(time.Minute)
		mt.RegisterNoResponder(rateLimited(reset))
		_, resp, err := omnichannel.New(c).Visitors.ChatHistory(ctx, "r1", "v1", nil)
		var rle *rocketchat.RateLimitError
		if !errors.As(err, &rle) || rle.Err == nil || errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the 429's *RateLimitError, not DeadlineExceeded", err)
		}
		if time.Since(start) != 0 || mt.GetTotalCallCount() != 1 || len(waits) != 0 {
			t.Fatalf("returned after %v, %d calls and %d waits; want at once after one call", time.Since(start), mt.GetTotalCallCount(), len(waits))
		}
		if rle.RetryAfter != time.Minute+10*time.Millisecond || !rle.Reset.Equal(reset) || resp.StatusCode != 429 {
			t.Fatalf("rate error %+v, want the reset a minute away", rle)
		}
	})
}

func TestRetriesRunOutOnAStorm(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t, rocketchat.WithRetries(3, time.Second, 8*time.Second))
		start := time.Now()
		mt.RegisterNoResponder(jsonResponder(503, `<html><title>503 Service Unavailable</title></html>`))
		_, _, err := chatHistory(c)
		var apiErr *rocketchat.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Message != "503 Service Unavailable" {
			t.Fatalf("err = %v", err)
		}
		// Exponential with jitter: waits of [0.5,1]s, [1,2]s, [2,4]s.
		if w := time.Since(start); mt.GetTotalCallCount() != 4 || w < 3500*time.Millisecond || w > 7*time.Second {
			t.Fatalf("%d calls in %v, want 4 calls with capped exponential waits", mt.GetTotalCallCount(), w)
		}
	})
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
