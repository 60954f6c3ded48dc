package rocketchattest

import (
	"net"
	"net/http"
	"slices"
)

// A request passes the server's checks in an order that depends on the
// version (see [WithVersion]). 8.x runs authentication and permissions as
// middlewares, then the router parses the query (and validates a typed
// route's schema), then the route applies the rate limit and its
// validateParams:
//
//	auth (401), permission (403), query string (400), typed schema (400),
//	rate limit (429), legacy schema (400), route
//
// 6.x and 7.x parse the query in the router, then check everything inside
// the route, permissions last, so a 403 has used a call of the rate limit
// and carries its headers:
//
//	query string (400), typed schema (400), auth (401), rate limit (429),
//	legacy schema (400), permission (403), route
type step func(s *Server, c *call) *response

var (
	steps8 = []step{(*Server).checkAuth, (*Server).checkPermission, (*Server).parseQuery,
		(*Server).checkTypedQuery, (*Server).checkRateLimit, (*Server).checkLegacyQuery}
	steps7 = []step{(*Server).parseQuery, (*Server).checkTypedQuery, (*Server).checkAuth,
		(*Server).checkRateLimit, (*Server).checkLegacyQuery, (*Server).checkPermission}
)

// dispatch runs the server's checks and the route's action.
func (s *Server) dispatch(c *call) *response {
	if c.route == nil {
		return notFound()
	}
	steps := steps7
	if s.version.permissionFirst() {
		steps = steps8
	}
	for _, st := range steps {
		if resp := st(s, c); resp != nil {
			return c.limit.apply(resp)
		}
	}
	return c.limit.apply(c.route.serve(s, c))
}

// checkAuth resolves the caller's credentials; a route that requires them
// answers 401 without.
func (s *Server) checkAuth(c *call) *response {
	c.user, c.token = s.authenticate(c.r)
	if c.user == nil && c.route.auth {
		return notLoggedIn()
	}
	return nil
}

func (s *Server) checkPermission(c *call) *response {
	if c.route.permission != "" && (c.user == nil || !s.hasPermission(c.user, c.route.permission)) {
		return forbidden()
	}
	for _, p := range c.route.also {
		if c.user == nil || !s.hasPermission(c.user, p) {
			return forbidden()
		}
	}
	if len(c.route.anyOf) > 0 && (c.user == nil || !slices.ContainsFunc(c.route.anyOf, func(p string) bool {
		return s.hasPermission(c.user, p)
	})) {
		return forbidden()
	}
	return nil
}

// parseQuery parses the query string, and a route's JSON body, as the
// router does before any route runs.
func (s *Server) parseQuery(c *call) *response {
	q, err := parseQS(c.r.URL.RawQuery)
	if err != nil {
		return invalidQuery()
	}
	c.query = q
	if c.route.jsonBody != nil {
		c.body = readJSONBody(c.r)
	}
	return nil
}

func (s *Server) checkTypedQuery(c *call) *response {
	if c.route.query != nil && c.route.queryStyle == typedQuery {
		if msgs := c.route.query.validate(c.query, s.version); msgs != nil {
			return typedInvalidParams(msgs)
		}
	}
	if c.route.jsonBody != nil && c.route.jsonBodyStyle == typedQuery {
		if msg := c.validateBody(); msg != "" {
			return typedInvalidParams([]string{msg})
		}
	}
	return nil
}

func (s *Server) checkLegacyQuery(c *call) *response {
	if c.route.query != nil && c.route.queryStyle == legacyQuery {
		if msgs := c.route.query.validate(c.query, s.version); msgs != nil {
			return invalidParams(msgs)
		}
	}
	if c.route.jsonBody != nil && c.route.jsonBodyStyle == legacyQuery {
		if msg := c.validateBody(); msg != "" {
			return invalidParams([]string{msg})
		}
	}
	return nil
}

// validateBody checks the call's body against its route's schema, keeping
// the coerced object for the route, and returns Ajv's message, or "".
func (c *call) validateBody() string {
	v, msg := validateBody(c.route.jsonBody, c.body)
	c.bodyMap, _ = v.(map[string]any)
	return msg
}

// checkRateLimit counts the call, unless the route is not limited or the
// caller holds api-bypass-rate-limit.
func (s *Server) checkRateLimit(c *call) *response {
	if c.route.unlimited || (c.user != nil && s.hasPermission(c.user, permBypassRateLimit)) {
		return nil
	}
	c.limit = s.limiter.take(c.route.name, clientAddr(c.r), c.now, c.route.limit)
	if c.limit.heldBack {
		s.logHeldBack(c.route.name, c.limit)
	}
	if !c.limit.allowed {
		return tooManyRequests(c.limit)
	}
	return nil
}

// clientAddr is the host part of the request's remote address.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
