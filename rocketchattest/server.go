package rocketchattest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// memoryURL is the base URL of a server started [WithoutListener]. It names a
// loopback host so clients that refuse credentials over plain http to remote
// hosts accept it; only [Server.HTTPClient] can reach it.
const memoryURL = "http://rocketchat.localhost"

// Defaults of the real server's settings.
const (
	// DefaultRateLimit is the number of calls a client may make to one route
	// per window (API_Enable_Rate_Limiter_Limit_Calls_Default).
	DefaultRateLimit = 10
	// DefaultRateLimitWindow is the limiter's window
	// (API_Enable_Rate_Limiter_Limit_Time_Default).
	DefaultRateLimitWindow = 60 * time.Second
	// DefaultCount is the page size when a request has no count (API_Default_Count).
	DefaultCount = 50
	// DefaultUpperCountLimit is the largest page size (API_Upper_Count_Limit).
	DefaultUpperCountLimit = 100
)

// Server is an in-process Rocket.Chat server. Its methods are safe for
// concurrent use, including while requests are being served.
type Server struct {
	cfg     config
	version serverVersion
	handler http.Handler
	ts      *httptest.Server
	tb      testing.TB // nil for Start: seeding mistakes panic

	mu           sync.Mutex
	rng          *rand.Rand
	users        map[string]*userEntry // by id
	tokens       map[string]tokenEntry // by token
	visitors     *docStore             // visitor records (ILivechatVisitor)
	contacts     *docStore             // omnichannel contacts (7.0+)
	customFields []CustomField         // livechat custom field definitions
	rooms        *roomStore
	messages     *messageStore
	limiter      *limiter
	faults       map[string][]*faultState // by route
	records      []Request
	stats        map[string]*RouteStats // by route
	permissions  map[string][]string    // permission to roles
	omni         *omniState             // settings, queue, departments' agents, events
	webhook      *WebhookSender         // of WithWebhook, or nil
	logins       loginLog
	closed       bool
	closeOnce    sync.Once
}

type config struct {
	rateLimit     int
	rateWindow    time.Duration
	defaultCount  int
	upperCount    int
	infiniteCount bool
	seed          uint64
	listen        bool
	version       string
	loginBlock    loginBlockConfig
	settings      map[string]any
	webhook       *webhookConfigured
}

// Option configures a [Server].
type Option func(*config)

// WithRateLimit sets the limiter to n calls per window per route per client.
// n <= 0 or window <= 0 turns the limiter off. Routes with a limit of their
// own (the widget's 5 calls a minute) keep their count, their window scaled
// as the default one is: WithRateLimit(10, 2*time.Second) gives them 5 calls
// per 2 s. Tests shorten the window to
// stay fast (WithRateLimit(10, 50*time.Millisecond) keeps the real limit's
// semantics at a fraction of the cost), or run inside a testing/synctest
// bubble with [WithoutListener] and [Server.HTTPClient], where waiting for a
// window costs no real time.
func WithRateLimit(n int, window time.Duration) Option {
	return func(c *config) { c.rateLimit, c.rateWindow = n, window }
}

// WithoutRateLimit turns the limiter off, as the API_Enable_Rate_Limiter
// setting does.
func WithoutRateLimit() Option { return WithRateLimit(0, 0) }

// WithPageLimits sets the default page size (API_Default_Count) and the
// largest one (API_Upper_Count_Limit). Values <= 0 fall back to 50 and 100,
// as on the real server.
func WithPageLimits(defaultCount, upperLimit int) Option {
	return func(c *config) { c.defaultCount, c.upperCount = defaultCount, upperLimit }
}

// WithInfiniteCount sets API_Allow_Infinite_Count: when true (the default),
// count=0 returns every item in one page; when false it means the default count.
func WithInfiniteCount(allowed bool) Option {
	return func(c *config) { c.infiniteCount = allowed }
}

// WithSeed seeds the generator of ids and tokens, so two servers built with
// the same seed and the same calls hand out the same ids. The default seed is 1.
func WithSeed(seed uint64) Option {
	return func(c *config) { c.seed = seed }
}

// WithoutListener starts no loopback listener: the server is reachable only
// through [Server.HTTPClient] and [Server.Handler], and [Server.URL] returns
// a placeholder loopback URL. Use it to build the server inside a
// testing/synctest bubble, where a listener's goroutine would never exit.
func WithoutListener() Option {
	return func(c *config) { c.listen = false }
}

