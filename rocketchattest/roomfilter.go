package rocketchattest

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
)

// roomFilter is the MongoDB query findRoomsWithCriteria builds for
// livechat/rooms, over the query as the validator coerced it. Each member
// is nil or false when its condition is not in the query.
type roomFilter struct {
	units       []string // departmentAncestors $in (Enterprise, no monitor)
	agents      []string // servedBy._id $in
	fnameExact  *string  // fname, a quoted roomName
	fnameRegexp *regexp.Regexp
	departments []string // departmentId $in
	open        openCond
	onHold      holdCond
	servedBy    *bool // servedBy $exists
	created     *dateBounds
	closed      *dateBounds
	tags        []string          // tags $in
	custom      []customFieldCond // $and of livechatData regexes
}

// openCond is the condition on open: $exists, or true.
type openCond int

const (
	openAny openCond = iota
	openExists
	openMissing
	openTrue
)

// holdCond is the condition on onHold.
type holdCond int

const (
	holdAny   holdCond = iota
	holdNotOn          // $ne: true
	holdOn             // $exists: true, $eq: true
)

// dateBounds is {$gte, $lte}; with neither, {} matches nothing.
type dateBounds struct{ from, to *time.Time }

type customFieldCond struct {
	path string
	re   *regexp.Regexp
}

// parseRoomDates reads createdAt and closedAt as validateDateParams does:
// JSON.parse (V8's SyntaxError), then Date.parse of start and end.
func parseRoomDates(q *jsObject) (created, closed *dateBounds, resp *response) {
	if created, resp = parseDateParam(q, "createdAt"); resp != nil {
		return nil, nil, resp
	}
	if closed, resp = parseDateParam(q, "closedAt"); resp != nil {
		return nil, nil, resp
	}
	return created, closed, nil
}

func parseDateParam(q *jsObject, name string) (*dateBounds, *response) {
	raw, _ := q.vals[name].(string)
	if raw == "" {
		return nil, nil
	}
	if msg := v8JSONError(raw); msg != "" {
		return nil, failure(msg, "", nil)
	}
	v, _ := jsJSONParse(raw)
	if !jsTruthy(v) {
		return nil, nil // null, 0, false, "": no filter
	}
	b := &dateBounds{}
	obj, _ := v.(*jsObject)
	for _, end := range []string{"start", "end"} {
		var val any
		if obj != nil {
			val = obj.vals[end]
		}
		if !jsTruthy(val) {
			continue
		}
		t, ok := jsDateParse(jsString(val))
		if !ok {
			return nil, failure(`The "`+name+`.`+end+`" query parameter must be a valid date.`, "", nil)
		}
		if end == "start" {
			b.from = &t
		} else {
			b.to = &t
		}
	}
	return b, nil
}

// jsTruthy is JavaScript's truthiness of a JSON.parse value.
func jsTruthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case float64:
		return x != 0 && !math.IsNaN(x)
	case string:
		return x != ""
	}
	return true
}

// parseCustomFields reads customFields as the route does: anything but a
// JSON object is the same 400.
func parseCustomFields(q *jsObject) (*jsObject, *response) {
	raw, _ := q.vals["customFields"].(string)
	if raw == "" {
		return nil, nil
	}
	v, err := jsJSONParse(raw)
	obj, isObj := v.(*jsObject)
	if err != nil || !isObj {
		return nil, failure(`The "customFields" query parameter must be a valid JSON.`, "", nil)
	}
	return obj, nil
}

// newRoomFilter builds the query from the validated query and the parsed
// dates and custom fields. A custom field whose pattern JavaScript refuses
// is V8's 400; one the fake cannot run is a 400 of the fake's.
func newRoomFilter(q *jsObject, created, closed *dateBounds, custom *jsObject) (*roomFilter, *response) {
	f := &roomFilter{created: created, closed: closed}
	f.units = queryStrings(q.vals["units"])
	f.agents = queryStrings(q.vals["agents"])
	f.tags = queryStrings(q.vals["tags"])
	f.departments = queryDepartments(q.vals["departmentId"])
	if name, _ := q.vals["roomName"].(string); name != "" {
		if strings.HasPrefix(name, `"`) && strings.HasSuffix(name, `"`) {
			exact := name[min(1, len(name)):max(len(name)-1, 1)]
			f.fnameExact = &exact
		} else {
			f.fnameRegexp = regexp.MustCompile("(?i)" + regexp.QuoteMeta(name))
		}
	}
	f.setStatus(q)
	if custom != nil {
		for _, k := range custom.ordered() {
			re, syntaxErr, err := jsRegExp(custom.vals[k])
			switch {
			case syntaxErr != "":
				return nil, failure(syntaxErr, "", nil)
			case err != nil:
				return nil, failure(err.Error(), "", nil)
			}
			f.custom = append(f.custom, customFieldCond{path: "livechatData." + k, re: re})
		}
	}
	return f, nil
}

