package omnichannel

import (
	"context"
	"iter"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// list describes an offset-paged list route for walk: the call for a page,
// given the walk's copy of the options (nil when the caller gave none), the
// member the answer holds its items under, how to read a decoded page P,
// and the key of an item for the walk's de-duplication.
type list[T, P, O any] struct {
	call   func(opts O, lo rocketchat.ListOptions) rocketchat.Call
	member string
	page   func(*P) (items []*T, total int)
	key    func(*T) string
}

// options is a pointer to a list route's options, which tell their paging
// (nil: the server's defaults).
type options[O any] interface {
	*O
	list() rocketchat.ListOptions
}

// walk returns the ...All iterator of a list route over rocketchat.Walk:
// pages through Do, everything at once (AllItems) through StreamList. It
// copies opts first, so a walk never sees the caller's later changes to
// them.
func walk[T, P, O any, PO options[O]](ctx context.Context, c *rocketchat.Client, opts PO, l list[T, P, PO]) iter.Seq2[*T, error] {
	if opts != nil {
		own := *opts
		opts = &own
	}
	lo := opts.list()
	return rocketchat.Walk(ctx, &lo, rocketchat.Lister[*T]{
		Key: l.key,
		Page: func(ctx context.Context, lo rocketchat.ListOptions) (rocketchat.Page[*T], error) {
			p, _, err := rocketchat.Do[P](ctx, c, l.call(opts, lo))
			if err != nil {
				return rocketchat.Page[*T]{}, err
			}
			items, total := l.page(p)
			return rocketchat.Page[*T]{Items: items, Total: total}, nil
		},
		Stream: func(ctx context.Context, lo rocketchat.ListOptions, yield func(*T) bool) (int, error) {
			total, _, err := rocketchat.StreamList(ctx, c, l.call(opts, lo), l.member, yield)
			return total, err
		},
	})
}

// listOptions is the paging of an options struct: Offset, Count, Sort and
// Prefetch, as every list route's options declare them.
func listOptions(offset, count int, sort rocketchat.Sort, prefetch int) rocketchat.ListOptions {
	return rocketchat.ListOptions{Offset: offset, Count: count, Sort: sort, Prefetch: prefetch}
}

// failed is an iterator that yields err once.
func failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
