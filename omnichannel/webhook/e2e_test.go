package webhook_test

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/webhook"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// recorder is a webhook function that records the events it gets and fails
// the first failures calls.
type recorder struct {
	mu       sync.Mutex
	events   []webhook.Event
	failures int
	panics   bool
	answer   func(webhook.Event) any
}

func (r *recorder) fn(_ ctx, ev webhook.Event) (any, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	if r.failures > 0 {
		r.failures--
		if r.panics {
			panic("crm down")
		}
		return nil, errors.New("crm down")
	}
	if r.answer != nil {
		return r.answer(ev), nil
	}
	return nil, nil
}

// pair is a sender delivering to a handler in memory.
func pair(t testing.TB, r *recorder, senderSecret string) *rocketchattest.WebhookSender {
	h := newHandler(t, secret, r.fn, webhook.WithLogger(discard))
	s := rocketchattest.NewWebhookSender("https://crm.example.com/rocketchat", senderSecret,
		rocketchattest.WithWebhookHTTPClient(rocketchattest.HandlerClient(h)))
	s.AddVisitor(ana)
	s.AddAgent(john)
	s.AddAgent(mary)
	return s
}

// TestRetriesEndToEnd checks that a failing function makes the server try
// again on its schedule, and that every attempt carries the same delivery
// key, so that the receiver can drop the repeats.
func TestRetriesEndToEnd(t *testing.T) {
	for _, panics := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			r := &recorder{failures: 2, panics: panics}
			s := pair(t, r, secret)
			start := time.Now()
			d, err := s.NewMessage(t.Context(), room(), hello)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, a := range d.Attempts {
				got = append(got, a.Status)
			}
			if !slices.Equal(got, []int{500, 500, 200}) || time.Since(start) != 40*time.Second {
				t.Errorf("panics %v: attempts %v, delivered after %v; want [500 500 200] after 40s", panics, got, time.Since(start))
			}
			if len(r.events) != 3 {
				t.Fatalf("the function ran %d times", len(r.events))
			}
			seen := map[string]bool{}
			for _, ev := range r.events {
				seen[ev.DeliveryKey()] = true
			}
			if len(seen) != 1 {
				t.Errorf("%d keys for one event", len(seen))
			}
		})
	}
}

// TestWrongSecretEndToEnd checks that a server with another secret gets
// 401, which it does not retry.
func TestWrongSecretEndToEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{}
		for _, other := range []string{"another", ""} {
			d, err := pair(t, r, other).SessionStart(t.Context(), room(), nil)
			if !errors.Is(err, rocketchattest.ErrWebhookNotDelivered) || len(d.Attempts) != 1 || d.Attempts[0].Status != 401 {
				t.Errorf("secret %q: err %v, attempts %+v", other, err, d.Attempts)
			}
		}
		if len(r.events) != 0 {
			t.Errorf("the function ran %d times", len(r.events))
		}
	})
}

type ticket struct {
	Ticket string `json:"ticket"`
}

// TestCRMDataRoundTrip checks that what the function answers comes back in
// the room's later events, through the sender storing it as the server
// does, and stays there when the function answers nil.
func TestCRMDataRoundTrip(t *testing.T) {
	var seen []string
	r := &recorder{answer: func(ev webhook.Event) any {
		if _, ok := ev.(*webhook.SessionStart); ok {
			return ticket{Ticket: "T-" + ev.RoomID()[:4]}
		}
		return nil
	}}
	s := pair(t, r, secret)
	ctx := t.Context()
	rm := room()
	must := func(_ *rocketchattest.WebhookDelivery, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.SessionStart(ctx, rm, nil))
	rm.ServedBy = johnServes
	must(s.SessionTaken(ctx, rm, []models.Message{hello}))
	must(s.NewMessage(ctx, rm, asks))
	rm.Open, rm.ClosedAt, rm.Closer = false, closing.Timestamp, models.CloserUser
	must(s.SessionClosed(ctx, rm, transcript))
	for _, ev := range r.events[1:] {
		var tk ticket
		crm := webhook.SessionOf(ev).CRMData
		if err := crm.Decode(&tk); err != nil {
			t.Fatalf("%s: %v (crmData %s)", ev.EventType(), err, crm)
		}
		seen = append(seen, tk.Ticket)
	}
	if want := []string{"T-Rb7q", "T-Rb7q", "T-Rb7q"}; !slices.Equal(seen, want) {
		t.Errorf("tickets seen %q, want %q", seen, want)
	}
	if text, _ := s.CRMData(rm.ID); text != `{"ticket":"T-Rb7q"}` {
		t.Errorf("stored %q", text)
	}
	if !webhook.SessionOf(r.events[0]).CRMData.IsZero() {
		t.Error("the first event carried crmData")
	}
}

func TestTestButtonEndToEnd(t *testing.T) {
	r := &recorder{}
	d, err := pair(t, r, secret).Test(t.Context())
	if err != nil || !d.Delivered || len(r.events) != 1 {
		t.Fatalf("err %v, %d events", err, len(r.events))
	}
	if e, ok := r.events[0].(*webhook.SessionClosed); !ok || !e.IsTest() {
		t.Errorf("%T, want a test *SessionClosed", r.events[0])
	}
}
