package restcheck

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

const (
	chatHistory = "isGETLivechatVisitorsChatHistoryRoomRoomIdVisitorVisitorIdParams"
	rooms       = "isGETLivechatRoomsParams"
	onHold      = "isLivechatRoomOnHoldProps" // a JSON body: {roomId: string}, required
)

// TestServerQueryParsing pins what tools/restcheck/README.md says about how
// Rocket.Chat 8.x parses a query and what the validators then make of it.
// Parsed is the server's parse (qs), Params what the handler sees after Ajv.
func TestServerQueryParsing(t *testing.T) {
	t.Parallel()
	cases := []struct {
		validator, query string
		ok               bool
		parsed, params   string // compact JSON; params only when ok
		problem          string // a substring of Result.Problem
	}{
		// Arrays: brackets, repeated keys and a single value all end as arrays.
		{rooms, "agents[]=a&agents[]=b", true, `{"agents":["a","b"]}`, `{"agents":["a","b"]}`, ""},
		{rooms, "agents=a&agents=b", true, `{"agents":["a","b"]}`, `{"agents":["a","b"]}`, ""},
		{rooms, "agents=a", true, `{"agents":"a"}`, `{"agents":["a"]}`, ""},
		{rooms, "agents[1]=b", true, `{"agents":["b"]}`, `{"agents":["b"]}`, ""},
		{rooms, "agents[]=a,b", true, `{"agents":["a,b"]}`, `{"agents":["a,b"]}`, ""},
		// Booleans stay strings in the parse; a schema's boolean branch may coerce them.
		{rooms, "open=true", true, `{"open":"true"}`, `{"open":true}`, ""},
		{rooms, "open=1", true, `{"open":"1"}`, `{"open":"1"}`, ""},
		// Numbers: Ajv's coercion is JavaScript's, loose.
		{chatHistory, "count=0", true, `{"count":"0"}`, `{"count":0}`, ""},
		{chatHistory, "count=%20", true, `{"count":" "}`, `{"count":0}`, ""},
		{chatHistory, "count=", true, `{"count":""}`, `{"count":null}`, ""},
		{chatHistory, "count", true, `{"count":""}`, `{"count":null}`, ""},
		{chatHistory, "count[]=5", true, `{"count":["5"]}`, `{"count":5}`, ""},
		{chatHistory, "count=1e2", true, `{"count":"1e2"}`, `{"count":100}`, ""},
		{chatHistory, "count=0x10", true, `{"count":"0x10"}`, `{"count":16}`, ""},
		{chatHistory, "count=-1", true, `{"count":"-1"}`, `{"count":-1}`, ""},
		{chatHistory, "count=abc", false, `{"count":"abc"}`, "", ""},
		{chatHistory, "count=1&count=2", false, `{"count":["1","2"]}`, "", ""},
		{chatHistory, "offset=true", false, `{"offset":"true"}`, "", ""},
		// A malformed escape is kept as typed, not refused by the parser.
		{chatHistory, "count=%zz", false, `{"count":"%zz"}`, "", ""},
		{rooms, "roomName=%C3", true, `{"roomName":"%C3"}`, `{"roomName":"%C3"}`, ""},
		{rooms, "roomName=caf%C3%A9+au+lait", true, `{"roomName":"café au lait"}`, `{"roomName":"café au lait"}`, ""},
		// sort is a string holding JSON; brackets make an object, which fails.
		{chatHistory, "sort=%7B%22ts%22%3A-1%7D", true, `{"sort":"{\"ts\":-1}"}`, `{"sort":"{\"ts\":-1}"}`, ""},
		{chatHistory, "sort[ts]=1", false, `{"sort":{"ts":"1"}}`, "", ""},
		{chatHistory, "sort=[]", true, `{"sort":"[]"}`, `{"sort":"[]"}`, ""},
		// Unknown keys fail (additionalProperties: false).
		{chatHistory, "foo=1", false, `{"foo":"1"}`, "", ""},
		// The router keeps only what lies between the first and second '?'.
		{chatHistory, "count=1?foo=1", true, `{"count":"1"}`, `{"count":1}`, ""},
		// The parser's limits are the server's 400 "Invalid query parameters".
		{rooms, strings.Repeat("agents[]=a&", 501), false, "", "", "Array limit exceeded"},
		{rooms, strings.Repeat("agents=a&", 501), false, "", "", "Array limit exceeded"},
		{chatHistory, strings.Repeat("k=1&", 1001), false, "", "", "Parameter limit exceeded"},
	}
	reqs := make([]Request, len(cases))
	for i, c := range cases {
		reqs[i] = Request{Validator: c.validator, Query: c.query}
	}
	results := Validate(t, reqs)
	for i, c := range cases {
		r := results[i]
		name := c.query
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		if r.OK != c.ok {
			t.Errorf("%s: ok = %v, want %v\n%s", name, r.OK, c.ok, r)
		}
		if c.problem != "" {
			if !strings.Contains(r.Problem, c.problem) {
				t.Errorf("%s: problem %q, want it to mention %q", name, r.Problem, c.problem)
			}
			continue
		}
		if r.Problem != "" {
			t.Errorf("%s: unexpected problem %q", name, r.Problem)
		}
		if string(r.Parsed) != c.parsed {
			t.Errorf("%s: parsed %s, want %s", name, r.Parsed, c.parsed)
		}
		if c.ok && string(r.Params) != c.params {
			t.Errorf("%s: params %s, want %s", name, r.Params, c.params)
		}
		if !c.ok && (len(r.Errors) == 0 || r.Message == "") {
			t.Errorf("%s: refused without Ajv errors: %+v", name, r)
		}
		if r.CompiledWith != "ajvQuery" {
			t.Errorf("%s: compiled with %q, want ajvQuery", name, r.CompiledWith)
		}
	}
}

