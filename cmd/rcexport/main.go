// Command rcexport archives Omnichannel conversations: every conversation of
// a selection, with its messages oldest first, as one JSON line each.
//
// It resumes: kill it at any moment and run the same command again, and it
// carries on where it stopped, with no conversation written twice and none
// missing. It waits for the server's rate-limit windows rather than failing
// on them, and shows its progress and the time left.
//
// With no environment it runs on the built-in fake server, seeded with a
// few hundred conversations and a short rate-limit window. Against a real
// server it reads the same environment as the examples:
//
//	ROCKETCHAT_URL          e.g. https://chat.example.com
//	ROCKETCHAT_USER_ID and ROCKETCHAT_TOKEN (a login or personal access token),
//	  or ROCKETCHAT_USER and ROCKETCHAT_PASSWORD (and ROCKETCHAT_2FA_CODE if asked)
//
// Usage:
//
//	rcexport [-o FILE] [selection flags] [-quiet] [-v]
//
// Without -o the conversations go to standard output and the export cannot
// resume. The selection is the closed conversations of the last -days (7)
// unless flags say otherwise; see -h.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/exampleenv"
	"github.com/rocketchat-go/rocketchat/omnichannel/export"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// The fake server's demonstration: enough conversations to show progress
// and a rate-limit wait, with a window short enough to finish in seconds.
const (
	demoConversations = 300
	demoWindow        = 250 * time.Millisecond
)

func main() {
	cfg, err := configure(os.Args[1:], time.Now())
	if err != nil {
		fmt.Fprintln(os.Stderr, "rcexport:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "rcexport:", err)
		os.Exit(1)
	}
}

// configure reads the command line. When it resumes an export, dates
// relative to now count from when the export began, so that the same
// command describes the same selection.
func configure(args []string, now time.Time) (*config, error) {
	cfg, err := parseFlags(args, now)
	if err != nil || cfg.out == "" {
		return cfg, err
	}
	started, err := export.NewFileSink(cfg.out).Started()
	if err != nil || started.IsZero() {
		return cfg, err
	}
	return parseFlags(args, started)
}

func run(ctx context.Context, cfg *config, stdout io.Writer, stderr *os.File) error {
	var opts []rocketchat.Option
	if cfg.verbose {
		opts = append(opts, rocketchat.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	target, err := exampleenv.ConnectExport(ctx, opts, demoWindow, demoConversations)
	if err != nil {
		return err
	}
	defer target.Close()
	if target.Server != nil {
		fmt.Fprintf(stderr, "no ROCKETCHAT_URL: the built-in fake server holds %d conversations, with a rate limit of %d calls per %s\n",
			demoConversations, rocketchattest.DefaultRateLimit, demoWindow)
	}

	var sink export.Sink = export.WriterSink(stdout)
	if cfg.out != "" {
		fs := export.NewFileSink(cfg.out)
		defer fs.Close()
		sink = fs
	}
	eo := &export.Options{Concurrency: cfg.concurrency}
	pr := newPrinter(stderr)
	if !cfg.quiet {
		eo.ProgressInterval = pr.interval
		if pr.terminal {
			eo.ProgressInterval = 250 * time.Millisecond
		}
		eo.Progress = func(p export.Progress) { pr.show(p, time.Now()) }
	}
	res, err := export.Run(ctx, target.Client, cfg.selection, sink, eo)
	if res != nil {
		if !cfg.quiet {
			pr.done(res.Progress)
		}
		report(stderr, cfg, res)
	}
	switch {
	case errors.Is(err, context.Canceled) && cfg.out != "":
		return errors.New("interrupted; the progress so far is kept: run the same command again to carry on")
	case errors.Is(err, rocketchat.ErrUnauthorized):
		return fmt.Errorf("%w\nthe credentials were refused; the progress so far is kept: run the same command again with valid ones", err)
	case errors.Is(err, export.ErrIncomplete):
		return fmt.Errorf("%d conversations could not be fetched; run the same command again to fetch them", len(res.Failed))
	}
	return err
}

// report prints what changed in the selection and what failed.
func report(w io.Writer, cfg *config, res *export.Result) {
	for _, n := range res.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	for _, f := range res.Failed {
		fmt.Fprintf(w, "failed: room %s: %s\n", f.RoomID, f.Error)
	}
	if cfg.out != "" && res.Conversations > 0 {
		fmt.Fprintf(w, "%d conversations in %s\n", res.Conversations, cfg.out)
	}
}

// newPrinter shows progress on w: in place on a terminal, a line every ten
// seconds otherwise.
func newPrinter(w *os.File) *printer {
	fi, err := w.Stat()
	terminal := err == nil && fi.Mode()&os.ModeCharDevice != 0
	return &printer{w: w, terminal: terminal, interval: 10 * time.Second}
}
