package models

import (
	"fmt"
	"io"
	"log/slog"
)

// Token is a livechat visitor's token: the widget's credential for the
// visitor, which the visitor's record, its rooms and its messages carry.
//
// It prints and logs as "[REDACTED]" (String, GoString, every fmt verb,
// log/slog), so printing a Visitor, a Room or a Message with %v, %+v or %#v,
// or logging one with slog's TextHandler, does not show it. (fmt's report of
// a verb that does not fit a value, such as %s of a struct holding a
// pointer, prints what it holds raw: use %v.) JSON encoding and decoding use
// the real value, since the encoding is what a server reads: a model encoded
// to JSON holds the token, so do not log models as JSON (slog's JSONHandler
// encodes a value with encoding/json). Convert it with string(t) where the
// value itself is needed.
type Token string

const redacted = "[REDACTED]"

// String returns "[REDACTED]".
func (Token) String() string { return redacted }

// GoString returns "[REDACTED]", for %#v.
func (Token) GoString() string { return redacted }

// Format writes "[REDACTED]" for every verb, so that no verb (%d, %x, %q,
// ...) prints the value.
func (Token) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// LogValue returns "[REDACTED]", for log/slog.
func (Token) LogValue() slog.Value { return slog.StringValue(redacted) }
