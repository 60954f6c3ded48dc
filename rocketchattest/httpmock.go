package rocketchattest

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/rocketchat-go/rocketchat/models"
)

// ChatHistoryPattern matches chatHistory URLs in httpmock's regexp syntax
// (the "=~" prefix), for httpmock.RegisterResponder.
const ChatHistoryPattern = `=~/api/v1/livechat/visitors\.chatHistory/room/[^/?]+/visitor/[^/?]+(\?|$)`

// ChatHistoryResponder returns an httpmock responder that serves the rooms as
// a visitor's chat history with the real server's paging: query validation,
// count default 50 and clamp to 100, count=0 for everything, multi-key sort
// with the server's error bodies, total and count = page length. It serves
// the same rooms whatever the room and visitor in the path, and checks no
// credentials and no rate limit. The rooms are encoded once, when the
// responder is made; it panics if one cannot be encoded.
//
// Register it with:
//
//	httpmock.RegisterResponder(http.MethodGet, rocketchattest.ChatHistoryPattern,
//		rocketchattest.ChatHistoryResponder(rooms))
func ChatHistoryResponder(rooms []*models.Room) httpmock.Responder {
	stored := make([]*storedRoom, 0, len(rooms))
	for i, r := range rooms {
		st, err := encodeRoom(r)
		if err != nil {
			panic(err)
		}
		st.seq = uint64(i + 1)
		stored = append(stored, st)
	}
	cfg := pageConfig{defaultCount: DefaultCount, upperCount: DefaultUpperCountLimit, infiniteCount: true}
	return func(req *http.Request) (*http.Response, error) {
		resp := servePageFrom(stored, req, cfg)
		return httpResponse(req, resp), nil
	}
}

// ErrorResponder returns an httpmock responder that answers with the status
// and the body the real server, or the proxy in front of it, sends for it:
// 401, 403, 404, 500 and 503 with Rocket.Chat's JSON (the same bodies the
// fake server sends), 502 and 504 with a proxy's HTML page, 429 as
// [TooManyRequestsResponder] with a full window to wait.
func ErrorResponder(status int) httpmock.Responder {
	if status == http.StatusTooManyRequests {
		return TooManyRequestsResponder(DefaultRateLimitWindow)
	}
	return func(req *http.Request) (*http.Response, error) {
		return httpResponse(req, statusBody(status)), nil
	}
}

// TooManyRequestsResponder returns an httpmock responder that answers as the
// rate limiter does past the limit: 429, the server's body, and
// X-RateLimit-Limit, X-RateLimit-Remaining 0 and X-RateLimit-Reset wait from
// the time of the call.
func TooManyRequestsResponder(wait time.Duration) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		v := verdict{limited: true, limit: DefaultRateLimit, reset: time.Now().Add(wait), wait: wait}
		return httpResponse(req, v.apply(tooManyRequests(v))), nil
	}
}

// servePageFrom is the chatHistory route without the gate: query parsing
// and validation, paging and sorting over a fixed set of rooms.
func servePageFrom(stored []*storedRoom, req *http.Request, cfg pageConfig) *response {
	q, err := parseQS(req.URL.RawQuery)
	if err != nil {
		return invalidQuery()
	}
	if msgs := chatHistoryQuery.validate(q); msgs != nil {
		return invalidParams(msgs)
	}
	pr, resp := pageQuery(q, cfg)
	if resp != nil {
		return resp
	}
	return historyPage(append([]*storedRoom(nil), stored...), pr)
}

func httpResponse(req *http.Request, resp *response) *http.Response {
	resp.header.Set("Content-Length", strconv.Itoa(len(resp.body)))
	return newHTTPResponse(req, resp.status, resp.header, io.NopCloser(bytes.NewReader(resp.body)), int64(len(resp.body)))
}
