package rocketchat_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// Walks over every page: a fault part way, a loop left early, and many
// walks sharing one client.

// walkAll ranges over the visitor's history and returns the ids yielded and
// the errors, with how many items came after the first error.
func walkAll(ctx context.Context, f *fakeSDK, opts *omnichannel.ChatHistoryOptions) (ids []string, errs []error, afterErr int) {
	for r, err := range f.oc.Visitors.ChatHistoryAll(ctx, f.rooms[0].ID, "v1", opts) {
		switch {
		case err != nil:
			errs = append(errs, err)
		case len(errs) > 0:
			afterErr++
		default:
			ids = append(ids, r.ID)
		}
	}
	return ids, errs, afterErr
}

func roomIDs(rooms []*models.Room) []string {
	ids := make([]string, len(rooms))
	for i, r := range rooms {
		ids[i] = r.ID
	}
	return ids
}

// eachPrefetch runs walk twice in a synctest bubble, as the subtests
// "prefetch 0" and "prefetch 4", each checked for leaked goroutines.
func eachPrefetch(t *testing.T, walk func(t *testing.T, prefetch int)) {
	t.Helper()
	for _, prefetch := range []int{0, 4} {
		t.Run("prefetch "+strconv.Itoa(prefetch), func(t *testing.T) {
			checkNoLeaks(t)
			synctest.Test(t, func(t *testing.T) { walk(t, prefetch) })
		})
	}
}

func TestWalkFaultOnPage7Of20(t *testing.T) {
	eachPrefetch(t, func(t *testing.T, prefetch int) {
		f := newFakeSDK(t, 2000, rocketchat.WithRetries(2, time.Second, 2*time.Second))
		opts := &omnichannel.ChatHistoryOptions{Prefetch: prefetch}
		f.probe.failOffset.Store(600) // page 7 of 20 pages of 100
		ids, errs, after := walkAll(t.Context(), f, opts)
		if len(errs) != 1 || after != 0 || !errors.Is(errs[0], rocketchat.ErrServer) {
			t.Fatalf("errors %v with %d items after the first; want one ErrServer, then the end", errs, after)
		}
		if !slices.Equal(ids, roomIDs(f.rooms[:600])) {
			t.Fatalf("%d rooms before the error, want the 600 of the first 6 pages in order", len(ids))
		}
		if prefetch == 0 && f.requests() != 6 {
			t.Errorf("%d requests reached the server, want 6 (the 7th page's 3 attempts failed on the way)", f.requests())
		}
		if n := f.probe.inflight.Load(); n != 0 {
			t.Fatalf("%d requests still in flight after the walk ended", n)
		}

		// Ranging again starts afresh, from the first page.
		f.probe.failOffset.Store(-1)
		f.srv.ResetRecords()
		ids, errs, _ = walkAll(t.Context(), f, opts)
		if len(errs) != 0 || !slices.Equal(ids, roomIDs(f.rooms)) {
			t.Fatalf("second walk: %d rooms, errors %v; want all 2000 in order", len(ids), errs)
		}
		if reqs := f.srv.Requests(); len(reqs) != 20 || reqs[0].Query.Get("offset") != "" {
			t.Fatalf("second walk: %d requests, the first at offset %q; want 20 from the start", len(reqs), reqs[0].Query.Get("offset"))
		}
	})
}

func TestWalkBreakLeavesNothingRunning(t *testing.T) {
	eachPrefetch(t, func(t *testing.T, prefetch int) {
		f := newFakeSDK(t, 1000)
		// Every page takes a second, so prefetched pages are in
		// flight when the loop breaks.
		f.srv.Inject(rocketchattest.RouteChatHistory, rocketchattest.Latency(time.Second).Repeat(rocketchattest.Forever))
		n := 0
		for _, err := range f.oc.Visitors.ChatHistoryAll(t.Context(), f.rooms[0].ID, "v1", &omnichannel.ChatHistoryOptions{Prefetch: prefetch}) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 250 {
				break
			}
		}
		// The moment the loop is left, nothing may be fetching.
		if got := f.probe.inflight.Load(); got != 0 {
			t.Fatalf("%d requests still in flight after break", got)
		}
		if prefetch == 0 && f.requests() != 3 {
			t.Fatalf("%d requests for 250 rooms, want 3", f.requests())
		}
	})
}

func TestConcurrentWalksShareOneClient(t *testing.T) {
	checkNoLeaks(t)
	const walkers, perVisitor = 50, 120
	srv, c, tr := managerOnSocket(t, rocketchat.WithRetries(4, time.Millisecond, 5*time.Millisecond))
	want := make([][]string, walkers)
	for i := range walkers {
		want[i] = roomIDs(seedRooms(srv, "visitor-"+strconv.Itoa(i), perVisitor))
	}
	// A few calls fail on the way, so retries run concurrently too.
	srv.Inject(rocketchattest.AnyRoute, rocketchattest.ServerErrors(http.StatusServiceUnavailable, 5).AfterCalls(20))
	oc := omnichannel.New(c)

	got := make([][]string, walkers)
	errs := make([]error, walkers)
	var wg sync.WaitGroup
	for i := range walkers {
		wg.Go(func() {
			for r, err := range oc.Visitors.ChatHistoryAll(t.Context(), want[i][0], "visitor-"+strconv.Itoa(i), nil) {
				if err != nil {
					errs[i] = err
					return
				}
				got[i] = append(got[i], r.ID)
			}
		})
	}
	_, _ = callWithin(t, time.Minute, func() error { wg.Wait(); return nil })
	for i := range walkers {
		if errs[i] != nil || !slices.Equal(got[i], want[i]) {
			t.Errorf("walker %d: %d rooms, err %v; want its own %d rooms in order", i, len(got[i]), errs[i], len(want[i]))
		}
	}
	if n := tr.calls.Load(); n != walkers*2+5 {
		t.Errorf("%d requests, want %d (two pages each and five retries)", n, walkers*2+5)
	}
}
