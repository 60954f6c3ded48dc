package rocketchattest

import (
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// pageConfig holds the server's paging settings.
type pageConfig struct {
	defaultCount  int
	upperCount    int
	infiniteCount bool
}

// pageRequest is a parsed count/offset/sort query.
type pageRequest struct {
	offset int       // as the server reports it
	limit  int       // MongoDB limit: 0 for none, negative for its absolute value
	sort   []sortKey // nil for the route's default, empty for natural order
}

// jsNumber matches what JavaScript's Number() turns into a finite number, the
// coercion AJV applies to a string before checking type number.
var jsNumber = regexp.MustCompile(`^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$|^0[xX][0-9a-fA-F]+$|^0[oO][0-7]+$|^0[bB][01]+$`)

// parsePageQuery validates and reads a paged route's query as the server
// does: AJV first (only count, offset and sort; count and offset numbers;
// sort a string), then getPaginationItems, then parseJsonQuery's sort.
func parsePageQuery(rawQuery string, cfg pageConfig) (pageRequest, *response) {
	q, _ := url.ParseQuery(rawQuery)
	if resp := validatePageQuery(rawQuery, q); resp != nil {
		return pageRequest{}, resp
	}
	var pr pageRequest
	if f, ok := coerced(q, "offset"); ok && f != 0 {
		pr.offset = jsParseInt(f)
	}
	pr.limit = cfg.defaultCount
	if f, ok := coerced(q, "count"); ok {
		pr.limit = jsParseInt(f)
	}
	if pr.limit > cfg.upperCount {
		pr.limit = cfg.upperCount
	}
	if pr.limit == 0 && !cfg.infiniteCount {
		pr.limit = cfg.defaultCount
	}
	if raw := q.Get("sort"); raw != "" {
		keys, err := parseSort(raw)
		if err != nil {
			return pageRequest{}, meteorFailure("error-invalid-sort",
				`Invalid sort parameter provided: "`+raw+`"`, sortErrorDetails{HelperMethod: "parseJsonQuery"})
		}
		pr.sort = keys
		if pr.sort == nil {
			pr.sort = []sortKey{}
		}
	}
	return pr, nil
}

type sortErrorDetails struct {
	HelperMethod string `json:"helperMethod"`
}

// validatePageQuery is the route's AJV schema: additionalProperties false,
// count and offset of type number (nullable), sort of type string. AJV stops
// at the first error; additionalProperties is checked before properties.
func validatePageQuery(rawQuery string, q url.Values) *response {
	for _, key := range queryKeys(rawQuery) {
		if key != "count" && key != "offset" && key != "sort" {
			return invalidParams("must NOT have additional properties")
		}
	}
	for _, key := range []string{"count", "offset"} {
		vals, ok := q[key]
		if !ok {
			continue
		}
		if len(vals) > 1 || (vals[0] != "" && !jsNumber.MatchString(strings.TrimSpace(vals[0]))) {
			return invalidParams("must be number")
		}
	}
	if len(q["sort"]) > 1 {
		return invalidParams("must be string")
	}
	return nil
}

func invalidParams(msg string) *response { return meteorFailure("invalid-params", msg, nil) }

// queryKeys returns the query's keys in order of first appearance.
func queryKeys(rawQuery string) []string {
	var keys []string
	seen := make(map[string]bool)
	for part := range strings.SplitSeq(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, _, _ := strings.Cut(part, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// coerced returns a validated number parameter as AJV leaves it; ok is false
// when the parameter is absent or null (an empty string).
func coerced(q url.Values, key string) (float64, bool) {
	v := strings.TrimSpace(q.Get(key))
	if q.Get(key) == "" {
		return 0, false
	}
	if v == "" { // Number("  ") is 0
		return 0, true
	}
	if len(v) > 2 && v[0] == '0' && strings.ContainsAny(v[1:2], "xXoObB") {
		n, _ := strconv.ParseInt(v, 0, 64)
		return float64(n), true
	}
	f, _ := strconv.ParseFloat(v, 64)
	return f, true
}

// jsParseInt is parseInt(String(f)): truncation, except that numbers
// JavaScript writes in exponent form keep only their leading digits.
func jsParseInt(f float64) int {
	a := math.Abs(f)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0
	}
	if a >= 1e21 || (a > 0 && a < 1e-6) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, _, _ := strings.Cut(s, "e")
		lead, _, _ := strings.Cut(mant, ".")
		n, _ := strconv.Atoi(lead)
		return n
	}
	return int(math.Trunc(f))
}
