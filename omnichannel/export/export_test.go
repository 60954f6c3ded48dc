package export

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// fake is a fake server with closed and open conversations of three
// visitors, and a client signed in as a livechat manager.
type fake struct {
	srv    *rocketchattest.Server
	client *rocketchat.Client
	cred   rocketchattest.Credentials
}

func newFake(t *testing.T, perVisitor int, opts ...rocketchat.Option) *fake {
	t.Helper()
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener())
	cred := srv.AddUser(rocketchattest.User{Username: "archiver", Roles: []string{"livechat-manager"}})
	for i, v := range []string{"visitor-a", "visitor-b", "visitor-c"} {
		srv.GenerateHistory(v, perVisitor, int64(i+1), rocketchattest.OpenRooms(1))
	}
	opts = append([]rocketchat.Option{rocketchat.WithToken(cred.UserID, cred.AuthToken), rocketchat.WithHTTPClient(srv.HTTPClient())}, opts...)
	c, err := rocketchat.NewClient(srv.URL(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &fake{srv: srv, client: c, cred: cred}
}

// closed selects the closed conversations.
func closed() Selection { return Selection{Rooms: &omnichannel.RoomsOptions{Open: new(false)}} }

func exportTo(t *testing.T, f *fake, sel Selection, sink Sink) (*Result, error) {
	t.Helper()
	return Run(t.Context(), f.client, sel, sink, nil)
}

// lines reads an export's lines.
func lines(t *testing.T, path string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		out = append(out, bytes.Clone(sc.Bytes()))
	}
	return out
}

func TestExportWritesEachConversationOnceInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, 30)
		path := filepath.Join(t.TempDir(), "out.jsonl")
		sink := NewFileSink(path)
		defer sink.Close()
		res, err := exportTo(t, f, closed(), sink)
		if err != nil {
			t.Fatal(err)
		}
		got := lines(t, path)
		if len(got) != 87 || res.Conversations != 87 || res.Total != 87 {
			t.Fatalf("%d lines, result %+v; want the 87 closed conversations", len(got), res.Progress)
		}
		var prev Cursor
		msgs := 0
		for i, line := range got {
			var c Conversation
			if err := c.decode(line); err != nil {
				t.Fatalf("line %d: %v", i, err)
			}
			cur := cursorOf(c.Room, fieldClosedAt)
			if c.Room.Open || !prev.Less(cur) {
				t.Fatalf("line %d: room %s (open %v) out of order after %v", i, c.Room.ID, c.Room.Open, prev)
			}
			prev = cur
			want := visible(f.srv.RoomMessages(c.Room.ID))
			if len(c.Messages) != len(want) || len(want) == 0 {
				t.Fatalf("room %s: %d messages, the server has %d", c.Room.ID, len(c.Messages), len(want))
			}
			for j := 1; j < len(c.Messages); j++ {
				if c.Messages[j].Timestamp.Before(c.Messages[j-1].Timestamp) {
					t.Fatalf("room %s: messages not oldest first", c.Room.ID)
				}
			}
			msgs += len(c.Messages)
		}
		if res.Messages != msgs {
			t.Errorf("result counts %d messages, the output holds %d", res.Messages, msgs)
		}
		if n := f.srv.Stats(rocketchattest.AnyRoute).TooManyRequests; n != 0 {
			t.Errorf("%d answers were 429", n)
		}
		if n := f.srv.Stats(rocketchattest.RouteRoomMessages).Requests; n != 87 {
			t.Errorf("%d requests for messages, want one per room (count=0)", n)
		}
	})
}

// visible keeps the messages the messages route serves: the visitor's and
// agents' messages and the closing one.
func visible(msgs []*models.Message) []*models.Message {
	var out []*models.Message
	for _, m := range msgs {
		if m.Type == "" || m.Type == "livechat-close" {
			out = append(out, m)
		}
	}
	return out
}

func (c *Conversation) decode(line []byte) error {
	return jsonx.Unmarshal(bytes.TrimSuffix(line, []byte{10}), c)
}

var errKilled = errors.New("killed")

// crashSink is a FileSink that dies at its kill-th conversation, as a
// process killed with kill -9 would: before writing, half-way through the
// line, or after the line but before the state.
type crashSink struct {
	*FileSink
	kill int
	how  string
	n    int
}

