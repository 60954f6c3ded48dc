package rocketchattest

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
)

// The server builds some filters with new RegExp(value, flags) (custom
// fields, unescaped) and hands them to MongoDB. The fake compiles them with
// Go's regexp after translating JavaScript's escapes: V8 refuses a pattern
// with a SyntaxError whose message jsRegExp reproduces, and a valid pattern
// Go cannot run (look-around, back-references, repeats over 1000) is
// errUnsupportedPattern, which the fake answers with a 400 of its own.

var errUnsupportedPattern = errors.New("rocketchattest: the fake server cannot run this regular expression (look-around, back-references or repeats over 1000); a real server can")

// jsRegExp compiles new RegExp(String(v), "i") for matching. syntaxErr is
// V8's message when JavaScript refuses the pattern.
func jsRegExp(v any) (re *regexp.Regexp, syntaxErr string, err error) {
	return jsRegExpFlags(v, "i")
}

// jsRegExpFlags compiles new RegExp(String(v), flags), flags "" or "i".
func jsRegExpFlags(v any, flags string) (re *regexp.Regexp, syntaxErr string, err error) {
	src := jsString(v)
	goSrc, bad := translateJSPattern(src)
	if bad == "" {
		if flags == "i" {
			goSrc = "(?i)" + goSrc
		}
		re, err = regexp.Compile(goSrc)
		if err == nil {
			return re, "", nil
		}
		bad = v8RegExpReason(src, err)
	}
	if bad == "" {
		return nil, "", errUnsupportedPattern
	}
	return nil, "Invalid regular expression: /" + src + "/" + flags + ": " + bad, nil
}

// jsString is String(v) for a value of JSON.parse.
func jsString(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case bool:
		return fmt.Sprint(x)
	case float64:
		return jsNumberString(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil {
				parts[i] = jsString(e)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

// translateJSPattern rewrites the escapes whose meaning differs between
// JavaScript (without the u flag) and Go. bad is V8's reason when the
// pattern ends with a lone backslash.
func translateJSPattern(src string) (out, bad string) {
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(src) {
			return "", `\ at end of pattern`
		}
		i++
		b.WriteString(translateEscape(src, &i))
	}
	return b.String(), ""
}

// translateEscape translates the escape whose letter is at src[*i],
// advancing *i past what it consumed.
func translateEscape(src string, i *int) string {
	c := src[*i]
	switch {
	case c == 'u' && *i+4 < len(src) && isHexString(src[*i+1:*i+5]):
		*i += 4
		return `\x{` + src[*i-3:*i+1] + `}`
	case c == 'x' && *i+2 < len(src) && isHexString(src[*i+1:*i+3]):
		*i += 2
		return `\x` + src[*i-1:*i+1]
	case c == 'c' && *i+1 < len(src) && isASCIILetter(src[*i+1]):
		*i++
		return fmt.Sprintf(`\x{%x}`, src[*i]%32)
	case c == '0' && (*i+1 == len(src) || !isDigit(int(src[*i+1]))):
		return `\x00`
	case strings.IndexByte("dDwWsSbBtnrvf", c) >= 0, c >= '1' && c <= '9', c == 'k':
		return `\` + string(c) // the same in Go, or refused there (back-references)
	case isASCIILetter(c) || isDigit(int(c)):
		return string(c) // an identity escape: the letter itself
	}
	return `\` + string(c) // escaped punctuation, or a non-ASCII character
}

func isHexString(s string) bool {
	for i := range len(s) {
		if !isHex(int(s[i])) {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

// quantifierOutOfOrder finds a {m,n} with m > n.
var quantifierOutOfOrder = regexp.MustCompile(`\{(\d+),(\d+)\}`)

// v8RegExpReason is V8's reason for refusing a pattern Go refused with
// err, or "" when JavaScript accepts it.
func v8RegExpReason(src string, err error) string {
	var serr *syntax.Error
	if !errors.As(err, &serr) {
		return ""
	}
	switch serr.Code {
	case syntax.ErrMissingParen:
		return "Unterminated group"
	case syntax.ErrUnexpectedParen:
		return "Unmatched ')'"
	case syntax.ErrMissingBracket:
		return "Unterminated character class"
	case syntax.ErrMissingRepeatArgument, syntax.ErrInvalidRepeatOp:
		return "Nothing to repeat"
	case syntax.ErrInvalidCharRange:
		return "Range out of order in character class"
	case syntax.ErrInvalidNamedCapture:
		return "Invalid capture group name"
	case syntax.ErrInvalidRepeatSize:
		for _, m := range quantifierOutOfOrder.FindAllStringSubmatch(src, -1) {
			if len(m[1]) > len(m[2]) || (len(m[1]) == len(m[2]) && m[1] > m[2]) {
				return "numbers out of order in {} quantifier"
			}
		}
	}
	return ""
}
