package rocketchat

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// Sentinel errors to test with [errors.Is]. An [*APIError] matches the
// sentinel of its status code or error code.
var (
	ErrUnauthorized      = errors.New("rocketchat: not authenticated")            // 401
	ErrForbidden         = errors.New("rocketchat: permission denied")            // 403, error-not-authorized
	ErrNotFound          = errors.New("rocketchat: not found")                    // 404, error-not-found
	ErrInvalidRoom       = errors.New("rocketchat: invalid room")                 // invalid-room, error-invalid-room
	ErrNotAllowed        = errors.New("rocketchat: not allowed")                  // error-not-allowed, not-allowed
	ErrInvalidParams     = errors.New("rocketchat: invalid parameters")           // invalid-params
	ErrInvalidSort       = errors.New("rocketchat: invalid sort")                 // error-invalid-sort
	ErrRateLimited       = errors.New("rocketchat: rate limited")                 // 429
	ErrTwoFactorRequired = errors.New("rocketchat: two-factor code required")     // totp-required
	ErrTwoFactorInvalid  = errors.New("rocketchat: two-factor code invalid")      // totp-invalid, totp-max-attempts
	ErrServer            = errors.New("rocketchat: server error")                 // 5xx
	ErrMalformedResponse = errors.New("rocketchat: malformed response")           // an answer that cannot be read
	ErrResponseTooLarge  = errors.New("rocketchat: response larger than allowed") // see WithMaxResponseSize
	ErrInvalidArgument   = errors.New("rocketchat: invalid argument")             // refused before sending
	ErrNoProgress        = errors.New("rocketchat: paging made no progress")      // a page repeated the last one
	ErrRoomClosed        = errors.New("rocketchat: room closed")                  // room-closed, error-room-closed, ...
)

// codeSentinels maps the server's error codes to sentinels: codes that
// several routes or packages share. Endpoint packages declare the codes of
// their own routes with [NewSentinel].
var codeSentinels = map[string]error{
	"invalid-room":                        ErrInvalidRoom,
	"error-invalid-room":                  ErrInvalidRoom,
	"error-not-found":                     ErrNotFound,
	"error-not-authorized":                ErrForbidden,
	"Not_authorized":                      ErrForbidden,
	"room-closed":                         ErrRoomClosed,
	"error-room-closed":                   ErrRoomClosed,
	"error-room-already-closed":           ErrRoomClosed,
	"This_conversation_is_already_closed": ErrRoomClosed,
	"error-not-allowed":                   ErrNotAllowed,
	"not-allowed":                         ErrNotAllowed, // livechat/{rid}/messages
	"invalid-params":                      ErrInvalidParams,
	"error-invalid-sort":                  ErrInvalidSort,
	"error-too-many-requests":             ErrRateLimited,
	"totp-required":                       ErrTwoFactorRequired,
	"totp-invalid":                        ErrTwoFactorInvalid,
	"totp-max-attempts":                   ErrTwoFactorInvalid,
}

// NewSentinel returns a sentinel error, with a message of its own, that an
// [*APIError] carrying one of the given server error codes (several when
// they mean the same) matches with [errors.Is]. Endpoint packages declare
// the codes of their routes with it:
//
//	var ErrInquiryTaken = rocketchat.NewSentinel("omnichannel: inquiry already taken", "error-inquiry-taken")
func NewSentinel(text string, codes ...string) error {
	return &sentinel{text: text, codes: slices.Clone(codes)}
}

// sentinel is a sentinel error made by NewSentinel.
type sentinel struct {
	text  string
	codes []string
}

func (s *sentinel) Error() string { return s.text }

// maxErrorBodyKept is how much of an error body an APIError keeps.
const maxErrorBodyKept = 4 << 10

// APIError is a failure the server reported: a non-2xx answer, or a 2xx one
// whose body says success:false.
type APIError struct {
	StatusCode int            // the HTTP status code
	Code       string         // the error code: errorType, else a trailing [code], else a bare code
	Message    string         // the server's message, or the status text for a non-JSON body
	Details    map[string]any // the server's details object, if any
	Body       []byte         // the start of the raw body (at most 4 KiB)
	Method     string         // the request's method
	Path       string         // the request's path, without the query
	Rate       Rate           // the answer's rate-limit state
}

// Error describes the failure; it never contains credentials.
func (e *APIError) Error() string { return "rocketchat: " + callName(e.Method, e.Path) + e.detail() }

