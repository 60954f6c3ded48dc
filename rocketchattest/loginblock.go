package rocketchattest

import (
	"time"
)

// loginBlockConfig holds the Block_Multiple_Failed_Logins_* settings. A
// threshold of 0 turns that block off.
type loginBlockConfig struct {
	byUser, byIP     int
	userTime, ipTime time.Duration
	disabled         bool
}

// defaultLoginBlock is the real server's default: on, 10 failures per user
// name and 50 per client address within 5 minutes.
var defaultLoginBlock = loginBlockConfig{byUser: 10, byIP: 50, userTime: 5 * time.Minute, ipTime: 5 * time.Minute}

// WithLoginBlocking sets the server's block of repeated failed logins
// (Block_Multiple_Failed_Logins_*): a user name is refused after byUser
// failures, a client address after byIP, until fewer than that many
// failures remain in the last unblockAfter (counting only since the last
// successful login). 0 turns a block off. The default is on, as on a real
// server: 10 per user, 50 per address, 5 minutes.
func WithLoginBlocking(byUser, byIP int, unblockAfter time.Duration) Option {
	return func(c *config) {
		c.loginBlock = loginBlockConfig{byUser: byUser, byIP: byIP, userTime: unblockAfter, ipTime: unblockAfter}
	}
}

// WithoutLoginBlocking turns the block of repeated failed logins off
// (Block_Multiple_Failed_Logins_Enabled false).
func WithoutLoginBlocking() Option {
	return func(c *config) { c.loginBlock.disabled = true }
}

// loginEvent is a login attempt the server keeps (ServerEvents).
type loginEvent struct {
	at       time.Time
	ip       string
	username string
	failed   bool
}

// loginLog holds the recent attempts. It is guarded by Server.mu.
type loginLog struct {
	events []loginEvent
}

func (l *loginLog) add(e loginEvent, keep time.Duration) {
	cut := 0
	for cut < len(l.events) && e.at.Sub(l.events[cut].at) > keep {
		cut++
	}
	l.events = append(l.events[cut:], e)
}

// blocked applies isValidLoginAttemptByIp or isValidAttemptByUser: the key
// is blocked once it has threshold failures in the last window and since
// its last successful login (the log's order breaks ties of time).
func (l *loginLog) blocked(match func(loginEvent) bool, threshold int, window time.Duration, now time.Time) bool {
	if threshold <= 0 {
		return false
	}
	start := now.Add(-window)
	failures := 0
	for _, e := range l.events {
		switch {
		case !match(e):
		case !e.failed:
			failures = 0 // failures before a success no longer count
		case !e.at.Before(start):
			failures++
		}
	}
	return failures >= threshold
}

// loginBlockedLocked returns the error of a blocked login, or nil. byName is
// the user name the login names (the server checks the user block only for
// a login by user name without a code). s.mu must be held.
func (s *Server) loginBlockedLocked(ip, byName string, now time.Time) *loginFailure {
	cfg := s.cfg.loginBlock
	if cfg.disabled {
		return nil
	}
	if s.logins.blocked(func(e loginEvent) bool { return e.ip == ip }, cfg.byIP, cfg.ipTime, now) {
		return twoFactorFailure("error-login-blocked-for-ip", "Login has been temporarily blocked For IP", blockDetails)
	}
	if byName != "" && s.logins.blocked(func(e loginEvent) bool { return e.username == byName }, cfg.byUser, cfg.userTime, now) {
		return twoFactorFailure("error-login-blocked-for-user", "Login has been temporarily blocked For User", blockDetails)
	}
	return nil
}

var blockDetails = struct {
	Function string `json:"function"`
}{Function: "Accounts.validateLoginAttempt"}

// noteLoginLocked records an attempt as the server's onLoginFailure and
// afterValidateLogin hooks do: successes, and failures with an error code
// other than totp-required and error-login-blocked-for-user. s.mu must be
// held.
func (s *Server) noteLoginLocked(ip, username string, failed bool, errCode string, now time.Time) {
	if s.cfg.loginBlock.disabled || (failed && (errCode == "" || errCode == "totp-required" || errCode == "error-login-blocked-for-user")) {
		return
	}
	keep := max(s.cfg.loginBlock.userTime, s.cfg.loginBlock.ipTime)
	s.logins.add(loginEvent{at: now, ip: ip, username: username, failed: failed}, keep)
}
