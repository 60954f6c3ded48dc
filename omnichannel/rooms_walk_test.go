package omnichannel_test

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// Walks of thousands of rooms and messages on the fake server with the
// real limiter (10 calls per route per 60 s), in synctest bubbles where
// waiting costs no real time.

// walkFixture is a fake server in a bubble, its rooms, and a manager's
// client (managers are rate limited; bots and admins are not).
type walkFixture struct {
	srv   *rocketchattest.Server
	rooms *omnichannel.RoomsService
}

func newWalkFixture(t *testing.T, opts ...rocketchattest.Option) *walkFixture {
	t.Helper()
	srv := rocketchattest.NewServer(t, append([]rocketchattest.Option{rocketchattest.WithoutListener()}, opts...)...)
	cred := srv.AddUser(rocketchattest.User{Username: "manager", Roles: []string{"livechat-manager"}})
	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken),
		rocketchat.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	return &walkFixture{srv: srv, rooms: omnichannel.New(c).Rooms}
}

// limiterFloor is the least time n calls take under the default limiter:
// every window but the first waited out in full.
func limiterFloor(calls int) time.Duration {
	return time.Duration((calls-1)/rocketchattest.DefaultRateLimit) * rocketchattest.DefaultRateLimitWindow
}

// visibleMessages is what the messages route returns of a room, oldest
// first: what users wrote and the closing message.
func visibleMessages(srv *rocketchattest.Server, rid string) []*models.Message {
	return slices.DeleteFunc(srv.RoomMessages(rid), func(m *models.Message) bool {
		return m.Type != "" && m.Type != "livechat-close"
	})
}

func messageIDs(msgs []*models.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.ID
	}
	return out
}

func collectMessages(t *testing.T, seq func(func(*models.Message, error) bool)) []string {
	t.Helper()
	var ids []string
	for m, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	return ids
}

// 5,000 messages in one room, oldest first and newest first: every message
// once, in order, no 429, at the limiter's floor.
func TestMessagesAllOf5000UnderTheDefaultLimiter(t *testing.T) {
	for _, tc := range []struct {
		name string
		sort rocketchat.Sort
	}{{"oldest first", omnichannel.OldestFirst()}, {"newest first (default)", nil}} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newWalkFixture(t)
				room := f.srv.GenerateHistory("visitor-1", 1, 3, rocketchattest.MessagesPerRoom(5000))[0]
				want := messageIDs(visibleMessages(f.srv, room.ID))
				if tc.sort == nil {
					slices.Reverse(want)
				}
				start := time.Now()
				got := collectMessages(t, f.rooms.MessagesAll(context.Background(), room.ID, &omnichannel.MessagesOptions{Sort: tc.sort}))
				elapsed := time.Since(start)
				if len(want) != 5000 || !slices.Equal(got, want) {
					t.Fatalf("walked %d messages, want the room's %d in order", len(got), len(want))
				}
				st := f.srv.Stats(rocketchattest.RouteRoomMessages)
				if st.TooManyRequests != 0 || st.Requests != 50 {
					t.Errorf("%d requests, %d answered 429; want 50 and none", st.Requests, st.TooManyRequests)
				}
				floor := limiterFloor(50)
				if elapsed < floor || elapsed > floor*11/10 {
					t.Errorf("took %v; the limiter's floor is %v (at most 1.1x)", elapsed, floor)
				}
				t.Logf("%d calls, %d answered 429, in %v of fake time: %.3fx the floor", st.Requests, st.TooManyRequests, elapsed, float64(elapsed)/float64(floor))
			})
		})
	}
}

