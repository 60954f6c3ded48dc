package webhook

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// TokenHeader is the header that carries the secret token: the server's
// Livechat_secret_token setting (Omnichannel > Webhooks > Secret Token).
const TokenHeader = "X-RocketChat-Livechat-Token"

// DefaultMaxBodySize is the largest body Parse reads, and NewHandler unless
// [WithMaxBodySize] says otherwise: 10 MiB. A closed conversation's event
// carries its whole transcript; 10 MiB holds about 20,000 messages of 200
// characters, or 1,900 of the server's longest (5,000 characters, its
// Message_MaxAllowedSize default).
const DefaultMaxBodySize = 10 << 20

// The errors Parse returns, matched with errors.Is. Their text never
// carries the token or any of the body.
var (
	// ErrInvalidToken means the request's X-RocketChat-Livechat-Token is
	// missing, repeated, or not the secret.
	ErrInvalidToken = errors.New("webhook: missing or wrong " + TokenHeader)
	// ErrTooLarge means the body is larger than the cap.
	ErrTooLarge = errors.New("webhook: body too large")
	// ErrMalformed means the body is not a JSON object with a string type
	// member.
	ErrMalformed = errors.New("webhook: malformed payload")
	// ErrNoSecret means Parse or NewHandler was given an empty secret. A
	// receiver without a secret accepts events from anyone; see
	// [AllowNoSecret] to run one on purpose.
	ErrNoSecret = errors.New("webhook: empty secret")
)

// Parse reads and checks one delivery and returns its event.
//
// It checks the X-RocketChat-Livechat-Token header against secret first, in
// constant time, before reading the body (ErrInvalidToken); then reads the
// body up to [DefaultMaxBodySize] bytes (ErrTooLarge; to use a smaller cap,
// wrap r.Body in http.MaxBytesReader, whose error Parse also reports as
// ErrTooLarge); then decodes it into the event's own type (ErrMalformed if
// it is not a JSON object with a string type member). A member whose value
// does not fit its Go field does not fail the event: it is kept and listed
// by the event's Misfits method. An empty secret is refused with
// ErrNoSecret.
//
// Parse does not check the method or the content type. It reads r.Body but
// does not close it, as an http.Handler need not.
func Parse(r *http.Request, secret string) (Event, error) {
	if secret == "" {
		return nil, ErrNoSecret
	}
	want := sha256.Sum256([]byte(secret))
	return parse(r, &want, DefaultMaxBodySize)
}

// parse is Parse with the secret's digest (nil: no check) and the cap.
func parse(r *http.Request, want *[sha256.Size]byte, limit int64) (Event, error) {
	if want != nil && !validToken(r.Header, want) {
		return nil, ErrInvalidToken
	}
	body, err := readBody(r, limit)
	if err != nil {
		return nil, err
	}
	return decode(body)
}

// validToken reports whether the header carries exactly one token whose
// SHA-256 is want. Comparing fixed-size digests takes the same time whatever
// the token's length and content. A missing or repeated header compares as
// "", which never matches: want is the digest of a non-empty secret.
func validToken(h http.Header, want *[sha256.Size]byte) bool {
	got := ""
	if vals := h.Values(TokenHeader); len(vals) == 1 {
		got = vals[0]
	}
	sum := sha256.Sum256([]byte(got))
	return subtle.ConstantTimeCompare(sum[:], want[:]) == 1
}

// readBody reads the body, failing with ErrTooLarge past limit bytes.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, fmt.Errorf("%w: empty body", ErrMalformed)
	}
	if r.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	n := limit
	if n < math.MaxInt64 {
		n++
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, n))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, fmt.Errorf("%w: %w", ErrTooLarge, err)
		}
		return nil, fmt.Errorf("webhook: reading the body: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, tooLarge(limit)
	}
	return body, nil
}

func tooLarge(limit int64) error {
	return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
}

// decode decodes a body into the event its type member names.
func decode(body []byte) (Event, error) {
	typ, id, err := scan(body)
	if err != nil {
		return nil, err
	}
	ev := newEvent(typ)
	if ev == nil {
		ev = &Unknown{Type: typ, ID: id, Raw: bytes.Clone(body)}
	} else if err := jsonx.Unmarshal(body, ev); err != nil {
		return nil, undecodable(typ, err)
	}
	ev.setKey(hashKey(body))
	return ev, nil
}

// scan checks that body is one valid JSON object and returns its type
// member, which must be a string, and its _id member when that is a string.
// Its errors say where the body went wrong, never what it holds.
func scan(body []byte) (typ, id string, err error) {
	dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowInvalidUTF8(true))
	tok, err := dec.ReadToken()
	if err != nil {
		return "", "", syntaxError(err)
	}
	if tok.Kind() != '{' {
		return "", "", fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	hasType := false
	for dec.PeekKind() == '"' {
		name, err := dec.ReadToken()
		if err != nil {
			return "", "", syntaxError(err)
		}
		key := name.String() // the next read voids name
		if dec.PeekKind() == 0 {
			_, err := dec.ReadToken()
			return "", "", syntaxError(err)
		}
		isString := dec.PeekKind() == '"'
		switch {
		case key == "type" && !isString:
			return "", "", fmt.Errorf("%w: the type member is not a string", ErrMalformed)
		case (key == "type" || key == "_id") && isString:
			val, err := dec.ReadToken()
			if err != nil {
				return "", "", syntaxError(err)
			}
			if key == "type" {
				typ, hasType = val.String(), true
			} else {
				id = val.String()
			}
		default:
			if err := dec.SkipValue(); err != nil {
				return "", "", syntaxError(err)
			}
		}
	}
	if _, err := dec.ReadToken(); err != nil { // the closing brace
		return "", "", syntaxError(err)
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return "", "", fmt.Errorf("%w: data after the JSON object", ErrMalformed)
	}
	if !hasType {
		return "", "", fmt.Errorf("%w: no type member", ErrMalformed)
	}
	return typ, id, nil
}

// decodeError is an event that scan accepted and its type cannot decode. It
// wraps the decoder's error, for errors.Is and errors.As, but its text says
// only where the body went wrong: the decoder's own text may quote the body.
type decodeError struct {
	msg string
	err error
}

func (e *decodeError) Error() string   { return e.msg }
func (e *decodeError) Unwrap() []error { return []error{ErrMalformed, e.err} }

// undecodable returns the decodeError of an event of type typ.
func undecodable(typ string, err error) error {
	msg := fmt.Sprintf("%v: a %s event that cannot be decoded", ErrMalformed, typ)
	var sem *jsonv2.SemanticError
	var syn *jsontext.SyntacticError
	switch {
	case errors.As(err, &sem):
		msg += fmt.Sprintf(" (at byte %d)", sem.ByteOffset)
	case errors.As(err, &syn):
		msg += fmt.Sprintf(" (at byte %d)", syn.ByteOffset)
	}
	return &decodeError{msg: msg, err: err}
}

// syntaxError describes a JSON syntax error by its position only.
func syntaxError(err error) error {
	if serr, ok := errors.AsType[*jsontext.SyntacticError](err); ok {
		return fmt.Errorf("%w: invalid JSON at byte %d", ErrMalformed, serr.ByteOffset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: the JSON ends early", ErrMalformed)
	}
	return fmt.Errorf("%w: invalid JSON", ErrMalformed)
}
