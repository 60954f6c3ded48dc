package export

import (
	"testing"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

func TestETAFollowsTheRateLimitWindows(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	clock := func() time.Time { return now }
	tr := newTracker(clock, 1)
	tr.start(State{}, 100, "GET livechat/rooms", "GET livechat/{rid}/messages")
	if p := tr.snapshot(); p.Total != 100 || p.ETA <= 0 {
		t.Fatalf("before any request: %+v", p)
	}
	// The list came in one call, and the first room's messages opened a
	// window of a minute with 9 calls left.
	tr.attempt(rocketchat.Attempt{Method: "GET", Route: "livechat/rooms", Number: 1, Status: 200, Duration: 20 * time.Millisecond})
	tr.listDone()
	tr.attempt(rocketchat.Attempt{Method: "GET", Route: "livechat/{rid}/messages", Number: 1, Status: 200, Duration: 10 * time.Millisecond,
		Rate: rocketchat.Rate{Limit: 10, Remaining: 9, Reset: now.Add(time.Minute - 10*time.Millisecond)}})
	tr.exported(12, false)
	p := tr.snapshot()
	// 99 rooms left, one call each: 9 in this window, then 90 in nine more
	// windows, the ninth opening 8 minutes after this one ends (9 minutes
	// from now), and taking 10 calls of 10 ms.
	if want := 9*time.Minute - 10*time.Millisecond + 10*10*time.Millisecond; p.ETA != want {
		t.Errorf("ETA = %v, want about %v", p.ETA, want)
	}
	if p.Conversations != 1 || p.Messages != 12 || p.Requests != 2 {
		t.Errorf("figures = %+v", p)
	}

	// A rate-limit wait shows as a countdown until it ends.
	done := tr.waitStarted(rocketchat.Wait{Method: "GET", Route: "livechat/{rid}/messages", Reason: rocketchat.WaitPacing,
		Duration: 42 * time.Second, Until: now.Add(42 * time.Second)})
	now = now.Add(2 * time.Second)
	if p := tr.snapshot(); p.Waiting != 40*time.Second || p.WaitRoute != "GET livechat/{rid}/messages" {
		t.Errorf("waiting = %v on %q", p.Waiting, p.WaitRoute)
	}
	done()
	if p := tr.snapshot(); p.Waiting != 0 {
		t.Errorf("the wait ended, still waiting %v", p.Waiting)
	}
	// A retry after a 5xx is no rate-limit wait.
	if tr.waitStarted(rocketchat.Wait{Reason: rocketchat.WaitRetry, Status: 503, Duration: time.Second}) != nil {
		t.Error("a retry after a 503 was taken for a rate-limit wait")
	}
}

func TestETAWithoutALimitIsTheWork(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	tr := newTracker(func() time.Time { return now }, 4)
	tr.start(State{Exported: 20, Messages: 400}, 120, "GET livechat/rooms", "GET livechat/{rid}/messages")
	tr.listDone()
	tr.attempt(rocketchat.Attempt{Method: "GET", Route: "livechat/{rid}/messages", Status: 200, Duration: 40 * time.Millisecond})
	tr.exported(5, false)
	// 99 rooms left at 40 ms each, four at a time.
	if p := tr.snapshot(); p.ETA != 99*40*time.Millisecond/4 || p.Conversations != 21 || p.Messages != 405 {
		t.Errorf("progress = %+v, want ETA %v", p, 99*40*time.Millisecond/4)
	}
}
