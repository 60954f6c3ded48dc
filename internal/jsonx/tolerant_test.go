package jsonx_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// doc is a registered document; part has a fallback field, plain has none.
type doc struct {
	ID      string         `json:"_id"`
	N       int            `json:"n"`
	When    time.Time      `json:"when,omitzero"`
	Part    part           `json:"part,omitzero"`
	Plain   *plain         `json:"plain,omitzero"`
	List    []int          `json:"list,omitzero"`
	Map     map[string]int `json:"map,omitzero"`
	Inner   *doc           `json:"inner,omitzero"`
	Odd     int            `json:"a.b,omitzero"`
	Unknown jsontext.Value `json:",embed"`
	misfits []jsonx.Misfit
}

type part struct {
	X       int            `json:"x"`
	Y       string         `json:"y,omitzero"`
	Unknown jsontext.Value `json:",embed"`
}

type plain struct {
	Z int    `json:"z"`
	W string `json:"w"`
}

type envelope struct {
	Docs  []doc `json:"docs"`
	Total int   `json:"total"`
}

func init() {
	jsonx.RegisterDocument(func(d *doc, m jsonx.Misfit) { d.misfits = append(d.misfits, m) })
}

func decodeDoc(t *testing.T, in string) (doc, []string) {
	t.Helper()
	var reported []string
	var env envelope
	err := jsonx.Decode([]byte(`{"docs":[`+in+`],"total":1}`), &env, jsonx.Tolerant, func(m jsonx.Misfit, id string, _ reflect.Type) {
		reported = append(reported, id+" "+m.Path)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(env.Docs) != 1 || env.Total != 1 {
		t.Fatalf("envelope = %+v", env)
	}
	return env.Docs[0], reported
}

func paths(ms []jsonx.Misfit) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Path+"="+string(m.Value))
	}
	return strings.Join(s, " ")
}

func TestTolerantDecodingPlacesEachMisfit(t *testing.T) {
	d, reported := decodeDoc(t, `{"_id":"d1","n":1.5,"when":"soon","part":{"x":"?","y":"ok","extra":1},
		"plain":{"z":2.5,"w":"kept"},"list":[1,"two",3],"map":{"a":1,"b":[]},"inner":{"_id":"d2","n":true},"a.b":{}}`)
	if d.ID != "d1" || d.Part.Y != "ok" || d.Plain == nil || d.Plain.W != "kept" ||
		len(d.List) != 2 || d.List[1] != 3 || d.Map["a"] != 1 || len(d.Map) != 1 || d.Inner.ID != "d2" {
		t.Errorf("what fits was not all filled in: %+v", d)
	}
	want := `n=1.5 when="soon" part.x="?" plain.z=2.5 list[1]="two" map.b=[] inner.n=true ["a.b"]={}`
	if got := paths(d.misfits); got != want {
		t.Errorf("misfits:\n got %s\nwant %s", got, want)
	}
	if got := paths(d.Inner.misfits); got != "n=true" {
		t.Errorf("the inner document's own misfits = %s", got)
	}
	if len(reported) != 8 || reported[0] != "d1 docs[0].n" || reported[6] != "d1 docs[0].inner.n" {
		t.Errorf("reported = %q", reported)
	}
	// part keeps its own misfit; plain has no fallback, so the document
	// keeps the whole member, as it does the list and the map.
	var kept map[string]jsontext.Value
	if err := json.Unmarshal(d.Unknown, &kept); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"n", "when", "plain", "list", "map", "a.b"} {
		if kept[name] == nil {
			t.Errorf("the document does not keep %q: %s", name, d.Unknown)
		}
	}
	if kept["part"] != nil || string(d.Part.Unknown) != `{"x":"?","extra":1}` {
		t.Errorf("part's misfit belongs in part: doc %s, part %s", d.Unknown, d.Part.Unknown)
	}
}

func TestMisfitOutsideADocumentIsAnError(t *testing.T) {
	var env envelope
	err := jsonx.Decode([]byte(`{"docs":[{"_id":"a","n":1.5}],"total":"x"}`), &env, jsonx.Tolerant, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "total: ") {
		t.Fatalf("err = %v", err)
	}
	if env.Docs != nil {
		t.Errorf("a failed decoding leaves the value zero: %+v", env)
	}
	err = jsonx.Decode([]byte(`{"docs":[7],"total":1}`), &env, jsonx.Tolerant, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "docs[0]: ") {
		t.Fatalf("a list element that is no document: err = %v", err)
	}
}

func TestLenientSpellingsAreNoMisfits(t *testing.T) {
	d, reported := decodeDoc(t, `{"_id":"d","n":"7","when":1714557600000,"part":{"x":2.0},"list":[1e2,"3"],"plain":{"z":"-4"}}`)
	if len(d.misfits) != 0 || len(reported) != 0 {
		t.Fatalf("misfits %s", paths(d.misfits))
	}
	if d.N != 7 || d.When.UnixMilli() != 1714557600000 || d.Part.X != 2 || d.List[0] != 100 || d.List[1] != 3 || d.Plain.Z != -4 {
		t.Errorf("decoded %+v", d)
	}
}

func TestWholeNumbersOnly(t *testing.T) {
	for _, in := range []string{"2.5", "1e-3", "1e300", `"1.5"`, "-9.3e18"} {
		var v struct {
			N int64 `json:"n"`
		}
		if err := jsonx.Decode([]byte(`{"n":`+in+`}`), &v, jsonx.Strict, nil); err == nil {
			t.Errorf("%s decoded as %d", in, v.N)
		}
	}
}

// A misfit early in a document must not hide a syntax error later in it.
func TestSyntaxErrorAfterAMisfitFails(t *testing.T) {
	for _, in := range []string{`{"docs":[{"_id":"a","n":"x"`, `{"docs":[],"total":"x"} {}`, `{"docs":[{"n":1.5}],"total":1,}`} {
		var env envelope
		if err := jsonx.Decode([]byte(in), &env, jsonx.Tolerant, nil); err == nil {
			t.Errorf("%s decoded: %+v", in, env)
		}
	}
}
