package rocketchat_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// Faults in what the server answers: storms and bursts of 5xx, waits too
// long to represent, and answers that are odd in status, type or bytes.

func TestFaultServerErrorStormLongerThanTheBudget(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fault   rocketchattest.Fault
		status  int
		message string
	}{
		{"503 JSON", rocketchattest.ServerErrors(http.StatusServiceUnavailable, 1), 503, "Service Unavailable"},
		{"502 HTML", rocketchattest.BadGatewayHTML(1), 502, "502 Bad Gateway"},
		{"504 HTML", rocketchattest.ServerErrors(http.StatusGatewayTimeout, 1), 504, "504 Gateway Timeout"},
		{"500 JSON", rocketchattest.ServerErrors(http.StatusInternalServerError, 1), 500, "Internal server error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			synctest.Test(t, func(t *testing.T) {
				f := newFakeSDK(t, 5, rocketchat.WithRetries(3, time.Second, 4*time.Second))
				f.srv.Inject(rocketchattest.RouteChatHistory, tc.fault.Repeat(rocketchattest.Forever))
				start := time.Now()
				_, resp, err := f.history(t.Context())
				var apiErr *rocketchat.APIError
				if !errors.Is(err, rocketchat.ErrServer) || !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status || resp.StatusCode != tc.status {
					t.Fatalf("err = %v, want ErrServer with status %d", err, tc.status)
				}
				if apiErr.Message != tc.message {
					t.Errorf("message %q, want %q", apiErr.Message, tc.message)
				}
				// Backoff with jitter: [0.5,1]s, [1,2]s, [2,4]s.
				if took := time.Since(start); f.requests() != 4 || took < 3500*time.Millisecond || took > 7*time.Second {
					t.Fatalf("%d requests in %v, want 4 within the backoff budget", f.requests(), took)
				}
			})
		})
	}
	t.Run("POST is not retried", func(t *testing.T) {
		checkNoLeaks(t)
		synctest.Test(t, func(t *testing.T) {
			f := newFakeSDK(t, 1)
			f.srv.Inject(rocketchattest.RouteLogout, rocketchattest.ServerErrors(http.StatusServiceUnavailable, 1).Repeat(rocketchattest.Forever))
			_, err := f.c.Logout(t.Context())
			if !errors.Is(err, rocketchat.ErrServer) || f.srv.Stats(rocketchattest.RouteLogout).Requests != 1 {
				t.Fatalf("err %v after %d requests, want ErrServer after 1", err, f.srv.Stats(rocketchattest.RouteLogout).Requests)
			}
		})
	})
}

func TestFaultServerErrorBurstWithinTheBudget(t *testing.T) {
	checkNoLeaks(t)
	synctest.Test(t, func(t *testing.T) {
		f := newFakeSDK(t, 5, rocketchat.WithRetries(4, time.Second, 4*time.Second))
		f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.ServerErrors(http.StatusServiceUnavailable, 2), rocketchattest.BadGatewayHTML(1).AfterCalls(2))
		page, _, err := f.history(t.Context())
		if err != nil || len(page.History) != 5 || f.requests() != 4 {
			t.Fatalf("err %v after %d requests, want the page on the fourth", err, f.requests())
		}
	})
}

func TestFaultRetryAfterTooLargeToRepresent(t *testing.T) {
	checkNoLeaks(t)
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t, rocketchat.WithRetries(2, time.Second, time.Second))
		// 1e10 seconds overflows a time.Duration.
		mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(503, `{"success":false,"error":"Service Unavailable"}`)
			r.Header.Set("Retry-After", "10000000000")
			return r, nil
		})
		_, _, err := getHistory(t.Context(), c)
		if !errors.Is(err, rocketchat.ErrServer) || mt.GetTotalCallCount() != 1 {
			t.Fatalf("err %v after %d calls; a wait longer than the client may wait must not be retried", err, mt.GetTotalCallCount())
		}
	})
}

// faultAnswer answers every call with status, content type and body.
func faultAnswer(status int, contentType, body string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(status, body)
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		return r, nil
	}
}

// nginx404Page is a proxy's 404 page, as nginx writes it.
const nginx404Page = "<!DOCTYPE html><html><head><TITLE>404 Not Found</TITLE></head><body>nginx</body></html>"

