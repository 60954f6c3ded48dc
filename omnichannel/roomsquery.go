package omnichannel

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// DateRange is a range of instants, both ends included, to the millisecond
// (the server's precision). A zero Start or End leaves that side open; the
// zero DateRange is no filter.
type DateRange struct {
	Start, End time.Time
}

// IsZero reports whether the range sets neither end.
func (r DateRange) IsZero() bool { return r.Start.IsZero() && r.End.IsZero() }

// EncodeValues adds the range to a query as the JSON string the server
// parses, {"start":"2026-05-01T00:00:00.000Z","end":...}. Start is rounded
// up and End down to the millisecond, so the range sent never holds an
// instant outside the one asked for. It refuses a Start after End, and
// years outside 0-9999.
func (r DateRange) EncodeValues(key string, v *url.Values) error {
	if r.IsZero() {
		return nil
	}
	if !r.Start.IsZero() && !r.End.IsZero() && r.Start.After(r.End) {
		return fmt.Errorf("%w: %s range starts (%s) after it ends (%s)", rocketchat.ErrInvalidArgument, key, r.Start, r.End)
	}
	var b []byte
	b = append(b, '{')
	for _, end := range []struct {
		name string
		t    time.Time
		up   bool
	}{{"start", r.Start, true}, {"end", r.End, false}} {
		if end.t.IsZero() {
			continue
		}
		t := toMillis(end.t, end.up)
		if t.Year() < 0 || t.Year() > 9999 {
			return fmt.Errorf("%w: %s.%s %s is outside the years 0-9999", rocketchat.ErrInvalidArgument, key, end.name, end.t)
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, `"`+end.name+`":"`...)
		b = t.AppendFormat(b, jsTimeLayout)
		b = append(b, '"')
	}
	v.Set(key, string(append(b, '}')))
	return nil
}

// jsTimeLayout is how JavaScript writes a date (Date.prototype.toISOString).
const jsTimeLayout = "2006-01-02T15:04:05.000Z"

// toMillis returns t in UTC at a whole millisecond, rounded up or down.
func toMillis(t time.Time, up bool) time.Time {
	t = t.UTC()
	down := t.Truncate(time.Millisecond)
	if up && down.Before(t) {
		return down.Add(time.Millisecond)
	}
	return down
}

// maxListValues is the most values of one query parameter the server's
// query parser (qs, arrayLimit 500) accepts; more is a 400.
const maxListValues = 500

// roomsFilters is the query of livechat/rooms besides paging, as the
// server's isGETLivechatRoomsParams names it.
type roomsFilters struct {
	Agents       []string          `url:"agents,omitempty,brackets"`
	Departments  departmentsParam  `url:"departmentId,omitempty"`
	Tags         []string          `url:"tags,omitempty,brackets"`
	Units        []string          `url:"units,omitempty,brackets"`
	CreatedAt    DateRange         `url:"createdAt,omitempty"`
	ClosedAt     DateRange         `url:"closedAt,omitempty"`
	Open         *bool             `url:"open,omitempty"`
	OnHold       bool              `url:"onhold,omitempty"`
	Queued       bool              `url:"queued,omitempty"`
	RoomName     string            `url:"roomName,omitempty"`
	CustomFields customFieldsParam `url:"customFields,omitempty"`
}

// filters checks the options and returns the query filters they make, for
// a caller whose user id is me.
func (o *RoomsOptions) filters(me string) (*roomsFilters, error) {
	if o == nil {
		return &roomsFilters{}, nil
	}
	agents, err := o.agents(me)
	if err != nil {
		return nil, err
	}
	for _, l := range []struct {
		name   string
		values []string
	}{{"Agents", agents}, {"Departments", o.Departments}, {"Tags", o.Tags}, {"Units", o.Units}} {
		if err := checkList(l.name, l.values); err != nil {
			return nil, err
		}
	}
	cf, err := newCustomFields(o.CustomFields, o.CustomFieldPatterns)
	if err != nil {
		return nil, err
	}
	f := &roomsFilters{
		Agents: slices.Clone(agents), Departments: slices.Clone(o.Departments),
		Tags: slices.Clone(o.Tags), Units: slices.Clone(o.Units),
		CreatedAt: o.CreatedAt, ClosedAt: o.ClosedAt,
		OnHold: o.OnHold, Queued: o.Queued,
		RoomName: o.RoomName, CustomFields: cf,
	}
	if o.Open != nil {
		f.Open = new(*o.Open) // a copy: a walk does not see later changes
	}
	return f, nil
}

