package rocketchat

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-querystring/query"
	"github.com/hashicorp/go-retryablehttp"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// Call describes one REST call for [Do]. Endpoint packages build one per
// method; it is the only thing an endpoint needs to know about the transport.
type Call struct {
	// Method is the HTTP method, e.g. http.MethodGet.
	Method string
	// Route is the path below /api/v1/, with {name} placeholders for path
	// parameters, e.g. "livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}".
	// It also keys the client's rate-limit state, as the server's limiter does.
	Route string
	// Params fill Route's placeholders in order. Each is escaped as one path
	// segment; empty values, "." and "..", and control characters are refused.
	Params []string
	// Query is a struct encoded with go-querystring ("url" tags), a value
	// that encodes itself (an EncodeValues(key string, v *url.Values) error
	// method, as [ListQuery] has), or nil.
	Query any
	// Body is encoded as the JSON request body, or nil for none.
	Body any
	// Multipart, when set, is sent as a multipart/form-data body instead of
	// Body (see [Multipart] for when such a call can be retried).
	Multipart *Multipart
	// Header holds extra request headers.
	Header http.Header
	// MinVersion, if set, is the Rocket.Chat release that added the route,
	// as "major.minor" (e.g. "7.0"). A 404 from the route is then checked
	// against the server's version, and from an older server it is returned
	// as a [*VersionError] (ErrUnsupportedVersion) instead.
	MinVersion string

	// Anonymous sends the call without the client's credentials, as the
	// livechat widget's routes are called: they know the visitor by a token
	// the call carries itself.
	Anonymous bool
	// Secrets are values the call carries in its path, query, headers or
	// body, such as a visitor token, that logs, errors and observers must
	// not show: a path parameter equal to one, or a path holding one, is
	// logged and reported with [REDACTED] in its place, the query of such a
	// call is never reported, and the call is refused over plain http to a
	// host other than loopback unless the client was built with
	// [WithInsecureHTTP], as credentials are.
	Secrets []Secret
	// Idempotent marks a POST the server applies at most once however often
	// it is sent, such as a message sent with a client-chosen id that the
	// server deduplicates. Such a call is retried after transport errors and
	// 5xx answers, as a GET is; other POSTs are not, unless the client was
	// built with [WithRetryNonIdempotent].
	Idempotent bool

	allowEmpty bool   // a 2xx with an empty body is success (logout)
	noReplay   bool   // the body can be read only once: never retried
	api        string // the prefix Route is below; "api/v1/" when empty
}

// path expands Route with escaped Params. shown is the same path with every
// parameter equal to one of the call's Secrets replaced by [REDACTED], for
// logs and errors.
func (call *Call) path() (path, shown string, err error) {
	var b, sb strings.Builder
	rest := call.Route
	for i := 0; ; i++ {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			if i != len(call.Params) {
				return "", "", fmt.Errorf("rocketchat: route %q takes %d parameters, got %d", call.Route, i, len(call.Params))
			}
			b.WriteString(rest)
			sb.WriteString(rest)
			return b.String(), sb.String(), nil
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 || i >= len(call.Params) {
			return "", "", fmt.Errorf("rocketchat: route %q does not match its %d parameters", call.Route, len(call.Params))
		}
		name := rest[open+1 : open+end]
		seg, err := pathSegment(name, call.Params[i])
		if err != nil {
			return "", "", err
		}
		b.WriteString(rest[:open])
		b.WriteString(seg)
		sb.WriteString(rest[:open])
		if slices.Contains(call.Secrets, Secret(call.Params[i])) {
			seg = redacted
		}
		sb.WriteString(seg)
		rest = rest[open+end+1:]
	}
}

// pathSegment escapes v so that it stays one path segment and can never
// name another route.
func pathSegment(name, v string) (string, error) {
	switch {
	case v == "":
		return "", fmt.Errorf("%w: %s is required", ErrInvalidArgument, name)
	case v == "." || v == "..":
		return "", fmt.Errorf("%w: %s %q is not a valid id", ErrInvalidArgument, name, v)
	case hasControl(v):
		return "", fmt.Errorf("%w: %s contains a control character", ErrInvalidArgument, name)
	}
	return url.PathEscape(v), nil
}

// queryEncoder is a value that encodes itself into a query, as ListOptions
// does; go-querystring only asks this of struct fields, not of the top level.
type queryEncoder interface {
	EncodeValues(key string, v *url.Values) error
}

func encodeQuery(q any) (url.Values, error) {
	if e, ok := q.(queryEncoder); ok {
		v := url.Values{}
		err := e.EncodeValues("", &v)
		return v, err
	}
	v, err := query.Values(q)
	if err != nil {
		return nil, fmt.Errorf("rocketchat: encoding query: %w", err)
	}
	return v, nil
}

