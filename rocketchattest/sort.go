package rocketchattest

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

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

// parseSort reads the sort parameter as the server does. parseJsonQuery
// requires JSON.parse to succeed and every entry of Object.entries(sort) to be
// exactly 1 or -1 (err otherwise). MongoDB's driver then reads what passed:
// falsy values mean the route's default (nil keys); an object gives keys in
// JavaScript's key order (array-index keys first); an array of two gives the
// pair [field, direction], other arrays ascending keys named by their
// elements; {} and [] natural order (empty keys); a number or true is
// refused when the query runs (mongoErr).
func parseSort(raw string) (keys []sortKey, mongoErr string, err error) {
	v, err := jsJSONParse(raw)
	if err != nil {
		return nil, "", errInvalidSort
	}
	switch x := v.(type) {
	case nil:
		return nil, "", errInvalidSort // Object.entries(null) throws
	case string:
		if x != "" {
			return nil, "", errInvalidSort // its characters are not 1 or -1
		}
		return nil, "", nil
	case bool:
		if !x {
			return nil, "", nil
		}
		return nil, "Invalid sort format: true Sort must be a valid object", nil
	case float64:
		if x == 0 {
			return nil, "", nil
		}
		return nil, "Invalid sort format: " + jsonNumber(x) + " Sort must be a valid object", nil
	case []any:
		return arraySort(x)
	case *jsObject:
		return objectSort(x)
	}
	return nil, "", errInvalidSort
}

// direction returns v as a sort direction, if it is exactly 1 or -1.
func direction(v any) (int, bool) {
	f, ok := v.(float64)
	if !ok || (f != 1 && f != -1) {
		return 0, false
	}
	return int(f), true
}

func objectSort(obj *jsObject) ([]sortKey, string, error) {
	keys := []sortKey{}
	for _, k := range obj.ordered() {
		dir, ok := direction(obj.vals[k])
		if !ok {
			return nil, "", errInvalidSort
		}
		keys = append(keys, sortKey{field: k, dir: dir})
	}
	return keys, "", nil
}

func arraySort(arr []any) ([]sortKey, string, error) {
	dirs := make([]int, len(arr))
	for i, v := range arr {
		d, ok := direction(v)
		if !ok {
			return nil, "", errInvalidSort
		}
		dirs[i] = d
	}
	keys := []sortKey{}
	if len(arr) == 2 { // a [field, direction] pair
		return append(keys, sortKey{field: strconv.Itoa(dirs[0]), dir: dirs[1]}), "", nil
	}
	for _, d := range dirs { // each element names a field, ascending
		field := strconv.Itoa(d)
		if !slices.ContainsFunc(keys, func(k sortKey) bool { return k.field == field }) {
			keys = append(keys, sortKey{field: field, dir: 1})
		}
	}
	return keys, "", nil
}

func sortNatural(rooms []*storedRoom) {
	slices.SortFunc(rooms, func(a, b *storedRoom) int { return cmp.Compare(a.seq, b.seq) })
}

// sortRooms orders rooms as MongoDB would for the keys; ties keep natural
// order. An empty key list leaves natural order.
func sortRooms(rooms []*storedRoom, keys []sortKey) {
	sortNatural(rooms)
	sortByKeys(rooms, func(r *storedRoom) map[string]any { return r.doc }, keys)
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
