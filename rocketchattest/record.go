package rocketchattest

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Redacted replaces secrets in recorded requests.
const Redacted = "[REDACTED]"

// maxRecordedBody is the most of a request body a record keeps.
const maxRecordedBody = 64 << 10

// secretHeaders are replaced by [Redacted] in recorded requests.
var secretHeaders = []string{"X-Auth-Token", "X-2fa-Code", "X-Visitor-Token", "Authorization", "Cookie"}

// secretFields are replaced by [Redacted] in recorded bodies, at any depth
// (a visitor's token is body.visitor.token when registering).
var secretFields = []string{"password", "code", "resume", "token"}

// secretParams are the query parameters and path parameters replaced by
// [Redacted] in recorded requests: the livechat widget's visitor token.
var secretParams = []string{"token"}

// Request is a request the server received, with secrets redacted.
type Request struct {
	// Time is when the request arrived (time.Now, so fake time in a bubble).
	Time time.Time
	// Method is the HTTP method.
	Method string
	// Path is the escaped path, as sent: an id with a slash shows as %2F. A
	// visitor token in the path (livechat/visitor/{token}) shows as
	// [Redacted].
	Path string
	// RawQuery is the query as sent, with the values of a token parameter
	// (the widget's visitor token), token[] and token[0] included, replaced
	// by [Redacted]; Query is the same, parsed.
	RawQuery string
	Query    url.Values
	// Header holds the request headers with X-Auth-Token, X-2fa-Code,
	// X-Visitor-Token, Authorization and Cookie replaced by [Redacted].
	Header http.Header
	// Body is the request body (up to 64 KiB), with the password, code,
	// resume and token members of JSON bodies (at any depth, in arrays too)
	// and the fields of form bodies of those names (token[] too) replaced
	// by [Redacted].
	Body string
	// Route is the matched route's name, or "" for an unknown path.
	Route string
	// Status is the status answered, or 0 when the client went away first or
	// the request is still being served.
	Status int
}

// RouteStats counts what happened on one route.
type RouteStats struct {
	// Requests is the number of requests received.
	Requests int
	// TooManyRequests is the number of 429 answers.
	TooManyRequests int
	// Faults is the number of times an injected fault acted.
	Faults int
}

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.records))
	for i, r := range s.records {
		r.Query = cloneValues(r.Query)
		r.Header = r.Header.Clone()
		out[i] = r
	}
	return out
}

// Stats returns the counters of a route, or of all routes together for
// [AnyRoute].
func (s *Server) Stats(route string) RouteStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	if route != AnyRoute {
		if st := s.stats[route]; st != nil {
			return *st
		}
		return RouteStats{}
	}
	var sum RouteStats
	for _, st := range s.stats {
		sum.Requests += st.Requests
		sum.TooManyRequests += st.TooManyRequests
		sum.Faults += st.Faults
	}
	return sum
}

// ResetRecords forgets the recorded requests and zeroes the counters.
func (s *Server) ResetRecords() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = nil
	clear(s.stats)
}

func (s *Server) statsLocked(route string) *RouteStats {
	st := s.stats[route]
	if st == nil {
		st = &RouteStats{}
		s.stats[route] = st
	}
	return st
}

// record stores the request and returns its index for [Server.finish]. It
// reads the body and puts it back for the handler. params are the matched
// route's path parameters, whose secrets it redacts.
func (s *Server) record(r *http.Request, route string, params map[string]string, now time.Time) int {
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	h := r.Header.Clone()
	for _, k := range secretHeaders {
		if h.Get(k) != "" {
			h.Set(k, Redacted)
		}
	}
	rawQuery := redactQuery(r.URL.RawQuery)
	query, _ := url.ParseQuery(rawQuery)
	rec := Request{
		Time:     now,
		Method:   r.Method,
		Path:     redactPath(r.URL.EscapedPath(), params),
		RawQuery: rawQuery,
		Query:    query,
		Header:   h,
		Body:     redactBody(r.Header.Get("Content-Type"), body),
		Route:    route,
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, rec)
	s.statsLocked(route).Requests++
	return len(s.records) - 1
}

