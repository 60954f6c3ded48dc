package rocketchattest

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/go-json-experiment/json"
)

// Route names of the authentication routes.
const (
	RouteLogin  = "POST /api/v1/login"
	RouteLogout = "POST /api/v1/logout"
)

var authRoutes = []*route{
	newRoute(RouteLogin, (*Server).login),
	newRoute(RouteLogout, (*Server).logout, authRequired()),
}

// loginParams are the fields POST /api/v1/login reads, from a JSON or a
// form-encoded body.
type loginParams struct {
	user, username, email string
	userObject            bool   // user was an object, such as {"username": ...}
	password              string // plain, or empty with digest
	digest                string // password sent as {"digest": sha256 hex, "algorithm": "sha-256"}
	hasPassword           bool
	code                  string // body code or X-2fa-Code header
	resume                string
	// malformed is a body with a password that the password handler's
	// check() refuses: keys beyond user, username, email, password and code,
	// a user that is neither a string nor {username} or {email}, a password
	// that is neither a string nor {digest, algorithm}.
	malformed bool
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

// numericLoginError is the login route's 401 for a Meteor error whose code is
// an HTTP status number, as 6.x servers send for an unrecognized request
// (400) or an unknown resume token (403).
type numericLoginError struct {
	Success bool   `json:"success"`
	Error   int    `json:"error"`
	Status  string `json:"status"`
	Message string `json:"message"`
}

// login serves POST /api/v1/login as Meteor's login method does: the login
// handler (password or resume token), then the server's validateLoginAttempt
// hook (the blocks of repeated failures, then the second factor), then the
// onLoginFailure and afterValidateLogin hooks that record the attempt.
func (s *Server) login(c *call) *response {
	p := parseLogin(c.r)
	ip := clientAddr(c.r)
	s.mu.Lock()
	defer s.mu.Unlock()
	u, failure := s.loginHandlerLocked(p)
	name := p.methodUsername()
	if blocked := s.loginBlockedLocked(ip, name, c.now); blocked != nil {
		failure = blocked
	} else if failure == nil && u.TwoFactor != TwoFactorNone && p.resume == "" {
		failure = s.checkSecondFactorLocked(u, p.code, c.now)
	}
	if u != nil {
		name = u.Username
	}
	if failure != nil {
		s.noteLoginLocked(ip, name, true, failure.code, c.now)
		return failure.resp
	}
	s.noteLoginLocked(ip, name, false, "", c.now)
	tok := p.resume
	if tok == "" {
		tok = s.issueTokenLocked(u.ID, "", false)
	}
	return jsonResponse(http.StatusOK, loginOK{
		Status:  "success",
		Data:    loginData{UserID: u.ID, AuthToken: tok, Me: s.meDocLocked(u, false)},
		Success: true,
	})
}

// loginHandlerLocked runs the password or resume login handler. From 7.0 the
// server answers every handler failure as an unknown user
// (loginErrorMessageOverride): 401 Unauthorized. s.mu must be held.
func (s *Server) loginHandlerLocked(p loginParams) (*userEntry, *loginFailure) {
	if p.resume != "" && !p.hasPassword {
		entry, ok := s.tokens[p.resume]
		if u := s.users[entry.userID]; ok && u != nil {
			return u, nil
		}
		return nil, s.handlerFailure(403, "You've been logged out by the server. Please log in again.")
	}
	if p.malformed {
		// The password handler's check() throws a Match.Error, which is no
		// Meteor.Error: the route answers 500, and no attempt is recorded.
		return nil, &loginFailure{resp: statusBody(http.StatusInternalServerError)}
	}
	login := firstNonEmpty(p.user, p.username, p.email)
	if !p.hasPassword || login == "" {
		return nil, s.handlerFailure(400, "Unrecognized options for login request")
	}
	u := s.userByLoginLocked(login)
	if u == nil || u.Password == "" || !p.passwordMatches(u.Password) {
		return u, &loginFailure{code: "403", resp: loginFailed("Unauthorized", "Unauthorized", nil)}
	}
	return u, nil
}

// handlerFailure is a login handler's Meteor error with a numeric code: as
// is on 6.x, an unknown user (401 Unauthorized) from 7.0.
func (s *Server) handlerFailure(code int, reason string) *loginFailure {
	if s.version.major >= 7 {
		return &loginFailure{code: "401", resp: loginFailed("Unauthorized", "Unauthorized", nil)}
	}
	return &loginFailure{code: "numeric", resp: jsonResponse(http.StatusUnauthorized, numericLoginError{
		Error: code, Status: "error", Message: reason,
	})}
}

// loginFailed is the login route's 401: the Meteor error's code as error,
// its reason as message.
func loginFailed(code, reason string, details any) *response {
	return jsonResponse(http.StatusUnauthorized, errorBody{Error: code, Status: "error", Details: details, Message: reason})
}

// methodUsername is methodArguments[0].user.username, the name the server's
// user block checks: set for a login by user name, not for one by e-mail
// address, with a code (the arguments are then {totp: ...}) or by token.
func (p loginParams) methodUsername() string {
	switch {
	case p.resume != "" || p.code != "":
		return ""
	case p.user != "" && !p.userObject:
		if strings.Contains(p.user, "@") {
			return ""
		}
		return p.user
	case p.user == "" && p.email == "":
		return p.username
	case p.userObject:
		return p.username
	}
	return ""
}

func (p *loginParams) passwordMatches(password string) bool {
	if p.digest != "" {
		sum := sha256.Sum256([]byte(password))
		return strings.EqualFold(p.digest, hex.EncodeToString(sum[:]))
	}
	return p.password == password
}

var loginKeys = []string{"user", "username", "email", "password", "code"}

// parseLogin reads the login body; an unreadable body yields empty params,
// which the server answers as an unrecognized login request.
func parseLogin(r *http.Request) loginParams {
	p := parseLoginBody(r)
	p.code = firstNonEmpty(p.code, r.Header.Get("X-2fa-Code"))
	return p
}

func parseLoginBody(r *http.Request) loginParams {
	var p loginParams
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/x-www-form-urlencoded" {
		if err := r.ParseForm(); err != nil {
			return p
		}
		f := r.PostForm
		p.user, p.username, p.email = f.Get("user"), f.Get("username"), f.Get("email")
		p.code, p.resume = f.Get("code"), f.Get("resume")
		p.password, p.hasPassword = f.Get("password"), f.Has("password")
		for k := range f {
			p.malformed = p.malformed || (p.hasPassword && !slices.Contains(loginKeys, k))
		}
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
	p.code, p.resume = str(m["code"]), str(m["resume"])
	_, p.hasPassword = m["password"]
	if !p.hasPassword {
		return p
	}
	if obj, ok := m["user"].(map[string]any); ok {
		p.userObject = true
		p.username, p.email = firstNonEmpty(p.username, str(obj["username"])), firstNonEmpty(p.email, str(obj["email"]))
		p.malformed = len(obj) != 1 || (str(obj["username"]) == "" && str(obj["email"]) == "")
	} else if _, isStr := m["user"].(string); m["user"] != nil && !isStr {
		p.malformed = true
	}
	switch pw := m["password"].(type) {
	case string:
		p.password = pw
	case map[string]any:
		p.digest = str(pw["digest"])
		p.malformed = p.malformed || p.digest == "" || str(pw["algorithm"]) != "sha-256"
	default:
		p.malformed = true
	}
	for k := range m {
		p.malformed = p.malformed || !slices.Contains(loginKeys, k)
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
