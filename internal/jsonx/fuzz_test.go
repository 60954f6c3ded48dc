package jsonx_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// sample has a field of every type the lenient reading rewrites, and the
// shapes the models are made of.
type sample struct {
	Int     int               `json:"int"`
	Int64   int64             `json:"int64"`
	Float   float64           `json:"float"`
	Bool    bool              `json:"bool"`
	Time    time.Time         `json:"time"`
	TimePtr *time.Time        `json:"timePtr"`
	IntPtr  *int              `json:"intPtr"`
	Str     string            `json:"str"`
	Nested  *sample           `json:"nested"`
	List    []sample          `json:"list"`
	Map     map[string]any    `json:"map"`
	Times   map[string]string `json:"times"`
	Raw     jsontext.Value    `json:"raw"`
	Unknown jsontext.Value    `json:",unknown"`
}

// FuzzUnmarshal decodes any bytes strictly then leniently. Whatever decodes
// encodes, and the encoding is read by the strict path alone (the lenient
// one exists for other servers' spellings, never for the codec's own) and
// encodes again to the same bytes.
func FuzzUnmarshal(f *testing.F) {
	f.Add([]byte(`{"int":1,"int64":2,"float":1.5,"bool":true,"time":"2024-05-01T10:00:00.000Z","str":"s"}`))
	f.Add([]byte(`{"int":"1","int64":"-2","float":"1.5","bool":"false","time":"1714557600000","timePtr":1714557600000.9}`))
	f.Add([]byte(`{"int":"1e3","float":"","time":"","nested":{"int":"7","list":[{"bool":"true"}]}}`))
	f.Add([]byte(`{"time":"2024-05-01T10:00:00.123456789+02:00","map":{"a":[1,"2",null]},"raw":{"x":"\u00e9"},"other":[true]}`))
	f.Add([]byte(`{"time":253402300800000}`))
	f.Add([]byte(`{"time":"0000-01-01T00:00:00+01:00"}`))
	f.Add([]byte("{\"str\":\"\xff\",\"other\":\"\xfe\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var v sample
		if err := jsonx.Unmarshal(data, &v); err != nil {
			return
		}
		enc, err := json.Marshal(&v, jsonx.EncodeOptions, json.Deterministic(true))
		if errors.Is(err, jsonx.ErrDateRange) {
			return // an RFC 3339 date whose offset moves it past year 0 or 9999
		}
		if err != nil {
			t.Fatalf("%q decodes but does not encode: %v", data, err)
		}
		var strict sample
		if err := json.Unmarshal(enc, &strict, jsonx.DecodeOptions); err != nil {
			t.Fatalf("%q encodes as %s, which the strict path does not read: %v", data, enc, err)
		}
		enc2, err := json.Marshal(&strict, jsonx.EncodeOptions, json.Deterministic(true))
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding is not stable:\n%s\nthen\n%s (%v)", enc, enc2, err)
		}
		if m, err := jsonx.Marshal(&strict); err != nil || !jsontext.Value(m).IsValid() {
			t.Fatalf("jsonx.Marshal: %s, %v", m, err)
		}
	})
}

// FuzzAppendTime writes any instant in years 0 to 9999 and reads it back to
// the millisecond.
func FuzzAppendTime(f *testing.F) {
	f.Add(int64(1714557600123), int64(0))
	f.Add(int64(-62167219200000), int64(3600))
	f.Add(int64(253402300799999), int64(-3600))
	f.Fuzz(func(t *testing.T, ms, offset int64) {
		if ms < -62167219200000 || ms > 253402300799999 {
			return
		}
		tm := time.UnixMilli(ms).In(time.FixedZone("", int(offset%86400)))
		b := jsonx.AppendTime(nil, tm)
		got, err := time.Parse(jsonx.TimeLayout, string(b))
		if err != nil || !got.Equal(tm) || got.Location() != time.UTC {
			t.Fatalf("%v written as %s, read back as %v (%v)", tm, b, got, err)
		}
	})
}
