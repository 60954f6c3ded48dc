package rocketchat_test

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// validSort reports whether the server would accept the sort the client is
// asked to send: named fields, each once, in valid UTF-8, ordered 1 or -1.
func validSort(s rocketchat.Sort) bool {
	seen := make(map[string]bool)
	for _, f := range s {
		if f.Field == "" || !utf8.ValidString(f.Field) || seen[f.Field] || (f.Order != rocketchat.Asc && f.Order != rocketchat.Desc) {
			return false
		}
		seen[f.Field] = true
	}
	return true
}

// FuzzSortEncodeValues checks that a sort encodes as a JSON object whose keys
// are its fields in their order, with their orders as values, or is refused
// with ErrInvalidArgument; never anything else.
func FuzzSortEncodeValues(f *testing.F) {
	f.Add(uint8(2), "ts", -1, "_id", 1, "", 0)
	f.Add(uint8(1), `"},{"$where":"1"}`, 1, "", 0, "", 0)
	f.Add(uint8(3), "a", 1, "b", -1, "a", 1)
	f.Add(uint8(1), "ts&count=1000#x", 1, "", 0, "", 0)
	f.Add(uint8(1), "bad\xffutf8", 1, "", 0, "", 0)
	f.Add(uint8(2), "\u2028\x00\\", -1, "日本", 2, "", 0)
	f.Fuzz(func(t *testing.T, n uint8, f1 string, o1 int, f2 string, o2 int, f3 string, o3 int) {
		s := rocketchat.Sort{{f1, rocketchat.Order(o1)}, {f2, rocketchat.Order(o2)}, {f3, rocketchat.Order(o3)}}[:n%4]
		v := url.Values{}
		err := s.EncodeValues("sort", &v)
		if !validSort(s) {
			if !errors.Is(err, rocketchat.ErrInvalidArgument) || len(v) != 0 {
				t.Fatalf("invalid sort %q: err = %v, values %v; want ErrInvalidArgument and nothing set", s, err, v)
			}
			return
		}
		if err != nil {
			t.Fatalf("valid sort %q: %v", s, err)
		}
		if len(s) == 0 {
			if len(v) != 0 {
				t.Fatalf("empty sort set %v", v)
			}
			return
		}
		enc := v.Get("sort")
		if enc != s.String() {
			t.Fatalf("String() = %q, sent %q", s.String(), enc)
		}
		dec := jsontext.NewDecoder(strings.NewReader(enc))
		if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
			t.Fatalf("sort %q encoded as %q: not a JSON object", s, enc)
		}
		var got rocketchat.Sort
		for dec.PeekKind() != '}' {
			name, err := dec.ReadToken()
			if err != nil {
				t.Fatalf("sort %q encoded as %q: %v", s, enc, err)
			}
			field := name.String()
			val, err := dec.ReadToken()
			if err != nil || val.Kind() != '0' {
				t.Fatalf("sort %q encoded as %q: value of %q is not a number", s, enc, field)
			}
			order, err := strconv.Atoi(val.String())
			if err != nil {
				t.Fatalf("sort %q encoded as %q: value %s of %q is not an integer", s, enc, val, field)
			}
			got = append(got, rocketchat.SortField{Field: field, Order: rocketchat.Order(order)})
		}
		if _, err := dec.ReadToken(); err != nil {
			t.Fatalf("sort %q encoded as %q: %v", s, enc, err)
		}
		if _, err := dec.ReadToken(); err == nil {
			t.Fatalf("sort %q encoded as %q: trailing data", s, enc)
		}
		if !slices.Equal(got, s) {
			t.Fatalf("sort %q encoded as %q, which reads back as %q", s, enc, got)
		}
	})
}

