package rocketchat_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

const testBase = "https://chat.example.com/prefix"

// newMockClient returns a client whose transport is an httpmock transport,
// under a non-empty base path so that an absolute-path mistake fails loudly.
func newMockClient(t *testing.T, opts ...rocketchat.Option) (*rocketchat.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	opts = append([]rocketchat.Option{
		rocketchat.WithToken("user-1", "secret-token-1"),
		rocketchat.WithHTTPClient(&http.Client{Transport: mt}),
	}, opts...)
	c, err := rocketchat.NewClient(testBase, opts...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, mt
}

// jsonResponder answers status with body as JSON.
func jsonResponder(status int, body string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(status, body)
		r.Header.Set("Content-Type", "application/json")
		return r, nil
	}
}

// limiter emulates Rocket.Chat's per-route limiter: limit calls per window,
// X-RateLimit-* headers with the reset in epoch milliseconds, and its 429
// body. It reads time.Now, so it runs on synctest's fake clock.
type limiter struct {
	mu       sync.Mutex
	limit    int
	window   time.Duration
	start    time.Time
	used     int
	calls    int
	rejected int
}

func (l *limiter) wrap(next httpmock.Responder) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		l.mu.Lock()
		now := time.Now()
		if l.start.IsZero() || !now.Before(l.start.Add(l.window)) {
			l.start, l.used = now, 0
		}
		l.calls++
		l.used++
		used, reset := l.used, l.start.Add(l.window)
		if used > l.limit {
			l.rejected++
		}
		l.mu.Unlock()
		var resp *http.Response
		if used > l.limit {
			wait := int(reset.Sub(now).Seconds() + 0.999)
			resp = httpmock.NewStringResponse(429, `{"success":false,"error":"Error, too many requests. Please slow down. You must wait `+strconv.Itoa(wait)+` seconds before trying this endpoint again. [error-too-many-requests]"}`)
		} else {
			var err error
			if resp, err = next(req); err != nil {
				return nil, err
			}
		}
		resp.Header.Set("X-RateLimit-Limit", strconv.Itoa(l.limit))
		resp.Header.Set("X-RateLimit-Remaining", strconv.Itoa(max(l.limit-used, 0)))
		resp.Header.Set("X-RateLimit-Reset", strconv.FormatInt(reset.UnixMilli(), 10))
		return resp, nil
	}
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }
