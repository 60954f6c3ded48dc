package rocketchat

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/rocketchat-go/rocketchat/models"
)

// Header names of Rocket.Chat's token authentication.
const (
	headerUserID    = "X-User-Id"
	headerAuthToken = "X-Auth-Token"
)

// Secret is a credential (an auth token, a password). It prints, logs and
// encodes as "[REDACTED]"; convert it with string(s) where the value itself is
// needed.
type Secret string

const redacted = "[REDACTED]"

// String returns "[REDACTED]".
func (Secret) String() string { return redacted }

// GoString returns "[REDACTED]", for %#v.
func (Secret) GoString() string { return redacted }

// Format writes "[REDACTED]" for every verb, so that no verb (%d, %t, ...)
// prints the value.
func (Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// LogValue returns "[REDACTED]", for log/slog.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText returns "[REDACTED]", so encoders do not leak the value.
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

type credentials struct {
	userID string
	token  Secret
}

func (c credentials) set() bool { return c.userID != "" }

// Session is what a login returns: a client authenticated as the user, who
// that is, and the token to reuse with [WithToken] (for example after a
// restart).
type Session struct {
	Client    *Client      // a new client that acts as the user
	UserID    string       // the user's id
	AuthToken Secret       // the login token; string(AuthToken) reveals it
	Me        *models.User // the user document the server returned
}

// LoginRequest holds what [Client.Login] sends.
type LoginRequest struct {
	// User is a username or an email address.
	User string
	// Password is the user's password. It is never logged or printed.
	Password Secret
	// Code is a two-factor code, when the server asked for one with a
	// [*TwoFactorError]. Leave empty on the first try.
	Code Secret
	// CodeMethod is the two-factor method the code is for ("totp" or
	// "email"); empty means the server's choice.
	CodeMethod string
}

type loginBody struct {
	User     string `json:"user"`
	Password string `json:"password"`
	Code     string `json:"code,omitempty"`
}

type loginData struct {
	Data struct {
		UserID    string       `json:"userId"`
		AuthToken string       `json:"authToken"`
		Me        *models.User `json:"me"`
	} `json:"data"`
}

// Login signs in with a username or email and a password. The returned
// session holds a new client authenticated as that user; c is not changed. When the account has
// two-factor authentication the error is a [*TwoFactorError] (errors.Is
// [ErrTwoFactorRequired]): ask the user for a code and call Login again with
// [LoginRequest.Code] set.
//
// POST /api/v1/login
func (c *Client) Login(ctx context.Context, req LoginRequest) (*Session, *Response, error) {
	if req.User == "" || req.Password == "" {
		return nil, nil, fmt.Errorf("%w: Login needs a user and a password", ErrInvalidArgument)
	}
	if err := checkSecure(c.baseURL, c.cfg, "a password"); err != nil {
		return nil, nil, err
	}
	call := Call{
		Method:    http.MethodPost,
		Route:     "login",
		Body:      loginBody{User: req.User, Password: string(req.Password), Code: string(req.Code)},
		Anonymous: true,
	}
	if req.Code != "" {
		call.Header = http.Header{"X-2fa-Code": {string(req.Code)}}
		if req.CodeMethod != "" {
			call.Header.Set("X-2fa-Method", req.CodeMethod)
		}
	}
	out, resp, err := Do[loginData](ctx, c, call)
	if err != nil {
		return nil, resp, err
	}
	d := out.Data
	if d.UserID == "" || d.AuthToken == "" {
		return nil, resp, fmt.Errorf("rocketchat: login answer has no user id or token: %w", ErrMalformedResponse)
	}
	authed, err := c.With(WithToken(d.UserID, d.AuthToken))
	if err != nil {
		return nil, resp, err
	}
	return &Session{Client: authed, UserID: d.UserID, AuthToken: Secret(d.AuthToken), Me: d.Me}, resp, nil
}

// Logout ends the session of the client's token on the server. Any 2xx answer
// is success. The client should not be used afterwards.
//
// POST /api/v1/logout
func (c *Client) Logout(ctx context.Context) (*Response, error) {
	_, resp, err := Do[struct{}](ctx, c, Call{Method: http.MethodPost, Route: "logout", allowEmpty: true})
	return resp, err
}

// Me returns the user the client acts as.
//
// GET /api/v1/me
func (c *Client) Me(ctx context.Context) (*models.User, *Response, error) {
	// The user document is the answer's top level; its "status" is the
	// user's presence, never "error".
	return DoDocument[models.User](ctx, c, Call{Method: http.MethodGet, Route: "me"})
}

// errUnsafeRedirect stops a redirect that would send a request body to
// another host, or from https to plain http.
var errUnsafeRedirect = errors.New("rocketchat: refusing to follow a redirect that would send the request body to another host or over plain http")

// errTooManyRedirects stops a redirect loop, as net/http's default policy
// does, with the same message.
var errTooManyRedirects = errors.New("stopped after 10 redirects")

// callHeadersKey keys, in a request's context, the names of the headers the
// call set itself (Call.Header).
type callHeadersKey struct{}

// withCallHeaders records the names of h in ctx, for safeRedirects.
func withCallHeaders(ctx context.Context, h http.Header) context.Context {
	if len(h) == 0 {
		return ctx
	}
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, http.CanonicalHeaderKey(k))
	}
	return context.WithValue(ctx, callHeadersKey{}, names)
}

// safeRedirects returns a copy of hc (or a default client) whose redirects
// never carry the credentials to another host or from https to http, nor
// any header the call set itself (which may hold a secret under any name),
// nor a Referer (the first URL, whose path or query may hold one), and never
// send a request body there (a 307 or 308 repeats it).
func safeRedirects(hc *http.Client) *http.Client {
	var cp http.Client
	if hc != nil {
		cp = *hc
	}
	next := cp.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if req.URL.Host != first.Host || (first.Scheme == "https" && req.URL.Scheme != "https") {
			if req.Body != nil && req.Body != http.NoBody {
				// A 307 or 308 sends the body again, and a login's holds
				// the password: it must not go elsewhere either.
				return errUnsafeRedirect
			}
			req.Header.Del(headerUserID)
			req.Header.Del(headerAuthToken)
			req.Header.Del("Referer")
			names, _ := req.Context().Value(callHeadersKey{}).([]string)
			for _, k := range names {
				req.Header.Del(k) // the 2FA code, a visitor token, ...
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errTooManyRedirects
		}
		return nil
	}
	return &cp
}
