package omnichannel_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// Benchmarks of the SDK against the baseline (baseline_test.go), run in one
// process so the ratios hold on a noisy machine. BENCHMARKS.md explains them;
// scripts/bench runs them several times and summarises with benchstat.

var fixture = sync.OnceValue(func() *synthetic {
	rooms := rocketchattest.GenerateRooms(models.RoomVisitor{ID: "visitor-1", Username: "guest-1", Token: "tok-1"}, 100, 7)
	s := &synthetic{}
	for _, r := range rooms {
		b, err := jsonx.Marshal(r)
		if err != nil {
			panic(err)
		}
		// Each room becomes a template whose ids can be renumbered: the
		// parts between its occurrences of the id.
		s.templates = append(s.templates, bytes.Split(b, []byte(r.ID)))
	}
	s.page = s.render(0, 100, 100)
	return s
})

// synthetic serves any number of rooms without storing them: room i is
// template i%100 with the id room-<i>. That keeps a 100,000-room history out
// of the heap being measured.
type synthetic struct {
	templates [][][]byte
	page      []byte // rooms 0-99 as one page
}

func (s *synthetic) render(offset, count, total int) []byte {
	var b bytes.Buffer
	s.write(&b, offset, count, total)
	return b.Bytes()
}

// write writes the page room by room without allocating, so that even an
// answer with every room (count=0) is never whole in memory, and the
// server's own garbage does not show in the client's heap figures.
func (s *synthetic) write(w io.Writer, offset, count, total int) {
	io.WriteString(w, `{"history":[`)
	end := min(offset+count, total)
	var id [32]byte
	for i := offset; i < end; i++ {
		if i > offset {
			io.WriteString(w, ",")
		}
		roomID := strconv.AppendInt(append(id[:0], "room-"...), int64(i), 10)
		for j, part := range s.templates[i%len(s.templates)] {
			if j > 0 {
				w.Write(roomID)
			}
			w.Write(part)
		}
	}
	fmt.Fprintf(w, `],"count":%d,"offset":%d,"total":%d,"success":true}`, max(end-offset, 0), offset, total)
}

// historyServer serves total rooms with the server's paging rules, after
// latency per request. Pages are rendered once and kept when cache is set,
// so the server's own work does not crowd the client's on a small machine.
func historyServer(b *testing.B, total int, latency time.Duration, cache bool) *httptest.Server {
	s := fixture()
	var mu sync.Mutex
	pages := map[[2]int][]byte{}
	render := func(offset, count int) []byte {
		mu.Lock()
		defer mu.Unlock()
		k := [2]int{offset, count}
		if pages[k] == nil {
			pages[k] = s.render(offset, count, total)
		}
		return pages[k]
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(latency) // the server's latency, not a wait for the test
		q := r.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		count := 50
		if c := q.Get("count"); c != "" {
			count, _ = strconv.Atoi(c)
		}
		switch {
		case count == 0:
			count = total
		case count > 100:
			count = 100
		}
		w.Header().Set("Content-Type", "application/json")
		if !cache {
			s.write(w, offset, count, total)
			return
		}
		w.Write(render(offset, count))
	}))
	b.Cleanup(srv.Close)
	return srv
}

