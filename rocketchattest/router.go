package rocketchattest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Route names identify the server's routes in [Server.Inject], [Server.Stats]
// and [Request.Route]: the method and the path pattern, with parameters in
// braces as in rocketchat.Call's Route ("{roomId}"). Each route group's file
// declares its names and routes; the router assembles them.
const (
	// AnyRoute makes [Server.Inject] apply a fault to every request,
	// including those to unknown paths.
	AnyRoute = "*"
)

// routes are all the routes the server serves, one group per file.
var routes = slices.Concat(authRoutes, meRoutes, chatHistoryRoutes, roomsRoutes, roomMessagesRoutes, infoRoutes, visitorRoutes, contactRoutes,
	inquiryRoutes, roomActionRoutes, agentRoutes, departmentRoutes, chatRoutes,
	widgetRoutes, widgetExtraRoutes, uploadRoutes, webhookTestRoutes)

// queryStyle is how a route's query schema is checked and its errors
// rendered.
type queryStyle int

const (
	// legacyQuery is API.v1.addRoute's validateParams: checked inside the
	// route after the rate limit; a Meteor.Error('invalid-params').
	legacyQuery queryStyle = iota
	// typedQuery is the typed API.v1.get's query option: checked by the
	// router before the route (no rate limit call used);
	// errorType error-invalid-params.
	typedQuery
)

type route struct {
	name       string
	method     string
	segments   []string // literal segments, or "{name}" for a parameter
	auth       bool
	permission string
	also       []string // further permissions all required
	anyOf      []string // permissionsRequired with operation hasAny
	query      *querySchema
	queryStyle queryStyle
	unlimited  bool          // not under the API's rate limiter (the default API, /api/info)
	since      serverVersion // the first release with the route; zero for all
	// jsonBody is the JSON body's schema as rest-typings' ajv compiles it
	// (nested objects, coerceTypes true), checked as jsonBodyStyle says.
	jsonBody      *bodySchema
	jsonBodyStyle queryStyle
	// limit is the route's own rateLimiterOptions, when it has them.
	limit *routeLimit
	serve func(s *Server, c *call) *response
}

// routeLimit is a route's own rate limit: n calls per window.
type routeLimit struct {
	n      int
	window time.Duration
}

// routeOption configures a route.
type routeOption func(*route)

// authRequired makes the route need X-User-Id and X-Auth-Token.
func authRequired() routeOption { return func(r *route) { r.auth = true } }

// needsPermission makes the route need a permission (permissionsRequired).
func needsPermission(p string) routeOption {
	return func(r *route) { r.auth, r.permission = true, p }
}

// withQuery validates the route's query against a schema.
func withQuery(schema *querySchema, style queryStyle) routeOption {
	return func(r *route) { r.query, r.queryStyle = schema, style }
}

// requiresAlso makes the route need a further permission, beside its
// needsPermission one (permissionsRequired listing several).
func requiresAlso(p string) routeOption {
	return func(r *route) { r.auth, r.also = true, append(r.also, p) }
}

// needsAnyPermission makes the route need one of the permissions
// (permissionsRequired with operation hasAny).
func needsAnyPermission(perms ...string) routeOption {
	return func(r *route) { r.auth, r.anyOf = true, perms }
}

// withJSONBody validates the route's JSON body against a schema with nested
// objects, as validateParams (legacy) or a typed route's body option does.
func withJSONBody(schema *bodySchema, style queryStyle) routeOption {
	return func(r *route) { r.jsonBody, r.jsonBodyStyle = schema, style }
}

// rateLimit gives the route its own rateLimiterOptions.
func rateLimit(n int, window time.Duration) routeOption {
	return func(r *route) { r.limit = &routeLimit{n: n, window: window} }
}

// addedIn makes the route exist from a release on: an older server answers
// 404, as for any unknown path.
func addedIn(version string) routeOption {
	v, err := parseVersion(version)
	if err != nil {
		panic(err)
	}
	return func(r *route) { r.since = v }
}

// notRateLimited keeps the route out of the rate limiter.
func notRateLimited() routeOption { return func(r *route) { r.unlimited = true } }

func newRoute(name string, serve func(*Server, *call) *response, opts ...routeOption) *route {
	method, pattern, _ := strings.Cut(name, " ")
	r := &route{
		name:     name,
		method:   method,
		segments: strings.Split(strings.TrimPrefix(pattern, "/"), "/"),
		serve:    serve,
	}
	for _, opt := range opts {
		opt(r)
	}
	return r
}

// call is one request on its way through the pipeline.
type call struct {
	r      *http.Request
	route  *route
	params map[string]string
	query  *jsObject // the parsed query, coerced by the route's schema
	// body is the parsed JSON body of a route with a jsonBody schema, and
	// bodyMap the same once it passed the schema, coerced by it.
	body    any
	bodyMap map[string]any
	user    *userEntry
	token   string
	now     time.Time
	plan    *faultPlan
	limit   verdict
}

// match finds the route of a request among those the version has. Paths
// are matched on their escaped form, split into segments and each segment
// unescaped, so an id holding an escaped slash (%2F) stays one segment.
func match(r *http.Request, v serverVersion) (*route, map[string]string) {
	segs := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/")
	for _, rt := range routes {
		if rt.method != r.Method || len(rt.segments) != len(segs) || v.before(rt.since) {
			continue
		}
		if params, ok := rt.bind(segs); ok {
			return rt, params
		}
	}
	return nil, nil
}

func (rt *route) bind(segs []string) (map[string]string, bool) {
	var params map[string]string
	for i, pat := range rt.segments {
		seg, err := url.PathUnescape(segs[i])
		if err != nil {
			return nil, false
		}
		name, isParam := strings.CutPrefix(pat, "{")
		name = strings.TrimSuffix(name, "}")
		switch {
		case isParam && seg != "":
			if params == nil {
				params = make(map[string]string)
			}
			params[name] = seg
		case isParam || seg != pat:
			return nil, false
		}
	}
	return params, true
}

// serveHTTP is the server's handler: record, faults, then the route.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	rt, params := match(r, s.version)
	name := ""
	if rt != nil {
		name = rt.name
	}
	idx := s.record(r, name, params, now)
	plan := s.takeFaults(name)
	if !plan.wait(r.Context()) {
		return // the client gave up during the injected latency
	}
	resp := plan.override
	if resp == nil {
		s.applyStoreFaults(plan, name, params)
		c := &call{r: r, route: rt, params: params, now: time.Now(), plan: plan}
		resp = s.dispatch(c)
	}
	status := resp.status
	if plan.drop {
		status = 0 // the client got no answer
	}
	s.finish(idx, name, status)
	plan.deliver(w, resp)
}
