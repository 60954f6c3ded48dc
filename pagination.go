package rocketchat

import (
	"context"
	"fmt"
	"iter"
	"reflect"
)

// Page is one page of a list endpoint, as [Walk] sees it.
type Page[T any] struct {
	Items []T // the page's items
	Total int // how many items the whole list has, as the server counted
}

// Lister is how [Walk] reads a list: endpoint packages fill one in per list
// endpoint.
type Lister[T any] struct {
	// Key returns an item's unique id; the walk uses it to skip items it
	// already yielded.
	Key func(T) string
	// Page fetches the page that opts describe.
	Page func(ctx context.Context, opts ListOptions) (Page[T], error)
	// Stream, if set, serves opts.Count == AllItems: it fetches everything in
	// one answer and hands each item to yield as it is decoded (see
	// [StreamList]), a null as the zero T (a nil pointer), returning the
	// list's total, or -1 if unknown.
	Stream func(ctx context.Context, opts ListOptions, yield func(T) bool) (total int, err error)
}

// walkPageSize is the page size a walk asks for when the caller set none.
// Servers clamp it to their limit (100 by default) without complaint, and the
// walk advances by what actually came, so it always uses the largest page
// the server accepts.
const walkPageSize = 1000

// dedupPages is how many recent pages' keys a walk remembers to skip items
// that new arrivals pushed onto the next page. Memory stays bounded by it,
// whatever the list's length.
const dedupPages = 3

// Walk returns an iterator over every item of an offset-paged list, fetching
// pages as the loop asks for them. It is what endpoint packages build their
// ...All methods from.
//
// The iterator is lazy (nothing is fetched until it is ranged over) and may be
// ranged over again, starting afresh; opts is copied and never changed. It
// advances by the number of items each page actually held, skips items it
// already yielded (new items arriving at the front shift later ones onto the
// next page), steps back when the list shrinks so nothing is skipped, and
// stops at the list's total or at an empty page. A null in the list is
// skipped, never yielded. A failure is yielded once,
// with the zero T, and ends the iteration; a page that brings nothing new
// twice in a row ends it with [ErrNoProgress], rather than looping on a
// server that ignores the offset.
//
// With opts.Count set to [AllItems], everything comes in one answer: through
// l.Stream when set, so items are yielded as they are decoded and the walk
// holds one at a time. A server that answers count=0 with only its default
// page (API_Allow_Infinite_Count off) is paged through for the rest.
//
// With opts.Prefetch > 0, once a page has shown the page size and the total,
// up to Prefetch further pages are requested while the loop consumes the
// current one; items still come in order, and breaking out of the loop
// cancels and waits for the requests in flight. If the list changes size or a
// page comes short mid-walk, the requests ahead are dropped and the walk
// fetches the next page on its own, then prefetches again from there.
//
// Calls to the same route pace themselves by the server's rate-limit headers,
// so a long walk waits for the limit's windows instead of drawing 429s.
func Walk[T any](ctx context.Context, opts *ListOptions, l Lister[T]) iter.Seq2[T, error] {
	var start ListOptions
	if opts != nil {
		start = *opts
		start.Sort = append(Sort(nil), opts.Sort...)
	}
	return func(yield func(T, error) bool) {
		w := walker[T]{ctx: ctx, opts: start, key: l.Key, fetch: l.Page, first: start.Offset, lastTotal: -1}
		if w.opts.Count == 0 {
			w.opts.Count = walkPageSize
		}
		if w.opts.Count == AllItems && l.Stream != nil && !w.stream(l.Stream, yield) {
			return
		}
		w.run(yield)
	}
}

// walker is the state of one ranging of a Walk iterator.
type walker[T any] struct {
	ctx   context.Context
	opts  ListOptions // the next page to fetch
	key   func(T) string
	fetch func(ctx context.Context, opts ListOptions) (Page[T], error)
	first int // the offset the walk started at

	seen      []map[string]struct{} // keys of the last dedupPages pages, newest last
	lastTotal int
	stale     int // consecutive pages that brought nothing new
}

// step is what consuming a page leads to.
type step int

const (
	stepNext    step = iota // fetch the page at opts.Offset
	stepRefetch             // the list shrank: fetch again from further back
	stepStop                // done, failed, or the loop broke out
)

