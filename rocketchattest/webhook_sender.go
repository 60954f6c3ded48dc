package rocketchattest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// Defaults of the server's webhook sender.
const (
	// DefaultWebhookTimeout is the time one attempt may take
	// (Livechat_http_timeout).
	DefaultWebhookTimeout = 5 * time.Second
	// WebhookAttempts is the number of attempts per event (8.x, and 7.10.4
	// on).
	WebhookAttempts = 5
	// webhookMaxAnswer is the largest answer the server reads (its fetch's
	// size option); a larger one fails the attempt.
	webhookMaxAnswer = 10 << 20
	// webhookUserAgent is node-fetch's default User-Agent, which the
	// server's requests carry.
	webhookUserAgent = "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"
)

// ErrWebhookNotDelivered is returned, wrapped, when no attempt of a
// delivery was answered 200.
var ErrWebhookNotDelivered = errors.New("rocketchattest: webhook not delivered")

// WebhookSender sends Omnichannel webhook events to a URL as a Rocket.Chat
// server does: a JSON POST with the X-RocketChat-Livechat-Token header
// (when the secret is not empty), up to [WebhookAttempts] attempts, each
// limited to the HTTP timeout, the next one 4 × that timeout later when the
// answer is 5xx or 429 or none came; only 200 counts as delivered, any
// other status drops the event. A 200 answer to a room event is stored as
// the room's crmData, which the room's later events carry (see
// [WebhookSender.CRMData]). It records every delivery and attempt.
//
// Its methods are safe for concurrent use. With the in-memory client of
// [Server.HTTPClient] or [HandlerClient] it works inside testing/synctest
// bubbles, where the 20 s between attempts cost no real time.
type WebhookSender struct {
	url, secret string
	cfg         webhookConfig

	mu         sync.Mutex
	deliveries []*WebhookDelivery
	crm        map[string]string // by room id
	visitors   map[string]WebhookVisitor
	agents     map[string]models.User

	queue    []*WebhookPayload // fired, first attempt not made yet
	draining bool              // drain runs
	fired    sync.WaitGroup
	ctx      context.Context // of the deliveries Fire starts
	cancel   context.CancelFunc
}

type webhookConfig struct {
	client   *http.Client
	timeout  time.Duration
	interval time.Duration // 0: 4 × timeout
	siteURL  string
	onCRM    func(roomID, text string) // a Server's, to store crmData on its room
	// concurrent makes Fire send each first attempt at once, in its own
	// goroutine, as the server does.
	concurrent bool
}

// WebhookOption configures a [WebhookSender].
type WebhookOption func(*webhookConfig)

// WithWebhookHTTPClient sends through c (default http.DefaultClient), such
// as the in-memory client of [HandlerClient].
func WithWebhookHTTPClient(c *http.Client) WebhookOption {
	return func(cfg *webhookConfig) {
		if c != nil {
			cfg.client = c
		}
	}
}

// WithWebhookTimeout sets the server's Livechat_http_timeout (default
// [DefaultWebhookTimeout]): each attempt's time limit, and a quarter of the
// wait between attempts.
func WithWebhookTimeout(d time.Duration) WebhookOption {
	return func(cfg *webhookConfig) {
		if d > 0 {
			cfg.timeout = d
		}
	}
}

// WithWebhookRetryInterval sets the wait between attempts, which is
// otherwise 4 × the timeout as on the server: a shorter one keeps a test or
// a demonstration outside a synctest bubble quick.
func WithWebhookRetryInterval(d time.Duration) WebhookOption {
	return func(cfg *webhookConfig) {
		if d > 0 {
			cfg.interval = d
		}
	}
}

// WithWebhookSiteURL sets the server's Site_Url, which starts the download
// URL of file messages (default http://localhost:3000).
func WithWebhookSiteURL(u string) WebhookOption {
	return func(cfg *webhookConfig) { cfg.siteURL = u }
}

// WithWebhookConcurrentDelivery makes [WebhookSender.Fire] send each
// event's first attempt at once, in a goroutine of its own, as a real
// server does (it fires each request without waiting for the one before):
// events overlap, and a receiver may get them out of order. Use it to test
// that a receiver copes; by default first attempts go out one at a time,
// in order, which keeps tests deterministic.
func WithWebhookConcurrentDelivery() WebhookOption {
	return func(cfg *webhookConfig) { cfg.concurrent = true }
}

// NewWebhookSender returns a sender to url with secret as the
// Livechat_secret_token setting ("" sends no token header, as the server
// does). Call [WebhookSender.Close] when done if [WebhookSender.Fire] was
// used.
func NewWebhookSender(url, secret string, opts ...WebhookOption) *WebhookSender {
	cfg := webhookConfig{client: http.DefaultClient, timeout: DefaultWebhookTimeout}
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &WebhookSender{url: url, secret: secret, cfg: cfg, ctx: ctx, cancel: cancel,
		crm: make(map[string]string), visitors: make(map[string]WebhookVisitor), agents: make(map[string]models.User)}
}

// RetryInterval returns the wait between attempts.
func (s *WebhookSender) RetryInterval() time.Duration {
	if s.cfg.interval > 0 {
		return s.cfg.interval
	}
	return 4 * s.cfg.timeout
}

// WebhookDelivery is one event's delivery: what was sent and how each
// attempt went.
type WebhookDelivery struct {
	// Type and RoomID are the payload's.
	Type, RoomID string
	// Body is what every attempt sent.
	Body []byte
	// Attempts are the attempts made, in order.
	Attempts []WebhookAttempt
	// Delivered reports that an attempt was answered 200.
	Delivered bool
	// Answer is the body of the 200 answer.
	Answer []byte
}

// WebhookAttempt is one attempt of a delivery.
type WebhookAttempt struct {
	// At is when the attempt started.
	At time.Time
	// Status is the answer's status, 0 when none came.
	Status int
	// Err is why no answer came or it could not be read: a transport
	// error, the timeout, a body over 10 MiB.
	Err error
}

// Deliveries returns a copy of the deliveries so far, in the order they
// started.
func (s *WebhookSender) Deliveries() []WebhookDelivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]WebhookDelivery, len(s.deliveries))
	for i, d := range s.deliveries {
		out[i] = *d
		out[i].Attempts = slices.Clone(d.Attempts)
	}
	return out
}

// CRMData returns the crmData stored for the room: the body of the last 200
// answer to one of its events.
func (s *WebhookSender) CRMData(roomID string) (text string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	text, ok = s.crm[roomID]
	return text, ok
}

// Send delivers the payload and returns the delivery when it ends: at the
// first 200, at another status that is not 5xx or 429, after the last
// attempt, or when ctx ends. The error wraps [ErrWebhookNotDelivered], or
// is ctx's. A 200 answer to a payload with a RoomID is stored as the
// room's crmData.
func (s *WebhookSender) Send(ctx context.Context, p *WebhookPayload) (*WebhookDelivery, error) {
	return s.deliver(ctx, p, s.RetryInterval(), WebhookAttempts, nil)
}

// Fire sends the payload in the background, as the server does: the caller
// does not wait. By default first attempts go out in the order of the
// calls, one at a time, so that a test sees the events in the order they
// were fired; a real server does not wait for one request before sending
// the next, so its events overlap and can arrive out of order, as they do
// with [WithWebhookConcurrentDelivery]. Retries follow on their own
// schedule. [WebhookSender.Wait] waits for such deliveries to end;
// [WebhookSender.Close] cancels them.
func (s *WebhookSender) Fire(p *WebhookPayload) {
	if s.cfg.concurrent {
		s.fired.Go(func() { s.deliverFired(p) })
		return
	}
	s.mu.Lock()
	s.queue = append(s.queue, p)
	start := !s.draining
	s.draining = true
	s.mu.Unlock()
	if start {
		s.fired.Go(s.drain)
	}
}

// drain makes the first attempt of each fired payload in order, and hands
// those to retry to goroutines of their own.
func (s *WebhookSender) drain() {
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.draining = false
			s.mu.Unlock()
			return
		}
		p := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		d := s.newDelivery(p)
		if again, _ := s.attempt(s.ctx, d, p, nil); again {
			s.fired.Go(func() { _, _ = s.retry(s.ctx, d, p, s.RetryInterval(), WebhookAttempts, nil, 2) })
		}
	}
}

// deliverFired makes every attempt of a fired payload, the first at once.
func (s *WebhookSender) deliverFired(p *WebhookPayload) {
	d := s.newDelivery(p)
	if again, _ := s.attempt(s.ctx, d, p, nil); again {
		_, _ = s.retry(s.ctx, d, p, s.RetryInterval(), WebhookAttempts, nil, 2)
	}
}