// setStatus sets the conditions of open, onhold and queued, each
// overriding the ones before as the query object's keys do.
func (f *roomFilter) setStatus(q *jsObject) {
	open, isBool := q.vals["open"].(bool)
	if s, ok := q.vals["open"].(string); ok && (s == "true" || s == "false") {
		open, isBool = s == "true", true
	}
	if isBool {
		f.open, f.onHold = openMissing, holdNotOn
		if open {
			f.open, f.servedBy = openExists, new(true)
		}
	}
	if flagSet(q, "onhold") {
		f.onHold = holdOn
	}
	if flagSet(q, "queued") {
		f.servedBy, f.open, f.onHold = new(false), openTrue, holdNotOn
	}
}

// flagSet is ['t', 'true', '1'].includes(`${value}`).
func flagSet(q *jsObject, name string) bool {
	v, ok := q.vals[name]
	if !ok {
		return false
	}
	s := jsString(v)
	return s == "t" || s == "true" || s == "1"
}

// queryStrings returns a list parameter's strings, or nil when absent or
// null (no filter).
func queryStrings(v any) []string {
	arr, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		out = append(out, jsString(e))
	}
	return out
}

// queryDepartments is departmentId: a string (unless empty or
// "undefined") or a list, both $in.
func queryDepartments(v any) []string {
	if s, ok := v.(string); ok {
		if s == "" || s == "undefined" {
			return nil
		}
		return []string{s}
	}
	return queryStrings(v)
}

// match reports whether a livechat room passes the filter.
func (f *roomFilter) match(doc map[string]any) bool {
	return inList(lookup(doc, "departmentAncestors"), f.units) &&
		inList(lookup(doc, "servedBy._id"), f.agents) &&
		inList(doc["departmentId"], f.departments) &&
		inList(doc["tags"], f.tags) &&
		f.matchName(doc["fname"]) && f.matchStatus(doc) &&
		f.created.match(doc["ts"]) && f.closed.match(doc["closedAt"]) &&
		f.matchCustom(doc)
}

// inList is {$in: list} (true when list is nil): the value, or one of its
// elements, is in the list.
func inList(v any, list []string) bool {
	if list == nil {
		return true
	}
	if arr, ok := v.([]any); ok {
		return slices.ContainsFunc(arr, func(e any) bool { return inList(e, list) })
	}
	s, ok := v.(string)
	return ok && slices.Contains(list, s)
}

func (f *roomFilter) matchName(v any) bool {
	s, isStr := v.(string)
	switch {
	case f.fnameExact != nil:
		return isStr && s == *f.fnameExact
	case f.fnameRegexp != nil:
		return isStr && f.fnameRegexp.MatchString(s)
	}
	return true
}

func (f *roomFilter) matchStatus(doc map[string]any) bool {
	open, hasOpen := doc["open"]
	_, served := doc["servedBy"]
	switch {
	case f.open == openExists && !hasOpen, f.open == openMissing && hasOpen, f.open == openTrue && open != true:
		return false
	case f.onHold == holdNotOn && doc["onHold"] == true, f.onHold == holdOn && doc["onHold"] != true:
		return false
	}
	return f.servedBy == nil || *f.servedBy == served
}

// match is the date condition: with no bound, {} matches nothing; a value
// that is not a date never compares.
func (b *dateBounds) match(v any) bool {
	if b == nil {
		return true
	}
	s, _ := v.(string)
	if b.from == nil && b.to == nil || !isDate(s) {
		return false
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return (b.from == nil || !t.Before(*b.from)) && (b.to == nil || !t.After(*b.to))
}

func (f *roomFilter) matchCustom(doc map[string]any) bool {
	for _, c := range f.custom {
		if !regexpMatches(c.re, lookup(doc, c.path)) {
			return false
		}
	}
	return true
}

// regexpMatches is a MongoDB regex condition: a string, or an array with
// a matching string; other types never match.
func regexpMatches(re *regexp.Regexp, v any) bool {
	switch x := v.(type) {
	case string:
		return re.MatchString(x)
	case []any:
		return slices.ContainsFunc(x, func(e any) bool { return regexpMatches(re, e) })
	}
	return false
}
