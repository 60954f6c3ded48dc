package rocketchattest

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// The expected values of these tables are what the server's own parts give:
// qs.parse(query, {arrayLimit: 500, throwOnLimitExceeded: true}) (qs 6.17)
// then an Ajv 8.20 2020-draft validator with coerceTypes "array", run with
// node on the same queries. "ok:" is the coerced query as JSON.stringify
// writes it (non-finite numbers spelled NONFINITE:x), "err:" Ajv's messages
// joined as the legacy route joins them, "qs:" qs's refusal.

// historyQueries are run against chatHistory's schema.
var historyQueries = []struct{ query, want string }{
	{"count=%20", "ok: {\"count\":0}"},
	{"count[]=5", "ok: {\"count\":5}"},
	{"sort[ts]=1", "err: must be string"},
	{"count=%zz", "err: must be number"},
	{"sort=[]", "ok: {\"sort\":\"[]\"}"},
	{"count=", "ok: {\"count\":null}"},
	{"sort=", "ok: {\"sort\":\"\"}"},
	{"count=1&count=2", "err: must be number"},
	{"count=ten", "err: must be number"},
	{"count=0x10", "ok: {\"count\":16}"},
	{"count=1e3", "ok: {\"count\":1000}"},
	{"count=+7", "ok: {\"count\":7}"},
	{"count=%20%20", "ok: {\"count\":0}"},
	{"count[0]=5", "ok: {\"count\":5}"},
	{"count[a]=5", "err: must be number"},
	{"count=true", "err: must be number"},
	{"count=null", "err: must be number"},
	{"sort=1", "ok: {\"sort\":\"1\"}"},
	{"count[]=", "ok: {\"count\":null}"},
	{"count[]=1&count[]=2", "err: must be number"},
	{"foo=1&count=x", "err: must NOT have additional properties"},
	{"count=x&foo=1", "err: must NOT have additional properties"},
	{"a%zz=1", "err: must NOT have additional properties"},
	{"%zz=1", "err: must NOT have additional properties"},
	{"count=5&count=", "err: must be number"},
	{"count=Infinity", "ok: {\"count\":\"NONFINITE:Infinity\"}"},
	{"count=-Infinity", "ok: {\"count\":\"NONFINITE:-Infinity\"}"},
	{"count=1e400", "ok: {\"count\":\"NONFINITE:Infinity\"}"},
	{"count=-0", "ok: {\"count\":0}"},
	{"sort[]=x", "err: must be string"},
	{"count=1;2", "err: must be number"},
	{"count", "ok: {\"count\":null}"},
	{"sort", "ok: {\"sort\":\"\"}"},
	{"count=5&count[]=6", "err: must be number"},
	{"&&count=3", "ok: {\"count\":3}"},
	{"count=.5", "ok: {\"count\":0.5}"},
	{"count=%205%20", "ok: {\"count\":5}"},
	{"count=0b11", "ok: {\"count\":3}"},
	{"count=0o17", "ok: {\"count\":15}"},
	{"count=-0x10", "err: must be number"},
	{"count=NaN", "err: must be number"},
	{"count=1_000", "err: must be number"},
	{"a[b]=1&a=2", "err: must NOT have additional properties"},
	{"offset=%2B3", "ok: {\"offset\":3}"},
	{"count=%E2%82%AC", "err: must be number"},
	{"count=%FF", "err: must be number"},
	{"count=%C2%A05", "ok: {\"count\":5}"},
	{"count=%0A5", "ok: {\"count\":5}"},
	{"count=5?x=1", "ok: {\"count\":5}"},
	{"hasOwnProperty=1&count=3", "ok: {\"count\":3}"},
	{"__proto__[x]=1", "ok: {}"},
	{"count=1&toString=2", "ok: {\"count\":1}"},
	{"count%5B%5D=7", "ok: {\"count\":7}"},
	{"count%5b%5d=7", "ok: {\"count\":7}"},
	{"count[x][y]=1", "err: must be number"},
	{"count[600]=1", "qs: Array limit exceeded. Only 500 elements allowed in an array."},
	{"count[]=1&count[]=2&count[]=3", "err: must be number"},
	{"count=1e21", "ok: {\"count\":1e+21}"},
	{"count=12.9", "ok: {\"count\":12.9}"},
	{"count=-3", "ok: {\"count\":-3}"},
	{"sort=%7B%22ts%22%3A1%7D", "ok: {\"sort\":\"{\\\"ts\\\":1}\"}"},
	{"sort=%7B%7D&sort=%7B%7D", "err: must be string"},
	{"offset=1&offset=", "err: must be number"},
}

