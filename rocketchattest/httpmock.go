package rocketchattest

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"regexp"
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
	cfg := defaultPageConfig()
	return func(req *http.Request) (*http.Response, error) {
		resp := servePageFrom(stored, req, cfg)
		return httpResponse(req, resp), nil
	}
}

// RoomsPattern matches livechat/rooms URLs in httpmock's regexp syntax, for
// httpmock.RegisterResponder.
const RoomsPattern = `=~/api/v1/livechat/rooms(\?|$)`

// RoomsResponder returns an httpmock responder that serves the rooms as the
// livechat/rooms route does: query validation, the date-range and
// custom-field checks with the server's error bodies, every filter, paging
// (count default 50, clamp to 100, count=0 for everything) and sort
// (newest first by default). A room's Department, when set, is the
// department the answer adds to each room of that id. It checks no
// credentials, permission or rate limit, and serves only the livechat
// rooms (Type "l"). The rooms are encoded once, when the responder is
// made; it panics if one cannot be encoded.
//
// Register it with:
//
//	httpmock.RegisterResponder(http.MethodGet, rocketchattest.RoomsPattern,
//		rocketchattest.RoomsResponder(rooms))
func RoomsResponder(rooms []*models.Room) httpmock.Responder {
	stored := make([]*storedRoom, 0, len(rooms))
	departments := map[string]string{}
	for i, r := range rooms {
		st, err := encodeRoom(r)
		if err != nil {
			panic(err)
		}
		st.seq = uint64(i + 1)
		if r.Type == models.RoomTypeLivechat {
			stored = append(stored, st)
		}
		if d := r.Department; d.ID != "" {
			departments[d.ID] = d.Name
		}
	}
	cfg := defaultPageConfig()
	return func(req *http.Request) (*http.Response, error) {
		q, resp := validatedQuery(req, roomsQuery)
		if resp == nil {
			var pr pageRequest
			var f *roomFilter
			if pr, f, resp = parseRoomsQuery(q, cfg, func([]string) bool { return true }); resp == nil {
				resp = roomsPage(f.filter(stored), func(id string) (string, bool) {
					name, ok := departments[id]
					return name, ok
				}, pr)
			}
		}
		return httpResponse(req, resp), nil
	}
}

// RoomMessagesPattern matches livechat/{rid}/messages URLs in httpmock's
// regexp syntax, for httpmock.RegisterResponder.
const RoomMessagesPattern = `=~/api/v1/livechat/[^/?]+/messages(\?|$)`

// roomInPath finds the room id of a livechat/{rid}/messages path.
var roomInPath = regexp.MustCompile(`/api/v1/livechat/([^/?]+)/messages$`)

// RoomMessagesResponder returns an httpmock responder that serves the
// messages as the livechat/{rid}/messages route does, for the room in the
// path (the messages whose RoomID it is, in the order given): query
// validation, only the messages without a type and the closing message,
// searchTerm, paging with count echoing the page size asked for, and sort
// (newest first by default). A room none of the messages belongs to is
// answered invalid-room. It checks no credentials, permission, room access
// or rate limit. The messages are encoded once, when the responder is
// made; it panics if one cannot be encoded.
//
// Register it with:
//
//	httpmock.RegisterResponder(http.MethodGet, rocketchattest.RoomMessagesPattern,
//		rocketchattest.RoomMessagesResponder(messages))
func RoomMessagesResponder(messages []*models.Message) httpmock.Responder {
	byRoom := map[string][]*storedMessage{}
	for _, m := range messages {
		st, err := encodeMessage(m)
		if err != nil {
			panic(err)
		}
		byRoom[st.rid] = append(byRoom[st.rid], st)
	}
	cfg := defaultPageConfig()
	return func(req *http.Request) (*http.Response, error) {
		q, resp := validatedQuery(req, roomMessagesQuery)
		if resp == nil {
			resp = serveRoomMessages(byRoom, req, q, cfg)
		}
		return httpResponse(req, resp), nil
	}
}

func serveRoomMessages(byRoom map[string][]*storedMessage, req *http.Request, q *jsObject, cfg pageConfig) *response {
	pr, resp := pageQuery(q, cfg)
	if resp != nil {
		return resp
	}
	var rid string
	if m := roomInPath.FindStringSubmatch(req.URL.EscapedPath()); m != nil {
		rid, _ = url.PathUnescape(m[1])
	}
	msgs, ok := byRoom[rid]
	if !ok {
		return failure("invalid-room", "", nil)
	}
	search := searchPattern(q)
	var visibleMsgs []*storedMessage
	for _, m := range msgs {
		if visibleMessage(m.doc, search) {
			visibleMsgs = append(visibleMsgs, m)
		}
	}
	return messagesPage(visibleMsgs, pr)
}

// validatedQuery parses a request's query as the server does and
// validates it against a route's schema (validateParams).
func validatedQuery(req *http.Request, schema *querySchema) (*jsObject, *response) {
	q, err := parseQS(req.URL.RawQuery)
	if err != nil {
		return nil, invalidQuery()
	}
	if msgs := schema.validate(q, defaultVersion); msgs != nil {
		return nil, invalidParams(msgs)
	}
	return q, nil
}

func defaultPageConfig() pageConfig {
	return pageConfig{defaultCount: DefaultCount, upperCount: DefaultUpperCountLimit, infiniteCount: true}
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
	q, resp := validatedQuery(req, chatHistoryQuery)
	if resp != nil {
		return resp
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
