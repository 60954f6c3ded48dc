package export

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// Conversation is one exported conversation: the room as the server sent it
// and its messages, oldest first.
type Conversation struct {
	Room     *models.Room      `json:"room"`
	Messages []*models.Message `json:"messages"`
}

// line is a Conversation as one line of the export: JSON, no newline
// inside, one newline after, map members sorted so that the same
// conversation always makes the same line.
func (c *Conversation) line() ([]byte, error) {
	b, err := json.Marshal(c, jsonx.EncodeOptions, json.Deterministic(true))
	if err != nil {
		return nil, fmt.Errorf("export: encoding room %s: %w", c.Room.ID, err)
	}
	return append(b, '\n'), nil
}

// Cursor is a place in the export's order: rooms sorted by one date
// ("ts" or "closedAt"), then by id. Rooms at or before the cursor were
// exported when an export resumes from it.
type Cursor struct {
	// Time is the room's date in the sort field.
	Time time.Time `json:"time,omitzero"`
	// ID is the room's id.
	ID string `json:"id,omitempty"`
}

// IsZero reports whether c is the start, before every room.
func (c Cursor) IsZero() bool { return c.Time.IsZero() && c.ID == "" }

// Less reports whether c comes before d.
func (c Cursor) Less(d Cursor) bool {
	if !c.Time.Equal(d.Time) {
		return c.Time.Before(d.Time)
	}
	return c.ID < d.ID
}

// cursorOf is the place of a room in the order of field.
func cursorOf(r *models.Room, field string) Cursor {
	t := r.Timestamp
	if field == fieldClosedAt {
		t = r.ClosedAt
	}
	return Cursor{Time: t, ID: r.ID}
}

// The sort fields an export can follow.
const (
	fieldTS       = "ts"
	fieldClosedAt = "closedAt"
)

// lineRoom reads the room's id and dates, and the number of messages, from
// an exported line, without decoding the rest.
func lineRoom(line []byte) (id string, ts, closedAt time.Time, messages int, err error) {
	var head struct {
		Room struct {
			ID       string    `json:"_id"`
			TS       time.Time `json:"ts"`
			ClosedAt time.Time `json:"closedAt"`
		} `json:"room"`
		Messages []jsontext.Value `json:"messages"`
	}
	line = bytes.TrimSuffix(line, []byte{'\n'})
	if err := json.Unmarshal(line, &head, jsonx.LenientOptions); err != nil {
		return "", time.Time{}, time.Time{}, 0, fmt.Errorf("export: reading an exported line: %w", err)
	}
	if head.Room.ID == "" {
		return "", time.Time{}, time.Time{}, 0, fmt.Errorf("export: an exported line has no room id")
	}
	return head.Room.ID, head.Room.TS, head.Room.ClosedAt, len(head.Messages), nil
}

// Read returns an iterator over the conversations of an export, as Run
// wrote them to r: one per line, decoded the SDK's way (see models.Misfit).
// A line that is not a conversation is yielded as an error, with its number,
// and ends the iteration.
func Read(r io.Reader) iter.Seq2[*Conversation, error] {
	return func(yield func(*Conversation, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		for n := 1; ; n++ {
			line, err := br.ReadBytes('\n')
			if len(bytes.TrimSpace(line)) > 0 {
				c := new(Conversation)
				if derr := jsonx.Unmarshal(bytes.TrimSuffix(line, []byte{'\n'}), c); derr != nil || c.Room == nil {
					yield(nil, fmt.Errorf("export: line %d is not a conversation: %w", n, cmp.Or(derr, errors.New("no room"))))
					return
				}
				if !yield(c, nil) {
					return
				}
			}
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(nil, fmt.Errorf("export: reading line %d: %w", n, err))
				return
			}
		}
	}
}