// roomsSchema is made up in the image of livechat/rooms' schema: arrays of
// strings, a string-or-array, a string-or-boolean, a boolean, an enum and a
// required property.
var roomsSchema = pagedQuery(
	queryProp{"agents", arrayParam(stringParam()).orNull()},
	queryProp{"departmentId", anyOfParam(stringParam(), arrayParam(stringParam()))},
	queryProp{"open", anyOfParam(stringParam().orNull(), booleanParam().orNull())},
	queryProp{"closed", booleanParam()},
	queryProp{"status", stringParam().oneOfValues("open", "closed")},
	queryProp{"units", arrayParam(stringParam())},
	queryProp{"name", stringParam()},
)

func init() { roomsSchema.required = []string{"name"} }

var roomsQueries = []struct{ query, want string }{
	{"name=x", "ok: {\"name\":\"x\"}"},
	{"count=5", "err: must have required property 'name'"},
	{"foo=1", "err: must have required property 'name'"},
	{"foo=1&name[a]=1", "err: must NOT have additional properties"},
	{"name=x&agents=a", "ok: {\"name\":\"x\",\"agents\":[\"a\"]}"},
	{"name=x&agents[]=a&agents[]=b", "ok: {\"name\":\"x\",\"agents\":[\"a\",\"b\"]}"},
	{"name=x&agents=", "ok: {\"name\":\"x\",\"agents\":[\"\"]}"},
	{"name=x&agents[0][x]=1", "err: must be string"},
	{"name=x&agents[x]=a&agents[]=b", "err: must be array"},
	{"name=x&agents[]=a&agents=b", "ok: {\"name\":\"x\",\"agents\":[\"a\",\"b\"]}"},
	{"name=x&agents[1]=b&agents[0]=a", "ok: {\"name\":\"x\",\"agents\":[\"a\",\"b\"]}"},
	{"name=x&departmentId=d1", "ok: {\"name\":\"x\",\"departmentId\":[\"d1\"]}"},
	{"name=x&departmentId[]=d1", "ok: {\"name\":\"x\",\"departmentId\":[\"d1\"]}"},
	{"name=x&departmentId[]=d1&departmentId[]=d2", "ok: {\"name\":\"x\",\"departmentId\":[\"d1\",\"d2\"]}"},
	{"name=x&departmentId[a]=1", "err: must be string\n must be array\n must match a schema in anyOf"},
	{"name=x&departmentId=", "ok: {\"name\":\"x\",\"departmentId\":[\"\"]}"},
	{"name=x&open=true", "ok: {\"name\":\"x\",\"open\":true}"},
	{"name=x&open=false", "ok: {\"name\":\"x\",\"open\":false}"},
	{"name=x&open=1", "ok: {\"name\":\"x\",\"open\":\"1\"}"},
	{"name=x&open=", "ok: {\"name\":\"x\",\"open\":null}"},
	{"name=x&open[]=true", "ok: {\"name\":\"x\",\"open\":true}"},
	{"name=x&open[a]=1", "err: must be string\n must be boolean\n must match a schema in anyOf"},
	{"name=x&closed=true", "ok: {\"name\":\"x\",\"closed\":true}"},
	{"name=x&closed=1", "err: must be boolean"},
	{"name=x&closed=", "err: must be boolean"},
	{"name=x&closed[]=false", "ok: {\"name\":\"x\",\"closed\":false}"},
	{"name=x&status=open", "ok: {\"name\":\"x\",\"status\":\"open\"}"},
	{"name=x&status=other", "err: must be equal to one of the allowed values"},
	{"name=x&status[]=closed", "ok: {\"name\":\"x\",\"status\":\"closed\"}"},
	{"name=x&units=", "ok: {\"name\":\"x\",\"units\":[\"\"]}"},
	{"name=x&units[a]=b", "err: must be array"},
	{"name[]=x", "ok: {\"name\":\"x\"}"},
	{"name[]=x&name[]=y", "err: must be string"},
	{"name=x&name=y", "err: must be string"},
	{"name=", "ok: {\"name\":\"\"}"},
	{"name[a]=1", "err: must be string"},
	{"name=x&count=1&count=2&departmentId[a]=1", "err: must be number"},
	{"name=x&departmentId[a]=1&open[a]=1", "err: must be string\n must be array\n must match a schema in anyOf"},
	{"name=x&agents[]=a&agents[]=", "ok: {\"name\":\"x\",\"agents\":[\"a\",\"\"]}"},
	{"name=x&count[]=%20", "ok: {\"name\":\"x\",\"count\":0}"},
}

