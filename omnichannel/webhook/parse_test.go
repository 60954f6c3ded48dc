package webhook_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rocketchat-go/rocketchat/omnichannel/webhook"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// tokenCases are deliveries whose token must be refused.
var tokenCases = []struct {
	name  string
	token func(r *http.Request)
}{
	{"missing", func(r *http.Request) { r.Header.Del(webhook.TokenHeader) }},
	{"empty", func(r *http.Request) { r.Header.Set(webhook.TokenHeader, "") }},
	{"wrong, same length", func(r *http.Request) { r.Header.Set(webhook.TokenHeader, strings.Repeat("x", len(secret))) }},
	{"a prefix", func(r *http.Request) { r.Header.Set(webhook.TokenHeader, secret[:len(secret)-1]) }},
	{"longer", func(r *http.Request) { r.Header.Set(webhook.TokenHeader, secret+"x") }},
	{"other case", func(r *http.Request) { r.Header.Set(webhook.TokenHeader, strings.ToUpper(secret)) }},
	{"with spaces", func(r *http.Request) { r.Header.Set(webhook.TokenHeader, " "+secret) }},
	{"twice", func(r *http.Request) { r.Header.Add(webhook.TokenHeader, secret) }},
	{"in another header", func(r *http.Request) {
		r.Header.Del(webhook.TokenHeader)
		r.Header.Set("Authorization", "Bearer "+secret)
	}},
}

// TestParseRefusesWrongTokens checks each wrong token is refused with
// ErrInvalidToken before a byte of the body is read, and the error does
// not carry the token.
func TestParseRefusesWrongTokens(t *testing.T) {
	body := build(t, webhook.TypeSessionStart, rocketchattest.WebhookSource{Room: room()})
	for _, tc := range tokenCases {
		t.Run(tc.name, func(t *testing.T) {
			r := request(body, secret)
			tc.token(r)
			cr := &countingReader{r: r.Body}
			r.Body = cr
			ev, err := webhook.Parse(r, secret)
			if !errors.Is(err, webhook.ErrInvalidToken) || ev != nil {
				t.Fatalf("Parse = %v, %v; want ErrInvalidToken", ev, err)
			}
			if cr.n != 0 {
				t.Errorf("read %d bytes of the body before refusing", cr.n)
			}
			if strings.Contains(err.Error(), secret[:6]) || strings.Contains(err.Error(), "xxxx") {
				t.Errorf("error carries the token: %v", err)
			}
		})
	}
	if ev, err := webhook.Parse(request(body, secret), secret); err != nil || ev == nil {
		t.Fatalf("the right token: %v", err)
	}
	if _, err := webhook.Parse(request(body, ""), ""); !errors.Is(err, webhook.ErrNoSecret) {
		t.Errorf("empty secret: %v, want ErrNoSecret", err)
	}
}

// padded returns a valid event of exactly size bytes: the body padded with
// trailing spaces, which JSON allows.
func padded(t *testing.T, size int) []byte {
	t.Helper()
	body := build(t, webhook.TypeSessionStart, rocketchattest.WebhookSource{Room: room()})
	if len(body) > size {
		t.Fatalf("the body is already %d bytes", len(body))
	}
	return append(body, bytes.Repeat([]byte(" "), size-len(body))...)
}

// TestBodyCap checks the cap to the byte, with and without Content-Length,
// for Parse, the handler's option and http.MaxBytesReader.
func TestBodyCap(t *testing.T) {
	const limit = 4096
	for _, chunked := range []bool{false, true} {
		for size, ok := range map[int]bool{limit: true, limit + 1: false} {
			body := padded(t, size)
			r := request(body, secret)
			if chunked {
				r.ContentLength = -1
			}
			h := newHandler(t, secret, func(ctx, webhook.Event) (any, error) { return nil, nil },
				webhook.WithMaxBodySize(limit), webhook.WithLogger(discard))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if want := map[bool]int{true: 200, false: 413}[ok]; w.Code != want {
				t.Errorf("handler, %d bytes (chunked %v): %d, want %d", size, chunked, w.Code, want)
			}

			r = request(body, secret)
			r.Body = http.MaxBytesReader(nil, r.Body, limit)
			if chunked {
				r.ContentLength = -1
			}
			_, err := webhook.Parse(r, secret)
			if ok != (err == nil) || (!ok && !errors.Is(err, webhook.ErrTooLarge)) {
				t.Errorf("Parse through MaxBytesReader, %d bytes (chunked %v): %v", size, chunked, err)
			}
		}
	}
	for size, ok := range map[int]bool{webhook.DefaultMaxBodySize: true, webhook.DefaultMaxBodySize + 1: false} {
		_, err := webhook.Parse(request(padded(t, size), secret), secret)
		if ok != (err == nil) || (!ok && !errors.Is(err, webhook.ErrTooLarge)) {
			t.Errorf("Parse, %d bytes: %v", size, err)
		}
	}
}

// TestBodyCapReadsNoMoreThanTheCap checks that a body that never ends is
// read up to the cap and one byte, not to its end.
func TestBodyCapReadsNoMoreThanTheCap(t *testing.T) {
	r := request(nil, secret)
	endless := &countingReader{r: endlessReader{}}
	r.Body, r.ContentLength = endless, -1
	if _, err := webhook.Parse(r, secret); !errors.Is(err, webhook.ErrTooLarge) {
		t.Fatalf("err %v", err)
	}
	if endless.n > webhook.DefaultMaxBodySize+1 {
		t.Errorf("read %d bytes", endless.n)
	}
	r = request([]byte(`{}`), secret)
	r.ContentLength = webhook.DefaultMaxBodySize + 1 // announced: refused without reading
	if _, err := webhook.Parse(r, secret); !errors.Is(err, webhook.ErrTooLarge) {
		t.Errorf("announced length over the cap: %v", err)
	}
}

type endlessReader struct{}

func (endlessReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// TestParseMalformed checks bodies that are not an event: each is
// ErrMalformed, and the error says where, never what the body holds.
func TestParseMalformed(t *testing.T) {
	for name, body := range map[string]string{
		"empty":                  ``,
		"not JSON":               `<html>secret-looking text</html>`,
		"an array":               `[{"type":"Message"}]`,
		"a string":               `"Message"`,
		"no type":                `{"_id":"r1","label":"secret-looking text"}`,
		"type is a number":       `{"type":7}`,
		"type is an object":      `{"type":{"name":"Message"}}`,
		"cut short":              `{"type":"Message","label":"secret-looking`,
		"data after":             `{"type":"Message"} {"type":"Message"}`,
		"duplicate name":         `{"type":"Message","type":"LeadCapture"}`,
		"invalid escape":         `{"type":"Message","label":"\q secret-looking text"}`,
		"trailing comma":         `{"type":"Message",}`,
		"shapes that do not fit": `{"type":"Message","messages":{"not":"a list"},"visitor":[]}`,
	} {
		t.Run(name, func(t *testing.T) {
			ev, err := webhook.Parse(request([]byte(body), secret), secret)
			if name == "shapes that do not fit" {
				// Shapes that do not fit are misfits, not malformed bodies.
				if err != nil || len(ev.Misfits()) != 2 {
					t.Fatalf("err %v, misfits %v", err, ev.Misfits())
				}
				return
			}
			if !errors.Is(err, webhook.ErrMalformed) || ev != nil {
				t.Fatalf("Parse = %v, %v; want ErrMalformed", ev, err)
			}
			if strings.Contains(err.Error(), "secret-looking") || strings.Contains(err.Error(), "Message") {
				t.Errorf("error carries the body: %v", err)
			}
		})
	}
}
