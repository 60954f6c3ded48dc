package rocketchattest_test

import (
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// TestWebhookTestButton checks the request of POST livechat/webhook.test:
// one attempt, even on a 5xx, the token header even when empty, Accept:
// application/json, and no crmData stored.
func TestWebhookTestButton(t *testing.T) {
	for _, tc := range []struct {
		name, secret string
		status       int
	}{
		{"200", "s3cr3t", 200},
		{"500 is not retried", "s3cr3t", 500},
		{"empty secret still sends the header", "", 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := &receiver{statuses: []int{tc.status}}
				s := sender(r, tc.secret)
				d, err := s.Test(t.Context())
				if (err == nil) != (tc.status == 200) || len(d.Attempts) != 1 || len(r.got) != 1 {
					t.Fatalf("err %v, %d attempts, %d requests", err, len(d.Attempts), len(r.got))
				}
				h := r.got[0].Header
				if tok, sent := h["X-Rocketchat-Livechat-Token"]; !sent || tok[0] != tc.secret {
					t.Errorf("token header %q (sent %v)", tok, sent)
				}
				if h.Get("Accept") != "application/json" {
					t.Errorf("Accept %q", h.Get("Accept"))
				}
				if _, ok := s.CRMData("fasd6f5a4sd6f8a4sdf"); ok {
					t.Error("the test's answer was stored")
				}
			})
		})
	}
}

func TestWebhookTestButtonTimesOutAfter20s(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
		s := sender(h, "s3cr3t", rocketchattest.WithWebhookTimeout(time.Minute))
		start := time.Now()
		if _, err := s.Test(t.Context()); err == nil || time.Since(start) != 20*time.Second {
			t.Errorf("err %v after %v; want a failure after 20s", err, time.Since(start))
		}
	})
}

func TestWebhookTestResponder(t *testing.T) {
	for _, tc := range []struct {
		name, url  string
		status     int
		wantStatus int
		wantBody   string
	}{
		{"webhook answers 200", "https://crm.example.com/hook", 200, 200, `{"success":true}`},
		{"webhook answers 500", "https://crm.example.com/hook", 500, 400, `{"success":false,"error":"error-invalid-webhook-response"}`},
		{"webhook answers 204", "https://crm.example.com/hook", 204, 400, `{"success":false,"error":"error-invalid-webhook-response"}`},
		{"no URL set", "", 200, 400, `{"success":false,"error":"Webhook_URL_not_set"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &receiver{statuses: []int{tc.status}}
			s := rocketchattest.NewWebhookSender(tc.url, "s3cr3t", rocketchattest.WithWebhookHTTPClient(rocketchattest.HandlerClient(r)))
			mt := httpmock.NewMockTransport()
			mt.RegisterResponder(http.MethodPost, rocketchattest.WebhookTestPattern, rocketchattest.WebhookTestResponder(s))
			resp, body := call(t, &http.Client{Transport: mt}, http.MethodPost, "https://chat.example.com/api/v1/livechat/webhook.test",
				rocketchattest.Credentials{}, "")
			if resp.StatusCode != tc.wantStatus || body != tc.wantBody {
				t.Errorf("%d %s; want %d %s", resp.StatusCode, body, tc.wantStatus, tc.wantBody)
			}
			if wantCalls := map[bool]int{true: 1, false: 0}[tc.url != ""]; len(r.got) != wantCalls {
				t.Errorf("webhook called %d times, want %d", len(r.got), wantCalls)
			}
		})
	}
}
