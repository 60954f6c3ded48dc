package rocketchat_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// list is an in-memory offset-paged list with the server's semantics:
// default count 50, clamped to limit, count=0 for everything.
type list struct {
	items   []string
	limit   int
	calls   []rocketchat.ListOptions
	onFetch func(call int, l *list) // runs before answering call n (1-based)
}

func newList(n int) *list {
	l := &list{limit: 100}
	for i := range n {
		l.items = append(l.items, fmt.Sprintf("item-%04d", i))
	}
	return l
}

func (l *list) fetch(_ context.Context, o rocketchat.ListOptions) (rocketchat.Page[string], error) {
	l.calls = append(l.calls, o)
	if l.onFetch != nil {
		l.onFetch(len(l.calls), l)
	}
	count := o.Count
	switch {
	case count == rocketchat.AllItems:
		count = len(l.items)
	case count == 0:
		count = 50
	case count > l.limit:
		count = l.limit
	}
	lo := min(o.Offset, len(l.items))
	hi := min(lo+count, len(l.items))
	return rocketchat.Page[string]{Items: slices.Clone(l.items[lo:hi]), Total: len(l.items)}, nil
}

func id(s string) string { return s }

func (l *list) lister() rocketchat.Lister[string] {
	return rocketchat.Lister[string]{Key: id, Page: l.fetch}
}

func collect(t *testing.T, seq func(func(string, error) bool)) ([]string, error) {
	t.Helper()
	var got []string
	for it, err := range seq {
		if err != nil {
			return got, err
		}
		got = append(got, it)
	}
	return got, nil
}

func TestWalkYieldsEveryItemOnceAndUsesLargestPage(t *testing.T) {
	l := newList(250)
	got, err := collect(t, rocketchat.Walk(context.Background(), nil, l.lister()))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, l.items) {
		t.Fatalf("got %d items, want the 250 in order", len(got))
	}
	// 100 per page (the clamp), three calls: the walk advanced by what came.
	if len(l.calls) != 3 || l.calls[1].Offset != 100 || l.calls[2].Offset != 200 {
		t.Fatalf("calls = %+v, want offsets 0, 100, 200", l.calls)
	}
	if l.calls[0].Count <= 100 {
		t.Errorf("first call asked for %d items; it should ask for more than the default clamp so the server's own limit decides", l.calls[0].Count)
	}
}

func TestWalkIsLazyRestartableAndDoesNotMutateOptions(t *testing.T) {
	l := newList(120)
	opts := &rocketchat.ListOptions{Offset: 10, Count: 50, Sort: rocketchat.Sort{{Field: "ts", Order: rocketchat.Desc}}}
	seq := rocketchat.Walk(context.Background(), opts, rocketchat.Lister[string]{Key: id, Page: l.fetch})
	if len(l.calls) != 0 {
		t.Fatal("Walk fetched before being ranged over")
	}
	first, err := collect(t, seq)
	if err != nil {
		t.Fatal(err)
	}
	second, err := collect(t, seq)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(first, second) || len(first) != 110 || first[0] != "item-0010" {
		t.Fatalf("ranging twice gave %d then %d items (first %q); want the same 110 from item-0010", len(first), len(second), first[0])
	}
	if opts.Offset != 10 || opts.Count != 50 || len(opts.Sort) != 1 {
		t.Fatalf("options were changed: %+v", opts)
	}
}

func TestWalkStopsAtOnceOnBreak(t *testing.T) {
	l := newList(500)
	n := 0
	for range rocketchat.Walk(context.Background(), &rocketchat.ListOptions{Count: 100}, rocketchat.Lister[string]{Key: id, Page: l.fetch}) {
		n++
		if n == 150 {
			break
		}
	}
	if len(l.calls) != 2 {
		t.Fatalf("%d pages fetched for 150 items; want 2 (no fetch after break)", len(l.calls))
	}
}

func TestWalkYieldsOneErrorThenStops(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	fetch := func(ctx context.Context, o rocketchat.ListOptions) (rocketchat.Page[string], error) {
		calls++
		if calls == 3 {
			return rocketchat.Page[string]{}, boom
		}
		return rocketchat.Page[string]{Items: []string{fmt.Sprint("x", o.Offset)}, Total: 10}, nil
	}
	var items, errs int
	for it, err := range rocketchat.Walk(context.Background(), nil, rocketchat.Lister[string]{Key: id, Page: fetch}) {
		if err != nil {
			errs++
			if !errors.Is(err, boom) || it != "" {
				t.Fatalf("got (%q, %v), want the zero item and boom", it, err)
			}
			continue
		}
		items++
	}
	if items != 2 || errs != 1 || calls != 3 {
		t.Fatalf("items=%d errs=%d calls=%d, want 2 items, 1 error, 3 calls", items, errs, calls)
	}
}

