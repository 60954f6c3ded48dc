package rocketchattest

import (
	"errors"
	"testing"
)

// Patterns JavaScript refuses, with V8's message (checked against node
// below), patterns the fake runs, and patterns it cannot.
var regexpCorpus = []string{
	"(", ")", "[", "a**", "*", `\`, "a{2,1}", "(?<n", "a)b", "[b-a]", "+a", "a/(",
	"A-1", `^A\-1$`, `^\d+$`, "pro|ent", `\u0041`, `\x41`, `\cJ`, `\0`, `\a`, "x{1", "a{2}", "}", "]",
	"(?=x)", `(a)\1`, "a{1001}",
}

func TestJSRegExpErrorsMatchNode(t *testing.T) {
	var want []string
	nodeMap(t, `x => { try { new RegExp(x, 'i'); return '' } catch (e) { return e.message } }`, regexpCorpus, &want)
	for i, src := range regexpCorpus {
		_, got, err := jsRegExp(src)
		if got != want[i] && !(errors.Is(err, errUnsupportedPattern) && want[i] == "") {
			t.Errorf("new RegExp(%q): got %q (%v), want %q", src, got, err, want[i])
		}
	}
}

func TestJSRegExpMatchesAsJavaScript(t *testing.T) {
	tests := []struct {
		pattern any
		in      string
		want    bool
	}{
		{"A-1", "order a-10", true}, // unanchored, case-insensitive
		{`^A\-1$`, "a-1", true},
		{`^A\-1$`, "A-10", false},
		{`\u0041\x42`, "ab", true},
		{`\a`, "a", true}, // an identity escape, not a bell
		{`^\d+$`, "123", true},
		{5.0, "15", true},                  // new RegExp(5)
		{nil, "nullable", true},            // new RegExp(null)
		{[]any{"a", 1.0}, "x a,1 y", true}, // String(["a", 1]) is "a,1"
		{newJSObject(), "bjc", true},       // "[object Object]" is a character class
	}
	for _, tt := range tests {
		re, bad, err := jsRegExp(tt.pattern)
		if err != nil || bad != "" {
			t.Fatalf("%v: %q %v", tt.pattern, bad, err)
		}
		if got := re.MatchString(tt.in); got != tt.want {
			t.Errorf("new RegExp(%v, 'i') on %q = %v", tt.pattern, tt.in, got)
		}
	}
	if _, _, err := jsRegExp(`(?=x)`); !errors.Is(err, errUnsupportedPattern) {
		t.Errorf("look-ahead: %v", err)
	}
}
