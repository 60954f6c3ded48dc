package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rocketchat-go/rocketchat/omnichannel/export"
)

// printer shows an export's progress on w: on a terminal, one line updated
// in place; otherwise a plain line every interval, for a log.
type printer struct {
	w        io.Writer
	terminal bool
	interval time.Duration // between plain lines
	last     time.Time
	lastLine string
	width    int // of the last line written on a terminal
}

// show prints p, or nothing when a plain line was printed less than an
// interval ago.
func (pr *printer) show(p export.Progress, now time.Time) {
	line := describe(p)
	if pr.terminal {
		pad := max(pr.width-len(line), 0)
		fmt.Fprintf(pr.w, "\r%s%s", line, strings.Repeat(" ", pad))
		pr.width = len(line)
		return
	}
	if !pr.last.IsZero() && now.Sub(pr.last) < pr.interval {
		return
	}
	pr.last, pr.lastLine = now, line
	fmt.Fprintln(pr.w, line)
}

// done ends the display with the final figures on a line of their own.
func (pr *printer) done(p export.Progress) {
	if pr.terminal {
		pr.show(p, time.Time{})
		fmt.Fprintln(pr.w)
		return
	}
	if line := describe(p); line != pr.lastLine {
		fmt.Fprintln(pr.w, line)
	}
}

// describe is a progress line: conversations done and total, messages,
// requests, the rate-limit wait as a countdown, the time left.
func describe(p export.Progress) string {
	var b strings.Builder
	total := "?"
	if p.Total >= 0 {
		total = fmt.Sprint(p.Total)
	}
	fmt.Fprintf(&b, "%d/%s conversations, %d messages, %d requests", p.Conversations, total, p.Messages, p.Requests)
	if p.Failures > 0 {
		fmt.Fprintf(&b, ", %d failed", p.Failures)
	}
	if p.Waiting > 0 {
		fmt.Fprintf(&b, ", waiting %s for the rate limit (%s)", roundWait(p.Waiting), p.WaitRoute)
	}
	switch {
	case p.ETA == 0:
	case p.ETA > 0:
		fmt.Fprintf(&b, ", about %s left", roundETA(p.ETA))
	default:
		b.WriteString(", time left unknown")
	}
	return b.String()
}

// roundETA rounds an estimate to what it can claim: seconds under a
// minute, then minutes.
func roundETA(d time.Duration) time.Duration {
	if d < time.Minute {
		return d.Round(time.Second)
	}
	return d.Round(time.Minute)
}

// roundWait rounds a countdown to tenths of a second under ten seconds,
// else to seconds.
func roundWait(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}