func (s *crashSink) Write(ctx context.Context, c *Conversation, st State) error {
	if s.n < s.kill {
		s.n++
		return s.FileSink.Write(ctx, c, st)
	}
	line, err := c.line()
	if err != nil {
		return err
	}
	switch s.how {
	case "mid-line":
		s.f.Write(line[:len(line)/2])
	case "before-state":
		s.f.Write(line)
	}
	return errKilled
}

func TestKilledExportResumesToTheSameOutput(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, 12)
		dir := t.TempDir()
		want := filepath.Join(dir, "whole.jsonl")
		whole := NewFileSink(want)
		wres, err := exportTo(t, f, closed(), whole)
		if err != nil {
			t.Fatal(err)
		}
		wantMessages := wres.Messages
		whole.Close()
		wantBytes, _ := os.ReadFile(want)
		for _, kill := range []struct {
			at  int
			how string
		}{{0, "before-write"}, {1, "mid-line"}, {7, "before-state"}, {20, "mid-line"}, {32, "before-state"}} {
			path := filepath.Join(dir, kill.how+"-"+time.Now().Format("150405.000000000")+".jsonl")
			s := &crashSink{FileSink: NewFileSink(path), kill: kill.at, how: kill.how}
			if _, err := exportTo(t, f, closed(), s); !errors.Is(err, errKilled) {
				t.Fatalf("kill at %d %s: %v", kill.at, kill.how, err)
			}
			s.Close()
			again := NewFileSink(path)
			res, err := exportTo(t, f, closed(), again)
			again.Close()
			if err != nil {
				t.Fatalf("resuming after a kill at %d %s: %v", kill.at, kill.how, err)
			}
			got, _ := os.ReadFile(path)
			if !bytes.Equal(got, wantBytes) {
				t.Errorf("kill at %d %s: the resumed output (%d bytes) differs from an uninterrupted one (%d bytes)", kill.at, kill.how, len(got), len(wantBytes))
			}
			if res.Conversations != 33 || res.Messages != wantMessages || len(res.Notes) != 0 {
				t.Errorf("kill at %d %s: result %+v (want %d messages), notes %q", kill.at, kill.how, res.Progress, wantMessages, res.Notes)
			}
		}
	})
}

func TestUnauthorizedStopsAndKeepsTheProgress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, 12)
		path := filepath.Join(t.TempDir(), "out.jsonl")
		sink := NewFileSink(path)
		// The token is revoked after 5 rooms' messages were served.
		revoked := 0
		opts := &Options{Progress: func(p Progress) {
			if p.Conversations >= 5 && revoked == 0 {
				revoked = 1
				f.srv.RevokeToken(f.cred.AuthToken)
			}
		}, ProgressInterval: time.Millisecond}
		res, err := Run(t.Context(), f.client, closed(), sink, opts)
		sink.Close()
		if !errors.Is(err, rocketchat.ErrUnauthorized) || res == nil {
			t.Fatalf("err = %v, want ErrUnauthorized", err)
		}
		n := len(lines(t, path))
		if n < 5 || n == 33 || res.Conversations != n {
			t.Fatalf("%d conversations written, result %d; want the ones before the 401", n, res.Conversations)
		}
		// A new token resumes where it stopped.
		cred := f.srv.AddUser(rocketchattest.User{Username: "archiver2", Roles: []string{"livechat-manager"}})
		c, _ := f.client.With(rocketchat.WithToken(cred.UserID, cred.AuthToken))
		sink = NewFileSink(path)
		defer sink.Close()
		if res, err = Run(t.Context(), c, closed(), sink, nil); err != nil || res.Conversations != 33 {
			t.Fatalf("resumed: %v, %+v", err, res)
		}
		if got := len(lines(t, path)); got != 33 {
			t.Errorf("%d lines after resuming, want 33", got)
		}
	})
}

