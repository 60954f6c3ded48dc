package rocketchattest

import (
	"encoding/json"
	"testing"
)

// sortCases are what the server makes of a sort parameter, from node running
// parseJsonQuery's checks and the mongodb driver's formatSort (6.16) on the
// same strings: "invalid" is error-invalid-sort, "default" the route's
// default sort, "natural" no sort, "keys" the fields and directions in
// order, "mongo" the driver's refusal when the query runs.
var sortCases = []struct{ raw, want string }{
	{"", "invalid"},
	{"{\"ts\":1}", "keys [[\"ts\",1]]"},
	{"{\"ts\":-1,\"fname\":1}", "keys [[\"ts\",-1],[\"fname\",1]]"},
	{"{\"b\":1,\"2\":-1,\"a\":1,\"10\":1}", "keys [[\"2\",-1],[\"10\",1],[\"b\",1],[\"a\",1]]"},
	{"{\"ts\":1,\"ts\":-1}", "keys [[\"ts\",-1]]"},
	{"{}", "natural"},
	{"[]", "natural"},
	{"[1]", "keys [[\"1\",1]]"},
	{"[-1]", "keys [[\"-1\",1]]"},
	{"[1,-1]", "keys [[\"1\",-1]]"},
	{"[-1,1]", "keys [[\"-1\",1]]"},
	{"[1,1,-1]", "keys [[\"1\",1],[\"-1\",1]]"},
	{"[1,2]", "invalid"},
	{"[\"ts\"]", "invalid"},
	{"[[1]]", "invalid"},
	{"1", "mongo Invalid sort format: 1 Sort must be a valid object"},
	{"0", "default"},
	{"-0", "default"},
	{"2", "mongo Invalid sort format: 2 Sort must be a valid object"},
	{"1.5", "mongo Invalid sort format: 1.5 Sort must be a valid object"},
	{"1e400", "mongo Invalid sort format: null Sort must be a valid object"},
	{"true", "mongo Invalid sort format: true Sort must be a valid object"},
	{"false", "default"},
	{"null", "invalid"},
	{"\"\"", "default"},
	{"\"ts\"", "invalid"},
	{"{\"ts\":\"1\"}", "invalid"},
	{"{\"ts\":1.0}", "keys [[\"ts\",1]]"},
	{"{\"ts\":1e0}", "keys [[\"ts\",1]]"},
	{" {\"ts\":-1} ", "keys [[\"ts\",-1]]"},
	{"{\"ts\":1}x", "invalid"},
	{"{\"ts\":1", "invalid"},
	{"ts", "invalid"},
}

func TestParseSortMatchesParseJsonQueryAndTheDriver(t *testing.T) {
	for _, tc := range sortCases {
		keys, mongoErr, err := parseSort(tc.raw)
		var got string
		switch {
		case err != nil:
			got = "invalid"
		case mongoErr != "":
			got = "mongo " + mongoErr
		case keys == nil:
			got = "default"
		case len(keys) == 0:
			got = "natural"
		default:
			pairs := make([][]any, len(keys))
			for i, k := range keys {
				pairs[i] = []any{k.field, k.dir}
			}
			b, _ := json.Marshal(pairs)
			got = "keys " + string(b)
		}
		if got != tc.want {
			t.Errorf("sort %q: got %s, want %s", tc.raw, got, tc.want)
		}
	}
}
