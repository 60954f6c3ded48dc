package rocketchattest

import (
	"net/http"
	"strconv"

	"github.com/go-json-experiment/json"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// response is an answer before it is written, so faults can alter it.
type response struct {
	status int
	header http.Header
	body   []byte
}

// errorBody is the server's failure envelope. The field order serves every
// shape the server sends: API.failure (success, error, errorType, details),
// the 401 of the authentication middleware (success, error, status, message)
// and the login failure (success, error, status, details, message).
type errorBody struct {
	Success   bool   `json:"success"`
	Error     string `json:"error,omitempty"`
	Status    string `json:"status,omitempty"`
	ErrorType string `json:"errorType,omitempty"`
	Details   any    `json:"details,omitempty"`
	Message   string `json:"message,omitempty"`
}

// Bodies and messages of the real server.
const (
	msgNotLoggedIn   = "You must be logged in to do this."
	msgForbidden     = "User does not have the permissions required for this action [error-unauthorized]"
	msgNotFound      = "Resource not found"
	msgInternalError = "Internal server error"
	msgUnavailable   = "Service Unavailable"
)

// jsonResponse encodes v as the server does: application/json, no caching.
func jsonResponse(status int, v any) *response {
	b, err := json.Marshal(v, jsonx.EncodeOptions, json.Deterministic(true))
	if err != nil {
		b = []byte(`{"success":false,"error":"Internal server error"}`)
		status = http.StatusInternalServerError
	}
	return rawJSONResponse(status, b)
}

func rawJSONResponse(status int, body []byte) *response {
	h := make(http.Header)
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	return &response{status: status, header: h, body: body}
}

// failure is API.v1.failure: a 400 with the error text, and the code and
// details when the error was a Meteor.Error.
func failure(text, errorType string, details any) *response {
	return jsonResponse(http.StatusBadRequest, errorBody{Error: text, ErrorType: errorType, Details: details})
}

// meteorFailure is API.v1.failure for a Meteor.Error: its message ends with
// the code in brackets.
func meteorFailure(code, reason string, details any) *response {
	if reason == "" {
		return failure("["+code+"]", code, details)
	}
	return failure(reason+" ["+code+"]", code, details)
}

func notLoggedIn() *response {
	return jsonResponse(http.StatusUnauthorized, errorBody{Error: msgNotLoggedIn, Status: "error", Message: msgNotLoggedIn})
}

// unauthorized is a handler's own API.v1.forbidden() (API.v1.unauthorized()
// before 8.0): 403 with "unauthorized", unlike the permission check's
// forbidden().
func unauthorized() *response {
	return jsonResponse(http.StatusForbidden, errorBody{Error: "unauthorized"})
}

func forbidden() *response {
	return jsonResponse(http.StatusForbidden, errorBody{Error: msgForbidden})
}

func notFound() *response {
	return jsonResponse(http.StatusNotFound, errorBody{Error: msgNotFound})
}

// statusBody returns the server's body for an error status: Rocket.Chat's
// JSON for 401 (not logged in), 403 (no permission), 404, 500 and 503, a
// proxy's HTML page for 502 and 504, and a JSON body with the status text
// otherwise.
func statusBody(status int) *response {
	switch status {
	case http.StatusUnauthorized:
		return notLoggedIn()
	case http.StatusForbidden:
		return forbidden()
	case http.StatusNotFound:
		return notFound()
	case http.StatusInternalServerError:
		return jsonResponse(status, errorBody{Error: msgInternalError})
	case http.StatusServiceUnavailable:
		return jsonResponse(status, errorBody{Error: msgUnavailable})
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return htmlResponse(status)
	}
	return jsonResponse(status, errorBody{Error: http.StatusText(status)})
}

// htmlResponse is the page a reverse proxy answers with when the server
// behind it does not.
func htmlResponse(status int) *response {
	title := strconv.Itoa(status) + " " + http.StatusText(status)
	body := "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n" +
		"<center><h1>" + title + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	h := make(http.Header)
	h.Set("Content-Type", "text/html")
	return &response{status: status, header: h, body: []byte(body)}
}
