package livechat

import (
	"context"
	"fmt"
	"iter"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// historyPage is the page size HistoryAll asks for unless told.
const historyPage = 100

// HistoryAll returns an iterator over a room's messages, newest first, from
// opts.End (or the newest) back to the room's first. opts.Offset is
// ignored.
//
// The route pages backwards by date: a page holds the messages sent before
// end, a strict bound. The iterator asks each time for the messages sent
// up to the oldest one it has yielded, inclusive (end one millisecond
// later, the dates' precision), and skips, by offset, those of that date it
// has already yielded: several messages sent in the same millisecond are
// all yielded, once, however a page cuts them. Messages sent while it walks
// are newer than where it stands, and are not yielded. A failure is yielded
// once and ends it; a page that brings nothing new twice in a row ends it
// with rocketchat.ErrNoProgress.
//
// It sends the visitor's token and no user credentials.
//
// GET /api/v1/livechat/messages.history/{rid}
func (s *Session) HistoryAll(ctx context.Context, roomID string, opts *HistoryOptions) iter.Seq2[*models.Message, error] {
	w := historyWalk{limit: historyPage}
	if opts != nil {
		if opts.Limit > 0 {
			w.limit = opts.Limit
		}
		w.end = opts.End
	}
	return func(yield func(*models.Message, error) bool) {
		if roomID == "" {
			yield(nil, endpoint.Required("roomID"))
			return
		}
		w := w // each ranging starts afresh
		for {
			page, _, err := s.history(ctx, roomID, w.query(s.token))
			if err != nil {
				yield(nil, err)
				return
			}
			if !w.consume(page, yield) {
				return
			}
		}
	}
}

// historyWalk is where a walk of a room's history stands.
type historyWalk struct {
	limit int
	end   time.Time // the caller's exclusive bound, or zero
	// oldest is the date of the oldest message yielded, and atOldest the
	// ids of the messages of that date yielded so far.
	oldest   time.Time
	atOldest map[string]struct{}
	stale    int
}

// query asks for the messages up to the oldest date yielded, inclusive,
// skipping those of that date already yielded.
func (w *historyWalk) query(token rocketchat.Secret) historyQuery {
	q := historyQuery{Token: string(token), Limit: w.limit}
	switch {
	case !w.oldest.IsZero():
		q.End = w.oldest.Add(time.Millisecond).UTC().Format(endFormat)
		q.Offset = len(w.atOldest)
	case !w.end.IsZero():
		q.End = w.end.UTC().Format(endFormat)
	}
	return q
}

// consume yields a page's new messages and reports whether the walk goes
// on.
func (w *historyWalk) consume(page []*models.Message, yield func(*models.Message, error) bool) bool {
	fresh := 0
	for _, m := range page {
		if m == nil || m.Timestamp.IsZero() {
			continue
		}
		ts := m.Timestamp.Truncate(time.Millisecond)
		if _, seen := w.atOldest[m.ID]; seen || (!w.oldest.IsZero() && ts.After(w.oldest)) {
			continue
		}
		if !yield(m, nil) {
			return false
		}
		fresh++
		if w.oldest.IsZero() || ts.Before(w.oldest) {
			w.oldest, w.atOldest = ts, map[string]struct{}{}
		}
		w.atOldest[m.ID] = struct{}{}
	}
	if len(page) < w.limit {
		return false // the room has nothing older
	}
	if fresh > 0 {
		w.stale = 0
		return true
	}
	if w.stale++; w.stale >= 2 {
		yield(nil, fmt.Errorf("%w: two pages of history before %s brought nothing new", rocketchat.ErrNoProgress, w.oldest.Format(endFormat)))
		return false
	}
	return true
}