// Wait waits for the deliveries started by Fire to end, their retries
// included.
func (s *WebhookSender) Wait() { s.fired.Wait() }

// Close cancels the deliveries started by Fire, with their pending retries,
// and waits for them to return.
func (s *WebhookSender) Close() {
	s.cancel()
	s.fired.Wait()
}

// deliver makes up to attempts attempts, interval apart; header adds or
// replaces request headers.
func (s *WebhookSender) deliver(ctx context.Context, p *WebhookPayload, interval time.Duration, attempts int, header http.Header) (*WebhookDelivery, error) {
	d := s.newDelivery(p)
	if again, err := s.attempt(ctx, d, p, header); !again || attempts == 1 {
		return s.snapshot(d), s.failed(d, p, err, 1)
	}
	return s.retry(ctx, d, p, interval, attempts, header, 2)
}

// newDelivery records a delivery of p.
func (s *WebhookSender) newDelivery(p *WebhookPayload) *WebhookDelivery {
	d := &WebhookDelivery{Type: p.Type, RoomID: p.RoomID, Body: bytes.Clone(p.Body)}
	s.mu.Lock()
	s.deliveries = append(s.deliveries, d)
	s.mu.Unlock()
	return d
}

// retry waits interval and makes attempt n, and so on up to attempts.
func (s *WebhookSender) retry(ctx context.Context, d *WebhookDelivery, p *WebhookPayload, interval time.Duration, attempts int, header http.Header, n int) (*WebhookDelivery, error) {
	for ; ; n++ {
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return s.snapshot(d), ctx.Err()
		case <-t.C:
		}
		again, err := s.attempt(ctx, d, p, header)
		if !again || n == attempts {
			return s.snapshot(d), s.failed(d, p, err, n)
		}
	}
}

// attempt makes one attempt of d, records it, stores a 200 answer as the
// room's crmData, and reports whether the server would try again (5xx, 429
// or no answer).
func (s *WebhookSender) attempt(ctx context.Context, d *WebhookDelivery, p *WebhookPayload, header http.Header) (again bool, err error) {
	start := time.Now()
	status, answer, err := s.post(ctx, d.Body, header)
	s.mu.Lock()
	d.Attempts = append(d.Attempts, WebhookAttempt{At: start, Status: status, Err: err})
	if err == nil && status == http.StatusOK {
		d.Delivered, d.Answer = true, answer
		if p.RoomID != "" {
			s.crm[p.RoomID] = string(answer)
		}
	}
	s.mu.Unlock()
	switch {
	case d.Delivered:
		if p.RoomID != "" && s.cfg.onCRM != nil {
			s.cfg.onCRM(p.RoomID, string(answer))
		}
		return false, nil
	case err == nil && status < 500 && status != http.StatusTooManyRequests:
		return false, fmt.Errorf("%w: %s answered %d, which is not retried", ErrWebhookNotDelivered, p.Type, status)
	}
	return true, err
}

// failed is the error of a delivery that ended after n attempts, or nil.
func (s *WebhookSender) failed(d *WebhookDelivery, p *WebhookPayload, err error, n int) error {
	s.mu.Lock()
	delivered := d.Delivered
	s.mu.Unlock()
	switch {
	case delivered:
		return nil
	case errors.Is(err, ErrWebhookNotDelivered):
		return err
	}
	return fmt.Errorf("%w: %s failed %d attempts", ErrWebhookNotDelivered, p.Type, n)
}

func (s *WebhookSender) snapshot(d *WebhookDelivery) *WebhookDelivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := *d
	out.Attempts = slices.Clone(d.Attempts)
	return &out
}

// post makes one attempt, within the timeout, and reads the answer.
func (s *WebhookSender) post(ctx context.Context, body []byte, header http.Header) (status int, answer []byte, err error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "*/*")
	req.Header.Set("User-Agent", webhookUserAgent)
	if s.secret != "" {
		req.Header.Set("X-RocketChat-Livechat-Token", s.secret)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := s.cfg.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	answer, err = io.ReadAll(io.LimitReader(resp.Body, webhookMaxAnswer+1))
	if err == nil && len(answer) > webhookMaxAnswer {
		err = fmt.Errorf("rocketchattest: webhook answer over %d bytes", webhookMaxAnswer)
	}
	return resp.StatusCode, answer, err
}
