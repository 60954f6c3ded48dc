// Package restcheck checks, from Go tests, that the requests the SDK sends
// pass Rocket.Chat's own request validation for their route: the query string
// parsed as the Rocket.Chat 8.x router parses it (qs, arrayLimit 500), then
// the route's Ajv validator from @rocket.chat/rest-typings 8.8.1.
//
// The checking is done by tools/restcheck/check.js, run once per [Validate]
// or [Check] call with every request of the call. Its tools are installed by
// "bash tools/restcheck/setup.sh"; without node or those tools, a check skips
// the test (saying what to run), unless ROCKETCHAT_RESTCHECK=require is set,
// as CI sets it: then it fails. tools/restcheck/README.md says how the server
// parses a query, with its sources.
//
// A typical test drives SDK methods over a [Recorder] and checks what went
// out:
//
//	rec := &restcheck.Recorder{Body: `{"history":[],"total":0,"success":true}`}
//	c, _ := rocketchat.NewClient("https://chat.example.com",
//		rocketchat.WithToken("u", "t"), rocketchat.WithHTTPClient(rec.Client()))
//	// ... calls ...
//	restcheck.Check(t, "isGETLivechatVisitorsChatHistoryRoomRoomIdVisitorVisitorIdParams", rec.Requests()...)
package restcheck

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// EnvRequire is the environment variable that turns a missing harness from a
// skipped test into a failed one when set to "require".
const EnvRequire = "ROCKETCHAT_RESTCHECK"

// SetupCommand installs the harness's tools; run it from the repository root.
const SetupCommand = "bash tools/restcheck/setup.sh"

// timeout bounds one run of check.js; it starts in about a second.
const timeout = 2 * time.Minute

// Request is one request to check against a validator.
type Request struct {
	// Validator is the name @rocket.chat/rest-typings exports the route's
	// validator under, e.g. "isGETLivechatVisitorsChatHistoryRoomRoomIdVisitorVisitorIdParams"
	// ("node tools/restcheck/check.js --list" lists them).
	Validator string
	// Query is the raw query string as sent, without the '?'. It is what is
	// checked when Body is nil.
	Query string
	// Body is the raw JSON body. When non-nil it is checked instead of Query.
	Body []byte
}

// Result is the server's view of one [Request].
type Result struct {
	// Request is the request checked.
	Request Request
	// OK is true when the validator accepts the request.
	OK bool
	// Problem says why the request never reached a validator: an unknown
	// validator name, a query the server's parser refuses (its 400 "Invalid
	// query parameters"), a body that is not JSON. OK is then false.
	Problem string
	// CompiledWith names the Ajv instance of rest-typings that compiled the
	// validator: "ajvQuery" (coerceTypes "array") or "ajv" (coerceTypes true).
	CompiledWith string
	// Query is the query string as the server's router read it: after the
	// WHATWG URL parser's normalisation, cut at a second '?'.
	Query string
	// Parsed is what the server parsed (qs for a query, JSON for a body),
	// before the validator; Params is the same after Ajv's coercion, which is
	// what the route's handler sees.
	Parsed, Params json.RawMessage
	// Errors are Ajv's errors; Message is the text the server's 400 answer
	// carries (the messages joined by "\n ").
	Errors  []AjvError
	Message string
}

// AjvError is one of Ajv's validation errors, as Ajv reports it.
type AjvError struct {
	// InstancePath points at the offending value, e.g. "/count"; "" is the
	// whole query or body.
	InstancePath string `json:"instancePath"`
	// SchemaPath points at the schema rule, e.g. "#/properties/count/type".
	SchemaPath string `json:"schemaPath"`
	// Keyword is the rule's keyword, e.g. "type" or "additionalProperties".
	Keyword string `json:"keyword"`
	// Params are the keyword's details, e.g. {"additionalProperty": "foo"}.
	Params map[string]any `json:"params"`
	// Message is Ajv's text, e.g. "must be number".
	Message string `json:"message"`
}

// String describes the result in a few lines: what was sent, what the server
// made of it, and Ajv's verdict.
func (r Result) String() string {
	var b strings.Builder
	if r.Request.Body != nil {
		fmt.Fprintf(&b, "body %s", r.Request.Body)
	} else {
		fmt.Fprintf(&b, "query %q", r.Request.Query)
	}
	fmt.Fprintf(&b, "\n  validator: %s", r.Request.Validator)
	if r.Problem != "" {
		fmt.Fprintf(&b, "\n  refused: %s", r.Problem)
		return b.String()
	}
	fmt.Fprintf(&b, "\n  server parsed: %s", r.Parsed)
	if r.OK {
		fmt.Fprintf(&b, "\n  valid; handler sees: %s", r.Params)
		return b.String()
	}
	for _, e := range r.Errors {
		path := e.InstancePath
		if path == "" {
			path = "(top)"
		}
		fmt.Fprintf(&b, "\n  Ajv: %s %s (%s %v)", path, e.Message, e.SchemaPath, e.Params)
	}
	return b.String()
}

