package rocketchattest

import (
	"cmp"
	"errors"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// sortKey is one field of a sort specification: 1 ascending, -1 descending.
type sortKey struct {
	field string
	dir   int
}

// defaultSort is the chatHistory route's sort when none is given: newest
// conversation first.
var defaultSort = []sortKey{{field: "ts", dir: -1}}

var errInvalidSort = errors.New("invalid sort")

// parseSort reads the sort parameter as the server's parseJsonQuery does:
// a JSON object whose values are all exactly 1 or -1. The keys' order is the
// precedence. A repeated key keeps its first position and its last value, as
// JSON.parse does.
func parseSort(raw string) ([]sortKey, error) {
	dec := jsontext.NewDecoder(strings.NewReader(raw), jsontext.AllowDuplicateNames(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, errInvalidSort
	}
	var keys []sortKey
	pos := make(map[string]int)
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil || tok.Kind() != '"' {
			return nil, errInvalidSort
		}
		name := tok.String() // a token is valid only until the next read
		val, err := dec.ReadToken()
		if err != nil || val.Kind() != '0' {
			return nil, errInvalidSort
		}
		dir, err := val.Float()
		if err != nil || (dir != 1 && dir != -1) {
			return nil, errInvalidSort
		}
		if i, ok := pos[name]; ok {
			keys[i].dir = int(dir)
			continue
		}
		pos[name] = len(keys)
		keys = append(keys, sortKey{field: name, dir: int(dir)})
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, errInvalidSort
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return nil, errInvalidSort
	}
	return keys, nil
}

func sortNatural(rooms []*storedRoom) {
	slices.SortFunc(rooms, func(a, b *storedRoom) int { return cmp.Compare(a.seq, b.seq) })
}

// sortRooms orders rooms as MongoDB would for the keys; ties keep natural
// order. An empty key list leaves natural order.
func sortRooms(rooms []*storedRoom, keys []sortKey) {
	sortNatural(rooms)
	if len(keys) == 0 {
		return
	}
	slices.SortStableFunc(rooms, func(a, b *storedRoom) int {
		for _, k := range keys {
			av, bv := sortValue(lookup(a.doc, k.field), k.dir), sortValue(lookup(b.doc, k.field), k.dir)
			if c := compareValues(av, bv); c != 0 {
				return c * k.dir
			}
		}
		return 0
	})
}

// sortValue is the value MongoDB sorts an array by: its smallest element
// ascending, its largest descending.
func sortValue(v any, dir int) any {
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		return v
	}
	best := arr[0]
	for _, e := range arr[1:] {
		if c := compareValues(e, best); c*dir > 0 {
			best = e
		}
	}
	return best
}

// Ranks of BSON types in MongoDB's comparison order. An empty array sorts
// before null; dates are the server's ISO strings.
const (
	rankEmptyArray = iota
	rankNull
	rankNumber
	rankString
	rankObject
	rankArray
	rankBool
	rankDate
)

func typeRank(v any) int {
	switch x := v.(type) {
	case nil:
		return rankNull
	case float64:
		return rankNumber
	case string:
		if isDate(x) {
			return rankDate
		}
		return rankString
	case map[string]any:
		return rankObject
	case []any:
		if len(x) == 0 {
			return rankEmptyArray
		}
		return rankArray
	case bool:
		return rankBool
	}
	return rankObject
}

// isDate reports whether s is a date in the server's format.
func isDate(s string) bool {
	if len(s) != len("2006-01-02T15:04:05.000Z") || s[len(s)-1] != 'Z' {
		return false
	}
	_, err := time.Parse(jsonx.TimeLayout, s)
	return err == nil
}

func compareValues(a, b any) int {
	ra, rb := typeRank(a), typeRank(b)
	if ra != rb {
		return cmp.Compare(ra, rb)
	}
	switch x := a.(type) {
	case float64:
		return compareFloat(x, b.(float64))
	case string:
		return strings.Compare(x, b.(string)) // dates in one format order as text
	case bool:
		return cmp.Compare(boolRank(x), boolRank(b.(bool)))
	case []any:
		return compareArrays(x, b.([]any))
	case map[string]any:
		return compareObjects(x, b.(map[string]any))
	}
	return 0
}

func compareFloat(a, b float64) int {
	if math.IsNaN(a) || math.IsNaN(b) {
		return cmp.Compare(boolRank(!math.IsNaN(a)), boolRank(!math.IsNaN(b)))
	}
	return cmp.Compare(a, b)
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func compareArrays(a, b []any) int {
	for i := range min(len(a), len(b)) {
		if c := compareValues(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// compareObjects compares two documents field by field in key order; the
// decoded maps have lost the documents' own order, so keys are sorted.
func compareObjects(a, b map[string]any) int {
	ak, bk := sortedKeys(a), sortedKeys(b)
	for i := range min(len(ak), len(bk)) {
		if c := strings.Compare(ak[i], bk[i]); c != 0 {
			return c
		}
		if c := compareValues(a[ak[i]], b[bk[i]]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(ak), len(bk))
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