func TestBodies(t *testing.T) {
	t.Parallel()
	cases := []struct {
		body    string
		ok      bool
		params  string
		problem string
	}{
		{`{"roomId":"r1"}`, true, `{"roomId":"r1"}`, ""},
		{`{"roomId":5}`, true, `{"roomId":"5"}`, ""}, // ajv: coerceTypes true
		{`{}`, false, "", ""},
		{``, false, "", ""}, // the server reads an empty body as {}
		{`{"roomId":"r1","extra":1}`, false, "", ""},
		{`{"roomId":`, false, "", "not JSON"},
	}
	reqs := make([]Request, len(cases))
	for i, c := range cases {
		reqs[i] = Request{Validator: onHold, Body: []byte(c.body)}
	}
	for i, r := range Validate(t, reqs) {
		c := cases[i]
		if r.OK != c.ok || !strings.Contains(r.Problem, c.problem) || (c.ok && string(r.Params) != c.params) {
			t.Errorf("body %q: got ok=%v params=%s problem=%q, want ok=%v params=%s problem~%q",
				c.body, r.OK, r.Params, r.Problem, c.ok, c.params, c.problem)
		}
		if r.Problem == "" && r.CompiledWith != "ajv" {
			t.Errorf("body %q: compiled with %q, want ajv", c.body, r.CompiledWith)
		}
	}
}

func TestUnknownValidatorIsRefused(t *testing.T) {
	t.Parallel()
	r := Validate(t, []Request{{Validator: "isNoSuchValidator", Query: ""}})[0]
	if r.OK || !strings.Contains(r.Problem, "unknown validator") {
		t.Fatalf("unknown validator: ok=%v problem=%q; want a refusal", r.OK, r.Problem)
	}
}

