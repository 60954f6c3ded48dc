package rocketchat

import (
	"context"
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// StreamList performs call, whose answer is an object holding a list under
// the member list (e.g. "history") and the list's "total", and hands each
// item to yield as soon as it is decoded, without holding the answer or the
// list: an export of every item (count=0) takes the memory of one item. It
// returns the total the answer gave, or -1 if it gave none. Returning false
// from yield stops reading and closes the connection. A null in the list is
// handed to yield as nil, as [Do] decodes it into a list of pointers, so that
// every position of the list is seen ([Walk] skips it).
//
// Unlike [Do], the body is not read within the retry loop: a body cut off
// midway is an error after the items before the cut were yielded. The size
// cap of [WithMaxResponseSize] does not apply, since nothing is held.
func StreamList[T any](ctx context.Context, c *Client, call Call, list string, yield func(*T) bool) (total int, resp *Response, err error) {
	_, body, resp, err := c.exchange(ctx, &call, true)
	if err != nil {
		return -1, resp, err
	}
	defer body.Close()
	s := listStream[T]{dec: jsontext.NewDecoder(body, jsonx.DecodeOptions), list: list, total: -1,
		decode: func(raw []byte, item *T, i int) error {
			return c.decode(ctx, &call, raw, item, list+"["+strconv.Itoa(i)+"]")
		}}
	if err := s.read(yield); err != nil {
		return -1, resp, malformed(resp, err)
	}
	if s.failed() {
		b, _ := json.Marshal(s.errorBody)
		return -1, resp, newAPIError(resp, b)
	}
	return s.total, resp, nil
}

// listStream reads one list answer token by token.
type listStream[T any] struct {
	dec       *jsontext.Decoder
	list      string
	total     int
	success   *bool
	status    jsontext.Value
	errorBody map[string]jsontext.Value // error, errorType, message, ... of a failed answer
	stopped   bool
	decode    func(raw []byte, item *T, i int) error
}

func (s *listStream[T]) failed() bool { return answerFailed(s.success, s.status) }

func (s *listStream[T]) read(yield func(*T) bool) error {
	if tok, err := s.dec.ReadToken(); err != nil {
		return err
	} else if tok.Kind() != '{' {
		return fmt.Errorf("answer is a JSON %v, not an object", tok.Kind())
	}
	for s.dec.PeekKind() != '}' && !s.stopped {
		name, err := s.dec.ReadToken()
		if err != nil {
			return err
		}
		switch key := name.String(); key {
		case s.list:
			err = s.items(yield)
		case "total":
			err = s.readTotal()
		case "success":
			err = json.UnmarshalDecode(s.dec, &s.success)
		case "error", "errorType", "message", "status", "details":
			var v jsontext.Value
			if v, err = s.dec.ReadValue(); err == nil {
				if key == "status" {
					s.status = v.Clone() // only "error" is a failure; see answerFailed
				}
				if s.errorBody == nil {
					s.errorBody = make(map[string]jsontext.Value)
				}
				s.errorBody[key] = v.Clone()
			}
		default:
			err = s.dec.SkipValue()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readTotal reads the list's total as Do reads it: a whole number, also
// written as 1.0 or "1".
func (s *listStream[T]) readTotal() error {
	v, err := s.dec.ReadValue()
	if err != nil {
		return err
	}
	if err := json.Unmarshal(v, &s.total, jsonx.LenientOptions); err != nil {
		return fmt.Errorf("total: %w", err)
	}
	return nil
}

// items decodes the list's items one at a time. Each is read whole first so
// that one written in the lenient spellings still decodes.
func (s *listStream[T]) items(yield func(*T) bool) error {
	if tok, err := s.dec.ReadToken(); err != nil {
		return err
	} else if tok.Kind() != '[' {
		return fmt.Errorf("member %q is a JSON %v, not an array", s.list, tok.Kind())
	}
	for i := 0; s.dec.PeekKind() != ']'; i++ {
		raw, err := s.dec.ReadValue()
		if err != nil {
			return err
		}
		var item *T // a null in the list stays nil: a position without an item
		if raw.Kind() != 'n' {
			item = new(T)
			if err := s.decode(raw, item, i); err != nil {
				return err
			}
		}
		if !yield(item) {
			s.stopped = true
			return nil
		}
	}
	_, err := s.dec.ReadToken()
	return err
}