func TestFailedRoomIsReportedAndRefetched(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, 8, rocketchat.WithRetries(0, 0, 0))
		path := filepath.Join(t.TempDir(), "out.jsonl")
		// The 4th room's messages fail three times in a row: every attempt.
		f.srv.Inject(rocketchattest.RouteRoomMessages, rocketchattest.ServerErrors(500, 3).AfterCalls(3))
		sink := NewFileSink(path)
		res, err := Run(t.Context(), f.client, closed(), sink, nil)
		sink.Close()
		if !errors.Is(err, ErrIncomplete) || len(res.Failed) != 1 || res.Failed[0].Error == "" {
			t.Fatalf("err %v, failed %+v; want one failed room", err, res.Failed)
		}
		failed := res.Failed[0].RoomID
		if got := len(lines(t, path)); got != 20 || res.Conversations != 20 {
			t.Fatalf("%d lines, %d conversations; want the other 20", got, res.Conversations)
		}
		before := f.srv.Stats(rocketchattest.RouteRoomMessages).Requests
		sink = NewFileSink(path)
		defer sink.Close()
		res, err = Run(t.Context(), f.client, closed(), sink, nil)
		if err != nil || len(res.Failed) != 0 || res.Conversations != 21 {
			t.Fatalf("rerun: %v, %+v", err, res)
		}
		if n := f.srv.Stats(rocketchattest.RouteRoomMessages).Requests - before; n != 1 {
			t.Errorf("the rerun fetched %d rooms' messages, want only the failed one", n)
		}
		all := lines(t, path)
		var last Conversation
		if err := last.decode(all[len(all)-1]); err != nil || last.Room.ID != failed {
			t.Errorf("last line is room %s, want the refetched %s (%v)", last.Room.ID, failed, err)
		}
	})
}

func TestAnotherSelectionIsRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, 3)
		path := filepath.Join(t.TempDir(), "out.jsonl")
		sink := NewFileSink(path)
		if _, err := exportTo(t, f, closed(), sink); err != nil {
			t.Fatal(err)
		}
		sink.Close()
		sink = NewFileSink(path)
		defer sink.Close()
		other := Selection{Rooms: &omnichannel.RoomsOptions{Tags: []string{"vip"}}}
		if _, err := exportTo(t, f, other, sink); !errors.Is(err, ErrOtherSelection) {
			t.Fatalf("err = %v, want ErrOtherSelection", err)
		}
	})
}

func TestNewlyClosedRoomsArePickedUpOnResume(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, 5)
		path := filepath.Join(t.TempDir(), "out.jsonl")
		sink := NewFileSink(path)
		if res, err := exportTo(t, f, closed(), sink); err != nil || res.Conversations != 12 {
			t.Fatal(err, res)
		}
		sink.Close()
		// Three more conversations, closed after all the others.
		later := rocketchattest.GenerateRooms(models.RoomVisitor{ID: "visitor-d", Username: "guest-d"}, 3, 9,
			rocketchattest.EndingAt(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)), rocketchattest.OpenRooms(0))
		f.srv.AddRooms(later...)
		sink = NewFileSink(path)
		defer sink.Close()
		res, err := exportTo(t, f, closed(), sink)
		if err != nil || res.Conversations != 15 || len(res.Notes) != 1 {
			t.Fatalf("%v, %+v, notes %q; want the 3 new ones added and a note", err, res.Progress, res.Notes)
		}
		if got := len(lines(t, path)); got != 15 {
			t.Errorf("%d lines, want 15", got)
		}
	})
}

// A list that cannot be read is an error, not an export that ends early
// and reports success.
func TestListFailureIsReported(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, 4, rocketchat.WithRetries(0, 0, 0))
		// The probe (one room) goes through; the list itself fails.
		f.srv.Inject(rocketchattest.RouteRooms, rocketchattest.ServerErrors(503, rocketchattest.Forever).AfterCalls(1))
		_, err := exportTo(t, f, closed(), WriterSink(io.Discard))
		if !errors.Is(err, rocketchat.ErrServer) || !strings.Contains(err.Error(), "reading the selection") {
			t.Fatalf("err = %v, want the list's 503", err)
		}
	})
}

// Cancelling the export returns the context's error, the progress kept.
func TestCancelledExportKeepsItsProgress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, 12)
		path := filepath.Join(t.TempDir(), "out.jsonl")
		sink := NewFileSink(path)
		ctx, cancel := context.WithCancel(t.Context())
		opts := &Options{ProgressInterval: time.Millisecond, Progress: func(p Progress) {
			if p.Conversations >= 10 {
				cancel()
			}
		}}
		_, err := Run(ctx, f.client, closed(), sink, opts)
		sink.Close()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		n := len(lines(t, path))
		sink = NewFileSink(path)
		defer sink.Close()
		res, err := exportTo(t, f, closed(), sink)
		if err != nil || res.Conversations != 33 || n < 10 || n >= 33 {
			t.Fatalf("after %d lines, resumed: %v, %+v", n, err, res)
		}
	})
}

