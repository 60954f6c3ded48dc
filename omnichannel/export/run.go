package export

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// run is one run of an export.
type run struct {
	src        *source
	oc         *omnichannel.Service
	sink       Sink
	st         State
	t          *tracker
	opts       Options
	res        *Result
	startTotal int // the selection's size when the export last ran, 0 the first time
	// exportedBefore is how many conversations earlier runs exported: all
	// at or before the resume point.
	exportedBefore int
}

// job is a room to fetch, and its place in the list.
type job struct {
	seq  int
	room *models.Room
}

// fetched is a job's outcome.
type fetched struct {
	job
	msgs []*models.Message
	err  error
}

// listing is what reading the list found.
type listing struct {
	err    error
	passed int             // rooms at or before the resume point that were exported before
	retry  map[string]bool // the earlier runs' failures, to fetch again
	held   map[string]bool // those the list still holds
	whole  bool            // the list was read to its end
}

// run reads the list, fetches the rooms' messages (opts.Concurrency at a
// time) and writes the conversations in the list's order, until the list
// ends, a fatal error, or ctx ends.
func (r *run) run(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	jobs := make(chan job, r.opts.Concurrency)
	results := make(chan fetched, r.opts.Concurrency)
	listed := make(chan listing, 1)
	var wg sync.WaitGroup
	resume, order, retry := r.st.Cursor, r.st.Order, make(map[string]bool, len(r.st.Failed))
	for _, f := range r.st.Failed {
		retry[f.RoomID] = true
	}
	wg.Go(func() { listed <- r.list(ctx, jobs, resume, order, retry) })
	for range r.opts.Concurrency {
		wg.Go(func() {
			for j := range jobs {
				msgs, err := r.fetch(ctx, j.room)
				select {
				case results <- fetched{job: j, msgs: msgs, err: err}:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() { wg.Wait(); close(results) }()
	stop := r.reportProgress()
	defer stop()

	err := r.write(ctx, results)
	cancel()            // stops the list and the workers, when write stopped first
	for range results { // let the workers go
	}
	l := <-listed
	switch {
	case parent.Err() != nil:
		return parent.Err() // the caller's: the progress so far is kept
	case err != nil:
		return err
	case l.err != nil:
		return fmt.Errorf("export: reading the selection: %w", l.err)
	}
	r.notes(l.passed)
	return r.dropGone(l)
}

// list sends the rooms to fetch, skipping those a resumed export wrote
// before: at or before resume in the order of field, unless to retry.
func (r *run) list(ctx context.Context, jobs chan<- job, resume Cursor, field string, retry map[string]bool) (l listing) {
	defer close(jobs)
	l.retry, l.held = retry, make(map[string]bool)
	seq := 0
	for room, err := range r.src.list(ctx) {
		if err != nil {
			l.err = err
			return l
		}
		if retry[room.ID] {
			l.held[room.ID] = true
		} else if !resume.IsZero() && !resume.Less(cursorOf(room, field)) {
			l.passed++
			continue
		}
		select {
		case jobs <- job{seq: seq, room: room}:
			seq++
		case <-ctx.Done():
			return l
		}
	}
	r.t.listDone()
	l.whole = true
	return l
}

// fetch reads a room's messages, trying opts.Attempts times unless the
// error is fatal or permanent. A rate limit the client would not wait for
// (its reset is further than its longest wait) is waited for here, without
// counting an attempt: a long export is there to wait.
func (r *run) fetch(ctx context.Context, room *models.Room) ([]*models.Message, error) {
	var err error
	for i := 1; ; {
		var msgs []*models.Message
		if msgs, err = fetchMessages(ctx, r.oc, room.ID); err == nil {
			return msgs, nil
		}
		wait := time.Duration(i) * time.Second
		var rle *rocketchat.RateLimitError
		switch {
		case isFatal(err) || isPermanent(err):
			return nil, err
		case errors.As(err, &rle):
			wait = max(rle.RetryAfter, time.Second)
		case i == r.opts.Attempts:
			return nil, err
		default:
			i++
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, err
		case <-t.C:
		}
	}
}

// write writes the fetched conversations in the list's order, recording
// failures, until results closes or an error is fatal.
func (r *run) write(ctx context.Context, results <-chan fetched) error {
	pending := make(map[int]fetched)
	next := 0
	for f := range results {
		pending[f.seq] = f
		for {
			f, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if err := r.one(ctx, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// one writes one conversation, or records its failure.
func (r *run) one(ctx context.Context, f fetched) error {
	if f.err != nil {
		if isFatal(f.err) {
			return fmt.Errorf("export: room %s: %w", f.room.ID, f.err)
		}
		r.t.failed(r.retrying(f.room.ID))
		r.st.failed(f.room.ID, cursorOf(f.room, r.st.Order), f.err)
		return r.sink.Save(r.st.clone())
	}
	conv := &Conversation{Room: f.room, Messages: f.msgs}
	next := r.st.clone()
	next.done(conv)
	if err := r.sink.Write(ctx, conv, next); err != nil {
		return err
	}
	wasFailed := r.retrying(f.room.ID)
	r.st = next
	r.t.exported(len(f.msgs), wasFailed)
	return nil
}

// dropGone forgets the failed rooms that a whole list no longer holds
// (deleted, or changed so that they no longer match), with a note: they
// cannot be fetched again, and would fail every later run.
func (r *run) dropGone(l listing) error {
	if !l.whole {
		return nil
	}
	var gone []string
	for _, f := range r.st.Failed {
		if l.retry[f.RoomID] && !l.held[f.RoomID] {
			gone = append(gone, f.RoomID)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	for _, id := range gone {
		r.st.forget(id)
		r.t.forgotten()
	}
	r.res.Notes = append(r.res.Notes, fmt.Sprintf("%d rooms that could not be fetched are no longer in the selection and were dropped: %s", len(gone), strings.Join(gone, ", ")))
	return r.sink.Save(r.st.clone())
}

// notes says what changed in the selection since the export started:
// passed is how many rooms at or before the resume point the list held.
func (r *run) notes(passed int) {
	if r.startTotal > 0 && r.st.Total > r.startTotal {
		r.res.Notes = append(r.res.Notes, fmt.Sprintf("the selection grew from %d to %d conversations since the export started; the new ones after the resume point are exported", r.startTotal, r.st.Total))
	}
	switch {
	case passed > r.exportedBefore:
		r.res.Notes = append(r.res.Notes, fmt.Sprintf("%d conversations joined the selection before the point this export resumed from and are not in it; a new export would include them", passed-r.exportedBefore))
	case passed < r.exportedBefore:
		r.res.Notes = append(r.res.Notes, fmt.Sprintf("%d exported conversations are no longer in the selection (deleted, or changed so that they no longer match)", r.exportedBefore-passed))
	}
}

// reportProgress calls opts.Progress every opts.ProgressInterval until the
// returned func is called.
func (r *run) reportProgress() (stop func()) {
	if r.opts.Progress == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(r.opts.ProgressInterval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				r.opts.Progress(r.t.snapshot())
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// retrying reports whether a room is among the failures being retried.
func (r *run) retrying(id string) bool {
	return slices.ContainsFunc(r.st.Failed, func(f Failure) bool { return f.RoomID == id })
}
