package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// FileSink writes the export to a file, one JSON line per conversation, and
// keeps its state beside it (the file's name plus ".state"), so that an
// export killed at any moment, even with kill -9, resumes where it stopped:
// a half-written last line is cut off, no conversation is written twice and
// none is missing. The file is created readable by its owner only (the
// conversations hold visitors' tokens) and locked while the sink holds it,
// so two exports cannot write it at once.
//
// Each line is written and synced before the state that counts it is
// replaced (write to a temporary file, sync, rename), so after a crash the
// state counts every line but, at most, the last one; Load reads that one
// line back.
type FileSink struct {
	path string
	f    *os.File
	end  int64 // the output's size: where the next line goes
}

// NewFileSink returns a sink writing to path. The file is opened by Load.
func NewFileSink(path string) *FileSink { return &FileSink{path: path} }

// StatePath is where the sink keeps its state.
func (s *FileSink) StatePath() string { return s.path + ".state" }

// Close closes the output file.
func (s *FileSink) Close() error {
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}

// Started returns when the export this sink holds was first started, or the
// zero time for a new one. A selection with dates relative to now (the last
// seven days) must be computed from it when the export resumes, so that it
// is the same selection: Run refuses another one.
func (s *FileSink) Started() (time.Time, error) {
	b, err := os.ReadFile(s.StatePath())
	if errors.Is(err, os.ErrNotExist) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("export: reading the state: %w", err)
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil {
		return time.Time{}, fmt.Errorf("export: %s is not a state file: %w", s.StatePath(), err)
	}
	return st.Started, nil
}

// Load opens the output, cuts off a half-written last line, and returns the
// saved state, brought up to date with a line written after it was saved.
// An output without a state is refused: it may hold anything.
func (s *FileSink) Load() (State, error) {
	var st State
	b, err := os.ReadFile(s.StatePath())
	switch {
	case errors.Is(err, os.ErrNotExist):
		if fi, serr := os.Stat(s.path); serr == nil && fi.Size() > 0 {
			return State{}, fmt.Errorf("export: %s exists but %s does not: remove the output or choose another", s.path, s.StatePath())
		}
	case err != nil:
		return State{}, fmt.Errorf("export: reading the state: %w", err)
	default:
		if err := json.Unmarshal(b, &st); err != nil {
			return State{}, fmt.Errorf("export: %s is not a state file: %w", s.StatePath(), err)
		}
		if st.Version != stateVersion {
			return State{}, fmt.Errorf("export: %s has version %d; this export writes version %d", s.StatePath(), st.Version, stateVersion)
		}
	}
	s.Close() // a second Load starts over
	// 0600: the conversations hold visitors' tokens, which the widget API
	// takes as credentials.
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return State{}, fmt.Errorf("export: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return State{}, fmt.Errorf("export: %s is in use by another export: %w", s.path, err)
	}
	s.f = f
	if err := s.repair(&st); err != nil {
		s.Close()
		return State{}, err
	}
	return st, nil
}

// repair cuts the output back to its last complete line and counts the
// complete lines after st.Offset into st.
func (s *FileSink) repair(st *State) error {
	size, err := s.f.Seek(0, io.SeekEnd)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if st.Offset > size {
		return fmt.Errorf("export: %s is shorter (%d bytes) than its state says (%d): it was changed", s.path, size, st.Offset)
	}
	if _, err := s.f.Seek(st.Offset, io.SeekStart); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	r := bufio.NewReaderSize(s.f, 64<<10)
	end := st.Offset
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			break // line, if any, is cut short: dropped
		}
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := countLine(st, line); err != nil {
			return err
		}
		end += int64(len(line))
	}
	st.Offset, s.end = end, end
	if err := s.f.Truncate(end); err != nil {
		return fmt.Errorf("export: cutting off a half-written line: %w", err)
	}
	_, err = s.f.Seek(end, io.SeekStart)
	return err
}

// countLine counts a line written after the state was saved.
func countLine(st *State, line []byte) error {
	id, ts, closedAt, msgs, err := lineRoom(line)
	if err != nil {
		return err
	}
	st.Messages += msgs
	cur := Cursor{Time: ts, ID: id}
	if st.Order == fieldClosedAt {
		cur.Time = closedAt
	}
	if st.Cursor.Less(cur) {
		st.Cursor = cur
	}
	st.Exported++
	st.forget(id)
	return nil
}

// Write appends the conversation's line, syncs it, then saves st.
func (s *FileSink) Write(_ context.Context, c *Conversation, st State) error {
	if s.f == nil {
		return errors.New("export: FileSink.Write before Load")
	}
	line, err := c.line()
	if err != nil {
		return err
	}
	if n, err := s.f.Write(line); err != nil {
		// Cut off what part of the line went out, so the file stays whole.
		s.f.Truncate(s.end)
		s.f.Seek(s.end, io.SeekStart)
		return fmt.Errorf("export: writing %s (%d of %d bytes): %w", s.path, n, len(line), err)
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	s.end += int64(len(line))
	st.Offset = s.end
	return s.Save(st)
}

// Save replaces the state file with st, atomically.
func (s *FileSink) Save(st State) error {
	st.Offset = s.end
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(s.StatePath(), append(b, '\n'))
}

// writeFileAtomic replaces path with data: a reader sees the old file or the
// new one, never a part.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, there is nothing to remove
	_, werr := io.Copy(tmp, bytes.NewReader(data))
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("export: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// WriterSink writes the export to w, one JSON line per conversation, and
// keeps no state: an export to it cannot resume.
func WriterSink(w io.Writer) Sink { return writerSink{w} }

type writerSink struct{ w io.Writer }

func (writerSink) Load() (State, error) { return State{}, nil }
func (writerSink) Save(State) error     { return nil }

func (s writerSink) Write(_ context.Context, c *Conversation, _ State) error {
	line, err := c.line()
	if err != nil {
		return err
	}
	_, err = s.w.Write(line)
	return err
}
