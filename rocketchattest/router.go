package rocketchattest

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Route names identify the server's routes in [Server.Inject], [Server.Stats]
// and [Request.Route]. Each is the method and the path pattern, as the real
// server keys its rate limiter.
const (
	RouteLogin       = "POST /api/v1/login"
	RouteLogout      = "POST /api/v1/logout"
	RouteMe          = "GET /api/v1/me"
	RouteChatHistory = "GET /api/v1/livechat/visitors.chatHistory/room/:roomId/visitor/:visitorId"

	// AnyRoute makes [Server.Inject] apply a fault to every request,
	// including those to unknown paths.
	AnyRoute = "*"
)

// permViewLivechatRoom is the permission chatHistory requires.
const permViewLivechatRoom = "view-l-room"

type route struct {
	name       string
	method     string
	segments   []string // literal segments, or ":name" for a parameter
	auth       bool
	permission string
	serve      func(s *Server, c *call) *response
}

// call is one request on its way through the pipeline.
type call struct {
	r      *http.Request
	route  *route
	params map[string]string
	user   *userEntry
	token  string
	now    time.Time
	plan   *faultPlan
}

var routes = []*route{
	newRoute(RouteLogin, false, "", (*Server).login),
	newRoute(RouteLogout, true, "", (*Server).logout),
	newRoute(RouteMe, true, "", (*Server).me),
	newRoute(RouteChatHistory, true, permViewLivechatRoom, (*Server).chatHistory),
}

func newRoute(name string, auth bool, permission string, serve func(*Server, *call) *response) *route {
	method, pattern, _ := strings.Cut(name, " ")
	return &route{
		name:       name,
		method:     method,
		segments:   strings.Split(strings.TrimPrefix(pattern, "/"), "/"),
		auth:       auth,
		permission: permission,
		serve:      serve,
	}
}

// match finds the route of a request. Paths are matched on their escaped
// form, split into segments and each segment unescaped, so an id holding an
// escaped slash (%2F) stays one segment.
func match(r *http.Request) (*route, map[string]string) {
	segs := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/")
	for _, rt := range routes {
		if rt.method != r.Method || len(rt.segments) != len(segs) {
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
		name, isParam := strings.CutPrefix(pat, ":")
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
	rt, params := match(r)
	name := ""
	if rt != nil {
		name = rt.name
	}
	idx := s.record(r, name, now)
	plan := s.takeFaults(name)
	if !plan.wait(r.Context()) {
		return // the client gave up during the injected latency
	}
	resp := plan.override
	if resp == nil {
		s.applyStoreFaults(plan, params)
		c := &call{r: r, route: rt, params: params, now: time.Now(), plan: plan}
		resp = s.dispatch(c)
	}
	s.finish(idx, name, resp.status)
	plan.deliver(w, resp)
}

// dispatch runs the server's own steps: authentication, permission, rate
// limit and the route's action.
func (s *Server) dispatch(c *call) *response {
	rt := c.route
	if rt == nil {
		return notFound()
	}
	if rt.auth {
		c.user, c.token = s.authenticate(c.r)
		if c.user == nil {
			return notLoggedIn()
		}
		if rt.permission != "" && !c.user.can(rt.permission) {
			return forbidden()
		}
	}
	verdict := s.limiter.take(rt.name, clientAddr(c.r), c.user, c.now)
	if !verdict.allowed {
		return verdict.apply(tooManyRequests(verdict))
	}
	return verdict.apply(rt.serve(s, c))
}

// clientAddr is the host part of the request's remote address.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
