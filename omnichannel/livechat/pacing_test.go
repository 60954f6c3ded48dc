package livechat_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel/livechat"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// livechat/room allows 5 calls a minute, livechat/config the default 10:
// the client learns each route's limit from its own answers and paces each
// by it, drawing no 429. In a synctest bubble the minute costs nothing.
func TestPacingAFivePerMinuteRouteBesideATenPerMinuteOne(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), // the real limits and window
			rocketchattest.WithSetting("Livechat_accept_chats_with_no_agents", true))
		var mu sync.Mutex
		var waits []rocketchat.Wait
		c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithHTTPClient(srv.HTTPClient()),
			rocketchat.WithWaitObserver(func(w rocketchat.Wait) func() {
				mu.Lock()
				defer mu.Unlock()
				waits = append(waits, w)
				return nil
			}))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := livechat.NewSession(c, livechat.NewToken())
		ctx := context.Background()
		if _, _, err := s.Register(ctx, &livechat.RegisterOptions{Name: "Maria"}); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		took := func(f func() error) time.Duration {
			t.Helper()
			before := time.Now()
			if err := f(); err != nil {
				t.Fatal(err)
			}
			return time.Since(before)
		}
		room := func() error { _, _, err := s.Room(ctx, nil); return err }
		config := func() error { _, _, err := s.Config(ctx, nil); return err }
		for i := range 5 {
			if d := took(room); d != 0 {
				t.Fatalf("room call %d waited %v", i+1, d)
			}
		}
		for i := range 10 {
			if d := took(config); d != 0 {
				t.Fatalf("config call %d waited %v beside a used-up room route", i+1, d)
			}
		}
		if d := took(room); d < 59*time.Second || d > 61*time.Second {
			t.Fatalf("the sixth room call waited %v; want the rest of the minute", d)
		}
		if d := took(config); d != 0 {
			t.Fatalf("the eleventh config call waited %v after its window ended", d)
		}
		for _, r := range []string{rocketchattest.RouteWidgetRoom, rocketchattest.RouteWidgetConfig} {
			if st := srv.Stats(r); st.TooManyRequests != 0 {
				t.Fatalf("%s: %d answers 429", r, st.TooManyRequests)
			}
		}
		if len(waits) != 1 || waits[0].Route != "livechat/room" || waits[0].Reason != rocketchat.WaitPacing {
			t.Fatalf("waits %+v; want one pacing wait on livechat/room", waits)
		}
		if time.Since(start) > 61*time.Second {
			t.Fatalf("took %v", time.Since(start))
		}
	})
}
