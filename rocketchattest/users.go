package rocketchattest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// TwoFactorMethod is a user's second factor for login.
type TwoFactorMethod string

// Second factors the server knows.
const (
	TwoFactorNone  TwoFactorMethod = ""
	TwoFactorTOTP  TwoFactorMethod = "totp"
	TwoFactorEmail TwoFactorMethod = "email"
)

// maxEmailCodeAttempts is how many wrong e-mail codes the server takes before
// it answers totp-max-attempts (Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts).
const maxEmailCodeAttempts = 5

// User is an account to seed with [Server.AddUser].
type User struct {
	// ID is the user's id; a Meteor-style id is generated when empty.
	ID string
	// Username is required and unique.
	Username string
	// Name is the display name; it defaults to Username.
	Name string
	// Email is the user's verified address; login accepts it in place of
	// the user name.
	Email string
	// Password is what POST /api/v1/login accepts. Empty means the user
	// cannot log in with a password (tokens still work).
	Password string
	// Roles defaults to ["user"]. The livechat-agent, livechat-manager,
	// livechat-monitor and admin roles grant view-l-room; admin, bot and app
	// bypass the rate limiter.
	Roles []string
	// Departments are the livechat departments the user belongs to; an agent
	// may access the rooms of these departments.
	Departments []string
	// TwoFactor makes login ask for a second factor.
	TwoFactor TwoFactorMethod
	// TwoFactorCode is the one code the second factor accepts.
	TwoFactorCode string
}

// Credentials are what the server's clients send as X-User-Id and
// X-Auth-Token.
type Credentials struct {
	UserID    string
	AuthToken string
}

// userEntry is a stored user. Its fields are guarded by Server.mu.
type userEntry struct {
	User
	failedCodes int
}

// tokenEntry is a stored login or personal access token.
type tokenEntry struct {
	userID   string
	name     string
	personal bool
}

var rolePermissions = map[string][]string{
	permViewLivechatRoom: {"livechat-agent", "livechat-manager", "livechat-monitor", "admin"},
}

// bypassRoles have api-bypass-rate-limit by default.
var bypassRoles = []string{"admin", "bot", "app"}

// wideAccessRoles may access every livechat room under the fake's rule.
var wideAccessRoles = []string{"admin", "livechat-manager", "livechat-monitor"}

func (u *userEntry) hasAnyRole(roles []string) bool {
	return slices.ContainsFunc(u.Roles, func(r string) bool { return slices.Contains(roles, r) })
}

func (u *userEntry) can(permission string) bool { return u.hasAnyRole(rolePermissions[permission]) }

func (u *userEntry) bypassesRateLimit() bool { return u.hasAnyRole(bypassRoles) }

// AddUser adds a user and logs it in once, returning the credentials of that
// session. It panics if the user name is empty or taken or the id is taken:
// that is a mistake in the test's setup.
func (s *Server) AddUser(u User) Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.Username == "" {
		panic("rocketchattest: AddUser needs a Username")
	}
	if s.userByLoginLocked(u.Username) != nil || (u.ID != "" && s.users[u.ID] != nil) {
		panic(fmt.Sprintf("rocketchattest: AddUser: user %q already exists", u.Username))
	}
	if u.ID == "" {
		u.ID = s.newIDLocked()
	}
	if u.Name == "" {
		u.Name = u.Username
	}
	if len(u.Roles) == 0 {
		u.Roles = []string{"user"}
	}
	u.Roles = slices.Clone(u.Roles)
	u.Departments = slices.Clone(u.Departments)
	s.users[u.ID] = &userEntry{User: u}
	return Credentials{UserID: u.ID, AuthToken: s.issueTokenLocked(u.ID, "", false)}
}

// AddPersonalAccessToken gives the user a personal access token with the
// given name and returns its credentials; they are sent like a login's. It
// panics if there is no such user.
func (s *Server) AddPersonalAccessToken(userID, name string) Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[userID] == nil {
		panic(fmt.Sprintf("rocketchattest: AddPersonalAccessToken: no user %q", userID))
	}
	return Credentials{UserID: userID, AuthToken: s.issueTokenLocked(userID, name, true)}
}

// RevokeToken removes a login or personal access token; later requests with
// it get 401. It reports whether the token existed.
func (s *Server) RevokeToken(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.tokens[token]
	delete(s.tokens, token)
	return ok
}

func (s *Server) issueTokenLocked(userID, name string, personal bool) string {
	tok := s.newTokenLocked()
	s.tokens[tok] = tokenEntry{userID: userID, name: name, personal: personal}
	return tok
}

// userByLoginLocked finds a user by user name or, for a value with an @, by
// e-mail address (case-insensitively, as the server does).
func (s *Server) userByLoginLocked(login string) *userEntry {
	for _, u := range s.users {
		if u.Username == login || (strings.Contains(login, "@") && strings.EqualFold(u.Email, login)) {
			return u
		}
	}
	return nil
}

// authenticate returns the user whose id and token the request carries.
func (s *Server) authenticate(r *http.Request) (*userEntry, string) {
	id, tok := r.Header.Get("X-User-Id"), r.Header.Get("X-Auth-Token")
	if id == "" || tok == "" {
		return nil, ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	entry, ok := s.tokens[tok]
	if !ok || entry.userID != id {
		return nil, ""
	}
	u := s.users[id]
	if u == nil {
		return nil, ""
	}
	cp := *u
	return &cp, tok
}