func TestWalkChecksContextBetweenPages(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := newList(300)
	var err error
	n := 0
	for _, e := range rocketchat.Walk(ctx, &rocketchat.ListOptions{Count: 100}, rocketchat.Lister[string]{Key: id, Page: l.fetch}) {
		if e != nil {
			err = e
			break
		}
		if n++; n == 100 {
			cancel()
		}
	}
	if !errors.Is(err, context.Canceled) || len(l.calls) != 1 {
		t.Fatalf("err=%v after %d calls; want context.Canceled before a second call", err, len(l.calls))
	}
}

func TestWalkSkipsItemsShiftedByNewArrivals(t *testing.T) {
	l := newList(250)
	l.onFetch = func(call int, l *list) {
		if call == 2 { // five new conversations arrive at the front (newest first)
			l.items = append([]string{"new-1", "new-2", "new-3", "new-4", "new-5"}, l.items...)
		}
	}
	got, err := collect(t, rocketchat.Walk(context.Background(), nil, l.lister()))
	if err != nil {
		t.Fatal(err)
	}
	want := newList(250).items
	if !slices.Equal(got, want) {
		t.Fatalf("got %d items (dups or gaps); want each of the 250 exactly once", len(got))
	}
}

func TestWalkStepsBackWhenItemsDisappear(t *testing.T) {
	l := newList(250)
	l.onFetch = func(call int, l *list) {
		if call == 2 { // three early conversations are deleted
			l.items = slices.Delete(l.items, 0, 3)
		}
	}
	got, err := collect(t, rocketchat.Walk(context.Background(), nil, l.lister()))
	if err != nil {
		t.Fatal(err)
	}
	want := newList(250).items
	if !slices.Equal(got, want) {
		t.Fatalf("got %d items; want all 250 once (none skipped by the shift)", len(got))
	}
}

func TestWalkFailsInsteadOfLoopingWhenOffsetIsIgnored(t *testing.T) {
	calls := 0
	fetch := func(ctx context.Context, o rocketchat.ListOptions) (rocketchat.Page[string], error) {
		calls++
		return rocketchat.Page[string]{Items: []string{"a", "b"}, Total: 100}, nil
	}
	got, err := collect(t, rocketchat.Walk(context.Background(), nil, rocketchat.Lister[string]{Key: id, Page: fetch}))
	if !errors.Is(err, rocketchat.ErrNoProgress) {
		t.Fatalf("err = %v, want ErrNoProgress", err)
	}
	if !slices.Equal(got, []string{"a", "b"}) || calls != 3 {
		t.Fatalf("got %v in %d calls; want a, b then the error on the third call", got, calls)
	}
}

func TestWalkEndsOnEmptyPageEvenIfTotalSaysMore(t *testing.T) {
	calls := 0
	fetch := func(ctx context.Context, o rocketchat.ListOptions) (rocketchat.Page[string], error) {
		calls++
		if o.Offset > 0 {
			return rocketchat.Page[string]{Total: 50}, nil
		}
		return rocketchat.Page[string]{Items: []string{"a"}, Total: 50}, nil
	}
	got, err := collect(t, rocketchat.Walk(context.Background(), nil, rocketchat.Lister[string]{Key: id, Page: fetch}))
	if err != nil || len(got) != 1 || calls != 2 {
		t.Fatalf("got %v, %v in %d calls; want [a] and a clean end after the empty page", got, err, calls)
	}
}

func TestWalkSendsCountZeroOnlyWhenAskedAndPagesOnIfRefused(t *testing.T) {
	l := newList(130)
	got, err := collect(t, rocketchat.Walk(context.Background(), &rocketchat.ListOptions{Count: rocketchat.AllItems}, rocketchat.Lister[string]{Key: id, Page: l.fetch}))
	if err != nil || len(got) != 130 || len(l.calls) != 1 || l.calls[0].Count != rocketchat.AllItems {
		t.Fatalf("AllItems: %d items in calls %+v (%v); want 130 in one count=0 call", len(got), l.calls, err)
	}

	// A server with infinite counts turned off answers count=0 with its
	// default page: the walk pages through the rest.
	l2 := newList(130)
	refusing := func(ctx context.Context, o rocketchat.ListOptions) (rocketchat.Page[string], error) {
		if o.Count == rocketchat.AllItems {
			o.Count = 0
		}
		return l2.fetch(ctx, o)
	}
	got, err = collect(t, rocketchat.Walk(context.Background(), &rocketchat.ListOptions{Count: rocketchat.AllItems}, rocketchat.Lister[string]{Key: id, Page: refusing}))
	if err != nil || !slices.Equal(got, l2.items) {
		t.Fatalf("refused count=0: got %d items (%v), want 130", len(got), err)
	}
	for _, c := range l2.calls[1:] {
		if c.Count == rocketchat.AllItems || c.Count == 0 {
			t.Fatalf("later calls must ask for a page size, got %+v", l2.calls)
		}
	}
}

