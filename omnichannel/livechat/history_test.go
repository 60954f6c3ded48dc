package livechat_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/livechat"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// openedRoom registers the desk's visitor and opens a room.
func (d *desk) openedRoom(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	if _, _, err := d.session.Register(ctx, &livechat.RegisterOptions{Name: "Maria"}); err != nil {
		t.Fatal(err)
	}
	room, _, err := d.session.Room(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return room.Room.ID
}

func walk(t *testing.T, s *livechat.Session, rid string, opts *livechat.HistoryOptions) []string {
	t.Helper()
	var ids []string
	for m, err := range s.HistoryAll(context.Background(), rid, opts) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	return ids
}

// newestFirst is the room's stored messages' ids, newest first, those of
// one date in the reverse of their insertion (as the server's backward
// index scan, and the fake, return them).
func newestFirst(srv *rocketchattest.Server, rid string, before time.Time) []string {
	msgs := srv.RoomMessages(rid)
	slices.Reverse(msgs)
	slices.SortStableFunc(msgs, func(a, b *models.Message) int { return b.Timestamp.Compare(a.Timestamp) })
	var ids []string
	for _, m := range msgs {
		if before.IsZero() || m.Timestamp.Before(before) {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

// In a synctest bubble the clock stands still: every message of the room
// has the same date. The walk yields each exactly once anyway, across pages
// that cut the group anywhere.
func TestHistoryAllWithEqualTimestamps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDesk(t)
		rid := d.openedRoom(t)
		for i := range 47 {
			if _, err := d.srv.VisitorSay(rid, "m"+strconv.Itoa(i)); err != nil {
				t.Fatal(err)
			}
		}
		all := d.srv.RoomMessages(rid)
		if all[0].Timestamp != all[len(all)-1].Timestamp {
			t.Fatal("the clock moved: the test needs equal dates")
		}
		for _, limit := range []int{1, 7, 20, 50, 100} {
			ids := walk(t, d.session, rid, &livechat.HistoryOptions{Limit: limit})
			if len(ids) != len(all) || !distinct(ids) {
				t.Fatalf("limit %d: %d messages (%d distinct) of %d", limit, len(ids), len(uniq(ids)), len(all))
			}
		}
	})
}

// Groups of messages of one date, the dates apart: the walk follows the
// server's order (newest first) without losing or repeating one, from the
// newest or from an end, and stops at the room's first message.
func TestHistoryAllAcrossDates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDesk(t)
		rid := d.openedRoom(t)
		var mid time.Time
		for g := range 9 {
			time.Sleep(time.Second)
			if g == 5 {
				mid = time.Now()
			}
			for i := range g + 1 {
				if _, err := d.srv.VisitorSay(rid, strconv.Itoa(g)+"."+strconv.Itoa(i)); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, limit := range []int{2, 3, 4, 10} {
			if got, want := walk(t, d.session, rid, &livechat.HistoryOptions{Limit: limit}), newestFirst(d.srv, rid, time.Time{}); !slices.Equal(got, want) {
				t.Fatalf("limit %d:\n got %v\nwant %v", limit, got, want)
			}
			if got, want := walk(t, d.session, rid, &livechat.HistoryOptions{Limit: limit, End: mid}), newestFirst(d.srv, rid, mid); !slices.Equal(got, want) {
				t.Fatalf("limit %d from an end:\n got %v\nwant %v", limit, got, want)
			}
		}
		// Break stops it at once.
		n := 0
		for range d.session.HistoryAll(context.Background(), rid, &livechat.HistoryOptions{Limit: 2}) {
			if n++; n == 3 {
				break
			}
		}
		if n != 3 {
			t.Fatalf("%d messages before the break", n)
		}
	})
}

func TestHistoryAllFailureEndsTheWalk(t *testing.T) {
	d := newDesk(t)
	var errs []error
	for _, err := range d.session.HistoryAll(context.Background(), "no-room", nil) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], livechat.ErrInvalidToken) {
		t.Fatalf("errors %v", errs)
	}
	if _, _, err := d.session.History(context.Background(), "r", &livechat.HistoryOptions{Limit: -1}); !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Fatalf("a negative limit: %v", err)
	}
}

func distinct(ids []string) bool { return len(uniq(ids)) == len(ids) }

func uniq(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}
