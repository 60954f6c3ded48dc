package export

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// Options tune an export. The zero value (or nil) is a sensible default.
type Options struct {
	// Progress, if set, is called with the export's figures every
	// ProgressInterval while it runs, and once when it ends. It is called
	// from one goroutine at a time and must not block.
	Progress func(Progress)
	// ProgressInterval is how often Progress is called (default 1s).
	ProgressInterval time.Duration
	// Concurrency is how many rooms' messages are fetched at once. The
	// default is 1 when the server rate-limits the caller (more would only
	// queue for the same windows) and 4 when it does not (bots, admins).
	Concurrency int
	// Attempts is how many times a room's messages are fetched before the
	// room is recorded as failed (default 3). The client's own retries of
	// each request come on top.
	Attempts int
}

// Result is how an export ended.
type Result struct {
	// Progress holds the final figures.
	Progress
	// Failed are the rooms that could not be fetched. A rerun of the export
	// fetches them again.
	Failed []Failure
	// Notes say what changed in the selection since the export started.
	Notes []string
}

// Errors an export returns, besides the client's and the sink's.
var (
	// ErrIncomplete is returned, with the Result, when some rooms could
	// not be fetched: Result.Failed lists them.
	ErrIncomplete = errors.New("export: some rooms could not be fetched")
	// ErrOtherSelection is returned when the sink holds an export of another
	// selection: resuming it with this one would mix the two.
	ErrOtherSelection = errors.New("export: the output holds an export of another selection")
)

// Run exports the selection's conversations to sink: each room as the
// server sent it, then its messages oldest first, one conversation at a
// time, in the order of the rooms' start (or of their closing, for a
// selection of closed rooms). Run resumes what sink holds: rooms exported
// before are skipped, rooms that failed are fetched again.
//
// Run makes as many requests as the server needs and no more: the whole
// list in one answer, and each room's messages in one answer, when the
// server allows it (count=0), else page by page; the list and the messages
// are separate routes with separate rate limits, fetched side by side. It
// waits for the server's rate-limit windows instead of drawing 429s.
// Memory holds a few conversations at a time, never the archive.
//
// A 401 or 403 stops the export at once, its progress kept. A room whose
// messages cannot be fetched after opts.Attempts tries is recorded, the
// export goes on, and Run returns ErrIncomplete with the Result.
func Run(ctx context.Context, client *rocketchat.Client, sel Selection, sink Sink, opts *Options) (*Result, error) {
	o := defaults(opts)
	st, err := sink.Load()
	if err != nil {
		return nil, err
	}
	t := newTracker(time.Now, 1)
	c, err := client.With(rocketchat.WithAttemptObserver(t.attempt), rocketchat.WithWaitObserver(t.waitStarted))
	if err != nil {
		return nil, err
	}
	oc := omnichannel.New(c)
	src, err := sel.source(oc)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	if err := st.begin(src, res); err != nil {
		return nil, err
	}
	total, rate, err := src.probe(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: reading the selection: %w", err)
	}
	t.start(st, total, "GET "+src.listRoute, "GET "+routeMessages)
	if o.Concurrency == 0 {
		o.Concurrency = 1
		if rate.IsZero() {
			o.Concurrency = 4
		}
	}
	t.concurrency = o.Concurrency
	r := &run{src: src, oc: oc, sink: sink, st: st, t: t, opts: o, res: res, startTotal: st.Total, exportedBefore: st.Exported}
	r.st.Total = total
	err = r.run(ctx)
	res.Progress = t.snapshot()
	res.Failed = r.st.Failed
	if o.Progress != nil {
		o.Progress(res.Progress)
	}
	if err == nil && len(res.Failed) > 0 {
		err = ErrIncomplete
	}
	return res, err
}

func defaults(opts *Options) Options {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.ProgressInterval <= 0 {
		o.ProgressInterval = time.Second
	}
	if o.Attempts <= 0 {
		o.Attempts = 3
	}
	return o
}

// begin checks a loaded state against the selection, or starts a new one.
func (st *State) begin(src *source, res *Result) error {
	if st.Version == 0 {
		*st = State{Version: stateVersion, Selection: src.describe, Order: src.order, Started: time.Now().UTC()}
		return nil
	}
	if st.Selection != src.describe || st.Order != src.order {
		return fmt.Errorf("%w: it holds %s, this export is of %s", ErrOtherSelection, st.Selection, src.describe)
	}
	return nil
}

// isFatal reports whether an error ends the export: the credentials or the
// permission are refused (every room would fail alike), or the context ended.
func isFatal(err error) bool {
	return errors.Is(err, rocketchat.ErrUnauthorized) || errors.Is(err, rocketchat.ErrForbidden) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// isPermanent reports whether a room's error will not go away by asking
// again: a refusal of this room (it is gone, not a livechat room, or not
// the caller's), as opposed to a 5xx, a 429 or a transport error.
func isPermanent(err error) bool {
	var apiErr *rocketchat.APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode >= 400 && apiErr.StatusCode < 500 &&
		apiErr.StatusCode != http.StatusTooManyRequests && apiErr.StatusCode != http.StatusRequestTimeout
}

// fetchMessages reads a room's messages, oldest first, in one answer when
// the server allows it.
func fetchMessages(ctx context.Context, oc *omnichannel.Service, roomID string) ([]*models.Message, error) {
	var out []*models.Message
	opts := &omnichannel.MessagesOptions{Count: rocketchat.AllItems, Sort: omnichannel.OldestFirst()}
	for m, err := range oc.Rooms.MessagesAll(ctx, roomID, opts) {
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