// Validate checks reqs in one run of check.js and returns one Result per
// request, in order. It fails the test if the harness itself breaks, and
// skips it (or fails it, see [EnvRequire]) if the harness is not installed.
// Invalid requests are not failures here: see [Check].
func Validate(t testing.TB, reqs []Request) []Result {
	t.Helper()
	root := harness(t)
	if len(reqs) == 0 {
		return nil
	}
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for i, r := range reqs {
		line := map[string]any{"id": i, "validator": r.Validator}
		if r.Body != nil {
			line["body"] = string(r.Body)
		} else {
			line["query"] = r.Query
		}
		if err := enc.Encode(line); err != nil {
			t.Fatalf("restcheck: encoding request %d: %v", i, err)
		}
	}
	out := run(t, root, &in)
	return decode(t, reqs, out)
}

// Check checks each HTTP request (see [FromHTTP]) against validator and fails
// the test with a readable message for each one the server would refuse. It
// returns the results for further assertions.
func Check(t testing.TB, validator string, reqs ...*http.Request) []Result {
	t.Helper()
	if len(reqs) == 0 {
		t.Fatalf("restcheck: no requests to check against %s", validator)
	}
	checks := make([]Request, len(reqs))
	for i, r := range reqs {
		c, err := FromHTTP(validator, r)
		if err != nil {
			t.Fatalf("restcheck: %v", err)
		}
		checks[i] = c
	}
	results := Validate(t, checks)
	for i, res := range results {
		if !res.OK {
			t.Errorf("restcheck: Rocket.Chat would refuse %s %s\n  %s", reqs[i].Method, reqs[i].URL, res)
		}
	}
	return results
}

// FromHTTP turns r into a Request for validator: the query of a GET or HEAD
// request, the body of any other. r's body is read and put back.
func FromHTTP(validator string, r *http.Request) (Request, error) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == "" {
		return Request{Validator: validator, Query: r.URL.RawQuery}, nil
	}
	if r.Body == nil || r.Body == http.NoBody {
		return Request{Validator: validator, Body: []byte{}}, nil
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return Request{}, fmt.Errorf("reading the body of %s %s: %w", r.Method, r.URL, err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return Request{Validator: validator, Body: body}, nil
}

// harnessFiles are what a check depends on, under tools/restcheck: the
// installed tools first, then the program and its pins.
var harnessFiles = []string{
	"node_modules/ajv/package.json", "node_modules/qs/package.json", "vendor/.pins",
	"check.js", "loader.js", "core-typings.js", "package-lock.json", "setup.sh",
}

// harness returns the repository root, or skips or fails the test when node
// or the installed tools are missing.
func harness(t testing.TB) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatalf("restcheck: %v", err)
	}
	var missing string
	if _, err := exec.LookPath("node"); err != nil {
		missing = "node is not on PATH (install node >= 20.6 with npm)"
	} else {
		// Stat-ing the harness's files also tells go test's result cache
		// that a change to any of them invalidates the cached result.
		for _, f := range harnessFiles {
			if _, err := os.Stat(filepath.Join(root, "tools", "restcheck", f)); err != nil {
				missing = "the harness's tools are not installed (tools/restcheck/" + f + ")"
				break
			}
		}
	}
	if missing != "" {
		unavailable(t, missing)
	}
	return root
}

func unavailable(t testing.TB, why string) {
	t.Helper()
	msg := fmt.Sprintf("restcheck: %s; run: %s", why, SetupCommand)
	if os.Getenv(EnvRequire) == "require" {
		t.Fatalf("%s (%s=require)", msg, EnvRequire)
		return
	}
	t.Skip(msg)
}

// repoRoot walks up from the working directory to the directory of go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// run feeds in to check.js and returns its output.
func run(t testing.TB, root string, in io.Reader) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join("tools", "restcheck", "check.js"))
	cmd.Dir = root
	cmd.Stdin = in
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 3 { // check.js: tools not installed
		unavailable(t, strings.TrimSpace(stderr.String()))
	}
	if err != nil {
		t.Fatalf("restcheck: node tools/restcheck/check.js: %v\n%s", err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// decode matches check.js's output lines to reqs by id.
func decode(t testing.TB, reqs []Request, out []byte) []Result {
	t.Helper()
	results := make([]Result, len(reqs))
	seen := make([]bool, len(reqs))
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var line struct {
			ID           *int            `json:"id"`
			OK           bool            `json:"ok"`
			Problem      string          `json:"problem"`
			CompiledWith string          `json:"compiledWith"`
			Query        string          `json:"query"`
			Parsed       json.RawMessage `json:"parsed"`
			Params       json.RawMessage `json:"params"`
			Errors       []AjvError      `json:"errors"`
			Message      string          `json:"message"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("restcheck: unreadable output line %q: %v", sc.Bytes(), err)
		}
		if line.ID == nil || *line.ID < 0 || *line.ID >= len(reqs) || seen[*line.ID] {
			t.Fatalf("restcheck: output line for no request we sent: %s", sc.Bytes())
		}
		i := *line.ID
		seen[i] = true
		results[i] = Result{
			Request: reqs[i], OK: line.OK, Problem: line.Problem, CompiledWith: line.CompiledWith,
			Query: line.Query, Parsed: line.Parsed, Params: line.Params, Errors: line.Errors, Message: line.Message,
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("restcheck: reading check.js output: %v", err)
	}
	for i, ok := range seen {
		if !ok {
			t.Fatalf("restcheck: check.js gave no answer for request %d (%s)", i, reqs[i].Validator)
		}
	}
	return results
}
