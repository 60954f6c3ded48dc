package webhook

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
)

// HandlerOption configures [NewHandler].
type HandlerOption func(*handlerConfig)

type handlerConfig struct {
	noSecret bool
	logger   *slog.Logger
	maxBody  int64
}

// AllowNoSecret lets [NewHandler] accept an empty secret, which it refuses
// otherwise (with [ErrNoSecret]): the handler then checks no token and
// accepts events from anyone who can reach it. Use it only behind something else that
// authenticates the server, or for local experiments.
func AllowNoSecret() HandlerOption { return func(c *handlerConfig) { c.noSecret = true } }

// WithLogger sets where the handler logs (default slog.Default()): refused
// requests and misfits at Warn, errors and panics of the function at Error,
// deliveries at Debug. It never logs the token, the body, or any value
// from it other than the event's type, room id and delivery key.
func WithLogger(l *slog.Logger) HandlerOption {
	return func(c *handlerConfig) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithMaxBodySize sets the largest body the handler reads (default
// [DefaultMaxBodySize]); a larger one is answered 413. n <= 0 means the
// default.
func WithMaxBodySize(n int64) HandlerOption {
	return func(c *handlerConfig) {
		if n > 0 {
			c.maxBody = n
		}
	}
}

// NewHandler returns the http.Handler to give Rocket.Chat as its webhook URL
// (Omnichannel > Webhooks): it checks and parses each delivery as [Parse]
// does and calls fn with its event.
//
// It answers:
//   - 200 when fn returns no error, with crmData encoded as JSON by
//     encoding/json; the server stores that body on the room and sends it
//     back as the CRMData of the room's later events (see [CRMData]). When
//     crmData is nil it answers the crmData the event carried (an
//     [Unknown] event's too, see [Unknown.CRMData]), so that it stays
//     stored, or {} if it carried none.
//   - 401 when the token is missing or wrong, before reading the body;
//     fn is not called.
//   - 413 for a body over the cap ([WithMaxBodySize]), 400 for a malformed
//     one, 405 for a method other than POST; fn is not called.
//   - 500 when fn returns an error or panics (the panic is recovered and
//     logged with its stack), so that the server tries again.
//
// The server makes 5 attempts per event, 4 × its HTTP timeout apart
// (20 s by default), on 5xx, 429, timeouts and network errors; only 200
// counts as delivered. So fn may see an event more than once: drop
// repeats by [Event.DeliveryKey]. Events of one room are sent
// concurrently and may arrive out of order.
//
// fn runs with the request's context; answer within the server's timeout
// (Livechat_http_timeout, 5 s by default), or the server counts the
// delivery as failed and retries it.
//
// NewHandler refuses to build a handler that would accept events from
// anyone: it panics, with a message that wraps [ErrNoSecret], when secret
// is empty (an unset environment variable, say) and no [AllowNoSecret]
// option is given, so that the mistake stops the program as it starts
// rather than open the endpoint. Check a secret read from the environment
// before calling it. It panics too when fn is nil. ([Parse] returns
// ErrNoSecret for an empty secret.)
func NewHandler(secret string, fn func(ctx context.Context, ev Event) (crmData any, err error), opts ...HandlerOption) http.Handler {
	if fn == nil {
		panic("webhook: NewHandler needs a function")
	}
	cfg := handlerConfig{logger: slog.Default(), maxBody: DefaultMaxBodySize}
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	h := &handler{fn: fn, log: cfg.logger, maxBody: cfg.maxBody}
	switch {
	case secret != "":
		sum := sha256.Sum256([]byte(secret))
		h.want = &sum
	case !cfg.noSecret:
		panic(fmt.Errorf("%w: a handler without one would accept events from anyone; "+
			"set Omnichannel > Webhooks > Secret Token in Rocket.Chat and pass it, or pass webhook.AllowNoSecret()", ErrNoSecret))
	}
	return h
}

type handler struct {
	want    *[sha256.Size]byte // nil: no token check
	fn      func(context.Context, Event) (any, error)
	log     *slog.Logger
	maxBody int64
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(ctx, w, r, http.StatusMethodNotAllowed, errors.New("webhook: method not allowed"))
		return
	}
	ev, err := parse(r, h.want, h.maxBody)
	if err != nil {
		h.refuse(ctx, w, r, refusalStatus(err), err)
		return
	}
	attrs := []slog.Attr{slog.String("type", ev.EventType()), slog.String("room", ev.RoomID()), slog.String("key", ev.DeliveryKey())}
	if m := ev.Misfits(); len(m) > 0 {
		paths := make([]string, len(m))
		for i := range m {
			paths[i] = m[i].Path
		}
		h.log.LogAttrs(ctx, slog.LevelWarn, "webhook: members that do not fit their Go fields", append(attrs, slog.Any("paths", paths))...)
	}
	crm, err := h.call(ctx, ev)
	if err != nil {
		if perr, ok := errors.AsType[*panicError](err); ok {
			attrs = append(attrs, slog.String("panic", fmt.Sprint(perr.value)), slog.String("stack", string(perr.stack)))
		} else {
			attrs = append(attrs, slog.Any("error", err))
		}
		h.log.LogAttrs(ctx, slog.LevelError, "webhook: the function failed; answering 500 so that the server retries", attrs...)
		reply(w, http.StatusInternalServerError, errorBody("webhook: the receiver failed"))
		return
	}
	body, err := answer(crm, ev)
	if err != nil {
		h.log.LogAttrs(ctx, slog.LevelError, "webhook: cannot encode the crmData; answering 500", append(attrs, slog.Any("error", err))...)
		reply(w, http.StatusInternalServerError, errorBody("webhook: the receiver failed"))
		return
	}
	h.log.LogAttrs(ctx, slog.LevelDebug, "webhook: event delivered", attrs...)
	reply(w, http.StatusOK, body)
}

// panicError is a panic of the function, recovered.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("webhook: panic: %v", p.value) }

// call runs the function, turning a panic into a *panicError. A panic with
// http.ErrAbortHandler goes on, to abort the response as it is meant to.
func (h *handler) call(ctx context.Context, ev Event) (crm any, err error) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			crm, err = nil, &panicError{value: v, stack: debug.Stack()}
		}
	}()
	return h.fn(ctx, ev)
}

