package rocketchat

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/hashicorp/go-retryablehttp"
)

// Client talks to one Rocket.Chat server with one set of credentials.
//
// A Client is immutable and safe for concurrent use by multiple goroutines.
// Create one with [NewClient]; derive one with other credentials with
// [Client.With] or [Client.Login].
type Client struct {
	baseURL *url.URL // scheme, host and any path prefix, without a trailing slash
	cfg     config
	http    *http.Client // the caller's client, with redirects made safe
	retry   *retryablehttp.Client
	pacer   *pacer        // shared with derived clients: the limit is the server's
	version *versionCache // shared with derived clients: the same server
}

// NewClient returns a client for the server at baseURL (for example
// "https://chat.example.com" or, behind a path prefix, "https://host/chat").
//
// Without [WithToken] the client is anonymous: it can [Client.Login].
// Credentials are refused over plain http to a host other than loopback unless
// [WithInsecureHTTP] is given.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	u, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	cfg := defaultConfig()
	if err := applyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	return build(u, cfg, newPacer(), new(versionCache))
}

// With returns a new client with the options applied on top of c's; c is not
// changed. The two clients share rate-limit state, since the server's limit
// applies to both, and what they learned of the server's version.
func (c *Client) With(opts ...Option) (*Client, error) {
	cfg := c.cfg
	if err := applyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	return build(c.baseURL, cfg, c.pacer, c.version)
}

// BaseURL returns the server's base URL as given to [NewClient], without a
// trailing slash.
func (c *Client) BaseURL() string { return c.baseURL.String() }

// UserID returns the id of the user the client acts as, or "" for an
// anonymous client.
func (c *Client) UserID() string { return c.cfg.creds.userID }

// String describes the client without its credentials.
func (c Client) String() string {
	user := "anonymous"
	if c.cfg.creds.userID != "" {
		user = "user " + c.cfg.creds.userID
	}
	return fmt.Sprintf("rocketchat.Client(%s, %s)", c.baseURL, user)
}

// GoString describes the client without its credentials, for %#v.
func (c Client) GoString() string { return c.String() }

func applyOptions(cfg *config, opts []Option) error {
	var errs []error
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(cfg); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("rocketchat: invalid base URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("rocketchat: base URL %q must start with http:// or https://", raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("rocketchat: base URL %q has no host", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("rocketchat: base URL %q must not carry user info, a query or a fragment", u.Redacted())
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

func build(u *url.URL, cfg config, p *pacer, vc *versionCache) (*Client, error) {
	if cfg.creds.set() {
		if err := checkSecure(u, cfg, "credentials"); err != nil {
			return nil, err
		}
	}
	c := &Client{baseURL: u, cfg: cfg, pacer: p, version: vc}
	hc := cfg.httpClient
	if hc == nil {
		hc = &http.Client{Transport: defaultTransport()}
	}
	c.http = safeRedirects(hc)
	c.retry = newRetryClient(c.http, &c.cfg)
	return c, nil
}

// defaultTransport is the transport of clients built without WithHTTPClient.
// When http.DefaultTransport has been replaced (httpmock.Activate, a tracing
// wrapper), it is used as it is. Otherwise it is a shared clone of Go's
// default that keeps more idle connections per host (Go keeps 2), so a walk
// with Prefetch reuses its connections instead of dialling anew.
func defaultTransport() http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	return pooledTransport(t)
}

var (
	pooledOnce sync.Once
	pooled     *http.Transport
)

func pooledTransport(base *http.Transport) *http.Transport {
	pooledOnce.Do(func() {
		pooled = base.Clone()
		pooled.MaxIdleConnsPerHost = 32
	})
	return pooled
}

// checkSecure refuses to send what (credentials, a password) over plain
// http to a host other than loopback, unless the caller opted in.
func checkSecure(u *url.URL, cfg config, what string) error {
	if u.Scheme == "http" && !cfg.allowInsecure && !isLoopback(u.Hostname()) {
		return fmt.Errorf("%w: refusing to send %s over plain http to %s; use https or WithInsecureHTTP", ErrInvalidArgument, what, u.Host)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