func TestWalkPrefetchKeepsOrderAndBoundsConcurrency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newList(1000)
		var mu sync.Mutex
		inFlight := 0
		release := make(chan struct{})
		fetch := func(ctx context.Context, o rocketchat.ListOptions) (rocketchat.Page[string], error) {
			mu.Lock()
			inFlight++
			mu.Unlock()
			if o.Offset > 0 {
				<-release // each page waits until the test lets it through
			}
			mu.Lock()
			defer mu.Unlock()
			inFlight--
			return l.fetch(ctx, o)
		}
		var got []string
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			got, err = collect(t, rocketchat.Walk(context.Background(), &rocketchat.ListOptions{Prefetch: 3}, rocketchat.Lister[string]{Key: id, Page: fetch}))
		}()
		peak := 0
		for finished := false; !finished; {
			synctest.Wait() // every goroutine of the walk is blocked now
			mu.Lock()
			peak = max(peak, inFlight)
			mu.Unlock()
			select {
			case release <- struct{}{}:
			case <-done:
				finished = true
			}
		}
		if err != nil || !slices.Equal(got, l.items) {
			t.Fatalf("got %d items (%v); want all 1000 in order", len(got), err)
		}
		if peak != 4 {
			t.Fatalf("peak concurrency %d, want Prefetch+1 = 4", peak)
		}
	})
}

func TestWalkPrefetchBreakLeavesNothingRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newList(1000)
		var mu sync.Mutex
		fetch := func(ctx context.Context, o rocketchat.ListOptions) (rocketchat.Page[string], error) {
			select { // a slow server
			case <-time.After(time.Second):
			case <-ctx.Done():
				return rocketchat.Page[string]{}, ctx.Err()
			}
			mu.Lock()
			defer mu.Unlock()
			return l.fetch(ctx, o)
		}
		n := 0
		for range rocketchat.Walk(context.Background(), &rocketchat.ListOptions{Prefetch: 4}, rocketchat.Lister[string]{Key: id, Page: fetch}) {
			if n++; n == 150 {
				break
			}
		}
		// synctest.Test fails if a goroutine the walk started is still
		// running when the bubble ends; Wait proves they ended at the break.
		synctest.Wait()
		if n != 150 {
			t.Fatalf("%d items", n)
		}
	})
}

func TestWalkPrefetchFallsBackWhenTheListChanges(t *testing.T) {
	l := newList(600)
	var mu sync.Mutex
	fetch := func(ctx context.Context, o rocketchat.ListOptions) (rocketchat.Page[string], error) {
		mu.Lock()
		defer mu.Unlock()
		if len(l.calls) == 2 {
			l.items = append([]string{"new-1", "new-2"}, l.items...)
		}
		return l.fetch(ctx, o)
	}
	got, err := collect(t, rocketchat.Walk(context.Background(), &rocketchat.ListOptions{Prefetch: 2}, rocketchat.Lister[string]{Key: id, Page: fetch}))
	if err != nil || !slices.Equal(got, newList(600).items) {
		t.Fatalf("got %d items (%v); want the 600 once each", len(got), err)
	}
}

func TestWalkPrefetchErrorIsYieldedOnce(t *testing.T) {
	boom := errors.New("boom")
	l := newList(2000)
	var mu sync.Mutex
	fetch := func(ctx context.Context, o rocketchat.ListOptions) (rocketchat.Page[string], error) {
		if o.Offset == 700 {
			return rocketchat.Page[string]{}, boom
		}
		mu.Lock()
		defer mu.Unlock()
		return l.fetch(ctx, o)
	}
	var items, errs int
	for _, err := range rocketchat.Walk(context.Background(), &rocketchat.ListOptions{Prefetch: 3}, rocketchat.Lister[string]{Key: id, Page: fetch}) {
		if err != nil {
			if !errors.Is(err, boom) {
				t.Fatal(err)
			}
			errs++
			continue
		}
		items++
	}
	if items != 700 || errs != 1 {
		t.Fatalf("%d items, %d errors; want the 700 before the failing page, then one error", items, errs)
	}
}
