package rocketchattest

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// serveWith dispatches one request to a route built for the test.
func serveWith(t *testing.T, s *Server, rt *route, query string, cred Credentials) *response {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/api/v1/test?"+query, nil)
	r.Header.Set("X-User-Id", cred.UserID)
	r.Header.Set("X-Auth-Token", cred.AuthToken)
	return s.dispatch(&call{r: r, route: rt, now: time.Now(), plan: &faultPlan{}})
}

func TestTypedAndLegacyQueriesAnswerAsTheServer(t *testing.T) {
	s := NewServer(t, WithoutListener(), WithRateLimit(5, time.Hour))
	cred := s.AddUser(User{Username: "agent", Roles: []string{"livechat-agent"}})
	ok := func(*Server, *call) *response { return jsonResponse(http.StatusOK, struct{}{}) }
	typed := newRoute("GET /api/v1/typed", ok, authRequired(), withQuery(roomsSchema, typedQuery))
	legacy := newRoute("GET /api/v1/legacy", ok, authRequired(), withQuery(roomsSchema, legacyQuery))
	const query = "name=x&departmentId[a]=1"

	resp := serveWith(t, s, typed, query, cred)
	want := `{"success":false,"errorType":"error-invalid-params","error":"must be string\nmust be array\nmust match a schema in anyOf"}`
	if resp.status != http.StatusBadRequest || string(resp.body) != want {
		t.Errorf("typed: %d %s\nwant %s", resp.status, resp.body, want)
	}
	if resp.header.Get("X-RateLimit-Limit") != "" {
		t.Error("typed: the router's validation used a call of the rate limit")
	}

	resp = serveWith(t, s, legacy, query, cred)
	want = `{"success":false,"error":"must be string\n must be array\n must match a schema in anyOf [invalid-params]","errorType":"invalid-params"}`
	if resp.status != http.StatusBadRequest || string(resp.body) != want {
		t.Errorf("legacy: %d %s\nwant %s", resp.status, resp.body, want)
	}
	if resp.header.Get("X-RateLimit-Remaining") != "4" {
		t.Errorf("legacy: remaining %q, want 4: validateParams runs after the rate limit", resp.header.Get("X-RateLimit-Remaining"))
	}
}
