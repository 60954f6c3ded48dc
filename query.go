package rocketchat

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// Order is a sort direction: [Asc] or [Desc].
type Order int

// Sort directions, as the server spells them.
const (
	Asc  Order = 1
	Desc Order = -1
)

// SortField is one key of a [Sort]: a field name and a direction.
type SortField struct {
	Field string
	Order Order
}

// Sort is an ordered list of sort keys; the first has the highest
// precedence. It is sent as the JSON object the server expects, keys in
// order, e.g. {"ts":-1,"_id":1}. A nil Sort means the server's default.
type Sort []SortField

// String returns the JSON object Sort is sent as or, for a sort that cannot
// be sent (a key without a field name or order, a field given twice), "!"
// followed by the reason; the call refuses such a sort with
// [ErrInvalidArgument].
func (s Sort) String() string {
	b, err := s.encode()
	if err != nil {
		return "!" + err.Error()
	}
	return b
}

func (s Sort) encode() (string, error) {
	var b strings.Builder
	b.WriteByte('{')
	seen := make(map[string]bool, len(s))
	for i, f := range s {
		if f.Field == "" {
			return "", fmt.Errorf("%w: sort key %d has no field name", ErrInvalidArgument, i)
		}
		if f.Order != Asc && f.Order != Desc {
			return "", fmt.Errorf("%w: sort field %q has order %d; use Asc or Desc", ErrInvalidArgument, f.Field, f.Order)
		}
		if seen[f.Field] {
			return "", fmt.Errorf("%w: sort field %q given twice", ErrInvalidArgument, f.Field)
		}
		seen[f.Field] = true
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := jsontext.AppendQuote(nil, f.Field)
		if err != nil {
			return "", fmt.Errorf("%w: sort field %q", ErrInvalidArgument, f.Field)
		}
		b.Write(name)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(int(f.Order)))
	}
	b.WriteByte('}')
	return b.String(), nil
}

// EncodeValues adds the sort to a query (go-querystring's Encoder).
func (s Sort) EncodeValues(key string, v *url.Values) error {
	if len(s) == 0 {
		return nil
	}
	enc, err := s.encode()
	if err != nil {
		return err
	}
	v.Set(key, enc)
	return nil
}

// AllItems, as [ListOptions.Count], asks the server for every item in one
// answer (count=0). Servers with API_Allow_Infinite_Count turned off answer
// with their default page instead.
const AllItems = -1

// ListOptions are the paging and sorting parameters every list endpoint
// takes. The zero value asks for the server's defaults.
type ListOptions struct {
	// Offset is how many items to skip. Zero sends nothing.
	Offset int
	// Count is how many items to ask for. Zero sends nothing, so the server
	// uses its default (50); AllItems asks for everything; any other value is
	// sent as is, and the server clamps it to its limit (100 by default).
	Count int
	// Sort orders the items; nil means the server's default.
	Sort Sort
	// Prefetch is how many pages a walk ([Walk], the ...All methods) may
	// request ahead of the page being consumed, in parallel, keeping the
	// order. Zero (the default) fetches one page at a time, which is polite
	// to the server; raise it for accounts without a rate limit. Single-page
	// calls ignore it; it is never sent.
	Prefetch int
}

// EncodeValues adds the options to a query. It refuses negative values other
// than AllItems, and invalid sorts, before anything is sent.
func (o ListOptions) EncodeValues(_ string, v *url.Values) error {
	switch {
	case o.Offset < 0:
		return fmt.Errorf("%w: offset %d is negative", ErrInvalidArgument, o.Offset)
	case o.Count == AllItems:
		v.Set("count", "0")
	case o.Count < 0:
		return fmt.Errorf("%w: count %d is negative; use AllItems for everything", ErrInvalidArgument, o.Count)
	case o.Count > 0:
		v.Set("count", strconv.Itoa(o.Count))
	}
	if o.Offset > 0 {
		v.Set("offset", strconv.Itoa(o.Offset))
	}
	return o.Sort.EncodeValues("sort", v)
}

// ListQuery is the query of a list call that takes filters besides paging:
// List's offset, count and sort, and Filters, encoded as [Call.Query] is (a
// struct with "url" tags, or a value with an EncodeValues method), or nil. An endpoint's options type declares
// its paging fields with `url:"-"` and passes them as List.
type ListQuery struct {
	List    ListOptions
	Filters any
}

// EncodeValues adds the paging and the filters to a query.
func (q ListQuery) EncodeValues(_ string, v *url.Values) error {
	if err := q.List.EncodeValues("", v); err != nil {
		return err
	}
	if q.Filters == nil {
		return nil
	}
	f, err := encodeQuery(q.Filters)
	if err != nil {
		return err
	}
	for k, vals := range f {
		if v.Has(k) {
			return fmt.Errorf("%w: query parameter %q given twice", ErrInvalidArgument, k)
		}
		(*v)[k] = vals
	}
	return nil
}
