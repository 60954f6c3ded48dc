package rocketchat

import (
	"context"
	"errors"
	"sync"
)

// ErrUnsupportedVersion matches a [*VersionError]: the server is older than
// the release that added the route.
var ErrUnsupportedVersion = errors.New("rocketchat: the server's version does not have this route")

// VersionError is returned by a call to a route the server's release does
// not have yet (the route's [Call.MinVersion]), instead of the bare 404 the
// server answers. It matches [ErrUnsupportedVersion] and, through Err,
// [ErrNotFound].
type VersionError struct {
	Method   string        // the request's method
	Path     string        // the request's path, without the query
	Required ServerVersion // the first release with the route
	Found    ServerVersion // the server's release, as GET /api/info told it
	Err      *APIError     // the server's 404; nil when the call was not sent
}

// Error says which release the call needs and which one the server runs.
func (e *VersionError) Error() string {
	return "rocketchat: " + callName(e.Method, e.Path) + e.detail()
}

func (e *VersionError) detail() string {
	return "needs Rocket.Chat " + e.Required.String() + " or later; the server runs " + e.Found.String()
}

// Is matches ErrUnsupportedVersion.
func (e *VersionError) Is(target error) bool { return target == ErrUnsupportedVersion }

// Unwrap returns the server's 404, if there was one.
func (e *VersionError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// The client learns the server's version lazily. Calls never ask for it up
// front: a route added in a later release declares it (Call.MinVersion), and
// only when such a route answers 404 does the client look at the version,
// asking GET /api/info the first time and keeping the answer for the
// client's life (shared with the clients derived by With, which talk to the
// same server). A working server therefore costs no extra request, and an old
// one a single GET /api/info; a real 404 on a new enough server (a contact
// that does not exist) stays a 404.

// versionCache keeps the server's version once learned, and the GET
// /api/info in flight, if any, so that concurrent misses send one.
type versionCache struct {
	mu       sync.Mutex
	v        ServerVersion
	inflight *versionAsk
}

// versionAsk is a GET /api/info in flight: done is closed once v or err is
// set.
type versionAsk struct {
	done chan struct{}
	v    ServerVersion
	err  error
}

func (vc *versionCache) set(v ServerVersion) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	vc.v = v
}

// ServerVersion returns the server's version: the one the client already
// learned, or else the one GET /api/info tells (see [Client.ServerInfo]),
// kept for later calls. Calls that need it at the same time send a single
// GET /api/info. Without the view-statistics permission the version has no
// patch number.
func (c *Client) ServerVersion(ctx context.Context) (ServerVersion, error) {
	vc := c.version
	for {
		vc.mu.Lock()
		if !vc.v.IsZero() {
			vc.mu.Unlock()
			return vc.v, nil
		}
		ask, asking := vc.inflight, vc.inflight == nil
		if asking {
			ask = &versionAsk{done: make(chan struct{})}
			vc.inflight = ask
		}
		vc.mu.Unlock()
		if asking {
			c.askVersion(ctx, ask)
		}
		select {
		case <-ask.done:
		case <-ctx.Done():
			return ServerVersion{}, ctx.Err()
		}
		var ce *CanceledError
		if errors.As(ask.err, &ce) && !asking && ctx.Err() == nil {
			continue // the asker's context ended, not ours: ask again
		}
		return ask.v, ask.err
	}
}

// askVersion sends the GET /api/info of ask and hands its answer to the
// calls waiting for it.
func (c *Client) askVersion(ctx context.Context, ask *versionAsk) {
	info, _, err := c.ServerInfo(ctx)
	if err == nil {
		ask.v = info.Version
	}
	ask.err = err
	c.version.mu.Lock()
	c.version.inflight = nil
	c.version.mu.Unlock()
	close(ask.done)
}

// checkVersion turns err, the failure of call, into a *VersionError when it
// is a 404 from a server older than call.MinVersion. Any other failure, or a
// version that cannot be learned, leaves err as it is.
func (c *Client) checkVersion(ctx context.Context, call *Call, err error) error {
	var apiErr *APIError
	if call.MinVersion == "" || !errors.As(err, &apiErr) || !errors.Is(apiErr, ErrNotFound) {
		return err
	}
	need, perr := ParseServerVersion(call.MinVersion)
	if perr != nil {
		return err
	}
	found, verr := c.ServerVersion(ctx)
	if verr != nil || found.Compare(need) >= 0 {
		return err
	}
	return &VersionError{Method: apiErr.Method, Path: apiErr.Path, Required: need, Found: found, Err: apiErr}
}
