package rocketchat

import "net/http"

// Response is the server's answer to a call: the HTTP response (its body
// already read and closed) and the route's rate-limit state.
type Response struct {
	*http.Response

	// Rate is the rate-limit state the answer reported; zero if none.
	Rate Rate
}

func newResponse(r *http.Response) *Response {
	if r == nil {
		return nil
	}
	rate, _ := parseRate(r.Header)
	return &Response{Response: r, Rate: rate}
}
