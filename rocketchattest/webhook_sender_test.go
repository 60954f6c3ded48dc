package rocketchattest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// receiver is a webhook endpoint that answers from a script of statuses
// (200 after the script ends) and records what it got.
type receiver struct {
	mu       sync.Mutex
	statuses []int
	answer   string
	got      []*http.Request
	bodies   []string
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.got = append(r.got, req)
	r.bodies = append(r.bodies, string(body))
	status := http.StatusOK
	if len(r.statuses) > 0 {
		status, r.statuses = r.statuses[0], r.statuses[1:]
	}
	answer := r.answer
	r.mu.Unlock()
	w.WriteHeader(status)
	_, _ = io.WriteString(w, answer)
}

func sender(r http.Handler, secret string, opts ...rocketchattest.WebhookOption) *rocketchattest.WebhookSender {
	opts = append([]rocketchattest.WebhookOption{rocketchattest.WithWebhookHTTPClient(rocketchattest.HandlerClient(r))}, opts...)
	return rocketchattest.NewWebhookSender("https://crm.example.com/rocketchat", secret, opts...)
}

func statuses(d *rocketchattest.WebhookDelivery) []int {
	var out []int
	for _, a := range d.Attempts {
		out = append(out, a.Status)
	}
	return out
}

// TestWebhookSenderRetrySchedule checks the server's schedule: 5 attempts,
// 4 × the timeout apart, on 5xx, 429 and timeouts; other statuses end the
// delivery at once; only 200 delivers.
func TestWebhookSenderRetrySchedule(t *testing.T) {
	for _, tc := range []struct {
		name      string
		script    []int
		want      []int
		delivered bool
	}{
		{"200 at once", nil, []int{200}, true},
		{"500 then 200", []int{500, 500}, []int{500, 500, 200}, true},
		{"429 and 503 are retried", []int{429, 503, 502}, []int{429, 503, 502, 200}, true},
		{"five 500s: dropped", []int{500, 500, 500, 500, 500, 200}, []int{500, 500, 500, 500, 500}, false},
		{"201 is a failure, not retried", []int{201}, []int{201}, false},
		{"204 is a failure, not retried", []int{204}, []int{204}, false},
		{"404 is not retried", []int{404}, []int{404}, false},
		{"401 is not retried", []int{401}, []int{401}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := &receiver{statuses: tc.script, answer: `{"ticket":"T-1"}`}
				s := sender(r, "s3cr3t", rocketchattest.WithWebhookTimeout(3*time.Second))
				start := time.Now()
				d, err := s.SessionStart(t.Context(), baseRoom(), nil)
				if got := statuses(d); !slices.Equal(got, tc.want) {
					t.Fatalf("attempts answered %v, want %v", got, tc.want)
				}
				for i, a := range d.Attempts {
					if want := start.Add(time.Duration(i) * 12 * time.Second); !a.At.Equal(want) {
						t.Errorf("attempt %d at +%v, want +%v", i+1, a.At.Sub(start), want.Sub(start))
					}
				}
				if d.Delivered != tc.delivered || (err == nil) != tc.delivered {
					t.Errorf("Delivered = %v, err = %v; want delivered %v", d.Delivered, err, tc.delivered)
				}
				if !tc.delivered && !errors.Is(err, rocketchattest.ErrWebhookNotDelivered) {
					t.Errorf("err = %v, want ErrWebhookNotDelivered", err)
				}
				if _, stored := s.CRMData(roomID); stored != tc.delivered {
					t.Errorf("crmData stored = %v, want %v", stored, tc.delivered)
				}
				if len(s.Deliveries()) != 1 || len(r.got) != len(tc.want) {
					t.Errorf("%d deliveries recorded, %d requests received", len(s.Deliveries()), len(r.got))
				}
			})
		})
	}
}

func TestWebhookSenderTimeoutIsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls++; calls == 1 {
				<-r.Context().Done() // answer after the sender gave up
				return
			}
			_, _ = io.WriteString(w, "{}")
		})
		s := sender(h, "s3cr3t")
		start := time.Now()
		d, err := s.SessionStart(t.Context(), baseRoom(), nil)
		if err != nil || len(d.Attempts) != 2 {
			t.Fatalf("err = %v, %d attempts", err, len(d.Attempts))
		}
		if first := d.Attempts[0]; first.Status != 0 || !errors.Is(first.Err, context.DeadlineExceeded) {
			t.Errorf("first attempt: status %d, err %v; want a timeout", first.Status, first.Err)
		}
		// The attempt took the 5 s timeout, then the sender waited 20 s.
		if got := d.Attempts[1].At.Sub(start); got != 25*time.Second {
			t.Errorf("second attempt at +%v, want +25s", got)
		}
	})
}

func TestWebhookSenderHeaders(t *testing.T) {
	for _, secret := range []string{"s3cr3t", ""} {
		r := &receiver{}
		s := sender(r, secret)
		if _, err := s.SessionStart(t.Context(), baseRoom(), nil); err != nil {
			t.Fatal(err)
		}
		h := r.got[0].Header
		if got, sent := h["X-Rocketchat-Livechat-Token"]; (secret != "") != sent || (sent && got[0] != secret) {
			t.Errorf("secret %q: token header %q (sent %v)", secret, got, sent)
		}
		if h.Get("Content-Type") != "application/json" || r.got[0].Method != http.MethodPost {
			t.Errorf("%s with Content-Type %q", r.got[0].Method, h.Get("Content-Type"))
		}
		if !strings.HasPrefix(h.Get("User-Agent"), "node-fetch/") {
			t.Errorf("User-Agent %q", h.Get("User-Agent"))
		}
	}
}

