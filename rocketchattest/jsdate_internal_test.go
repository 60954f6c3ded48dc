package rocketchattest

import "testing"

// Dates the fake must read as V8 does; a server in UTC.
var dateCorpus = []string{
	"2026-05-01T10:00:00.000Z", "2026-05-01T10:00:00Z", "2026-05-01T10:00Z", "2026-05-01", "2026-05", "2026",
	"2026-05-01T10:00:00.1234Z", "2026-05-01T10:00:00.1Z", "2026-05-01T10:00:00+02:00", "2026-05-01T10:00:00+0200",
	"2026-05-01T10:00:00.000+05:30", "2026-05-01T10:00:00", "2026-05-01 10:00:00", "2026-05-01t10:00:00z",
	"2026-05-01Z", "2026-02-31", "2026-05-01T24:00:00Z", "+002026-05-01", "-000001-01-01T00:00:00Z",
	"0000-01-01T00:00:00.000Z", "2026-5-1", "2026/05/01", "2026/05/01 10:00:00", "May 1, 2026",
	"Fri, 01 May 2026 10:00:00 GMT", "Fri May 01 2026 10:00:00 GMT+0200",
}

// Strings V8 refuses (NaN).
var badDates = []string{
	"", "x", "2026-13-01", "2026-05-01T24:00:01Z", "2026-05-01T10Z", "2026-05-01T10:00:60Z",
	" 2026-05-01T10:00:00Z", "2026-05-01T10:61Z", "2026-05-32", "yesterday", "2026-05-01T10:00:00+2",
}

func TestJSDateParseMatchesNode(t *testing.T) {
	inputs := append(append([]string(nil), dateCorpus...), badDates...)
	var want []*float64 // null for NaN
	nodeMap(t, `x => { const n = Date.parse(x); return isNaN(n) ? null : n }`, inputs, &want)
	for i, s := range inputs {
		got, ok := jsDateParse(s)
		switch {
		case want[i] == nil && ok:
			t.Errorf("Date.parse(%q) is NaN; the fake reads %v", s, got)
		case want[i] != nil && !ok:
			t.Errorf("Date.parse(%q) = %v; the fake refuses it", s, *want[i])
		case want[i] != nil && float64(got.UnixMilli()) != *want[i]:
			t.Errorf("Date.parse(%q) = %v; the fake reads %d", s, *want[i], got.UnixMilli())
		}
	}
}

// Without node: the fake reads the format the SDK sends, and refuses the
// rest of the corpus of bad dates.
func TestJSDateParse(t *testing.T) {
	if got, ok := jsDateParse("2026-05-01T10:00:00.123Z"); !ok || got.UnixMilli() != 1777629600123 {
		t.Errorf("got %v %v", got, ok)
	}
	for _, s := range badDates {
		if got, ok := jsDateParse(s); ok {
			t.Errorf("%q read as %v", s, got)
		}
	}
	if _, ok := jsDateParse(true); ok {
		t.Error("true is a date")
	}
}