func (w *walker[T]) run(yield func(T, error) bool) {
	var zero T
	for {
		if err := w.ctx.Err(); err != nil {
			yield(zero, err)
			return
		}
		page, err := w.fetch(w.ctx, w.opts)
		if err != nil {
			yield(zero, err)
			return
		}
		size := len(page.Items)
		switch w.consume(page, yield) {
		case stepStop:
			return
		case stepRefetch:
			continue
		}
		if w.opts.Prefetch > 0 && !w.pipeline(size, page.Total, yield) {
			return // done, failed, or the loop broke out
		}
	}
}

// stream yields everything from one streamed answer, and reports whether
// the walk must go on paging (the server sent less than the total).
func (w *walker[T]) stream(fetch func(context.Context, ListOptions, func(T) bool) (int, error), yield func(T, error) bool) bool {
	var zero T
	n, items, stopped := 0, 0, false // n counts the list's positions, nulls included
	// The last keys seen, in a ring: if the server sent only its default
	// page, they skip what new arrivals push onto the next one, as between
	// pages. A whole export keeps no more than this.
	last := make([]string, 0, walkPageSize)
	total, err := fetch(w.ctx, w.opts, func(it T) bool {
		n++
		if isNil(it) {
			return true // a null in the list: a position, nothing to yield
		}
		if len(last) < cap(last) {
			last = append(last, w.key(it))
		} else {
			last[items%cap(last)] = w.key(it)
		}
		items++
		stopped = !yield(it, nil)
		return !stopped
	})
	switch {
	case stopped:
		return false
	case err != nil:
		yield(zero, err)
		return false
	case n == 0 || total < 0 || w.opts.Offset+n >= total:
		return false
	}
	keys := make(map[string]struct{}, len(last))
	for _, k := range last {
		keys[k] = struct{}{}
	}
	w.remember(keys)
	w.lastTotal = total
	w.opts.Offset += n
	w.opts.Count = walkPageSize
	return true
}

// consume yields a page's new items and moves the walk on.
func (w *walker[T]) consume(page Page[T], yield func(T, error) bool) step {
	var zero T
	if shrunk := w.lastTotal - page.Total; w.lastTotal >= 0 && shrunk > 0 && w.opts.Offset > w.first {
		// Items before the offset went away and later ones moved up: read
		// again from further back; what was already seen is skipped.
		w.lastTotal = page.Total
		w.opts.Offset = max(w.opts.Offset-shrunk, w.first)
		return stepRefetch
	}
	w.lastTotal = page.Total
	if len(page.Items) == 0 {
		return stepStop
	}
	fresh, ok := w.yieldNew(page.Items, yield)
	if !ok {
		return stepStop
	}
	if err := w.progress(fresh); err != nil {
		yield(zero, err)
		return stepStop
	}
	w.opts.Offset += len(page.Items)
	if w.opts.Offset >= page.Total {
		return stepStop
	}
	if w.opts.Count == AllItems {
		// The server answered count=0 with less than everything (its
		// API_Allow_Infinite_Count is off): page through the rest.
		w.opts.Count = walkPageSize
	}
	return stepNext
}

// yieldNew yields the items not seen before and remembers their keys.
func (w *walker[T]) yieldNew(items []T, yield func(T, error) bool) (fresh int, ok bool) {
	keys := make(map[string]struct{}, len(items))
	defer func() { w.remember(keys) }()
	for _, it := range items {
		if isNil(it) {
			continue // a null in the list: nothing to yield
		}
		k := w.key(it)
		if w.seenKey(k) {
			continue
		}
		if _, dup := keys[k]; dup {
			continue
		}
		keys[k] = struct{}{}
		fresh++
		if !yield(it, nil) {
			return fresh, false
		}
	}
	return fresh, true
}

// isNil reports whether v is a nil pointer, as a list's null decodes.
func isNil[T any](v T) bool {
	rv := reflect.ValueOf(any(v))
	return !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil())
}

func (w *walker[T]) seenKey(k string) bool {
	for _, m := range w.seen {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

func (w *walker[T]) remember(keys map[string]struct{}) {
	if len(w.seen) == dedupPages {
		copy(w.seen, w.seen[1:])
		w.seen = w.seen[:dedupPages-1]
	}
	w.seen = append(w.seen, keys)
}

func (w *walker[T]) progress(fresh int) error {
	if fresh > 0 {
		w.stale = 0
		return nil
	}
	w.stale++
	if w.stale >= 2 {
		return fmt.Errorf("%w: two pages in a row at offset %d brought nothing new (the server may ignore offset)", ErrNoProgress, w.opts.Offset)
	}
	return nil
}
