package rocketchattest

import (
	"math"
)

// pageConfig holds the server's paging settings.
type pageConfig struct {
	defaultCount  int
	upperCount    int
	infiniteCount bool
	// jsonParams makes parseJsonQuery read the query and fields
	// parameters, as releases before 8.0 do whenever they are given.
	jsonParams bool
}

// pageRequest is what a paged route hands MongoDB: skip, limit and sort.
type pageRequest struct {
	offset float64   // as getPaginationItems returns it, echoed in the answer
	skip   float64   // MongoDB skip: the offset, unless a fault ignores it
	limit  float64   // MongoDB limit: 0 for none, negative for its absolute value
	sort   []sortKey // nil for the route's default, empty for natural order
	// sortErr is MongoDB's refusal of the sort when the query runs; the
	// route answers it after its own checks, such as the room gate.
	sortErr string
}

// paginationItems is getPaginationItems over a validated query: offset and
// count are parseInt(String(value)), count defaults to API_Default_Count, is
// clamped to API_Upper_Count_Limit, and 0 means everything only with
// API_Allow_Infinite_Count.
func paginationItems(q *jsObject, cfg pageConfig) (offset, count float64) {
	if v, ok := q.get("offset"); ok {
		if f, isNum := v.(float64); isNum && f != 0 && !math.IsNaN(f) {
			offset = jsParseInt(jsNumberString(f))
		}
	}
	count = float64(cfg.defaultCount)
	if v, ok := q.get("count"); ok && v != nil {
		f, _ := v.(float64)
		count = jsParseInt(jsNumberString(f))
	}
	if count > float64(cfg.upperCount) {
		count = float64(cfg.upperCount)
	}
	if count == 0 && !cfg.infiniteCount {
		count = float64(cfg.defaultCount)
	}
	return offset, count
}

// pageQuery reads a validated paged query: getPaginationItems, then
// parseJsonQuery: the sort (error-invalid-sort) and, before 8.0, the fields
// and query parameters (error-invalid-fields, error-invalid-query).
func pageQuery(q *jsObject, cfg pageConfig) (pageRequest, *response) {
	var pr pageRequest
	pr.offset, pr.limit = paginationItems(q, cfg)
	pr.skip = pr.offset
	if raw, ok := q.vals["sort"].(string); ok {
		keys, sortErr, err := parseSort(raw)
		if err != nil {
			return pageRequest{}, jsonQueryFailure("sort", raw)
		}
		pr.sort, pr.sortErr = keys, sortErr
	}
	if cfg.jsonParams {
		if raw, ok := q.vals["fields"].(string); ok && raw != "" && !validFields(raw) {
			return pageRequest{}, jsonQueryFailure("fields", raw)
		}
		if raw, ok := q.vals["query"].(string); ok && raw != "" {
			if _, err := jsJSONParse(raw); err != nil {
				return pageRequest{}, jsonQueryFailure("query", raw)
			}
		}
	}
	return pr, nil
}

// jsonQueryFailure is parseJsonQuery's refusal of a parameter.
func jsonQueryFailure(param, raw string) *response {
	return meteorFailure("error-invalid-"+param, "Invalid "+param+` parameter provided: "`+raw+`"`,
		sortErrorDetails{HelperMethod: "parseJsonQuery"})
}

// validFields reports whether parseJsonQuery accepts a fields parameter:
// JSON whose Object.entries are all 0 or 1.
func validFields(raw string) bool {
	v, err := jsJSONParse(raw)
	if err != nil {
		return false
	}
	var vals []any
	switch x := v.(type) {
	case nil:
		return false // Object.entries(null) throws
	case string:
		for _, r := range x {
			vals = append(vals, string(r)) // its characters
		}
	case []any:
		vals = x
	case *jsObject:
		for _, k := range x.ordered() {
			vals = append(vals, x.vals[k])
		}
	}
	for _, e := range vals {
		if f, ok := e.(float64); !ok || (f != 0 && f != 1) {
			return false
		}
	}
	return true
}

// queryError is MongoDB's refusal of the query: its sort, skip or limit.
func (pr pageRequest) queryError() string {
	if pr.sortErr != "" {
		return pr.sortErr
	}
	return skipLimitError(pr.skip, pr.limit)
}

type sortErrorDetails struct {
	HelperMethod string `json:"helperMethod"`
}

// skipLimitError is MongoDB's refusal of a skip or limit, or "".
func skipLimitError(skip, limit float64) string {
	switch {
	case math.IsNaN(skip) || math.IsNaN(limit):
		// count or offset was Infinity: parseInt("Infinity") is NaN, which
		// reaches MongoDB as is. Its exact refusal is not modelled.
		return "rocketchattest: count or offset is not a finite number, which MongoDB refuses"
	case skip < 0:
		return "BSON field 'skip' value must be >= 0, actual value '" + jsNumberString(skip) + "'"
	}
	return ""
}

// mongoWindow is the part of n items that skip and limit select: MongoDB
// takes the absolute value of a negative limit. A negative or NaN skip, which
// MongoDB refuses (see skipLimitError), selects from the start: routes
// answer the refusal before they get here.
func mongoWindow(n int, skip, limit float64) (from, to int) {
	if !(skip > 0) {
		skip = 0
	}
	from = int(math.Min(skip, float64(n)))
	to = n
	if l := math.Abs(limit); l > 0 && float64(from)+l < float64(n) {
		to = from + int(l)
	}
	return from, to
}

// jsonNumber writes a number as JSON.stringify does.
func jsonNumber(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "null"
	}
	return jsNumberString(f)
}
