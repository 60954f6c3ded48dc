package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/omnichannel/export"
)

func TestProgressOnATerminalUpdatesOneLine(t *testing.T) {
	var b bytes.Buffer
	pr := &printer{w: &b, terminal: true, interval: 10 * time.Second}
	now := time.Unix(0, 0)
	long := export.Progress{Conversations: 3, Total: 120, Messages: 57, Requests: 5, Waiting: 42*time.Second + 300*time.Millisecond,
		WaitRoute: "GET livechat/{rid}/messages", ETA: 11*time.Minute + 40*time.Second}
	pr.show(long, now)
	pr.show(export.Progress{Conversations: 4, Total: 120, Messages: 60, Requests: 6, ETA: 11 * time.Minute}, now.Add(time.Second))
	pr.done(export.Progress{Conversations: 120, Total: 120, Messages: 2000, Requests: 122})
	out := b.String()
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		t.Errorf("a terminal gets one line, updated in place, ended once:\n%q", out)
	}
	parts := strings.Split(strings.TrimSuffix(out, "\n"), "\r")
	if len(parts) != 4 || !strings.Contains(parts[1], "waiting 42s for the rate limit (GET livechat/{rid}/messages)") ||
		!strings.Contains(parts[1], "3/120 conversations, 57 messages, 5 requests") || !strings.Contains(parts[1], "about 12m0s left") {
		t.Fatalf("updates = %q", parts)
	}
	if len(parts[2]) < len(parts[1]) {
		t.Errorf("a shorter update must blank the rest of the longer one: %q after %q", parts[2], parts[1])
	}
}

func TestProgressOnAPipePrintsPlainLines(t *testing.T) {
	var b bytes.Buffer
	pr := &printer{w: &b, interval: 10 * time.Second}
	now := time.Unix(0, 0)
	for i := range 25 { // one a second
		pr.show(export.Progress{Conversations: i, Total: 30, ETA: -1}, now.Add(time.Duration(i)*time.Second))
	}
	pr.done(export.Progress{Conversations: 30, Total: 30})
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if strings.Contains(b.String(), "\r") || len(lines) != 4 {
		t.Fatalf("want a plain line every 10 s and the last one: %q", lines)
	}
	if !strings.HasPrefix(lines[1], "10/30 conversations") || !strings.Contains(lines[1], "time left unknown") ||
		!strings.HasPrefix(lines[3], "30/30 conversations") {
		t.Errorf("lines = %q", lines)
	}
}

func TestFlags(t *testing.T) {
	now := time.Date(2026, 12, 2, 15, 4, 5, 0, time.UTC)
	cfg, err := parseFlags([]string{"-o", "x.jsonl", "-department", "d1", "-department", "d2", "-tag", "refund", "-days", "3"}, now)
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.selection.Rooms
	if cfg.out != "x.jsonl" || o == nil || o.Open == nil || *o.Open || len(o.Departments) != 2 || o.Tags[0] != "refund" ||
		!o.ClosedAt.Start.Equal(time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("selection = %+v", o)
	}
	cfg, err = parseFlags([]string{"-closed-from", "2026-01-01", "-closed-to", "2026-01-31"}, now)
	if err != nil || !cfg.selection.Rooms.ClosedAt.End.Equal(time.Date(2026, 1, 31, 23, 59, 59, 999e6, time.UTC)) {
		t.Errorf("closed range = %+v, %v", cfg.selection.Rooms.ClosedAt, err)
	}
	if cfg, err = parseFlags([]string{"-visitor", "v1", "-room", "r1"}, now); err != nil || cfg.selection.Visitor.VisitorID != "v1" {
		t.Errorf("visitor selection: %+v %v", cfg, err)
	}
	for _, bad := range [][]string{{"-visitor", "v1"}, {"-status", "maybe"}, {"-closed-from", "yesterday"}, {"extra"}} {
		if _, err := parseFlags(bad, now); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

// Resuming an export days later describes the same selection: -days counts
// from when the export began.
func TestResumeKeepsRelativeDates(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	began := time.Date(2026, 11, 30, 23, 59, 0, 0, time.UTC)
	state := fmt.Sprintf(`{"version":1,"selection":"x","order":"closedAt","started":%q}`, began.Format(time.RFC3339))
	if err := os.WriteFile(out+".state", []byte(state), 0o600); err != nil {
		t.Fatal(err)
	}
	later := began.Add(50 * time.Hour)
	cfg, err := configure([]string{"-o", out, "-days", "7"}, later)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.selection.Rooms.ClosedAt.Start, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("resumed selection starts %v, want %v (7 days before the export began)", got, want)
	}
	fresh, _ := configure([]string{"-o", filepath.Join(t.TempDir(), "new.jsonl"), "-days", "7"}, later)
	if got, want := fresh.selection.Rooms.ClosedAt.Start, time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("a new export starts %v, want %v", got, want)
	}
}