// agents returns the agents filter, with Mine resolved to the caller.
func (o *RoomsOptions) agents(me string) ([]string, error) {
	if !o.Mine {
		return o.Agents, nil
	}
	switch {
	case me == "":
		return nil, fmt.Errorf("%w: RoomsOptions.Mine needs a client with credentials", rocketchat.ErrInvalidArgument)
	case len(o.Agents) > 1 || (len(o.Agents) == 1 && o.Agents[0] != me):
		return nil, fmt.Errorf("%w: RoomsOptions.Mine with Agents %q: an agent lists only their own rooms", rocketchat.ErrInvalidArgument, o.Agents)
	}
	return []string{me}, nil
}

// checkList refuses lists the server would misread: an empty id matches
// nothing (an empty department turns the filter off on older servers), and
// more than 500 values are a 400.
func checkList(name string, values []string) error {
	if len(values) > maxListValues {
		return fmt.Errorf("%w: RoomsOptions.%s has %d values; the server accepts at most %d", rocketchat.ErrInvalidArgument, name, len(values), maxListValues)
	}
	if slices.Contains(values, "") {
		return fmt.Errorf("%w: RoomsOptions.%s holds an empty value", rocketchat.ErrInvalidArgument, name)
	}
	return nil
}

// departmentsParam is departmentId: one id as a string, which every server
// reads, several as departmentId[] (a list).
type departmentsParam []string

// EncodeValues adds the departments to a query.
func (d departmentsParam) EncodeValues(key string, v *url.Values) error {
	switch len(d) {
	case 0:
	case 1:
		v.Set(key, d[0])
	default:
		(*v)[key+"[]"] = slices.Clone(d)
	}
	return nil
}

// customFieldsParam is customFields: a JSON object of field id to regular
// expression, keys sorted.
type customFieldsParam map[string]string

func newCustomFields(literal, patterns map[string]string) (customFieldsParam, error) {
	if len(literal)+len(patterns) == 0 {
		return nil, nil
	}
	out := make(customFieldsParam, len(literal)+len(patterns))
	for k, p := range patterns {
		out[k] = p
	}
	for k, v := range literal {
		if _, both := patterns[k]; both {
			return nil, fmt.Errorf("%w: custom field %q is in both CustomFields and CustomFieldPatterns", rocketchat.ErrInvalidArgument, k)
		}
		out[k] = LiteralPattern(v)
	}
	if _, ok := out[""]; ok {
		return nil, fmt.Errorf("%w: a custom field with an empty id", rocketchat.ErrInvalidArgument)
	}
	return out, nil
}

// EncodeValues adds the custom fields to a query as a JSON object.
func (c customFieldsParam) EncodeValues(key string, v *url.Values) error {
	if len(c) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(c)) {
		if i > 0 {
			b.WriteByte(',')
		}
		for j, s := range []string{k, c[k]} {
			q, err := jsontext.AppendQuote(nil, s)
			if err != nil {
				return fmt.Errorf("%w: custom field %q: %w", rocketchat.ErrInvalidArgument, k, err)
			}
			if j == 1 {
				b.WriteByte(':')
			}
			b.Write(q)
		}
	}
	b.WriteByte('}')
	v.Set(key, b.String())
	return nil
}

// LiteralPattern returns the regular expression that matches exactly s,
// ignoring case as the server does: s with the characters special to
// JavaScript's regular expressions (.*+?^${}()|[]\) escaped, between ^ and
// $. It is what [RoomsOptions.CustomFields] sends for each value; use it to
// combine a literal with a pattern of your own in CustomFieldPatterns.
func LiteralPattern(s string) string { return "^" + regexp.QuoteMeta(s) + "$" }
