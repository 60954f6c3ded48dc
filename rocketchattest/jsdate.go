package rocketchattest

import (
	"regexp"
	"strconv"
	"time"
)

// jsISODate is the date-time string format of ECMAScript, as V8 reads it:
// also with one-digit months and days, a space or "t" for "T", "z" for "Z",
// and offsets without a colon.
var jsISODate = regexp.MustCompile(`^([+-]\d{6}|\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?` +
	`(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?([Zz]|[+-]\d{2}:?\d{2})?$`)

// jsLegacyDates are other layouts V8's fallback parser accepts, in the
// server's time zone, which the fake takes to be UTC.
var jsLegacyDates = []string{
	"2006/01/02", "2006/01/02 15:04", "2006/01/02 15:04:05",
	"Jan 2, 2006", "January 2, 2006", "Jan 2, 2006 15:04:05",
	time.RFC1123, time.RFC1123Z, "Mon Jan 02 2006 15:04:05 GMT-0700", "Mon Jan 02 2006 15:04:05 GMT-0700 (MST)",
}

// jsDateParse is Date.parse(String(v)): ok is false where it returns NaN.
// The fake reads the ECMAScript format and the common layouts above, with
// the server's local time taken as UTC; a string only V8's most lenient
// rules accept (such as "5") is refused, which errs on the strict side.
func jsDateParse(v any) (t time.Time, ok bool) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case float64:
		s = jsNumberString(x)
	default:
		return time.Time{}, false
	}
	if t, ok := parseISODate(s); ok {
		return t, true
	}
	for _, layout := range jsLegacyDates {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func parseISODate(s string) (time.Time, bool) {
	m := jsISODate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	num := func(s string, def int) int {
		if s == "" {
			return def
		}
		n, _ := strconv.Atoi(s)
		return n
	}
	year, month, day := num(m[1], 0), num(m[2], 1), num(m[3], 1)
	hour, minute, sec := num(m[4], 0), num(m[5], 0), num(m[6], 0)
	ms := 0
	if frac := m[7]; frac != "" {
		ms = num((frac + "00")[:3], 0)
	}
	switch {
	case m[1] == "-000000", month < 1 || month > 12, day < 1 || day > 31,
		minute > 59, sec > 59, hour > 24, hour == 24 && (minute != 0 || sec != 0 || ms != 0):
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, ms*int(time.Millisecond), time.UTC)
	if off := m[8]; off != "" && off != "Z" && off != "z" {
		h, mins := num(off[1:3], 0), num(off[len(off)-2:], 0)
		d := time.Duration(h)*time.Hour + time.Duration(mins)*time.Minute
		if off[0] == '+' {
			d = -d
		}
		t = t.Add(d)
	}
	return t, true
}
