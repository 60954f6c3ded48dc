package rocketchattest

import (
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// The server is JavaScript: where its answer depends on how JavaScript turns
// strings into numbers and back, these helpers reproduce it.

// jsWhitespace is what Number() and parseInt() skip around a number.
const jsWhitespace = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

var jsDecimal = regexp.MustCompile(`^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$`)

// jsToNumber is Number(s): NaN when s is not a number.
func jsToNumber(s string) float64 {
	s = strings.Trim(s, jsWhitespace)
	switch s {
	case "":
		return 0
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	if len(s) > 2 && s[0] == '0' {
		if base := map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[s[1]]; base != 0 {
			return jsParseDigits(s[2:], base)
		}
	}
	if !jsDecimal.MatchString(s) {
		return math.NaN()
	}
	f, _ := strconv.ParseFloat(s, 64) // out of range: ±Inf or 0, as in JavaScript
	return f
}

// jsParseDigits reads all of s as digits of base, NaN if one is not.
func jsParseDigits(s string, base int) float64 {
	f := 0.0
	for _, c := range s {
		d, err := strconv.ParseUint(string(c), base, 8)
		if err != nil {
			return math.NaN()
		}
		f = f*float64(base) + float64(d)
	}
	return f
}

// jsParseInt is parseInt(s) with no radix: leading digits, NaN if none.
func jsParseInt(s string) float64 {
	s = strings.TrimLeft(s, jsWhitespace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	base := 10
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		base, s = 16, s[2:]
	}
	end := 0
	for end < len(s) {
		if _, err := strconv.ParseUint(s[end:end+1], base, 8); err != nil {
			break
		}
		end++
	}
	if end == 0 {
		return math.NaN()
	}
	f := jsParseDigits(s[:end], base)
	if base == 10 {
		f, _ = strconv.ParseFloat(s[:end], 64)
	}
	if neg {
		f = -f
	}
	return f
}

// jsNumberString is String(f), JavaScript's shortest round-trip form.
func jsNumberString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
	digits := strings.Replace(mant, ".", "", 1)
	e, _ := strconv.Atoi(exp)
	n, k := e+1, len(digits)
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	esign := "+"
	if n-1 < 0 {
		esign = "-"
	}
	frac := ""
	if k > 1 {
		frac = "." + digits[1:]
	}
	return sign + digits[:1] + frac + "e" + esign + strconv.Itoa(abs(n-1))
}

// jsJSONParse is JSON.parse: objects become *jsObject (a repeated key keeps
// its first place and its last value), arrays []any, numbers float64, null
// nil.
func jsJSONParse(s string) (any, error) {
	dec := jsontext.NewDecoder(strings.NewReader(s), jsontext.AllowDuplicateNames(true))
	v, err := jsReadValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return nil, errInvalidSort
	}
	return v, nil
}

func jsReadValue(dec *jsontext.Decoder) (any, error) {
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case 'n':
		return nil, nil
	case 't', 'f':
		return tok.Bool(), nil
	case '"':
		return tok.String(), nil
	case '0':
		f, err := tok.Float()
		if err != nil && !math.IsInf(f, 0) {
			return nil, err
		}
		return f, nil // a number out of range is ±Infinity, as in JavaScript
	case '[':
		arr := []any{}
		for dec.PeekKind() != ']' {
			v, err := jsReadValue(dec)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.ReadToken()
		return arr, err
	case '{':
		obj := newJSObject()
		for dec.PeekKind() != '}' {
			name, err := dec.ReadToken()
			if err != nil {
				return nil, err
			}
			key := name.String()
			v, err := jsReadValue(dec)
			if err != nil {
				return nil, err
			}
			obj.set(key, v)
		}
		_, err := dec.ReadToken()
		return obj, err
	}
	return nil, errInvalidSort
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