func TestQueryParsingAndValidationMatchQsAndAjv(t *testing.T) {
	for _, tc := range []struct {
		name    string
		schema  *querySchema
		queries []struct{ query, want string }
	}{
		{"chatHistory", chatHistoryQuery, historyQueries},
		{"rooms-like", roomsSchema, roomsQueries},
	} {
		for _, q := range tc.queries {
			if got := parseAndValidate(tc.schema, q.query); got != q.want {
				t.Errorf("%s %q:\n got %s\nwant %s", tc.name, q.query, got, q.want)
			}
		}
	}
}

func parseAndValidate(schema *querySchema, raw string) string {
	q, err := parseQS(raw)
	if err != nil {
		return "qs: " + err.Error()
	}
	if msgs := schema.validate(q, defaultVersion); msgs != nil {
		return "err: " + strings.Join(msgs, "\n ")
	}
	return "ok: " + jsStringify(q)
}

// jsStringify writes a parsed value as JSON.stringify does.
func jsStringify(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprint(x)
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return jsQuote("NONFINITE:" + jsNumberString(x))
		}
		return jsNumberString(x)
	case string:
		return jsQuote(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = jsStringify(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case *jsObject:
		var parts []string
		for _, k := range x.ordered() {
			parts = append(parts, jsQuote(k)+":"+jsStringify(x.vals[k]))
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	return fmt.Sprintf("<%T>", v)
}

func jsQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func TestQSLimitsAndMerges(t *testing.T) {
	repeat := func(part string, n int) string { return strings.TrimSuffix(strings.Repeat(part+"&", n), "&") }
	distinct := make([]string, 1001)
	for i := range distinct {
		distinct[i] = fmt.Sprintf("k%d=1", i)
	}
	tests := []struct{ name, query, want string }{
		{"1000 pairs of one key", repeat("a=1", 1000), "qs: Array limit exceeded. Only 500 elements allowed in an array."},
		{"1001 pairs", repeat("a=1", 1001), "qs: Parameter limit exceeded. Only 1000 parameters allowed."},
		{"1001 keys", strings.Join(distinct, "&"), "qs: Parameter limit exceeded. Only 1000 parameters allowed."},
		{"501 repeats", repeat("count=1", 501), "qs: Array limit exceeded. Only 500 elements allowed in an array."},
		{"501 brackets", repeat("count[]=1", 501), "qs: Array limit exceeded. Only 500 elements allowed in an array."},
		{"index 500", "a[500]=1", "qs: Array limit exceeded. Only 500 elements allowed in an array."},
		{"depth 5", "a[b][c][d][e][f][g]=1", `ok: {"a":{"b":{"c":{"d":{"e":{"f":{"[g]":"1"}}}}}}}`},
		{"index 499", "a[499]=1", `ok: {"a":["1"]}`},
		{"index and key", "a[0]=x&a[b]=y", `ok: {"a":{"0":"x","b":"y"}}`},
		{"object then strings", "a[b]=1&a=2&a=3", `ok: {"a":{"0":"2","1":"3","b":"1"}}`},
		{"empty key", "=1&b=2", `ok: {"b":"2"}`},
	}
	open := &querySchema{allowAdditional: true}
	for _, tt := range tests {
		got := parseAndValidate(open, tt.query)
		if len(got) > 90 {
			got = got[:90]
		}
		if got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
	if got := parseAndValidate(open, repeat("count=1", 500)); !strings.HasPrefix(got, `ok: {"count":["1","1"`) {
		t.Errorf("500 repeats: %.60s", got)
	}
}
