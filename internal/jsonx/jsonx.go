// Package jsonx is the one place where the SDK turns JSON into Go values and back.
//
// Decoding is strict and fast first: Rocket.Chat sends proper JSON types, dates as
// RFC 3339 strings. When a value does not fit its Go type, [Decode] either fails
// ([Strict], after one lenient retry) or decodes around it ([Tolerant]): every value
// that fits is filled in, and each misfit is recorded on the document that holds it
// (see [RegisterDocument]) with its raw JSON kept, so a decoded document encodes back
// to what the server sent. The lenient reading accepts the spellings other servers
// and the published OpenAPI example use: numbers and booleans written as strings,
// whole numbers written as 2.0 or 1e3, dates as epoch milliseconds.
//
// Encoding writes dates the way the server does: RFC 3339, UTC, milliseconds.
package jsonx

import (
	"encoding"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// TimeLayout is the server's date format: JSON.stringify of a JavaScript Date.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

var (
	// DecodeOptions are the options of the strict, fast decoding path.
	DecodeOptions = json.JoinOptions(
		jsontext.AllowInvalidUTF8(true),
		driven,
	)

	// LenientOptions accept numbers, booleans and dates spelled as JSON strings,
	// and dates spelled as epoch milliseconds.
	LenientOptions = json.JoinOptions(
		DecodeOptions,
		json.WithUnmarshalers(json.JoinUnmarshalers(
			json.UnmarshalFromFunc(lenientInt[int]),
			json.UnmarshalFromFunc(lenientInt[int64]),
			json.UnmarshalFromFunc(lenientFloat),
			json.UnmarshalFromFunc(lenientBool),
			json.UnmarshalFromFunc(lenientTime),
		)),
	)

	// EncodeOptions write dates with millisecond precision in UTC, and
	// invalid UTF-8 (which decoding accepts) as U+FFFD.
	EncodeOptions = json.JoinOptions(
		json.WithMarshalers(json.MarshalToFunc(marshalTime)),
		jsontext.AllowInvalidUTF8(true),
	)
)

// Unmarshal decodes data into v, a non-nil pointer, in [Tolerant] mode.
func Unmarshal(data []byte, v any) error { return Decode(data, v, Tolerant, nil) }

// drivenMarshalers is the value of the option that marks the decoders of
// this package's own passes (see driven). It is a private pointer, so no
// caller can pass it, and it marshals only a private type, so it would change
// nothing even in an encoder.
var drivenMarshalers = json.MarshalFunc(func(drivenMark) ([]byte, error) { return nil, nil })

// drivenMark is a type nothing ever encodes.
type drivenMark struct{}

// driven marks the decoders of this package's own passes. WithMarshalers is
// an option that decoding ignores, so it costs nothing per value (unlike
// WithUnmarshalers, which makes the decoder look up every value's type); a
// document's UnmarshalJSONFrom looks for this very value (see Driven) to tell
// this package's passes, which handle misfits themselves, from a caller's
// decoder, whatever options the caller set.
var driven = json.WithMarshalers(drivenMarshalers)

// Driven reports whether dec belongs to one of this package's decoding
// passes. A document's UnmarshalJSONFrom decodes directly when it does, and
// otherwise reads its value whole and hands it to Unmarshal, so that a
// caller's own json.Unmarshal gets the same tolerant decoding.
func Driven(dec *jsontext.Decoder) bool {
	m, _ := json.GetOption(dec.Options(), json.WithMarshalers)
	return m == drivenMarshalers
}

var (
	unmarshalerFromType = reflect.TypeFor[json.UnmarshalerFrom]()
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// Marshal encodes v with the server's date format.
func Marshal(v any) ([]byte, error) {
	return json.Marshal(v, EncodeOptions)
}

// isTypeMismatch reports whether err is a semantic error (valid JSON of the wrong
// shape) rather than a syntax error, which no lenient reading can repair.
func isTypeMismatch(err error) bool {
	var serr *json.SemanticError
	return errors.As(err, &serr)
}

func resetPointee(v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv.Elem().SetZero()
	}
}

// readString returns the JSON string at the decoder, or ok=false (having read
// nothing) when the next value is not a string.
func readString(dec *jsontext.Decoder) (s string, ok bool, err error) {
	if dec.PeekKind() != '"' {
		return "", false, nil
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return "", false, err
	}
	return tok.String(), true, nil
}

// lenientInt accepts whole numbers written with a fraction or an exponent
// (2.0, 1e3), which JavaScript writes for a Number, and numbers written as
// strings.
func lenientInt[T int | int64](dec *jsontext.Decoder, v *T) error {
	var s string
	switch dec.PeekKind() {
	case '0':
		val, err := dec.ReadValue()
		if err != nil {
			return err
		}
		s = string(val)
	case '"':
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if s = tok.String(); s == "" {
			*v = 0
			return nil
		}
	default:
		return errors.ErrUnsupported
	}
	n, err := parseWhole(s)
	if err != nil {
		return err
	}
	*v = T(n)
	return nil
}

// parseWhole parses a decimal integer, or a number with a fraction or an
// exponent whose value is whole and fits an int64.
func parseWhole(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err == nil {
		return n, nil
	}
	f, ferr := strconv.ParseFloat(s, 64)
	if ferr != nil || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, fmt.Errorf("%q is not a whole number that fits in 64 bits", s)
	}
	return int64(f), nil
}