// newRequest builds the HTTP request for call.
func (c *Client) newRequest(ctx context.Context, call *Call) (*retryablehttp.Request, error) {
	p, shown, err := call.path()
	if err != nil {
		return nil, err
	}
	api := cmp.Or(call.api, "api/v1/")
	raw := c.baseURL.String() + "/" + api + p
	if shown = redactSecrets(shown, call.Secrets); shown != p {
		ctx = withShownPath(ctx, c.baseURL.EscapedPath()+"/"+api+shown)
	}
	if len(call.Secrets) > 0 {
		if err := checkSecure(c.baseURL, c.cfg, "a secret such as a visitor token"); err != nil {
			return nil, err
		}
		ctx = withSecretQuery(ctx) // the query may hold one: never reported
	}
	if call.Query != nil {
		v, err := encodeQuery(call.Query)
		if err != nil {
			return nil, err
		}
		if q := v.Encode(); q != "" {
			raw += "?" + q
		}
	}
	body, err := jsonBody(call)
	if err != nil {
		return nil, err
	}
	ctx = withCallHeaders(ctx, call.Header)
	req, err := retryablehttp.NewRequestWithContext(ctx, call.Method, raw, body)
	if err != nil {
		return nil, fmt.Errorf("rocketchat: building request: %w", err)
	}
	for k, vs := range call.Header {
		req.Header[http.CanonicalHeaderKey(k)] = vs
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.cfg.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if call.Multipart != nil {
		mb, err := newMultipartBody(call.Multipart)
		if err != nil {
			return nil, err
		}
		if err := setMultipart(req, mb); err != nil {
			return nil, err
		}
		call.noReplay = !mb.replayable
	}
	if !call.Anonymous && c.cfg.creds.set() {
		req.Header.Set(headerUserID, c.cfg.creds.userID)
		req.Header.Set(headerAuthToken, string(c.cfg.creds.token))
	}
	return req, nil
}

// jsonBody is call's JSON body, or nil when it has none or a multipart one.
func jsonBody(call *Call) (io.Reader, error) {
	if call.Body == nil || call.Multipart != nil {
		return nil, nil
	}
	b, err := jsonx.Marshal(call.Body)
	if err != nil {
		return nil, fmt.Errorf("rocketchat: encoding request body: %w", err)
	}
	return bytes.NewReader(b), nil
}

// Do performs call and decodes a successful answer into a new T.
//
// It is the shared machinery under every endpoint: it paces the call against
// the route's rate limit, retries it by the client's policy, and turns any
// failure the server reports into an [*APIError] (or a [*RateLimitError] or
// [*TwoFactorError] wrapping one). The returned Response is non-nil whenever
// the server answered, even with an error.
//
// T must be a struct type without JSON methods of its own: its fields are
// decoded side by side with the server's success/error envelope.
func Do[T any](ctx context.Context, c *Client, call Call) (*T, *Response, error) {
	raw, resp, err := c.do(ctx, &call)
	if err != nil {
		return nil, resp, err
	}
	defer releaseBody(raw)
	env := envelope[T]{}
	if len(raw) == 0 {
		if call.allowEmpty {
			return &env.Body, resp, nil
		}
		return nil, resp, malformed(resp, errors.New("empty body"))
	}
	if err := c.decode(ctx, &call, raw, &env, ""); err != nil {
		return nil, resp, malformed(resp, err)
	}
	if env.failed() {
		return nil, resp, newAPIError(resp, raw)
	}
	return &env.Body, resp, nil
}

// DoDocument is [Do] for answers whose top level is the document itself,
// beside the envelope's success: the user of GET /api/v1/me, the message a
// livechat upload answers with. T is the document's type, such as
// models.Message, decoded with its own (tolerant) decoding.
func DoDocument[T any](ctx context.Context, c *Client, call Call) (*T, *Response, error) {
	raw, resp, err := c.do(ctx, &call)
	if err != nil {
		return nil, resp, err
	}
	defer releaseBody(raw)
	var env envelope[struct{}]
	if err := jsonx.Unmarshal(raw, &env); err != nil {
		return nil, resp, malformed(resp, err)
	}
	if env.failed() {
		return nil, resp, newAPIError(resp, raw)
	}
	doc := new(T)
	if err := c.decode(ctx, &call, raw, doc, ""); err != nil {
		return nil, resp, malformed(resp, err)
	}
	return doc, resp, nil
}

// envelope is the part of every Rocket.Chat answer that says whether it
// succeeded, decoded in the same pass as the payload.
type envelope[T any] struct {
	Success *bool `json:"success"`
	// Status is kept raw: only the string "error" means a failure, and a
	// status of another type is no reason to reject the answer.
	Status jsontext.Value `json:"status"`
	Body   T              `json:",embed"`
}

func (e *envelope[T]) failed() bool { return answerFailed(e.Success, e.Status) }

// answerFailed reports whether an answer's envelope says it failed: a
// success:false, or, from servers old enough to send only status and
// message, status:"error". status is the raw member, or nil.
func answerFailed(success *bool, status jsontext.Value) bool {
	if success != nil && !*success {
		return true
	}
	var s string
	return status.Kind() == '"' && json.Unmarshal(status, &s) == nil && s == "error"
}
