package omnichannel

import (
	"context"
	"iter"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// list describes an offset-paged list route for walk: the call for a page,
// the member the answer holds its items under, how to read a decoded page P,
// and the key of an item for the walk's de-duplication.
type list[T, P any] struct {
	call   func(rocketchat.ListOptions) rocketchat.Call
	member string
	page   func(*P) (items []*T, total int)
	key    func(*T) string
}

// walk returns the ...All iterator of a list route over rocketchat.Walk:
// pages through Do, everything at once (AllItems) through StreamList.
func walk[T, P any](ctx context.Context, c *rocketchat.Client, lo rocketchat.ListOptions, l list[T, P]) iter.Seq2[*T, error] {
	return rocketchat.Walk(ctx, &lo, rocketchat.Lister[*T]{
		Key: l.key,
		Page: func(ctx context.Context, lo rocketchat.ListOptions) (rocketchat.Page[*T], error) {
			p, _, err := rocketchat.Do[P](ctx, c, l.call(lo))
			if err != nil {
				return rocketchat.Page[*T]{}, err
			}
			items, total := l.page(p)
			return rocketchat.Page[*T]{Items: items, Total: total}, nil
		},
		Stream: func(ctx context.Context, lo rocketchat.ListOptions, yield func(*T) bool) (int, error) {
			total, _, err := rocketchat.StreamList(ctx, c, l.call(lo), l.member, yield)
			return total, err
		},
	})
}

// listOptions is the paging of an options struct: Offset, Count, Sort and
// Prefetch, as every list route's options declare them.
func listOptions(offset, count int, sort rocketchat.Sort, prefetch int) rocketchat.ListOptions {
	return rocketchat.ListOptions{Offset: offset, Count: count, Sort: sort, Prefetch: prefetch}
}
