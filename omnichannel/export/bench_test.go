package export

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// BenchmarkExportRateLimited exports conversations from the fake server
// under the default limiter (10 calls per window per route), its window
// scaled from a minute down to 500 ms. floor-busiest is the wall time over
// the floor of the busiest route (its calls / 10 windows, less the first
// window's, which go at once); floor-sum is over the sum of both routes'
// floors, what fetching them one after the other would take. With count=0
// the list is one call and each room's messages one call. Paged (the server
// refuses count=0, and its pages here hold 10 items), the list takes a call
// per 10 rooms and each room's messages a call per 10 messages, so both
// routes have windows to wait for.
func BenchmarkExportRateLimited(b *testing.B) {
	const window = 500 * time.Millisecond
	for _, tc := range []struct {
		name     string
		rooms    int
		infinite bool
	}{{"mode=count0/rooms=120", 120, true}, {"mode=paged/rooms=120", 120, false}} {
		b.Run(tc.name, func(b *testing.B) {
			opts := []rocketchattest.Option{rocketchattest.WithRateLimit(10, window), rocketchattest.WithInfiniteCount(tc.infinite)}
			if !tc.infinite {
				opts = append(opts, rocketchattest.WithPageLimits(10, 10))
			}
			srv, err := rocketchattest.Start(opts...)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(srv.Close)
			cred := srv.AddUser(rocketchattest.User{Username: "archiver", Roles: []string{"livechat-manager"}})
			for i := range tc.rooms / 10 {
				srv.GenerateHistory(fmt.Sprintf("visitor-%d", i), 10, int64(i), rocketchattest.OpenRooms(0))
			}
			c, _ := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
			sel := Selection{Rooms: &omnichannel.RoomsOptions{Open: new(false)}}
			var calls map[string]int
			for b.Loop() {
				b.StopTimer()
				time.Sleep(window) // start on fresh windows
				before := map[string]int{"rooms": srv.Stats(rocketchattest.RouteRooms).Requests, "msgs": srv.Stats(rocketchattest.RouteRoomMessages).Requests}
				b.StartTimer()
				res, err := Run(context.Background(), c, sel, WriterSink(io.Discard), nil)
				if err != nil || res.Conversations != tc.rooms {
					b.Fatalf("%v: %+v", err, res)
				}
				calls = map[string]int{
					"rooms": srv.Stats(rocketchattest.RouteRooms).Requests - before["rooms"],
					"msgs":  srv.Stats(rocketchattest.RouteRoomMessages).Requests - before["msgs"],
				}
			}
			floor := func(n int) time.Duration { return time.Duration(max((n+9)/10-1, 0)) * window }
			busiest := max(floor(calls["rooms"]), floor(calls["msgs"]))
			per := float64(b.Elapsed()) / float64(b.N)
			b.ReportMetric(per/float64(busiest), "floor-busiest")
			b.ReportMetric(per/float64(floor(calls["rooms"])+floor(calls["msgs"])), "floor-sum")
			b.ReportMetric(float64(calls["rooms"]), "list-calls")
			b.ReportMetric(float64(calls["msgs"]), "message-calls")
			b.ReportMetric(float64(srv.Stats(rocketchattest.AnyRoute).TooManyRequests)/float64(b.N), "429s/op")
		})
	}
}

// BenchmarkExportMemory exports 1,000 and 10,000 conversations of 30
// messages each from a server that makes them up as it writes them (so it
// holds none), and reports the export's peak live heap.
func BenchmarkExportMemory(b *testing.B) {
	for _, rooms := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("rooms=%d", rooms), func(b *testing.B) {
			srv := archiveServer(b, rooms, 30)
			c, _ := rocketchat.NewClient(srv.URL, rocketchat.WithToken("bot-1", "token-1"))
			var peak uint64
			var ms runtime.MemStats
			sink := &sampling{every: 100, sample: func() {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}}
			for b.Loop() {
				res, err := Run(context.Background(), c, Selection{Rooms: &omnichannel.RoomsOptions{}}, sink, nil)
				if err != nil || res.Conversations != rooms {
					b.Fatalf("%v: %+v", err, res)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
		})
	}
}

// sampling is a sink that discards the conversations and calls sample
// every so many.
type sampling struct {
	every, n int
	sample   func()
}

func (s *sampling) Load() (State, error) { return State{}, nil }
func (s *sampling) Save(State) error     { return nil }
func (s *sampling) Write(_ context.Context, c *Conversation, _ State) error {
	if _, err := c.line(); err != nil {
		return err
	}
	if s.n++; s.n%s.every == 0 {
		s.sample()
	}
	return nil
}

// archiveServer serves livechat/rooms and livechat/{rid}/messages for
// rooms rooms of msgs messages each, made up from templates as they are
// written, without a rate limit.
func archiveServer(b *testing.B, rooms, msgs int) *httptest.Server {
	tmpl := rocketchattest.GenerateRooms(models.RoomVisitor{ID: "v1", Username: "guest-1", Token: "tok"}, 1, 3, rocketchattest.OpenRooms(0))[0]
	room, err := jsonx.Marshal(tmpl)
	if err != nil {
		b.Fatal(err)
	}
	msg := []byte(`{"_id":"MSGID","rid":"RID","msg":"Hello, my order *A-10233* has not arrived yet","ts":"2025-06-01T10:00:00.000Z",` +
		`"u":{"_id":"v1","username":"guest-1","name":"Maria"},"token":"tok","_updatedAt":"2025-06-01T10:00:00.000Z",` +
		`"md":[{"type":"PARAGRAPH","value":[{"type":"PLAIN_TEXT","value":"Hello, my order "},{"type":"BOLD","value":[{"type":"PLAIN_TEXT","value":"A-10233"}]},{"type":"PLAIN_TEXT","value":" has not arrived yet"}]}]}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		count, _ := strconv.Atoi(r.URL.Query().Get("count"))
		switch {
		case r.URL.Path == "/api/v1/livechat/rooms":
			n := rooms
			if count > 0 {
				n = min(count, rooms)
			}
			io.WriteString(w, `{"rooms":[`)
			for i := range n {
				if i > 0 {
					io.WriteString(w, ",")
				}
				w.Write(bytes.Replace(room, []byte(tmpl.ID), []byte(fmt.Sprintf("room%012d", i)), -1))
			}
			fmt.Fprintf(w, `],"count":%d,"offset":0,"total":%d,"success":true}`, n, rooms)
		case strings.HasSuffix(r.URL.Path, "/messages"):
			rid := strings.Split(r.URL.Path, "/")[4]
			io.WriteString(w, `{"messages":[`)
			for i := range msgs {
				if i > 0 {
					io.WriteString(w, ",")
				}
				m := bytes.Replace(msg, []byte("MSGID"), []byte(fmt.Sprintf("%s-%04d", rid, i)), 1)
				w.Write(bytes.Replace(m, []byte("RID"), []byte(rid), 1))
			}
			fmt.Fprintf(w, `],"count":%d,"offset":0,"total":%d,"success":true}`, msgs, msgs)
		default:
			http.NotFound(w, r)
		}
	}))
	b.Cleanup(srv.Close)
	return srv
}
