package rocketchat_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"syscall"
	"testing"
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
