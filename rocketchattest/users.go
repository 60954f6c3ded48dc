package rocketchattest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// defaultUserRole is the role of a user created without roles.
const defaultUserRole = "user"

// TwoFactorMethod is a user's second factor for login.
type TwoFactorMethod string

// Second factors the server knows.
const (
	TwoFactorNone  TwoFactorMethod = ""
	TwoFactorTOTP  TwoFactorMethod = "totp"
	TwoFactorEmail TwoFactorMethod = "email"
)

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
	// Roles defaults to ["user"]. Roles grant permissions through the
	// server's permission table (see [Server.SetPermission]): by default
	// livechat-agent, livechat-manager, livechat-monitor and admin hold
	// view-l-room; livechat-manager, livechat-monitor and admin open every
	// livechat room (view-livechat-rooms); admin, bot and app bypass the rate
	// limiter (api-bypass-rate-limit). Any other name is a custom role.
	Roles []string
	// Departments are the ids of the livechat departments the user is an
	// agent of, added before with [Server.AddDepartment]: AddUser adds the
	// user to each, as [Department.Agents] does. By default they open
	// nothing more: a closed room of one of them opens for a user whose
	// roles hold view-livechat-room-closed-same-department.
	Departments []string
	// Status is the user's presence; empty means online. An agent who is
	// offline takes no conversations (unless the server accepts chats with
	// no agents, see [WithSetting]).
	Status models.UserStatus
	// StatusLivechat is an agent's omnichannel availability; empty means
	// available for a user with the livechat-agent role. The routing gives
	// conversations only to available agents; agents change it with POST
	// livechat/agent.status, tests with [Server.SetAgentStatus].
	StatusLivechat models.AgentStatus
	// TwoFactor makes login ask for a second factor.
	TwoFactor TwoFactorMethod
	// TwoFactorCode is the code the second factor accepts: the TOTP code,
	// or the code the server "e-mails" when a login without a code asks for
	// one (a code is valid only after that, for an hour, and once).
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
	createdAt    time.Time
	emailCode    *emailCode // the e-mail code last sent, if any
	codeJustSent bool       // emailCode was sent by the login being served
}

// tokenEntry is a stored login or personal access token.
type tokenEntry struct {
	userID   string
	name     string
	personal bool
}

// AddUser adds a user and logs it in once, returning the credentials of that
// session. An empty user name, a user name or id already taken, or an
// unknown department is a mistake in the test's setup: it fails the test of
// a server made with [NewServer] and panics otherwise.
func (s *Server) AddUser(u User) Credentials {
	if s.tb != nil {
		s.tb.Helper()
	}
	s.mu.Lock()
	cred, msg := s.addUserLocked(u)
	s.mu.Unlock()
	if msg != "" {
		s.fail("%s", msg)
	}
	return cred
}

// addUserLocked is AddUser under the lock, so that two users of one name
// cannot both pass the check; it returns the mistake to report instead of
// reporting it, which must happen without the lock.
func (s *Server) addUserLocked(u User) (Credentials, string) {
	switch {
	case u.Username == "":
		return Credentials{}, "AddUser needs a Username"
	case s.userByLoginLocked(u.Username) != nil || (u.ID != "" && s.users[u.ID] != nil):
		return Credentials{}, fmt.Sprintf("AddUser: user %q already exists", u.Username)
	}
	for _, d := range u.Departments {
		if s.omni.departments[d] == nil {
			return Credentials{}, fmt.Sprintf("AddUser: user %q: no department %q (add it with AddDepartment first)", u.Username, d)
		}
	}
	if u.ID == "" {
		u.ID = s.newIDLocked()
	}
	if u.Name == "" {
		u.Name = u.Username
	}
	if len(u.Roles) == 0 {
		u.Roles = []string{defaultUserRole}
	}
	if u.Status == "" {
		u.Status = models.UserStatusOnline
	}
	if u.StatusLivechat == "" && slices.Contains(u.Roles, roleAgent) {
		u.StatusLivechat = models.AgentAvailable
	}
	u.Roles = slices.Clone(u.Roles)
	depts := u.Departments
	u.Departments = nil // the department links are the record, see addDepartmentAgentLocked
	entry := &userEntry{User: u, createdAt: time.Now().UTC().Truncate(time.Millisecond)}
	s.users[u.ID] = entry
	for _, d := range depts {
		s.addDepartmentAgentLocked(s.omni.departments[d], entry, entry.createdAt)
	}
	return Credentials{UserID: u.ID, AuthToken: s.issueTokenLocked(u.ID, "", false)}, ""
}

// AddPersonalAccessToken gives the user a personal access token with the
// given name and returns its credentials; they are sent like a login's. An
// unknown user fails the test (NewServer) or panics (Start).
func (s *Server) AddPersonalAccessToken(userID, name string) Credentials {
	if s.tb != nil {
		s.tb.Helper()
	}
	s.mu.Lock()
	var cred Credentials
	if s.users[userID] != nil {
		cred = Credentials{UserID: userID, AuthToken: s.issueTokenLocked(userID, name, true)}
	}
	s.mu.Unlock()
	if cred.UserID == "" {
		s.fail("AddPersonalAccessToken: no user %q", userID)
	}
	return cred
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