// oddAnswers are answers a server or a proxy may give that are not the
// page asked for, each with what the call must return.
var oddAnswers = []struct {
	name        string
	status      int
	contentType string
	body        string
	check       func(t *testing.T, page *omnichannel.ChatHistoryPage, err error)
}{
	{"HTML 404 page", 404, "text/html", nginx404Page, func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
		var apiErr *rocketchat.APIError
		if !errors.Is(err, rocketchat.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Message != "404 Not Found" {
			t.Fatalf("err = %v, want ErrNotFound saying the page's title", err)
		}
	}},
	{"200 with success:false", 200, "application/json", `{"success":false,"error":"Not allowed [error-not-allowed]"}`, func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
		var apiErr *rocketchat.APIError
		if !errors.Is(err, rocketchat.ErrNotAllowed) || !errors.As(err, &apiErr) || apiErr.StatusCode != 200 || apiErr.Message != "Not allowed" {
			t.Fatalf("err = %v, want ErrNotAllowed from a 200", err)
		}
	}},
	{"200 with status:error", 200, "application/json", `{"status":"error","message":"You must be logged in to do this."}`, func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
		if !isAPIError(err) || !strings.Contains(err.Error(), "You must be logged in") {
			t.Fatalf("err = %v, want an *APIError with the server's message", err)
		}
	}},
	{"200 empty", 200, "application/json", "", func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
		if !errors.Is(err, rocketchat.ErrMalformedResponse) || isAPIError(err) {
			t.Fatalf("err = %v, want ErrMalformedResponse", err)
		}
	}},
	{"401 empty", 401, "", "", func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
		var apiErr *rocketchat.APIError
		if !errors.Is(err, rocketchat.ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Message != "Unauthorized" {
			t.Fatalf("err = %v, want ErrUnauthorized", err)
		}
	}},
	{"200 HTML page", 200, "text/html; charset=utf-8", nginx404Page, func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
		if !errors.Is(err, rocketchat.ErrMalformedResponse) || !strings.Contains(err.Error(), "text/html") {
			t.Fatalf("err = %v, want ErrMalformedResponse naming the content type", err)
		}
	}},
	{"200 JSON labelled text/plain", 200, "text/plain", emptyPage, func(t *testing.T, page *omnichannel.ChatHistoryPage, err error) {
		if err != nil || page.Total != 0 {
			t.Fatalf("err = %v; a JSON body is read whatever its label", err)
		}
	}},
	{"200 with invalid UTF-8", 200, "application/json", "{\"history\":[{\"_id\":\"r\xff1\",\"fname\":\"Jo\xc3\x28n\"}],\"count\":1,\"offset\":0,\"total\":1,\"success\":true}", func(t *testing.T, page *omnichannel.ChatHistoryPage, err error) {
		if err != nil {
			t.Fatal(err)
		}
		r := page.History[0]
		if !utf8.ValidString(r.ID) || !utf8.ValidString(r.FName) || !strings.ContainsRune(r.FName, utf8.RuneError) {
			t.Fatalf("room %q %q, want the invalid bytes replaced by U+FFFD", r.ID, r.FName)
		}
	}},
	{"400 with invalid UTF-8", 400, "application/json", "{\"success\":false,\"error\":\"bad \xff input [invalid-params]\"}", func(t *testing.T, _ *omnichannel.ChatHistoryPage, err error) {
		if !errors.Is(err, rocketchat.ErrInvalidParams) || !utf8.ValidString(err.Error()) {
			t.Fatalf("err = %q, want ErrInvalidParams as valid UTF-8", err)
		}
	}},
}

func TestFaultOddAnswers(t *testing.T) {
	for _, tc := range oddAnswers {
		t.Run(tc.name, func(t *testing.T) {
			checkNoLeaks(t)
			c, mt := newMockClient(t, rocketchat.WithRetries(0, 0, 0))
			mt.RegisterNoResponder(faultAnswer(tc.status, tc.contentType, tc.body))
			page, resp, err := getHistory(t.Context(), c)
			if resp == nil || resp.StatusCode != tc.status || mt.GetTotalCallCount() != 1 {
				t.Fatalf("resp %v after %d calls, want the %d answer", resp, mt.GetTotalCallCount(), tc.status)
			}
			tc.check(t, page, err)
		})
	}
}

func TestDecodedValuesOutliveTheResponseBuffers(t *testing.T) {
	checkNoLeaks(t)
	c, mt := newMockClient(t, rocketchat.WithRetries(0, 0, 0))
	// Answers of the same length, so a buffer read for one is reused for
	// the next; each fills every member that keeps raw bytes.
	body := func(fill string) string {
		x := strings.Repeat(fill, 64)
		return `{"history":[{"_id":"r-` + x + `","t":"l","fname":"` + x + `","crmData":{"k":"` + x + `"},"custom":"` + x +
			`","livechatData":{"f":"` + x + `"},"lastMessage":{"_id":"m","rid":"r","msg":"` + x + `","md":[{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"` + x +
			`"}]}],"extra":{"v":"` + x + `"}}}],"count":1,"offset":0,"total":1,"success":true}`
	}
	errBody := func(fill string) string {
		return `{"success":false,"error":"` + strings.Repeat(fill, 64) + ` [invalid-params]","details":{"d":"` + strings.Repeat(fill, 64) + `"}}`
	}
	var next atomic.Value
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		b := next.Load().(string)
		status := 200
		if strings.Contains(b, `"success":false`) {
			status = 400
		}
		return jsonResponder(status, b)(nil)
	})
	next.Store(body("A"))
	first, _, err := getHistory(t.Context(), c)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(first)
	if err != nil {
		t.Fatal(err)
	}
	next.Store(errBody("A"))
	_, _, firstErr := getHistory(t.Context(), c)
	var firstAPI *rocketchat.APIError
	if !errors.As(firstErr, &firstAPI) {
		t.Fatalf("err = %v, want an *APIError", firstErr)
	}
	wantErr, wantBody := firstErr.Error(), string(firstAPI.Body)
	for i := range 20 {
		fill := string(rune('B' + i))
		next.Store(body(fill))
		if _, _, err := getHistory(t.Context(), c); err != nil {
			t.Fatal(err)
		}
		next.Store(errBody(fill))
		_, _, _ = getHistory(t.Context(), c)
	}
	if got, _ := json.Marshal(first); string(got) != string(want) {
		t.Fatalf("a page decoded earlier changed when later answers were read:\n%s\nwas\n%s", got, want)
	}
	if firstErr.Error() != wantErr || string(firstAPI.Body) != wantBody || firstAPI.Details["d"] != strings.Repeat("A", 64) {
		t.Fatalf("an error changed when later answers were read: %v", firstErr)
	}
}