// recordingTB catches what Check reports instead of failing this test.
type recordingTB struct {
	*testing.T
	mu     sync.Mutex
	errors []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestCheckReportsRefusedRequests(t *testing.T) {
	t.Parallel()
	good, _ := http.NewRequest(http.MethodGet, "https://chat.example.com/api/v1/x?count=10&offset=20", nil)
	bad, _ := http.NewRequest(http.MethodGet, "https://chat.example.com/api/v1/x?count=ten", nil)
	rec := &recordingTB{T: t}
	results := Check(rec, chatHistory, good, bad)
	if len(results) != 2 || !results[0].OK || results[1].OK {
		t.Fatalf("results: %+v", results)
	}
	if len(rec.errors) != 1 {
		t.Fatalf("Check reported %d failures, want 1: %q", len(rec.errors), rec.errors)
	}
	for _, want := range []string{"count=ten", chatHistory, "/count", "must be number"} {
		if !strings.Contains(rec.errors[0], want) {
			t.Errorf("failure message lacks %q:\n%s", want, rec.errors[0])
		}
	}
}

func TestFromHTTP(t *testing.T) {
	get, _ := http.NewRequest(http.MethodGet, "https://h/api?a=1&b=%20", nil)
	if r, err := FromHTTP("v", get); err != nil || r.Query != "a=1&b=%20" || r.Body != nil {
		t.Errorf("GET: %+v, %v", r, err)
	}
	post, _ := http.NewRequest(http.MethodPost, "https://h/api?ignored=1", strings.NewReader(`{"a":1}`))
	r, err := FromHTTP("v", post)
	if err != nil || string(r.Body) != `{"a":1}` {
		t.Fatalf("POST: %+v, %v", r, err)
	}
	if again, _ := io.ReadAll(post.Body); string(again) != `{"a":1}` {
		t.Errorf("body not put back: %q", again)
	}
	empty, _ := http.NewRequest(http.MethodPost, "https://h/api", nil)
	if r, err := FromHTTP("v", empty); err != nil || r.Body == nil || len(r.Body) != 0 {
		t.Errorf("empty POST: %+v, %v", r, err)
	}
}

// fakeTB records Skip and Fatal instead of ending the test.
type fakeTB struct {
	*testing.T
	skipped, fatal string
}

func (f *fakeTB) Skip(args ...any)                  { f.skipped = fmt.Sprint(args...) }
func (f *fakeTB) Fatalf(format string, args ...any) { f.fatal = fmt.Sprintf(format, args...) }

func TestUnavailableSkipsUnlessRequired(t *testing.T) {
	t.Setenv(EnvRequire, "")
	f := &fakeTB{T: t}
	unavailable(f, "node is not on PATH")
	if f.fatal != "" || !strings.Contains(f.skipped, SetupCommand) || !strings.Contains(f.skipped, "node is not on PATH") {
		t.Errorf("without %s: skipped=%q fatal=%q", EnvRequire, f.skipped, f.fatal)
	}

	t.Setenv(EnvRequire, "require")
	f = &fakeTB{T: t}
	unavailable(f, "node is not on PATH")
	if f.skipped != "" || !strings.Contains(f.fatal, SetupCommand) {
		t.Errorf("with %s=require: skipped=%q fatal=%q", EnvRequire, f.skipped, f.fatal)
	}
}

func TestRecorder(t *testing.T) {
	rec := &Recorder{Body: `{"x":1,"success":true}`}
	c := rec.Client()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("https://h/api/%d", i), strings.NewReader(fmt.Sprintf(`{"n":%d}`, i)))
			resp, err := c.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			if b, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || string(b) != rec.Body {
				t.Errorf("answer %d %q", resp.StatusCode, b)
			}
		})
	}
	wg.Wait()
	reqs := rec.Requests()
	if len(reqs) != 8 {
		t.Fatalf("recorded %d requests, want 8", len(reqs))
	}
	for _, r := range reqs {
		b, _ := io.ReadAll(r.Body)
		if want := fmt.Sprintf(`{"n":%s}`, strings.TrimPrefix(r.URL.Path, "/api/")); string(b) != want {
			t.Errorf("%s: body %q, want %q", r.URL.Path, b, want)
		}
	}
	// Bodies can be read again.
	if b, _ := io.ReadAll(rec.Requests()[0].Body); len(b) == 0 {
		t.Error("second Requests() gave an empty body")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://h/api", nil)
	if _, err := rec.RoundTrip(req); err == nil {
		t.Error("a cancelled request was answered")
	}
	rec.Reset()
	if n := len(rec.Requests()); n != 0 {
		t.Errorf("after Reset: %d requests", n)
	}
	if resp, _ := (&Recorder{}).RoundTrip(httptestGet()); resp == nil {
		t.Error("zero Recorder gave no answer")
	} else if b, _ := io.ReadAll(resp.Body); string(b) != `{"success":true}` {
		t.Errorf("zero Recorder answered %q", b)
	}
}

func httptestGet() *http.Request {
	r, _ := http.NewRequest(http.MethodGet, "https://h/api", nil)
	return r
}