// NewServer starts a server for the test and closes it when the test ends.
// The server reports through t: it logs when its rate limiter holds the
// test's client back for more than a second, and a seeding method given a
// bad argument (a room without an id, a type or a visitor; a user without a
// name) fails the test with t.Fatalf.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := start(t, opts)
	if err != nil {
		t.Fatalf("rocketchattest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a server for a program; the caller must call [Server.Close].
// It fails when an option is invalid or no loopback listener can be opened.
// A server made with Start logs nothing, and its seeding methods panic when
// given a bad argument.
func Start(opts ...Option) (*Server, error) { return start(nil, opts) }

func start(tb testing.TB, opts []Option) (*Server, error) {
	cfg := config{
		rateLimit:     DefaultRateLimit,
		rateWindow:    DefaultRateLimitWindow,
		defaultCount:  DefaultCount,
		upperCount:    DefaultUpperCountLimit,
		infiniteCount: true,
		seed:          1,
		listen:        true,
		version:       DefaultVersion,
		loginBlock:    defaultLoginBlock,
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if cfg.defaultCount <= 0 {
		cfg.defaultCount = DefaultCount
	}
	if cfg.upperCount <= 0 {
		cfg.upperCount = DefaultUpperCountLimit
	}
	version, err := parseVersion(cfg.version)
	if err != nil {
		return nil, err
	}
	settings, err := newSettings(cfg.settings)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:         cfg,
		version:     version,
		tb:          tb,
		rng:         rand.New(rand.NewPCG(cfg.seed, 0x726f636b6574)),
		users:       make(map[string]*userEntry),
		tokens:      make(map[string]tokenEntry),
		visitors:    newDocStore(),
		contacts:    newDocStore(),
		rooms:       newRoomStore(),
		messages:    newMessageStore(),
		faults:      make(map[string][]*faultState),
		stats:       make(map[string]*RouteStats),
		permissions: clonePermissions(),
		limiter:     newLimiter(cfg.rateLimit, cfg.rateWindow),
		omni:        newOmniState(settings),
	}
	s.startWebhook(cfg.webhook, cfg.settings)
	s.handler = http.HandlerFunc(s.serveHTTP)
	if cfg.listen {
		ts, err := listen(s.handler)
		if err != nil {
			return nil, err
		}
		s.ts = ts
	}
	return s, nil
}

// listen starts the loopback server, turning httptest's panic on a listener
// that cannot be opened into an error.
func listen(h http.Handler) (ts *httptest.Server, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rocketchattest: cannot listen on loopback: %v", r)
		}
	}()
	return httptest.NewServer(h), nil
}

// URL returns the base URL of the loopback server, such as
// "http://127.0.0.1:41234", without a trailing slash.
func (s *Server) URL() string {
	if s.ts == nil {
		return memoryURL
	}
	return s.ts.URL
}

// Handler returns the server's HTTP handler, to mount elsewhere or to call
// directly.
func (s *Server) Handler() http.Handler { return s.handler }

// HTTPClient returns a client whose transport calls the handler directly,
// without sockets, whatever the request's host. Connection resets injected
// with [ResetMidBody] surface as body read errors wrapping syscall.ECONNRESET.
func (s *Server) HTTPClient() *http.Client {
	return &http.Client{Transport: &memTransport{handler: s.handler}}
}

// Close shuts the loopback listener down, waiting for requests in flight.
// It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		if s.ts != nil {
			s.ts.CloseClientConnections()
			s.ts.Close()
		}
		if s.webhook != nil {
			s.webhook.Close()
		}
	})
}

// logf logs through the test of a server made with NewServer, until it is
// closed.
func (s *Server) logf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tb != nil && !s.closed {
		s.tb.Logf(format, args...)
	}
}

// fail reports a bad argument to a seeding method: through the test for a
// server made with NewServer, as a panic otherwise. It must be called without
// s.mu held.
func (s *Server) fail(format string, args ...any) {
	msg := fmt.Sprintf("rocketchattest: "+format, args...)
	if s.tb != nil {
		s.tb.Helper()
		s.tb.Fatal(msg)
		return
	}
	panic(msg)
}
