package webhook_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/webhook"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// serve sends one delivery to a handler and returns the answer.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// logTo returns a logger writing JSON lines at Debug level to buf.
func logTo(buf *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func TestHandlerAnswersCRMData(t *testing.T) {
	taken := room()
	taken.ServedBy = johnServes
	withCRM := *taken
	withCRM.CRMData = jsontext.Value(`"{\"ticket\":\"T-77\"}"`)
	var typedNil map[string]string
	for _, tc := range []struct {
		name string
		room *models.Room
		crm  any
		want string
	}{
		{"a value, as JSON", taken, map[string]any{"ticket": "T-1", "score": 3}, `{"score":3,"ticket":"T-1"}`},
		{"a string, as a JSON string", taken, "T-1", `"T-1"`},
		{"raw JSON, compacted", taken, json.RawMessage(`{"ticket": "T-1"}`), `{"ticket":"T-1"}`},
		{"nil without crmData: {}", taken, nil, `{}`},
		{"nil with crmData: the same, kept", &withCRM, nil, `{"ticket":"T-77"}`},
		{"a nil map with crmData: kept", &withCRM, typedNil, `{"ticket":"T-77"}`},
		{"a value replaces crmData", &withCRM, map[string]string{"ticket": "T-78"}, `{"ticket":"T-78"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHandler(t, secret, func(ctx, webhook.Event) (any, error) { return tc.crm, nil }, webhook.WithLogger(discard))
			w := serve(h, request(build(t, webhook.TypeSessionTaken, rocketchattest.WebhookSource{Room: tc.room}), secret))
			if w.Code != 200 || w.Body.String() != tc.want || w.Header().Get("Content-Type") != "application/json" {
				t.Errorf("%d %s %q; want 200 %s", w.Code, w.Body, w.Header().Get("Content-Type"), tc.want)
			}
		})
	}
	t.Run("an offline message: {}", func(t *testing.T) {
		h := newHandler(t, secret, func(ctx, webhook.Event) (any, error) { return nil, nil }, webhook.WithLogger(discard))
		p := rocketchattest.BuildOfflineWebhookPayload(rocketchattest.WebhookOfflineForm{Name: "Ana"}, t0)
		if w := serve(h, request(p.Body, secret)); w.Code != 200 || w.Body.String() != `{}` {
			t.Errorf("%d %s", w.Code, w.Body)
		}
	})
	t.Run("an unknown event: its crmData, kept", func(t *testing.T) {
		h := newHandler(t, secret, func(ctx, webhook.Event) (any, error) { return nil, nil }, webhook.WithLogger(discard))
		for body, want := range map[string]string{
			`{"type":"LivechatSessionPaused","_id":"r1","crmData":"{\"ticket\":\"T-77\"}","v":{"_id":"v1"}}`: `{"ticket":"T-77"}`,
			`{"_id":"r1","crmData":{"ticket":"T-77"},"type":"LivechatSessionPaused"}`:                        `{"ticket":"T-77"}`,
			`{"type":"LivechatSessionPaused","_id":"r1","v":{"crmData":"nested, not the room's"}}`:           `{}`,
		} {
			if w := serve(h, request([]byte(body), secret)); w.Code != 200 || w.Body.String() != want {
				t.Errorf("%s: %d %s; want %s", body, w.Code, w.Body, want)
			}
		}
	})
	t.Run("crmData that cannot be encoded: 500", func(t *testing.T) {
		h := newHandler(t, secret, func(ctx, webhook.Event) (any, error) { return make(chan int), nil }, webhook.WithLogger(discard))
		if w := serve(h, request(build(t, webhook.TypeSessionTaken, rocketchattest.WebhookSource{Room: taken}), secret)); w.Code != 500 {
			t.Errorf("%d %s", w.Code, w.Body)
		}
	})
}

// TestHandlerRefusesBeforeCallingTheFunction checks the statuses of bad
// deliveries, and that the function never runs for them.
func TestHandlerRefusesBeforeCallingTheFunction(t *testing.T) {
	body := build(t, webhook.TypeSessionStart, rocketchattest.WebhookSource{Room: room()})
	called := 0
	h := newHandler(t, secret, func(ctx, webhook.Event) (any, error) { called++; return nil, nil },
		webhook.WithLogger(discard), webhook.WithMaxBodySize(int64(len(body))))
	for _, tc := range tokenCases {
		r := request(body, secret)
		tc.token(r)
		if w := serve(h, r); w.Code != http.StatusUnauthorized {
			t.Errorf("token %s: %d, want 401", tc.name, w.Code)
		}
	}
	if w := serve(h, request([]byte(`{"type":`), secret)); w.Code != http.StatusBadRequest {
		t.Errorf("malformed: %d, want 400", w.Code)
	}
	if w := serve(h, request(append(body, ' '), secret)); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("too large: %d, want 413", w.Code)
	}
	r := request(body, secret)
	r.Method = http.MethodGet
	if w := serve(h, r); w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "POST" {
		t.Errorf("GET: %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
	if called != 0 {
		t.Errorf("the function ran %d times", called)
	}
	if w := serve(h, request(body, secret)); w.Code != 200 || called != 1 {
		t.Errorf("good delivery: %d, function ran %d times", w.Code, called)
	}
}

// TestHandlerFailures checks that an error or a panic of the function is
// answered 500, so that the server retries, and logged without the token
// or the body.
func TestHandlerFailures(t *testing.T) {
	body := build(t, webhook.TypeNewMessage, rocketchattest.WebhookSource{Room: room(), Messages: []models.Message{hello}})
	for name, fn := range map[string]func(ctx, webhook.Event) (any, error){
		"error": func(ctx, webhook.Event) (any, error) { return nil, errors.New("crm unavailable") },
		"panic": func(ctx, webhook.Event) (any, error) { panic("crm client is nil") },
	} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			h := newHandler(t, secret, fn, webhook.WithLogger(logTo(&logs)))
			w := serve(h, request(body, secret))
			if w.Code != http.StatusInternalServerError {
				t.Fatalf("%d %s, want 500", w.Code, w.Body)
			}
			out := logs.String()
			want := map[string]string{"error": `"error":"crm unavailable"`, "panic": `"panic":"crm client is nil"`}[name]
			if !strings.Contains(out, want) || !strings.Contains(out, `"level":"ERROR"`) || !strings.Contains(out, `"room":"Rb7qYy4Lq9Wf2nXkP"`) {
				t.Errorf("log %s\nwant it to contain %s", out, want)
			}
			if name == "panic" && !strings.Contains(out, "handler_test.go") {
				t.Errorf("no stack in the log: %s", out)
			}
			for _, leak := range []string{secret, ana.Token, hello.Text} {
				if strings.Contains(out, leak) || strings.Contains(w.Body.String(), leak) {
					t.Errorf("%q in the log or the answer: %s %s", leak, out, w.Body)
				}
			}
		})
	}
}

// TestHandlerLogsNoSecrets checks every refusal and delivery log line for
// the token, the visitor's token and the body.
func TestHandlerLogsNoSecrets(t *testing.T) {
	var logs bytes.Buffer
	h := newHandler(t, secret, func(ctx, webhook.Event) (any, error) { return nil, nil }, webhook.WithLogger(logTo(&logs)))
	body := build(t, webhook.TypeNewMessage, rocketchattest.WebhookSource{Room: room(), Messages: []models.Message{hello}})
	misfit := bytes.Replace(body, []byte(`"username":"guest-17","msg"`), []byte(`"username":["guest-17"],"msg"`), 1)
	for _, r := range []*http.Request{
		request(body, secret), request(misfit, secret), request(body, secret+"x"), request(body, "-"),
		request(body[:len(body)-1], secret),
	} {
		serve(h, r)
	}
	out := logs.String()
	for _, want := range []string{`"status":401`, `"status":400`, `"msg":"webhook: event delivered"`, `"paths":["messages[0].username"]`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	for _, leak := range []string{secret, ana.Token, hello.Text, "guest-17"} {
		if strings.Contains(out, leak) {
			t.Errorf("%q in the log:\n%s", leak, out)
		}
	}
}

func TestNewHandlerSecretOptOut(t *testing.T) {
	fn := func(ctx, webhook.Event) (any, error) { return nil, nil }
	// An empty secret (an unset environment variable) stops the program
	// at startup rather than open the endpoint to anyone.
	v, _ := newHandlerRecover("", fn)
	if err, ok := v.(error); !ok || !errors.Is(err, webhook.ErrNoSecret) || !strings.Contains(err.Error(), "AllowNoSecret") {
		t.Errorf("empty secret: panicked with %v; want an error wrapping ErrNoSecret naming AllowNoSecret", v)
	}
	if v, _ := newHandlerRecover(secret, nil); v == nil {
		t.Error("nil function: no panic")
	}
	h := newHandler(t, "", fn, webhook.AllowNoSecret(), webhook.WithLogger(discard))
	if w := serve(h, request(build(t, webhook.TypeSessionStart, rocketchattest.WebhookSource{Room: room()}), "-")); w.Code != 200 {
		t.Errorf("AllowNoSecret, no token: %d", w.Code)
	}
	h = newHandler(t, secret, fn, webhook.AllowNoSecret(), webhook.WithLogger(discard))
	if w := serve(h, request(build(t, webhook.TypeSessionStart, rocketchattest.WebhookSource{Room: room()}), "-")); w.Code != 401 {
		t.Errorf("AllowNoSecret with a secret, no token: %d, want 401", w.Code)
	}
}