func (h *handler) refuse(ctx context.Context, w http.ResponseWriter, r *http.Request, status int, err error) {
	h.log.LogAttrs(ctx, slog.LevelWarn, "webhook: request refused",
		slog.Int("status", status), slog.String("error", err.Error()), slog.String("remote", r.RemoteAddr))
	reply(w, status, errorBody(err.Error()))
}

// refusalStatus is the status for an error of parse.
func refusalStatus(err error) int {
	switch {
	case errors.Is(err, ErrInvalidToken):
		return http.StatusUnauthorized
	case errors.Is(err, ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// answer is the body of a 200: crm encoded, or when it is nil (or encodes
// to null), the crmData the event carried, so that the server stores it
// again rather than replace it, or {}. An Unknown event's crmData is its
// payload's top-level crmData member.
func answer(crm any, ev Event) ([]byte, error) {
	if crm != nil {
		b, err := json.Marshal(crm)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(b, []byte("null")) {
			return b, nil
		}
	}
	var carried CRMData
	if s := SessionOf(ev); s != nil {
		carried = s.CRMData
	} else if u, ok := ev.(*Unknown); ok {
		carried = u.CRMData()
	}
	if text := carried.Text(); text != "" {
		return []byte(text), nil
	}
	return []byte("{}"), nil
}

func errorBody(msg string) []byte {
	b, _ := json.Marshal(struct {
		Error string `json:"error"`
	}{msg})
	return b
}

func reply(w http.ResponseWriter, status int, body []byte) {
	ct := "application/json"
	if !json.Valid(body) {
		ct = "text/plain; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