// finish notes the status answered to a recorded request.
func (s *Server) finish(idx int, route string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if idx < len(s.records) {
		s.records[idx].Status = status
	}
	if status == http.StatusTooManyRequests {
		s.statsLocked(route).TooManyRequests++
	}
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vals := range v {
		out[k] = slices.Clone(vals)
	}
	return out
}

// redactBody hides secret fields of a form or JSON body; other bodies are
// kept as they are, up to maxRecordedBody.
func redactBody(contentType string, body []byte) string {
	if len(body) > maxRecordedBody {
		body = body[:maxRecordedBody]
	}
	ct, _, _ := mime.ParseMediaType(contentType)
	if ct == "application/x-www-form-urlencoded" {
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return Redacted
		}
		for k := range vals {
			if slices.Contains(secretFields, strings.ToLower(qsRoot(k))) {
				vals.Set(k, Redacted)
			}
		}
		return vals.Encode()
	}
	if out, ok := redactJSON(body); ok {
		return out
	}
	return string(body)
}

// redactJSON replaces the secret fields of a JSON object, at any depth of
// nested objects, keeping the document's order. ok is false for anything but
// an object.
func redactJSON(body []byte) (string, bool) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return "", false
	}
	dec := jsontext.NewDecoder(bytes.NewReader(trimmed), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	var out bytes.Buffer
	enc := jsontext.NewEncoder(&out, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if redactObject(dec, enc) != nil {
		return Redacted, true
	}
	return strings.TrimSpace(out.String()), true
}

// redactObject copies the object at dec's position to enc, secret members
// replaced, nested objects and arrays redacted in turn.
func redactObject(dec *jsontext.Decoder, enc *jsontext.Encoder) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	if err := enc.WriteToken(tok); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		name := tok.String() // a token is valid only until the next read
		if err := enc.WriteToken(jsontext.String(name)); err != nil {
			return err
		}
		if !slices.Contains(secretFields, strings.ToLower(name)) {
			if err := redactValue(dec, enc); err != nil {
				return err
			}
			continue
		}
		if err := dec.SkipValue(); err != nil {
			return err
		}
		if err := enc.WriteToken(jsontext.String(Redacted)); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	return enc.WriteToken(jsontext.EndObject)
}

// redactValue copies the value at dec's position to enc, redacting the
// objects it holds, inside arrays too.
func redactValue(dec *jsontext.Decoder, enc *jsontext.Encoder) error {
	switch dec.PeekKind() {
	case '{':
		return redactObject(dec, enc)
	case '[':
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if err := enc.WriteToken(tok); err != nil {
			return err
		}
		for dec.PeekKind() != ']' {
			if err := redactValue(dec, enc); err != nil {
				return err
			}
		}
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		return enc.WriteToken(jsontext.EndArray)
	}
	val, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return enc.WriteValue(val)
}

// redactQuery replaces the values of the secret parameters of a raw query,
// keeping the rest as sent. A parameter is secret by its name's root, as
// the server's qs parser reads it: token[] and token[0] are token.
func redactQuery(raw string) string {
	if raw == "" {
		return raw
	}
	pairs := strings.Split(raw, "&")
	for i, p := range pairs {
		k, _, _ := strings.Cut(p, "=")
		if slices.Contains(secretParams, qsRoot(qsDecode(replaceFold(replaceFold(k, "%5B", "["), "%5D", "]")))) {
			pairs[i] = k + "=" + Redacted
		}
	}
	return strings.Join(pairs, "&")
}

// qsRoot is the parameter a qs key sets: the part before its first
// bracket.
func qsRoot(key string) string {
	root, _, _ := strings.Cut(key, "[")
	return root
}

// redactPath replaces the secret path parameters of an escaped path.
func redactPath(path string, params map[string]string) string {
	for _, name := range secretParams {
		if v := params[name]; v != "" {
			path = strings.ReplaceAll(path, url.PathEscape(v), Redacted)
		}
	}
	return path
}
