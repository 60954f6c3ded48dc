package rocketchattest

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/go-json-experiment/json"
)

// loginParams are the fields POST /api/v1/login reads, from a JSON or a
// form-encoded body.
type loginParams struct {
	user, username, email string
	password              string
	digest                string // password sent as {"digest": sha256 hex, "algorithm": "sha-256"}
	hasPassword           bool
	code                  string
	resume                string
}

type loginData struct {
	UserID    string `json:"userId"`
	AuthToken string `json:"authToken"`
	Me        meDoc  `json:"me"`
}

type loginOK struct {
	Status  string    `json:"status"`
	Data    loginData `json:"data"`
	Success bool      `json:"success"`
}

type twoFactorDetails struct {
	Method           string   `json:"method"`
	CodeGenerated    bool     `json:"codeGenerated,omitzero"`
	AvailableMethods []string `json:"availableMethods"`
}

// numericLoginError is the login route's 401 for a Meteor error whose code is
// an HTTP status number, such as an unrecognized request (400) or an unknown
// resume token (403).
type numericLoginError struct {
	Success bool   `json:"success"`
	Error   int    `json:"error"`
	Status  string `json:"status"`
	Message string `json:"message"`
}

func (s *Server) login(c *call) *response {
	p := parseLogin(c.r)
	if p.resume != "" && !p.hasPassword {
		return s.resumeLogin(p.resume)
	}
	login := firstNonEmpty(p.user, p.username, p.email)
	if !p.hasPassword || login == "" {
		return jsonResponse(http.StatusUnauthorized, numericLoginError{
			Error: 400, Status: "error", Message: "Unrecognized options for login request",
		})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userByLoginLocked(login)
	if u == nil || u.Password == "" || !p.passwordMatches(u.Password) {
		return loginFailed("Unauthorized", "Unauthorized", nil)
	}
	if u.TwoFactor != TwoFactorNone {
		if resp := checkSecondFactor(u, firstNonEmpty(p.code, c.r.Header.Get("X-2fa-Code"))); resp != nil {
			return resp
		}
	}
	tok := s.issueTokenLocked(u.ID, "", false)
	return jsonResponse(http.StatusOK, loginOK{
		Status:  "success",
		Data:    loginData{UserID: u.ID, AuthToken: tok, Me: s.meDoc(u, false)},
		Success: true,
	})
}

func (s *Server) resumeLogin(token string) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	entry, ok := s.tokens[token]
	u := s.users[entry.userID]
	if !ok || u == nil {
		return jsonResponse(http.StatusUnauthorized, numericLoginError{
			Error: 403, Status: "error", Message: "You've been logged out by the server. Please log in again.",
		})
	}
	return jsonResponse(http.StatusOK, loginOK{
		Status:  "success",
		Data:    loginData{UserID: u.ID, AuthToken: token, Me: s.meDoc(u, false)},
		Success: true,
	})
}

// checkSecondFactor returns the failure for a missing or wrong code, or nil.
// s.mu must be held.
func checkSecondFactor(u *userEntry, code string) *response {
	details := twoFactorDetails{Method: string(u.TwoFactor), AvailableMethods: []string{string(u.TwoFactor)}}
	if code == "" {
		details.CodeGenerated = u.TwoFactor == TwoFactorEmail
		return loginFailed("totp-required", "TOTP Required", details)
	}
	if code != u.TwoFactorCode {
		u.failedCodes++
		if u.TwoFactor == TwoFactorEmail && u.failedCodes >= maxEmailCodeAttempts {
			return loginFailed("totp-max-attempts", "TOTP Maximun Failed Attempts Reached", details)
		}
		return loginFailed("totp-invalid", "TOTP Invalid", details)
	}
	u.failedCodes = 0
	return nil
}

// loginFailed is the login route's 401: the Meteor error's code as error,
// its reason as message.
func loginFailed(code, reason string, details any) *response {
	return jsonResponse(http.StatusUnauthorized, errorBody{Error: code, Status: "error", Details: details, Message: reason})
}

func (p *loginParams) passwordMatches(password string) bool {
	if p.digest != "" {
		sum := sha256.Sum256([]byte(password))
		return strings.EqualFold(p.digest, hex.EncodeToString(sum[:]))
	}
	return p.password == password
}

// parseLogin reads the login body; an unreadable body yields empty params,
// which the server answers as an unrecognized login request.
func parseLogin(r *http.Request) loginParams {
	var p loginParams
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/x-www-form-urlencoded" {
		if err := r.ParseForm(); err != nil {
			return p
		}
		p.user, p.username, p.email = r.PostForm.Get("user"), r.PostForm.Get("username"), r.PostForm.Get("email")
		p.code, p.resume = r.PostForm.Get("code"), r.PostForm.Get("resume")
		p.password, p.hasPassword = r.PostForm.Get("password"), r.PostForm.Has("password")
		return p
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return p
	}
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return p
	}
	p.user, p.username, p.email = str(m["user"]), str(m["username"]), str(m["email"])
	if obj, ok := m["user"].(map[string]any); ok {
		p.username, p.email = firstNonEmpty(p.username, str(obj["username"])), firstNonEmpty(p.email, str(obj["email"]))
	}
	p.code, p.resume = str(m["code"]), str(m["resume"])
	switch pw := m["password"].(type) {
	case string:
		p.password, p.hasPassword = pw, true
	case map[string]any:
		p.digest, p.hasPassword = str(pw["digest"]), true
	}
	return p
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

type logoutData struct {
	Message string `json:"message"`
}

type logoutOK struct {
	Status string     `json:"status"`
	Data   logoutData `json:"data"`
}

// logout removes the token the request was made with. Its body has no
// success key: the route returns its object as is.
func (s *Server) logout(c *call) *response {
	s.mu.Lock()
	delete(s.tokens, c.token)
	s.mu.Unlock()
	return jsonResponse(http.StatusOK, logoutOK{Status: "success", Data: logoutData{Message: "You've been logged out!"}})
}

func (s *Server) me(c *call) *response {
	return jsonResponse(http.StatusOK, s.meDoc(c.user, true))
}
