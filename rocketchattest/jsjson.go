package rocketchattest

import (
	"strconv"
	"unicode/utf16"
)

// Where a handler parses a query parameter with JSON.parse and lets the
// SyntaxError through, the server answers 400 with V8's message. Node 22
// (Rocket.Chat 8.x) writes it as below: a position in UTF-16 code units,
// then the line and column. Clients must not depend on the text; the fake
// reproduces it so that tests see what a real server sends.

// v8JSONError returns the message of the SyntaxError JSON.parse(s) throws,
// or "" when s is valid JSON.
func v8JSONError(s string) string {
	p := &v8JSON{src: utf16.Encode([]rune(s))}
	p.value()
	if p.err == "" {
		p.skipSpace()
		if p.pos < len(p.src) {
			p.err = p.positioned("Unexpected non-whitespace character after JSON")
		}
	}
	return p.err
}

// v8Token is the kind of JSON token a character starts, as V8 classifies
// one character.
type v8Token int

const (
	tokIllegal v8Token = iota
	tokEOS
	tokString
	tokNumber
	tokOther // structural characters and literals
)

// v8JSON is a port of the error paths of V8's JsonParser.
type v8JSON struct {
	src []uint16
	pos int
	err string
}

func (p *v8JSON) peekChar() int {
	if p.pos >= len(p.src) {
		return -1
	}
	return int(p.src[p.pos])
}

func (p *v8JSON) token() v8Token {
	switch c := p.peekChar(); {
	case c < 0:
		return tokEOS
	case c == '"':
		return tokString
	case c == '-' || ('0' <= c && c <= '9'):
		return tokNumber
	case c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',' || c == 't' || c == 'f' || c == 'n':
		return tokOther
	}
	return tokIllegal
}