// detail describes the failure without the package prefix and the call: the
// status, the code and the server's message.
func (e *APIError) detail() string {
	status := strconv.Itoa(e.StatusCode)
	code, msg := printable(e.Code), printable(e.Message)
	switch {
	case strings.HasPrefix(msg, status):
		return msg // a proxy page's title, "502 Bad Gateway"
	case code != "":
		status += " " + code
	}
	if msg != "" && e.Message != e.Code {
		return status + ": " + msg
	}
	return status
}

// callName is "GET /api/v1/me: ", or "" when the call is not known.
func callName(method, path string) string {
	if method == "" && path == "" {
		return ""
	}
	return method + " " + path + ": "
}

// detail describes err for an error that already names the package and the
// call: this package's errors without their prefix and call, a transport
// error without the URL a *url.Error repeats.
func detail(err error) string {
	if d, ok := err.(interface{ detail() string }); ok {
		return d.detail()
	}
	if uerr, ok := err.(*url.Error); ok && uerr.Err != nil {
		err = uerr.Err
	}
	return strings.TrimPrefix(err.Error(), "rocketchat: ")
}

// Is reports whether target is the sentinel for e's status or code: one of
// this package's, or one made with [NewSentinel] for e's code.
func (e *APIError) Is(target error) bool {
	if s, ok := codeSentinels[e.Code]; ok && s == target {
		return true
	}
	if s, ok := target.(*sentinel); ok {
		return e.Code != "" && slices.Contains(s.codes, e.Code)
	}
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// RateLimitError is returned when the route's rate limit is used up and the
// wait for it to reset is longer than the client may wait (see
// [WithMaxRetryWait]) or ends at or after the context's deadline, or the
// retries ran out. It matches [ErrRateLimited].
type RateLimitError struct {
	Rate                     // Limit, Remaining and Reset as last reported
	RetryAfter time.Duration // how long the caller should wait before calling again
	Err        *APIError     // the server's 429 answer; nil if the call was not sent
	Method     string        // the request's method
	Path       string        // the request's path, without the query
}

// Error names the call and says when the limit resets.
func (e *RateLimitError) Error() string {
	return "rocketchat: " + callName(e.Method, e.Path) + e.detail()
}

// detail describes the limit without the package prefix and the call.
func (e *RateLimitError) detail() string {
	var b strings.Builder
	if e.Err != nil {
		fmt.Fprintf(&b, "%d ", e.Err.StatusCode)
	}
	b.WriteString("rate limited")
	if e.Limit > 0 {
		fmt.Fprintf(&b, " (limit %d)", e.Limit)
	}
	if e.RetryAfter > 0 || !e.Reset.IsZero() {
		fmt.Fprintf(&b, ", retry after %s", e.RetryAfter.Round(time.Millisecond))
	}
	if !e.Reset.IsZero() {
		b.WriteString(" at " + e.Reset.UTC().Format(time.RFC3339))
	}
	if e.Err == nil {
		b.WriteString(", not sent")
	}
	return b.String()
}

// Is matches ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// Unwrap returns the server's answer, if any.
func (e *RateLimitError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// TwoFactorError is returned when the server wants a two-factor code, or
// refused the one given. Ask the user for a code for Method and try again.
type TwoFactorError struct {
	Method           string   // the method the server chose: "totp", "email", "password"
	AvailableMethods []string // the methods the user could use
	Err              *APIError
}

// Error says a code is needed (or was wrong) and by which method.
func (e *TwoFactorError) Error() string {
	if e.Err == nil {
		return "rocketchat: " + e.detail()
	}
	return "rocketchat: " + callName(e.Err.Method, e.Err.Path) + e.detail()
}

func (e *TwoFactorError) detail() string {
	msg := "two-factor authentication (" + printable(e.Method) + ")"
	if e.Err == nil {
		return msg
	}
	return msg + ": " + e.Err.detail()
}

// Unwrap returns the server's answer, which matches ErrTwoFactorRequired or
// ErrTwoFactorInvalid, or nil if there is none.
func (e *TwoFactorError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// errorBody is every shape of error body Rocket.Chat has sent.
type errorBody struct {
	Error     any            `json:"error"` // usually a string; some routes send an object
	ErrorType string         `json:"errorType"`
	Message   string         `json:"message"`
	Reason    string         `json:"reason"`
	Details   map[string]any `json:"details"`
}

var trailingCode = regexp.MustCompile(`\s*\[([A-Za-z0-9_.-]+)\]\s*$`)

// bareCode is an error that is only a code: error-not-allowed, or one
// spelled as a translation key with at least one separator, such as
// This_conversation_is_already_closed or Not_authorized (a bare word such
// as "Unauthorized" is a message).
var bareCode = regexp.MustCompile(`^(?:[a-z0-9]+(?:[-_][a-z0-9]+)*|[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+)$`)

// newAPIError builds the error for a failed answer. The result is an
// *APIError, or a *RateLimitError or *TwoFactorError wrapping one.
func newAPIError(resp *Response, body []byte) error {
	e := &APIError{StatusCode: resp.StatusCode, Body: bytes.Clone(body[:min(len(body), maxErrorBodyKept)])}
	if req := resp.Request; req != nil {
		e.Method, e.Path = req.Method, reportedPath(req)
	}
	e.Rate = resp.Rate
	var eb errorBody
	if len(bytes.TrimSpace(body)) > 0 && jsonx.Unmarshal(body, &eb) == nil {
		e.Code, e.Message = parseCode(eb)
		e.Details = eb.Details
	} else {
		e.Message = http.StatusText(resp.StatusCode)
		if title := htmlTitle(body); title != "" {
			e.Message = title
		}
	}
	now := time.Now()
	err := classify(e, now)
	if rle, ok := err.(*RateLimitError); ok && resp.Response != nil && resp.Header.Get("Retry-After") != "" {
		if hint, ok := serverHint(resp.Response, now); ok {
			rle.RetryAfter = hint // what the server asked for, when it said
		}
	}
	return err
}

func parseCode(eb errorBody) (code, msg string) {
	text, _ := eb.Error.(string)
	msg = cmp.Or(eb.Message, eb.Reason, text)
	if text != "" && eb.Message == "" {
		msg = strings.TrimSpace(trailingCode.ReplaceAllString(text, ""))
	}
	switch {
	case eb.ErrorType != "":
		code = eb.ErrorType
	case trailingCode.MatchString(text):
		code = trailingCode.FindStringSubmatch(text)[1]
	case bareCode.MatchString(text):
		code = text
	case text == "" && bareCode.MatchString(eb.Reason):
		code = eb.Reason // {"reason":"error-type-not-allowed","success":false}
	}
	return code, msg
}

// htmlTitle returns the <title> of an HTML error page, such as a proxy's.
func htmlTitle(body []byte) string {
	lower := asciiLower(body)
	i := bytes.Index(lower, []byte("<title>"))
	j := bytes.Index(lower, []byte("</title>"))
	if i < 0 || j <= i {
		return ""
	}
	return strings.TrimSpace(string(body[i+len("<title>") : j]))
}

// asciiLower returns b with ASCII letters in lower case. Unlike
// bytes.ToLower it keeps every byte where it was (invalid UTF-8 and some
// letters change length when lowered), so indexes into it index b.
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// printable makes text the server chose safe to print in an error message:
// invalid UTF-8 becomes U+FFFD, and control characters and line separators
// become spaces, so an error cannot break a log line or drive a terminal.
func printable(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}

func classify(e *APIError, now time.Time) error {
	if errors.Is(e, ErrTwoFactorRequired) || errors.Is(e, ErrTwoFactorInvalid) {
		tf := &TwoFactorError{Err: e}
		tf.Method, _ = e.Details["method"].(string)
		if ms, ok := e.Details["availableMethods"].([]any); ok {
			for _, m := range ms {
				if s, ok := m.(string); ok {
					tf.AvailableMethods = append(tf.AvailableMethods, s)
				}
			}
		}
		return tf
	}
	if errors.Is(e, ErrRateLimited) {
		// Waiting RetryAfter is enough: like the pacer, it ends a margin
		// after the reset, not a hair before the server's window turns.
		retryAfter := time.Duration(0)
		if !e.Rate.Reset.IsZero() {
			retryAfter = max(e.Rate.Reset.Add(paceMargin).Sub(now), 0)
		}
		return &RateLimitError{Rate: e.Rate, RetryAfter: retryAfter, Err: e, Method: e.Method, Path: e.Path}
	}
	return e
}

// malformed wraps a failure to read a successful answer.
func malformed(resp *Response, err error) error {
	where := ""
	if resp != nil && resp.Request != nil {
		where = fmt.Sprintf(" %s %s (%d, %s)", resp.Request.Method, reportedPath(resp.Request), resp.StatusCode, printable(resp.Header.Get("Content-Type")))
	}
	return fmt.Errorf("%w:%s: %w", ErrMalformedResponse, where, err)
}
