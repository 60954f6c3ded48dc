package rocketchattest

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// jsonCorpus is JSON text, valid and not, that a query parameter could
// carry: every error path of the parser, at every kind of position.
var jsonCorpus = []string{
	``, ` `, `{`, `}`, `[`, `]`, `:`, `,`, `abc`, `nul`, `nux`, `tru1`, `nul"`, `true`, `null`, `false`, `fals`,
	`{"a":1}`, `{"a" 1}`, `{"a":}`, `{"a":1,}`, `{"a":1 "b":2}`, `{a:1}`, `{'a':1}`, `{"a":1}x`, `{"a":1} `,
	`[1,]`, `[1 2]`, `[,1]`, `[1,2`, `[`, `["a"`, `"abc`, `"a\x"`, `"a\u12G4"`, `"a\u12"`, `"a\`, "\"a\tb\"",
	`-`, `-a`, `01`, `1.`, `1.e5`, `1e`, `1e+`, `1E-2`, `-0`, `-0.5e-3`, `2024-01-01`, `2024`,
	`undefined`, `NaN`, `Infinity`, `[object Object]`, `{"start":"2026-05-01T00:00:00.000Z"`,
	`{"start":"2026-05-01T00:00:00.000Z","end":x}`, `{"start":"2026-05-01T00:00:00.000Z","end":"2026-05-02"}garbage`,
	`{"orderNumber":"A-1","plan":"pro","x":yes}`, `{"key":"value with spaces", oops}`, "{\n\"a\":\n1,\n}",
	"{\r\n\"a\":\r\n1 2}", `{"é":"ü" x}`, `"✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓✓" x`, `[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 16]`,
	`{"a":[{"b":{"c":[1,{"d":tru}]}}]}`, `   {"a"   :   1   ,   "b"  :  ]`, `{"a":"b"}}`, `{}{}`, `[][]`,
}

// lineColumn is what Node 22 adds to a positioned message and Node 20 does
// not.
var lineColumn = regexp.MustCompile(` \(line \d+ column \d+\)$`)

// The fake's JSON.parse errors are V8's: compared with the node on this
// machine, whose messages may lack the line and column (checked below).
func TestV8JSONErrorsMatchNode(t *testing.T) {
	var want []string
	nodeMap(t, `x => { try { JSON.parse(x); return '' } catch (e) { return e.message } }`, jsonCorpus, &want)
	for i, s := range jsonCorpus {
		got := v8JSONError(s)
		if !lineColumn.MatchString(want[i]) {
			got = lineColumn.ReplaceAllString(got, "")
		}
		if got != want[i] {
			t.Errorf("JSON.parse(%q):\n got %q\nwant %q", s, got, want[i])
		}
	}
}

// nodeMap runs fn, a JavaScript function, over each input in node and
// decodes the results into out. It skips the test when node is missing,
// unless ROCKETCHAT_RESTCHECK=require (as CI sets it).
func nodeMap(t *testing.T, fn string, inputs, out any) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("ROCKETCHAT_RESTCHECK") == "require" {
			t.Fatal("node is needed to compare with JavaScript")
		}
		t.Skip("node not found; not compared with JavaScript")
	}
	in, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "-e", `let s = ''; process.stdin.on('data', d => s += d).on('end', () => {
		console.log(JSON.stringify(JSON.parse(s).map(`+fn+`))) })`)
	cmd.Stdin = strings.NewReader(string(in))
	cmd.Env = append(os.Environ(), "TZ=UTC")
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	if err := json.Unmarshal(res, out); err != nil {
		t.Fatalf("node said %s: %v", res, err)
	}
}

func TestV8JSONErrorLineAndColumn(t *testing.T) {
	for s, want := range map[string]string{
		`{`:                "Expected property name or '}' in JSON at position 1 (line 1 column 2)",
		"{\n\"a\":\n1,\n}": "Expected double-quoted property name in JSON at position 10 (line 4 column 1)",
		"{\r\n\"a\" 1}":    "Expected ':' after property name in JSON at position 7 (line 2 column 5)",
		`"✓` + "\x01":      "Bad control character in string literal in JSON at position 2 (line 1 column 3)",
		`{"a":1}`:          "",
	} {
		if got := v8JSONError(s); got != want {
			t.Errorf("%q: got %q, want %q", s, got, want)
		}
	}
}

// Any nesting parses, as in V8, whose parser does not recurse.
func TestV8JSONDeepNesting(t *testing.T) {
	deep := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	if got := v8JSONError(deep); got != "" {
		t.Errorf("5,000 nested arrays: %q", got)
	}
	if got := v8JSONError(deep + "x"); got != "Unexpected non-whitespace character after JSON at position 10000 (line 1 column 10001)" {
		t.Errorf("got %q", got)
	}
}
