package rocketchat

import (
	"context"
	"sync"
)

// fetched is a prefetched page, or the failure to fetch it.
type fetched[T any] struct {
	offset int
	page   Page[T]
	err    error
}

// pipeline fetches the pages after the current one, up to w.opts.Prefetch of
// them ahead of the one being consumed, assuming each holds size items and the
// list holds total. It consumes them in order. It reports whether the walk
// goes on (more is false when it is done, failed, or the loop broke out);
// it returns early with more set when the list or the page size changed, so
// the walk fetches the next page itself. Requests still in flight when it
// returns are cancelled and waited for.
func (w *walker[T]) pipeline(size, total int, yield func(T, error) bool) (more bool) {
	if size == 0 {
		return true
	}
	ctx, cancel := context.WithCancel(w.ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	queue := make(chan chan fetched[T], w.opts.Prefetch)
	base := w.opts // the consumer changes w.opts; the producer works from a copy
	wg.Go(func() {
		defer close(queue)
		for off := base.Offset; off < total; off += size {
			result := make(chan fetched[T], 1)
			select {
			case queue <- result:
			case <-ctx.Done():
				return
			}
			opts := base
			opts.Offset = off
			wg.Go(func() {
				page, err := w.fetch(ctx, opts)
				result <- fetched[T]{offset: off, page: page, err: err}
			})
		}
	})

	var zero T
	for result := range queue {
		f := <-result
		if f.err != nil {
			yield(zero, f.err)
			return false
		}
		if f.offset != w.opts.Offset {
			return true // an earlier page moved the walk: go on from there
		}
		switch w.consume(f.page, yield) {
		case stepStop:
			return false
		case stepRefetch:
			return true
		}
		if f.page.Total != total || len(f.page.Items) != size {
			return true
		}
	}
	return true
}
