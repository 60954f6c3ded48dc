package rocketchat

import (
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// FuzzParseRate feeds any X-RateLimit-* headers to the parser and the pacer:
// neither may panic, a parsed rate holds exactly the header values, and the
// pacer never asks for a negative wait or one past the window's reset.
func FuzzParseRate(f *testing.F) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	f.Add("10", "0", strconv.FormatInt(now.Add(30*time.Second).UnixMilli(), 10), int64(0))
	f.Add("10", "9", strconv.FormatInt(now.Unix()+60, 10), int64(0)) // epoch seconds
	f.Add("10", "0", "1", int64(5))
	f.Add("0", "0", "0", int64(0))
	f.Add("-1", "5", "9223372036854775807", int64(0))
	f.Add("+10", " 1", "1e3", int64(-1))
	f.Add("99999999999999999999", "1", "100000000000", int64(1))
	f.Fuzz(func(t *testing.T, limit, remaining, reset string, elapsedMs int64) {
		h := http.Header{}
		h.Set("X-RateLimit-Limit", limit)
		h.Set("X-RateLimit-Remaining", remaining)
		h.Set("X-RateLimit-Reset", reset)
		rate, ok := parseRate(h)
		l, err1 := strconv.Atoi(limit)
		r, err2 := strconv.Atoi(remaining)
		ms, err3 := strconv.ParseInt(reset, 10, 64)
		want := err1 == nil && err2 == nil && err3 == nil && l >= 0 && r >= 0 && ms >= 0
		if ok != want {
			t.Fatalf("parseRate(%q, %q, %q) ok = %v, want %v", limit, remaining, reset, ok, want)
		}
		if !ok {
			if !rate.IsZero() {
				t.Fatalf("a failed parse returned %+v", rate)
			}
			return
		}
		if rate.Limit != l || rate.Remaining != r {
			t.Fatalf("parseRate(%q, %q) = %d, %d", limit, remaining, rate.Limit, rate.Remaining)
		}
		if (ms < 1e11 && !rate.Reset.Equal(time.Unix(ms, 0))) || (ms >= 1e11 && !rate.Reset.Equal(time.UnixMilli(ms))) {
			t.Fatalf("reset %q read as %v", reset, rate.Reset)
		}

		p := newPacer()
		p.update("GET x", rate)
		at := now.Add(time.Duration(elapsedMs) * time.Millisecond)
		for range 3 {
			d, _, news := p.reserve("GET x", at, false)
			if news != nil && d != 0 {
				t.Fatalf("rate %+v at %v: both a wait %v and a wait for news", rate, at, d)
			}
			if d < 0 {
				t.Fatalf("rate %+v at %v: negative wait %v", rate, at, d)
			}
			if d > 0 && d != rate.Reset.Add(paceMargin).Sub(at) {
				t.Fatalf("rate %+v at %v: wait %v, want until the reset", rate, at, d)
			}
		}
	})
}

// FuzzServerHint checks the wait read from Retry-After and X-RateLimit-Reset,
// and the backoff built on it: no panic, no overflow into a negative wait,
// never above the ceiling.
func FuzzServerHint(f *testing.F) {
	f.Add(429, "", "10", "0", "1748779230000", int64(time.Second), int64(30*time.Second), 3, int64(2*time.Minute))
	f.Add(503, "7", "", "", "", int64(500*time.Millisecond), int64(30*time.Second), 0, int64(2*time.Minute))
	f.Add(503, "Wed, 21 Oct 2015 07:28:00 GMT", "", "", "", int64(0), int64(0), 1, int64(0))
	f.Add(429, "10000000000", "", "", "", int64(1), int64(math.MaxInt64), 70, int64(math.MaxInt64))
	f.Add(502, "-1", "10", "0", "1", int64(time.Hour), int64(math.MaxInt64/2+1), 5, int64(time.Minute))
	f.Fuzz(func(t *testing.T, status int, retryAfter, limit, remaining, reset string, lo, hi int64, n int, ceiling int64) {
		resp := &http.Response{StatusCode: status, Header: http.Header{}}
		resp.Header.Set("Retry-After", retryAfter)
		resp.Header.Set("X-RateLimit-Limit", limit)
		resp.Header.Set("X-RateLimit-Remaining", remaining)
		resp.Header.Set("X-RateLimit-Reset", reset)
		now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
		hint, ok := serverHint(resp, now)
		if s, err := strconv.Atoi(retryAfter); err == nil && s >= 0 {
			want := time.Duration(math.MaxInt64)
			if int64(s) <= math.MaxInt64/int64(time.Second) {
				want = time.Duration(s) * time.Second
			}
			if !ok || hint != want {
				t.Fatalf("Retry-After %q: hint %v, %v; want %v", retryAfter, hint, ok, want)
			}
		}
		if _, err := http.ParseTime(retryAfter); err == nil && (!ok || hint < 0) {
			t.Fatalf("Retry-After %q: hint %v, %v; want a wait >= 0", retryAfter, hint, ok)
		}

		// The retry policy's limits, as WithRetries and WithMaxRetryWait
		// accept them.
		lo, hi, ceiling = abs(lo), abs(hi), abs(ceiling)
		if hi < lo {
			lo, hi = hi, lo
		}
		n = min(abs(n), 1000)
		d := backoff(time.Duration(lo), time.Duration(hi), n, resp, time.Duration(ceiling), now)
		if d < 0 || d > time.Duration(ceiling) {
			t.Fatalf("backoff(%v, %v, %d, ceiling %v) = %v", time.Duration(lo), time.Duration(hi), n, time.Duration(ceiling), d)
		}
		if !ok || hint <= 0 {
			if d > time.Duration(hi) {
				t.Fatalf("backoff(%v, %v, %d) = %v, above its maximum", time.Duration(lo), time.Duration(hi), n, d)
			}
		}
	})
}

// abs is |v|, with the most negative value (which has no positive
// counterpart) mapped to the largest.
func abs[T int | int64](v T) T {
	switch {
	case v >= 0:
		return v
	case -v < 0: // v is the most negative value
		return -(v + 1)
	}
	return -v
}
