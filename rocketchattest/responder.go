package rocketchattest

import (
	"net/http"

	"github.com/jarcoal/httpmock"
)

// Responder returns an httpmock responder that serves every request with
// the server's handler: the lifecycle's routes (inquiries, room actions,
// agents, departments, the widget's) with their state, checks and
// errors, for tests that mock the transport. Register it for all requests:
//
//	mt.RegisterNoResponder(srv.Responder())
func (s *Server) Responder() httpmock.Responder {
	mt := &memTransport{handler: s.handler}
	return func(req *http.Request) (*http.Response, error) { return mt.RoundTrip(req) }
}