func lenientFloat(dec *jsontext.Decoder, v *float64) error {
	s, ok, err := readString(dec)
	if !ok || err != nil {
		return cmpErr(err)
	}
	if s == "" {
		*v = 0
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return err
	}
	*v = f
	return nil
}

func lenientBool(dec *jsontext.Decoder, v *bool) error {
	s, ok, err := readString(dec)
	if !ok || err != nil {
		return cmpErr(err)
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*v = b
	return nil
}

// lenientTime accepts RFC 3339 strings, epoch milliseconds as a number or a
// numeric string, and the empty string as the zero time.
func lenientTime(dec *jsontext.Decoder, v *time.Time) error {
	switch dec.PeekKind() {
	case '0':
		val, err := dec.ReadValue()
		if err != nil {
			return err
		}
		ms, err := strconv.ParseFloat(string(val), 64)
		if err != nil {
			return err
		}
		return fromMillis(ms, v)
	case '"':
		s, _, err := readString(dec)
		if err != nil {
			return err
		}
		if s == "" {
			*v = time.Time{}
			return nil
		}
		if ms, perr := strconv.ParseInt(s, 10, 64); perr == nil {
			return fromMillis(float64(ms), v)
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return err
		}
		*v = t
		return nil
	}
	return errors.ErrUnsupported
}

// ErrDateRange is returned, wrapped, for a date the server's format cannot
// write: before year 0 or after year 9999, in UTC.
var ErrDateRange = errors.New("jsonx: date outside of years 0 to 9999")

// Epoch milliseconds of the first and last instants of years 0 to 9999.
const minMillis, maxMillis = -62167219200000, 253402300799999

// fromMillis sets *v to the epoch milliseconds ms, refusing dates that could
// not be written back.
func fromMillis(ms float64, v *time.Time) error {
	if !(ms >= minMillis && ms <= maxMillis) {
		return fmt.Errorf("%w: %v ms", ErrDateRange, ms)
	}
	*v = time.UnixMilli(int64(ms)).UTC()
	return nil
}

// cmpErr turns "not a string" (nil) into the signal that lets the default
// decoder handle the value.
func cmpErr(err error) error {
	if err != nil {
		return err
	}
	return errors.ErrUnsupported
}

// AppendTime appends t in the server's date format.
func AppendTime(b []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(b, TimeLayout)
}

func marshalTime(enc *jsontext.Encoder, t time.Time) error {
	if y := t.UTC().Year(); y < 0 || y > 9999 {
		return fmt.Errorf("%w: year %d", ErrDateRange, y)
	}
	var buf [len(TimeLayout) + 2]byte
	b := append(buf[:0], '"')
	b = AppendTime(b, t)
	b = append(b, '"')
	return enc.WriteValue(b)
}