// 5,000 rooms, filtered to all of them, the same way.
func TestRoomsListAllOf5000UnderTheDefaultLimiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newWalkFixture(t)
		var want []string
		for i := range 5 {
			for _, r := range f.srv.GenerateHistory("visitor-"+itoa(i), 1000, int64(i)) {
				want = append(want, r.ID)
			}
		}
		start := time.Now()
		var got []string
		seen := map[string]bool{}
		var last time.Time
		for r, err := range f.rooms.ListAll(context.Background(), &omnichannel.RoomsOptions{Sort: omnichannel.OldestFirst()}) {
			if err != nil {
				t.Fatal(err)
			}
			if seen[r.ID] || r.Timestamp.Before(last) {
				t.Fatalf("room %s repeated or out of order", r.ID)
			}
			seen[r.ID], last = true, r.Timestamp
			got = append(got, r.ID)
		}
		elapsed := time.Since(start)
		if len(got) != 5000 || !slices.Equal(sorted(got), sorted(want)) {
			t.Fatalf("walked %d rooms, want the 5000", len(got))
		}
		st := f.srv.Stats(rocketchattest.RouteRooms)
		if st.TooManyRequests != 0 || st.Requests != 50 {
			t.Errorf("%d requests, %d answered 429; want 50 and none", st.Requests, st.TooManyRequests)
		}
		floor := limiterFloor(50)
		if elapsed < floor || elapsed > floor*11/10 {
			t.Errorf("took %v; the limiter's floor is %v (at most 1.1x)", elapsed, floor)
		}
		t.Logf("%d calls, %d answered 429, in %v of fake time: %.3fx the floor", st.Requests, st.TooManyRequests, elapsed, float64(elapsed)/float64(floor))
	})
}

func sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func itoa(i int) string { return string(rune('0' + i)) }

// Messages written while a transcript is walked: newest first they push
// older messages onto later pages, oldest first they come at the end.
// Neither yields a message twice or skips one.
func TestMessagesAllWhileMessagesArrive(t *testing.T) {
	for _, tc := range []struct {
		name   string
		sort   rocketchat.Sort
		prefix int // inserted messages the walk yields (at the end, oldest first)
	}{{"newest first", nil, 0}, {"oldest first", omnichannel.OldestFirst(), 5 * 30}} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newWalkFixture(t)
				room := f.srv.GenerateHistory("visitor-1", 1, 9, rocketchattest.MessagesPerRoom(1000))[0]
				before := messageIDs(visibleMessages(f.srv, room.ID))
				// 30 new messages before each of calls 3 to 7.
				f.srv.Inject(rocketchattest.RouteRoomMessages, rocketchattest.Fault{InsertMessages: 30, Skip: 2, Times: 5})
				got := collectMessages(t, f.rooms.MessagesAll(context.Background(), room.ID, &omnichannel.MessagesOptions{Sort: tc.sort}))
				after := messageIDs(visibleMessages(f.srv, room.ID))
				if len(after) != len(before)+150 {
					t.Fatalf("the fault added %d messages, want 150", len(after)-len(before))
				}
				want := after[:len(before)+tc.prefix]
				if tc.sort == nil {
					want = slices.Clone(before)
					slices.Reverse(want)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("walked %d messages; want %d, each once and in order", len(got), len(want))
				}
			})
		})
	}
}

// Conversations starting while the rooms are walked newest first push the
// others onto later pages; none is yielded twice or skipped.
func TestRoomsListAllWhileRoomsArrive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newWalkFixture(t)
		var before []string
		for _, r := range f.srv.GenerateHistory("visitor-1", 1000, 4) {
			before = append(before, r.ID)
		}
		f.srv.Inject(rocketchattest.RouteRooms, rocketchattest.Fault{InsertRooms: 25, Skip: 1, Times: 4})
		var got []string
		for r, err := range f.rooms.ListAll(context.Background(), nil) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, r.ID)
		}
		if !slices.Equal(got, before) {
			t.Fatalf("walked %d rooms; want the %d there were, newest first, each once", len(got), len(before))
		}
	})
}

// Count rocketchat.AllItems asks for everything in one answer, decoded and
// yielded item by item.
func TestRoomsAndMessagesInOneAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newWalkFixture(t)
		rooms := f.srv.GenerateHistory("visitor-1", 250, 6, rocketchattest.MessagesPerRoom(300))
		n := 0
		for _, err := range f.rooms.ListAll(context.Background(), &omnichannel.RoomsOptions{Count: rocketchat.AllItems}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		got := collectMessages(t, f.rooms.MessagesAll(context.Background(), rooms[0].ID,
			&omnichannel.MessagesOptions{Count: rocketchat.AllItems, Sort: omnichannel.OldestFirst()}))
		if n != 250 || !slices.Equal(got, messageIDs(visibleMessages(f.srv, rooms[0].ID))) {
			t.Fatalf("%d rooms, %d messages", n, len(got))
		}
		if r, m := f.srv.Stats(rocketchattest.RouteRooms).Requests, f.srv.Stats(rocketchattest.RouteRoomMessages).Requests; r != 1 || m != 1 {
			t.Errorf("%d and %d requests, want one each", r, m)
		}
	})
}