// TestWebhookSenderCRMDataRoundTrip checks that a 200 answer is stored as
// the room's crmData, as text, and sent back with the room's next events;
// an empty answer is stored but not sent; other rooms do not get it.
func TestWebhookSenderCRMDataRoundTrip(t *testing.T) {
	r := &receiver{answer: `{"ticket":"T-77"}`}
	s := sender(r, "s3cr3t")
	s.AddVisitor(ana)
	room := baseRoom()
	if _, err := s.SessionStart(t.Context(), room, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.bodies[0], "crmData") {
		t.Errorf("first event carries crmData: %s", r.bodies[0])
	}
	room.ServedBy = johnServes
	if _, err := s.SessionTaken(t.Context(), room, []models.Message{visitorHi}); err != nil {
		t.Fatal(err)
	}
	if want := `"crmData":"{\"ticket\":\"T-77\"}","type":"LivechatSessionTaken"`; !strings.Contains(r.bodies[1], want) {
		t.Errorf("second event: %s\nwant it to contain %s", r.bodies[1], want)
	}
	if text, _ := s.CRMData(roomID); text != `{"ticket":"T-77"}` {
		t.Errorf("stored crmData %q", text)
	}
	other := baseRoom()
	other.ID = "otherRoom00000001"
	if _, err := s.SessionStart(t.Context(), other, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.bodies[2], "crmData") {
		t.Errorf("another room's event carries crmData: %s", r.bodies[2])
	}
	r.answer = ""
	if _, err := s.NewMessage(t.Context(), room, johnAsks); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NewMessage(t.Context(), room, johnAsks); err != nil {
		t.Fatal(err)
	}
	if text, ok := s.CRMData(roomID); !ok || text != "" || strings.Contains(r.bodies[4], "crmData") {
		t.Errorf("after an empty answer: stored %q (%v); next event %s", text, ok, r.bodies[4])
	}
	if _, err := s.OfflineMessage(t.Context(), rocketchattest.WebhookOfflineForm{Name: "Ana"}); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.CRMData(""); ok {
		t.Error("an offline message's answer was stored")
	}
}

// TestWebhookSenderFireAndClose checks that Fire does not wait, Wait waits
// for the retries, and Close cancels pending retries.
func TestWebhookSenderFireAndClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := &receiver{statuses: []int{500, 500}}
		s := sender(r, "s3cr3t")
		p, err := rocketchattest.BuildWebhookPayload("LivechatSessionStart", rocketchattest.WebhookSource{Room: baseRoom()})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		s.Fire(p)
		s.Wait()
		if d := s.Deliveries(); len(d) != 1 || !d[0].Delivered || time.Since(start) != 40*time.Second {
			t.Fatalf("after Wait: %+v at +%v", d, time.Since(start))
		}

		r.statuses = []int{500, 500, 500}
		s.Fire(p)
		synctest.Wait() // the first attempt failed; a retry is pending
		s.Close()
		if d := s.Deliveries(); len(d) != 2 || d[1].Delivered || len(d[1].Attempts) != 1 {
			t.Errorf("after Close: %+v", d[1])
		}
		if time.Since(start) != 40*time.Second {
			t.Errorf("Close waited %v for the retry", time.Since(start)-40*time.Second)
		}
	})
}

func TestWebhookSenderOverLoopback(t *testing.T) {
	r := &receiver{}
	ts := httptest.NewServer(r)
	defer ts.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	s := rocketchattest.NewWebhookSender(ts.URL, "s3cr3t", rocketchattest.WithWebhookHTTPClient(&http.Client{Transport: tr}))
	d, err := s.LeadCapture(t.Context(), baseRoom())
	if err != nil || !d.Delivered || len(r.got) != 1 {
		t.Fatalf("err %v, delivery %+v", err, d)
	}
}

// orderProbe is a receiver whose event "first" waits for the event
// "second":
// delivered one at a time, the first attempt of the first event times out;
// delivered as a server does, both go through.
type orderProbe struct {
	second chan struct{}
}

func (o *orderProbe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if strings.Contains(string(body), "second") {
		close(o.second)
		return
	}
	select {
	case <-o.second:
	case <-r.Context().Done():
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
}

// By default the first attempts go out one at a time, so the first event
// blocks the second until it times out; WithWebhookConcurrentDelivery sends
// them at once, so they overlap as a server's do.
func TestWebhookConcurrentDelivery(t *testing.T) {
	for _, concurrent := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			probe := &orderProbe{second: make(chan struct{})}
			opts := []rocketchattest.WebhookOption{}
			if concurrent {
				opts = append(opts, rocketchattest.WithWebhookConcurrentDelivery())
			}
			s := sender(probe, "", opts...)
			defer s.Close()
			s.Fire(rocketchattest.BuildOfflineWebhookPayload(rocketchattest.WebhookOfflineForm{Name: "first"}, time.Now()))
			s.Fire(rocketchattest.BuildOfflineWebhookPayload(rocketchattest.WebhookOfflineForm{Name: "second"}, time.Now()))
			s.Wait()
			firstAttempts := 0
			for _, d := range s.Deliveries() {
				if !d.Delivered {
					t.Errorf("concurrent %v: %s not delivered", concurrent, d.Body)
				}
				if strings.Contains(string(d.Body), "first") {
					firstAttempts = len(d.Attempts)
				}
			}
			if want := map[bool]int{false: 2, true: 1}[concurrent]; firstAttempts != want {
				t.Errorf("concurrent %v: the first event took %d attempts, want %d", concurrent, firstAttempts, want)
			}
		})
	}
}