// A failed room that left the selection is dropped with a note, rather than
// failing every later run.
func TestFailedRoomThatLeftTheSelectionIsDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, 4, rocketchat.WithRetries(0, 0, 0))
		f.srv.Inject(rocketchattest.RouteRoomMessages, rocketchattest.ServerErrors(500, 3).AfterCalls(2))
		path := filepath.Join(t.TempDir(), "out.jsonl")
		sink := NewFileSink(path)
		res, err := exportTo(t, f, closed(), sink)
		sink.Close()
		if !errors.Is(err, ErrIncomplete) || len(res.Failed) != 1 {
			t.Fatalf("first run: %v, %+v", err, res.Failed)
		}
		f.srv.RemoveRoom(res.Failed[0].RoomID)
		sink = NewFileSink(path)
		defer sink.Close()
		res, err = exportTo(t, f, closed(), sink)
		if err != nil || len(res.Failed) != 0 || res.Failures != 0 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "dropped") {
			t.Fatalf("rerun: %v, failed %+v, notes %q", err, res.Failed, res.Notes)
		}
	})
}

// A refusal of one room (a 4xx) is recorded at once, not tried again and
// again.
func TestRefusedRoomIsNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, 4)
		f.srv.Inject(rocketchattest.RouteRoomMessages, rocketchattest.Fault{Status: 400, Body: `{"success":false,"error":"not-allowed"}`}.AfterCalls(1))
		res, err := exportTo(t, f, closed(), WriterSink(io.Discard))
		if !errors.Is(err, ErrIncomplete) || len(res.Failed) != 1 || !strings.Contains(res.Failed[0].Error, "not-allowed") {
			t.Fatalf("%v, %+v", err, res.Failed)
		}
		if n := f.srv.Stats(rocketchattest.RouteRoomMessages).Requests; n != 9 {
			t.Errorf("%d requests for 9 rooms' messages: the refused room was asked again", n)
		}
	})
}

// A rate-limit window longer than the client's longest wait is waited for,
// not turned into failures.
func TestLongRateLimitWindowsAreWaitedFor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithRateLimit(10, 10*time.Second))
		cred := srv.AddUser(rocketchattest.User{Username: "archiver", Roles: []string{"livechat-manager"}})
		srv.GenerateHistory("visitor-a", 30, 1, rocketchattest.OpenRooms(0))
		c, _ := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken),
			rocketchat.WithHTTPClient(srv.HTTPClient()), rocketchat.WithMaxRetryWait(time.Second))
		res, err := Run(t.Context(), c, closed(), WriterSink(io.Discard), nil)
		if err != nil || res.Conversations != 30 || len(res.Failed) != 0 {
			t.Fatalf("%v: %d conversations, failed %+v", err, res.Conversations, res.Failed)
		}
		if n := srv.Stats(rocketchattest.AnyRoute).TooManyRequests; n != 0 {
			t.Errorf("%d answers were 429", n)
		}
	})
}

func TestFileSinkIsPrivateAndLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	first := NewFileSink(path)
	if _, err := first.Load(); err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("output mode %v (%v), want 0600: it holds visitors' tokens", fi.Mode().Perm(), err)
	}
	second := NewFileSink(path)
	if _, err := second.Load(); err == nil || !strings.Contains(err.Error(), "in use") {
		second.Close()
		t.Errorf("a second export of the same file: %v, want it refused", err)
	}
	first.Close()
	third := NewFileSink(path)
	if _, err := third.Load(); err != nil {
		t.Errorf("once the first is closed: %v", err)
	}
	third.Close()
}

func TestReadGivesBackTheExport(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(t, 4)
		var buf bytes.Buffer
		res, err := exportTo(t, f, closed(), WriterSink(&buf))
		if err != nil {
			t.Fatal(err)
		}
		n, msgs := 0, 0
		for c, err := range Read(bytes.NewReader(buf.Bytes())) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			msgs += len(c.Messages)
		}
		if n != res.Conversations || msgs != res.Messages {
			t.Errorf("read %d conversations, %d messages; wrote %d, %d", n, msgs, res.Conversations, res.Messages)
		}
		for _, err := range Read(strings.NewReader("{\"room\":{\"_id\":\"a\"},\"messages\":[]}\nnot json\n")) {
			if err != nil {
				if !strings.Contains(err.Error(), "line 2") {
					t.Errorf("err = %v, want it to name line 2", err)
				}
				return
			}
		}
		t.Error("a line that is no conversation was not reported")
	})
}