// FuzzErrorBody serves a fuzzed status, content type and body to the client
// and checks what comes back: a page for a 2xx that holds one, else an error
// of the SDK's types that names the status, in printable UTF-8.
func FuzzErrorBody(f *testing.F) {
	f.Add(400, "application/json", "", []byte(`{"success":false,"error":"Invalid sort parameter provided: \"x\" [error-invalid-sort]","errorType":"error-invalid-sort","details":{"helperMethod":"parseJsonQuery"}}`))
	f.Add(401, "application/json", "", []byte(`{"status":"error","message":"You must be logged in to do this."}`))
	f.Add(401, "application/json", "", []byte(`{"success":false,"error":"totp-required","status":"error","message":"TOTP Required","details":{"method":"totp","availableMethods":["totp","email"]}}`))
	f.Add(429, "application/json", "10", []byte(`{"success":false,"error":"Error, too many requests. Please slow down. You must wait 10 seconds before trying this endpoint again. [error-too-many-requests]"}`))
	f.Add(502, "text/html", "", []byte("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"))
	f.Add(200, "application/json", "", []byte(`{"success":false,"error":"invalid-room"}`))
	f.Add(200, "application/json", "", []byte(`{"history":[{"_id":"r1","t":"l","ts":"2024-05-01T10:00:00.000Z","msgs":"3"}],"count":1,"offset":0,"total":1,"success":true}`))
	f.Add(200, "text/plain", "", []byte(""))
	f.Add(500, "application/json", "Wed, 21 Oct 2015 07:28:00 GMT", []byte(`{"success":false,"error":{"message":"nested"}}`))
	f.Add(418, "", "", []byte("<title>\x1b[31mred\n\xff</title>"))
	f.Fuzz(func(t *testing.T, status int, contentType, retryAfter string, body []byte) {
		status = 200 + ((status-200)%400+400)%400 // 200 to 599, as given when in range
		mt := httpmock.NewMockTransport()
		mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
			r := httpmock.NewBytesResponse(status, body)
			r.Header.Set("Content-Type", contentType)
			r.Header.Set("Retry-After", retryAfter)
			return r, nil
		})
		c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithToken("u", "t"),
			rocketchat.WithHTTPClient(&http.Client{Transport: mt}), rocketchat.WithRetries(0, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		page, resp, err := omnichannel.New(c).Visitors.ChatHistory(t.Context(), "r1", "v1", nil)
		if resp == nil || resp.StatusCode != status {
			t.Fatalf("resp %v, want the %d answer", resp, status)
		}
		ok2xx := status < 300
		if err == nil {
			if !ok2xx || page == nil {
				t.Fatalf("status %d: no error and page %v", status, page)
			}
			return
		}
		msg := err.Error()
		if !utf8.ValidString(msg) || strings.ContainsFunc(msg, unicode.IsControl) {
			t.Fatalf("error %q is not printable UTF-8", msg)
		}
		var apiErr *rocketchat.APIError
		isAPI := errors.As(err, &apiErr)
		switch {
		case isAPI && apiErr.StatusCode != status:
			t.Fatalf("APIError with status %d for a %d answer", apiErr.StatusCode, status)
		case !ok2xx && !isAPI:
			t.Fatalf("status %d: err %v is no *APIError", status, err)
		case ok2xx && !isAPI && !errors.Is(err, rocketchat.ErrMalformedResponse):
			t.Fatalf("status %d: err %v is neither an *APIError nor ErrMalformedResponse", status, err)
		case !strings.Contains(msg, strconv.Itoa(status)) && isAPI:
			t.Fatalf("error %q does not name the status %d", msg, status)
		}
		if status == http.StatusTooManyRequests {
			var rle *rocketchat.RateLimitError
			if !errors.As(err, &rle) || rle.RetryAfter < 0 {
				t.Fatalf("429: err %v, want a *RateLimitError with a wait >= 0", err)
			}
		}
		if status >= 500 && !errors.Is(err, rocketchat.ErrServer) {
			t.Fatalf("status %d: err %v does not match ErrServer", status, err)
		}
	})
}
