package rocketchat_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

func TestAttemptObserverSeesEveryAttempt(t *testing.T) {
	var mu sync.Mutex
	var seen []rocketchat.Attempt
	c, mt := newMockClient(t, rocketchat.WithRetries(3, 0, 0), rocketchat.WithAttemptObserver(func(a rocketchat.Attempt) {
		mu.Lock()
		seen = append(seen, a)
		mu.Unlock()
	}))
	calls := 0
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		calls++
		switch calls {
		case 1:
			return nil, syscall.ECONNRESET
		case 2:
			return jsonResponder(503, `{"success":false,"error":"Service Unavailable"}`)(req)
		}
		r, _ := jsonResponder(200, `{"history":[],"count":0,"offset":0,"total":0,"success":true}`)(req)
		r.Header.Set("X-RateLimit-Limit", "10")
		r.Header.Set("X-RateLimit-Remaining", "7")
		r.Header.Set("X-RateLimit-Reset", "1900000000000")
		return r, nil
	})
	if _, _, err := omnichannel.New(c).Visitors.ChatHistory(context.Background(), "room/1", "v1", nil); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 {
		t.Fatalf("observed %d attempts, want 3: %+v", len(seen), seen)
	}
	route := "livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}"
	for i, a := range seen {
		if a.Number != i+1 || a.Method != http.MethodGet || a.Route != route || a.Duration < 0 {
			t.Errorf("attempt %d = %+v", i+1, a)
		}
	}
	if !errors.Is(seen[0].Err, syscall.ECONNRESET) || seen[0].Status != 0 {
		t.Errorf("first attempt = %+v, want the transport error", seen[0])
	}
	if seen[1].Status != 503 || seen[1].Err != nil {
		t.Errorf("second attempt = %+v, want 503", seen[1])
	}
	if seen[2].Status != 200 || seen[2].Rate.Limit != 10 || seen[2].Rate.Remaining != 7 ||
		!seen[2].Rate.Reset.Equal(time.UnixMilli(1900000000000)) {
		t.Errorf("third attempt = %+v, want 200 with its rate", seen[2])
	}
}

// Observers add up: a client derived with With calls its parent's observers,
// then its own, so a library that adds its own (the export's progress) does
// not silence the caller's.
func TestObserversAddUpAcrossWith(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var seen []string
		note := func(s string) {
			mu.Lock()
			seen = append(seen, s)
			mu.Unlock()
		}
		parent, mt := newMockClient(t, rocketchat.WithRetries(1, time.Second, time.Second),
			rocketchat.WithAttemptObserver(func(rocketchat.Attempt) { note("parent attempt") }),
			rocketchat.WithWaitObserver(func(rocketchat.Wait) func() {
				note("parent wait")
				return func() { note("parent done") }
			}))
		child, err := parent.With(
			rocketchat.WithAttemptObserver(func(rocketchat.Attempt) { note("child attempt") }),
			rocketchat.WithWaitObserver(func(rocketchat.Wait) func() {
				note("child wait")
				return func() { note("child done") }
			}))
		if err != nil {
			t.Fatal(err)
		}
		calls := 0
		mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
			if calls++; calls == 1 {
				return jsonResponder(503, `{"success":false}`)(req)
			}
			return jsonResponder(200, `{"success":true}`)(req)
		})
		if _, _, err := rocketchat.Do[struct{}](context.Background(), child, rocketchat.Call{Method: "GET", Route: "me"}); err != nil {
			t.Fatal(err)
		}
		want := "parent attempt,child attempt,parent wait,child wait,parent done,child done,parent attempt,child attempt"
		if got := strings.Join(seen, ","); got != want {
			t.Errorf("observed\n %s\nwant\n %s", got, want)
		}
		// The parent is not changed: it calls its own observers only.
		seen, calls = nil, 1
		if _, _, err := rocketchat.Do[struct{}](context.Background(), parent, rocketchat.Call{Method: "GET", Route: "me"}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(seen, ","); got != "parent attempt" {
			t.Errorf("the parent observed %s", got)
		}
	})
}

// Siblings derived from one client keep their own observers.
func TestSiblingClientsKeepTheirOwnObservers(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	note := func(s string) func(rocketchat.Attempt) {
		return func(rocketchat.Attempt) {
			mu.Lock()
			seen = append(seen, s)
			mu.Unlock()
		}
	}
	parent, mt := newMockClient(t, rocketchat.WithAttemptObserver(note("p1")),
		rocketchat.WithAttemptObserver(note("p2")), rocketchat.WithAttemptObserver(note("p3")))
	mt.RegisterNoResponder(jsonResponder(200, `{"success":true}`))
	a, _ := parent.With(rocketchat.WithAttemptObserver(note("a")))
	b, _ := parent.With(rocketchat.WithAttemptObserver(note("b")))
	for _, c := range []*rocketchat.Client{a, b} {
		if _, _, err := rocketchat.Do[struct{}](context.Background(), c, rocketchat.Call{Method: "GET", Route: "me"}); err != nil {
			t.Fatal(err)
		}
	}
	if got := strings.Join(seen, ","); got != "p1,p2,p3,a,p1,p2,p3,b" {
		t.Errorf("observed %s", got)
	}
}