func sdkClient(b *testing.B, url string) *rocketchat.Client {
	c, err := rocketchat.NewClient(url, rocketchat.WithToken("bot-1", "token-1"))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func baseline(url string) *baselineClient {
	return &baselineClient{http: &http.Client{}, base: url, userID: "bot-1", token: "token-1"}
}

// BenchmarkChatHistoryPage is the client-side cost of one 100-room page
// served from memory over loopback.
func BenchmarkChatHistoryPage(b *testing.B) {
	s := fixture()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(s.page)
	}))
	defer srv.Close()
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		v := omnichannel.New(sdkClient(b, srv.URL)).Visitors
		b.SetBytes(int64(len(s.page)))
		b.ReportAllocs()
		for b.Loop() {
			p, _, err := v.ChatHistory(ctx, "room-1", "visitor-1", &omnichannel.ChatHistoryOptions{Count: 100})
			if err != nil || len(p.History) != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=baseline", func(b *testing.B) {
		c := baseline(srv.URL)
		b.SetBytes(int64(len(s.page)))
		b.ReportAllocs()
		for b.Loop() {
			p, err := c.page(ctx, "room-1", "visitor-1", 0, 100)
			if err != nil || len(p.History) != 100 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecodePage isolates decoding: the same bytes into the SDK's
// types and into the baseline's.
func BenchmarkDecodePage(b *testing.B) {
	page := fixture().page
	b.Run("impl=sdk", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			var p omnichannel.ChatHistoryPage
			if err := jsonx.Unmarshal(page, &p); err != nil || len(p.History) != 100 {
				b.Fatal(err)
			}
		}
	})
	// One room in the page with a value that fits no Go type (msgs 2.5):
	// the page still decodes, the room member by member.
	misfit := bytes.Replace(page, []byte(`"msgs":`), []byte(`"msgs":2.5,"msgs0":`), 1)
	b.Run("impl=sdk-one-misfit", func(b *testing.B) {
		b.SetBytes(int64(len(misfit)))
		b.ReportAllocs()
		for b.Loop() {
			var p omnichannel.ChatHistoryPage
			if err := jsonx.Unmarshal(misfit, &p); err != nil || len(p.History) != 100 || len(p.History[0].Misfits()) != 1 {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=baseline", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			var p baselinePage
			if err := json.Unmarshal(page, &p); err != nil || len(p.History) != 100 {
				b.Fatal(err)
			}
		}
	})
	// The baseline with md kept raw too: what lazy markdown alone is worth.
	b.Run("impl=baseline-rawmd", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			var p baselineRawMDPage
			if err := json.Unmarshal(page, &p); err != nil || len(p.History) != 100 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkWalkLatency walks 10,000 rooms (100 pages) from a server that
// takes 20 ms per request and has no rate limit (as for a bot account).
// x-floor is the wall time over pages x latency / concurrency.
func BenchmarkWalkLatency(b *testing.B) {
	const total, latency = 10000, 20 * time.Millisecond
	srv := historyServer(b, total, latency, true)
	ctx := context.Background()
	floor := func(concurrency int) time.Duration {
		return time.Duration(total/100) * latency / time.Duration(concurrency)
	}
	for _, prefetch := range []int{0, 4, 9} {
		b.Run(fmt.Sprintf("impl=sdk-prefetch-%d", prefetch), func(b *testing.B) {
			v := omnichannel.New(sdkClient(b, srv.URL)).Visitors
			for b.Loop() {
				n := 0
				for _, err := range v.ChatHistoryAll(ctx, "room-1", "visitor-1", &omnichannel.ChatHistoryOptions{Prefetch: prefetch}) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != total {
					b.Fatalf("%d rooms", n)
				}
			}
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(floor(prefetch+1)), "x-floor")
		})
	}
	b.Run("impl=baseline", func(b *testing.B) {
		c := baseline(srv.URL)
		for b.Loop() {
			if n, err := c.walk(ctx, "room-1", "visitor-1", func(*baselineRoom) {}); err != nil || n != total {
				b.Fatal(n, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(floor(1)), "x-floor")
	})
}

// BenchmarkWalkRateLimited walks 25 pages from the fake server under the
// default limiter (10 calls per window), its window shortened from 60 s to
// 600 ms. The floor is two full windows. The baseline uses go-retryablehttp
// with its default policy, its waits scaled by the same factor.
func BenchmarkWalkRateLimited(b *testing.B) {
	const total, window = 2500, 600 * time.Millisecond
	ctx := context.Background()
	setup := func(b *testing.B) (*rocketchattest.Server, rocketchattest.Credentials, string) {
		srv, err := rocketchattest.Start(rocketchattest.WithRateLimit(10, window))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(srv.Close)
		cred := srv.AddUser(rocketchattest.User{Username: "agent", Roles: []string{"livechat-manager"}})
		rooms := srv.GenerateHistory("visitor-1", total, 7)
		return srv, cred, rooms[0].ID
	}
	report := func(b *testing.B, srv *rocketchattest.Server) {
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(2*window), "x-floor")
		b.ReportMetric(float64(srv.Stats(rocketchattest.AnyRoute).TooManyRequests)/float64(b.N), "429s/op")
	}
	b.Run("impl=sdk", func(b *testing.B) {
		srv, cred, roomID := setup(b)
		c, _ := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
		v := omnichannel.New(c).Visitors
		for b.Loop() {
			b.StopTimer()
			time.Sleep(window) // start each walk on a fresh window
			b.StartTimer()
			n := 0
			for _, err := range v.ChatHistoryAll(ctx, roomID, "visitor-1", nil) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != total {
				b.Fatalf("%d rooms", n)
			}
		}
		report(b, srv)
	})
	b.Run("impl=baseline-retryablehttp", func(b *testing.B) {
		srv, cred, roomID := setup(b)
		rc := retryablehttp.NewClient()
		rc.Logger = nil
		rc.RetryWaitMin = time.Duration(float64(rc.RetryWaitMin) * float64(window) / float64(time.Minute))
		rc.RetryWaitMax = time.Duration(float64(rc.RetryWaitMax) * float64(window) / float64(time.Minute))
		c := &baselineClient{http: rc.StandardClient(), base: srv.URL(), userID: cred.UserID, token: cred.AuthToken}
		failed := 0
		for b.Loop() {
			b.StopTimer()
			time.Sleep(window)
			b.StartTimer()
			if n, err := c.walk(ctx, roomID, "visitor-1", func(*baselineRoom) {}); err != nil || n != total {
				failed++
			}
		}
		report(b, srv)
		b.ReportMetric(float64(failed)/float64(b.N), "failed/op")
	})
}

// BenchmarkWalkMemory reports the peak live heap (after a GC every 100
// rooms) while walking histories of growing size, page by page and with
// everything in one answer (count=0).
func BenchmarkWalkMemory(b *testing.B) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		total int
		count int
	}{
		{"mode=paged/rooms=1000", 1000, 0}, {"mode=paged/rooms=10000", 10000, 0}, {"mode=paged/rooms=100000", 100000, 0},
		{"mode=all/rooms=1000", 1000, rocketchat.AllItems}, {"mode=all/rooms=10000", 10000, rocketchat.AllItems}, {"mode=all/rooms=100000", 100000, rocketchat.AllItems},
	} {
		b.Run(tc.name, func(b *testing.B) {
			total := tc.total
			srv := historyServer(b, total, 0, false)
			v := omnichannel.New(sdkClient(b, srv.URL)).Visitors
			var peak uint64
			var ms runtime.MemStats
			for b.Loop() {
				n := 0
				for _, err := range v.ChatHistoryAll(ctx, "room-1", "visitor-1", &omnichannel.ChatHistoryOptions{Count: tc.count}) {
					if err != nil {
						b.Fatal(err)
					}
					if n++; n%100 == 0 {
						runtime.GC()
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapAlloc)
					}
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
		})
	}
}
