package rocketchat_test

import (
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// Rate limits: storms of 429, resets hours away, and the pacing of calls
// while a window's reset is not known yet.

// tooMany answers 429 with the server's body and, when withHeaders, the
// X-RateLimit-* headers with the window resetting at reset(now).
func tooMany(calls *atomic.Int32, withHeaders bool, reset func(now time.Time) time.Time) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		r := httpmock.NewStringResponse(http.StatusTooManyRequests, `{"success":false,"error":"Error, too many requests. Please slow down. You must wait 10 seconds before trying this endpoint again. [error-too-many-requests]"}`)
		r.Header.Set("Content-Type", "application/json")
		if withHeaders {
			setRateHeaders(r.Header, 10, 0, reset(time.Now()))
		}
		return r, nil
	}
}

func TestFaultTooManyRequestsStorm(t *testing.T) {
	inTen := func(now time.Time) time.Time { return now.Add(10 * time.Second) }
	anHourAgo := func(now time.Time) time.Time { return now.Add(-time.Hour) }
	for _, tc := range []struct {
		name             string
		headers          bool
		reset            func(time.Time) time.Time
		minWait, maxWait time.Duration
		wantLimit        int
	}{
		// Each retry waits for the reset the server announced.
		{"with headers", true, inTen, 20 * time.Second, 21 * time.Second, 10},
		// No hint: capped exponential backoff, [0.5,1]s then [1,2]s.
		{"without headers", false, nil, 1500 * time.Millisecond, 3 * time.Second, 0},
		// A reset in the past is no reason to hammer the server.
		{"reset in the past", true, anHourAgo, 1500 * time.Millisecond, 3 * time.Second, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			synctest.Test(t, func(t *testing.T) {
				c, mt := newMockClient(t, rocketchat.WithRetries(2, time.Second, 4*time.Second))
				var calls atomic.Int32
				mt.RegisterNoResponder(tooMany(&calls, tc.headers, tc.reset))
				start := time.Now()
				_, resp, err := getHistory(t.Context(), c)
				took := time.Since(start)
				var rle *rocketchat.RateLimitError
				if !errors.As(err, &rle) || !errors.Is(err, rocketchat.ErrRateLimited) || rle.Err == nil || rle.Err.StatusCode != 429 || resp.StatusCode != 429 {
					t.Fatalf("err = %v, want a *RateLimitError carrying the 429", err)
				}
				if rle.Limit != tc.wantLimit || rle.RetryAfter < 0 {
					t.Errorf("rate error %+v, want limit %d", rle, tc.wantLimit)
				}
				if calls.Load() != 3 || took < tc.minWait || took > tc.maxWait {
					t.Fatalf("%d calls in %v, want 3 in [%v, %v]", calls.Load(), took, tc.minWait, tc.maxWait)
				}
			})
		})
	}
}

func TestFaultTooManyRequestsResetHoursAway(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header func(h http.Header, now time.Time)
	}{
		{"X-RateLimit-Reset", func(h http.Header, now time.Time) { setRateHeaders(h, 10, 0, now.Add(3*time.Hour)) }},
		{"Retry-After seconds", func(h http.Header, now time.Time) { h.Set("Retry-After", "10800") }},
		{"Retry-After date", func(h http.Header, now time.Time) {
			h.Set("Retry-After", now.Add(3*time.Hour).UTC().Format(http.TimeFormat))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			synctest.Test(t, func(t *testing.T) {
				c, mt := newMockClient(t)
				mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
					r := httpmock.NewStringResponse(429, `{"success":false,"error":"Error, too many requests. [error-too-many-requests]"}`)
					tc.header(r.Header, time.Now())
					return r, nil
				})
				start := time.Now()
				_, _, err := getHistory(t.Context(), c)
				var rle *rocketchat.RateLimitError
				if !errors.As(err, &rle) || time.Since(start) != 0 || mt.GetTotalCallCount() != 1 {
					t.Fatalf("err %v after %v and %d calls, want a *RateLimitError at once", err, time.Since(start), mt.GetTotalCallCount())
				}
				if rle.RetryAfter < 3*time.Hour-time.Second || rle.RetryAfter > 3*time.Hour+time.Second {
					t.Fatalf("RetryAfter %v, want the 3h the server asked for", rle.RetryAfter)
				}
			})
		})
	}
}

// TestPacingWhenAWindowsResetIsNotKnownYet covers the moment a window is used
// up by calls still in flight, the first of a window the client opened when
// the last one ended: later calls wait for an answer to say when the window
// resets rather than draw a 429, and go ahead after a second if none comes.
func TestPacingWhenAWindowsResetIsNotKnownYet(t *testing.T) {
	for _, tc := range []struct {
		name     string
		inFlight func(now time.Time) (*http.Response, error) // the answer to the call in flight
		wantWait time.Duration                               // how long the next call waits
	}{
		{"an answer says when", func(now time.Time) (*http.Response, error) {
			return rateAnswer(1, 0, now.Add(10*time.Second)), nil
		}, 10*time.Second + 10*time.Millisecond},
		{"no answer comes", func(time.Time) (*http.Response, error) {
			return nil, errors.New("connection lost")
		}, time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			synctest.Test(t, func(t *testing.T) {
				c, mt := newMockClient(t, rocketchat.WithRetries(0, 0, 0))
				release := make(chan struct{})
				var calls atomic.Int32
				mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
					switch calls.Add(1) {
					case 1: // learn the window: one call per 10s
						return rateAnswer(1, 0, time.Now().Add(10*time.Second)), nil
					case 2: // the first call of the next window, held in flight
						<-release
						return tc.inFlight(time.Now())
					}
					return rateAnswer(1, 0, time.Now().Add(10*time.Second)), nil
				})
				if _, _, err := getHistory(t.Context(), c); err != nil {
					t.Fatal(err)
				}
				time.Sleep(11 * time.Second) // the window resets
				done := make(chan error, 2)
				go func() { _, _, err := getHistory(t.Context(), c); done <- err }()
				synctest.Wait() // the first call of the new window is in flight
				start := time.Now()
				var waited time.Duration
				go func() {
					_, _, err := getHistory(t.Context(), c)
					waited = time.Since(start)
					done <- err
				}()
				synctest.Wait()
				if n := calls.Load(); n != 2 {
					t.Fatalf("%d calls sent; the window is used up, the third must wait", n)
				}
				close(release)
				<-done
				if err := <-done; err != nil {
					t.Fatal(err)
				}
				if waited != tc.wantWait || calls.Load() != 3 {
					t.Fatalf("the third call went after %v (%d calls), want %v", waited, calls.Load(), tc.wantWait)
				}
			})
		})
	}
}

// rateAnswer is an empty page with the given rate-limit headers.
func rateAnswer(limit, remaining int, reset time.Time) *http.Response {
	r := httpmock.NewStringResponse(http.StatusOK, emptyPage)
	r.Header.Set("Content-Type", "application/json")
	setRateHeaders(r.Header, limit, remaining, reset)
	return r
}

// setRateHeaders sets the X-RateLimit-* headers as Rocket.Chat writes them,
// the reset in epoch milliseconds.
func setRateHeaders(h http.Header, limit, remaining int, reset time.Time) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.UnixMilli(), 10))
}