func (p *v8JSON) skipSpace() {
	for c := p.peekChar(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = p.peekChar() {
		p.pos++
	}
}

// fail records the first error: msg, positioned, or, when msg is "",
// V8's message for the unexpected token.
func (p *v8JSON) fail(tok v8Token, msg string) {
	if p.err != "" {
		return
	}
	switch {
	case msg != "":
		p.err = p.positioned(msg + " in JSON")
	case tok == tokEOS:
		p.err = "Unexpected end of JSON input"
	case tok == tokNumber:
		p.err = p.positioned("Unexpected number in JSON")
	case tok == tokString:
		p.err = p.positioned("Unexpected string in JSON")
	default:
		p.err = p.unexpectedToken()
	}
}

func (p *v8JSON) positioned(msg string) string {
	line, last := 1, 0
	for i := 0; i < p.pos && i < len(p.src); i++ {
		if p.src[i] == '\r' && i+1 < p.pos && p.src[i+1] == '\n' {
			i++
		}
		if p.src[i] == '\r' || p.src[i] == '\n' {
			line, last = line+1, i+1
		}
	}
	return msg + " at position " + strconv.Itoa(p.pos) +
		" (line " + strconv.Itoa(line) + " column " + strconv.Itoa(1+p.pos-last) + ")"
}

// unexpectedToken is V8's message for a character no JSON value starts
// with, quoting the source (or up to ten characters around the position).
func (p *v8JSON) unexpectedToken() string {
	src := string(utf16.Decode(p.src))
	switch src {
	case "[object Object]", "undefined", "Infinity", "NaN":
		return `"` + src + `" is not valid JSON`
	}
	const context = 10
	tok := "Unexpected token '" + string(utf16.Decode(p.src[p.pos:p.pos+1])) + "', "
	n := len(p.src)
	sub := func(from, to int) string { return string(utf16.Decode(p.src[max(from, 0):min(to, n)])) }
	switch {
	case n <= context:
		return tok + `"` + src + `" is not valid JSON`
	case p.pos < 2*context+1:
		return tok + `"` + sub(0, p.pos+context) + `"... is not valid JSON`
	case p.pos < n-(2*context+1):
		return tok + `..."` + sub(p.pos-context, p.pos+context) + `"... is not valid JSON`
	}
	return tok + `..."` + sub(p.pos-context, n) + `" is not valid JSON`
}

func (p *v8JSON) value() {
	p.skipSpace()
	switch c := p.peekChar(); {
	case c == '"':
		p.pos++
		p.str()
	case c == '-' || ('0' <= c && c <= '9'):
		p.number()
	case c == '{':
		p.pos++
		p.object()
	case c == '[':
		p.pos++
		p.array()
	case c == 't':
		p.literal("true")
	case c == 'f':
		p.literal("false")
	case c == 'n':
		p.literal("null")
	default:
		p.fail(p.token(), "")
	}
}

func (p *v8JSON) object() {
	p.skipSpace()
	if p.peekChar() == '}' {
		p.pos++
		return
	}
	msg := "Expected property name or '}'"
	for p.err == "" {
		p.skipSpace()
		if p.peekChar() != '"' {
			p.fail(p.token(), msg)
			return
		}
		p.pos++
		if p.str(); p.err != "" {
			return
		}
		p.skipSpace()
		if p.peekChar() != ':' {
			p.fail(p.token(), "Expected ':' after property name")
			return
		}
		p.pos++
		if p.value(); p.err != "" {
			return
		}
		p.skipSpace()
		switch p.peekChar() {
		case ',':
			p.pos++
			msg = "Expected double-quoted property name"
		case '}':
			p.pos++
			return
		default:
			p.fail(p.token(), "Expected ',' or '}' after property value")
			return
		}
	}
}

func (p *v8JSON) array() {
	p.skipSpace()
	if p.peekChar() == ']' {
		p.pos++
		return
	}
	for p.err == "" {
		if p.value(); p.err != "" {
			return
		}
		p.skipSpace()
		switch p.peekChar() {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return
		default:
			p.fail(p.token(), "Expected ',' or ']' after array element")
			return
		}
	}
}

func (p *v8JSON) literal(word string) {
	for i := 0; i < len(word); i++ {
		if p.peekChar() != int(word[i]) {
			p.fail(p.token(), "")
			return
		}
		p.pos++
	}
}

// str scans a string after its opening quote.
func (p *v8JSON) str() {
	for {
		c := p.peekChar()
		switch {
		case c < 0:
			p.fail(tokIllegal, "Unterminated string")
			return
		case c == '"':
			p.pos++
			return
		case c < 0x20:
			p.fail(tokIllegal, "Bad control character in string literal")
			return
		case c == '\\':
			p.pos++
			if !p.escape() {
				return
			}
		default:
			p.pos++
		}
	}
}

// escape scans an escape after its backslash.
func (p *v8JSON) escape() bool {
	switch c := p.peekChar(); c {
	case -1:
		p.fail(tokEOS, "")
		return false
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		p.pos++
		return true
	case 'u':
		for range 4 {
			p.pos++
			if !isHex(p.peekChar()) {
				p.fail(tokIllegal, "Bad Unicode escape")
				return false
			}
		}
		p.pos++
		return true
	}
	p.fail(tokIllegal, "Bad escaped character")
	return false
}

func isHex(c int) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func isDigit(c int) bool { return '0' <= c && c <= '9' }

func (p *v8JSON) number() {
	if p.peekChar() == '-' {
		p.pos++
	}
	if p.peekChar() == '0' {
		p.pos++
		if isDigit(p.peekChar()) {
			p.fail(tokNumber, "")
			return
		}
	} else {
		if !isDigit(p.peekChar()) {
			p.fail(tokIllegal, "No number after minus sign")
			return
		}
		p.digits()
	}
	if p.peekChar() == '.' {
		p.pos++
		if !isDigit(p.peekChar()) {
			p.fail(tokIllegal, "Unterminated fractional number")
			return
		}
		p.digits()
	}
	if c := p.peekChar(); c == 'e' || c == 'E' {
		p.pos++
		if c := p.peekChar(); c == '+' || c == '-' {
			p.pos++
		}
		if !isDigit(p.peekChar()) {
			p.fail(tokIllegal, "Exponent part is missing a number")
			return
		}
		p.digits()
	}
}

func (p *v8JSON) digits() {
	for isDigit(p.peekChar()) {
		p.pos++
	}
}
