package rocketchat_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// historyResponder serves n rooms of one visitor with the server's paging:
// count default 50, clamped to 100, total of all.
func historyResponder(n int) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		count := 50
		if s := q.Get("count"); s != "" {
			count, _ = strconv.Atoi(s)
		}
		if count > 100 || count == 0 {
			count = 100
		}
		var b strings.Builder
		b.WriteString(`{"history":[`)
		end := min(offset+count, n)
		for i := offset; i < end; i++ {
			if i > offset {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"_id":"room-%05d","t":"l","ts":"2024-01-01T00:00:00.000Z","msgs":3,"v":{"_id":"v1","username":"guest-1","token":"tok"}}`, i)
		}
		fmt.Fprintf(&b, `],"count":%d,"offset":%d,"total":%d,"success":true}`, max(end-offset, 0), offset, n)
		return jsonResponder(200, b.String())(req)
	}
}

func TestWalkUnderDefaultLimiterDrawsNo429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t)
		lim := &limiter{limit: 10, window: time.Minute}
		mt.RegisterNoResponder(lim.wrap(historyResponder(2500)))
		start := time.Now()
		n := 0
		for room, err := range omnichannel.New(c).Visitors.ChatHistoryAll(context.Background(), "r1", "v1", nil) {
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("room-%05d", n); room.ID != want {
				t.Fatalf("item %d is %s, want %s", n, room.ID, want)
			}
			n++
		}
		took := time.Since(start)
		if n != 2500 || lim.calls != 25 || lim.rejected != 0 {
			t.Fatalf("%d rooms, %d calls, %d rejected; want 2500 rooms in 25 calls and no 429", n, lim.calls, lim.rejected)
		}
		// 25 calls at 10 per minute: the limiter's floor is two full windows.
		if floor := 2 * time.Minute; took < floor || took > floor+time.Second {
			t.Fatalf("walk took %v; the limiter allows %v", took, floor)
		}
	})
}

func TestSharedClientPacesConcurrentCallers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t)
		lim := &limiter{limit: 10, window: time.Minute}
		mt.RegisterNoResponder(lim.wrap(historyResponder(10)))
		// Learn the window's state from one call first.
		if _, _, err := chatHistory(c); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if _, _, err := chatHistory(c); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if lim.rejected != 0 || lim.calls != 21 {
			t.Fatalf("%d calls, %d rejected; want 21 calls and no 429 from goroutines sharing the client", lim.calls, lim.rejected)
		}
	})
}

func TestResponseCarriesRateState(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t)
		lim := &limiter{limit: 10, window: time.Minute}
		mt.RegisterNoResponder(lim.wrap(historyResponder(1)))
		_, resp, err := chatHistory(c)
		if err != nil {
			t.Fatal(err)
		}
		want := rocketchat.Rate{Limit: 10, Remaining: 9, Reset: time.Now().Add(time.Minute)}
		if resp.Rate.Limit != want.Limit || resp.Rate.Remaining != want.Remaining || !resp.Rate.Reset.Equal(want.Reset) {
			t.Fatalf("rate %+v, want %+v", resp.Rate, want)
		}
	})
}
