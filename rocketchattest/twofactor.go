package rocketchattest

import (
	"strings"
	"time"
)

// Defaults of the server's two-factor settings.
const (
	// maxEmailCodeAttempts is how many wrong e-mail codes the server takes
	// before it answers totp-max-attempts
	// (Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts).
	maxEmailCodeAttempts = 5
	// emailCodeLifetime is how long an e-mailed code is valid
	// (Accounts_TwoFactorAuthentication_By_Email_Code_Expiration).
	emailCodeLifetime = time.Hour
)

// emailCode is the code the server last e-mailed to a user.
type emailCode struct {
	expire   time.Time
	attempts int
}

// The details of a two-factor error, as checkCodeForUser builds them:
// {method, ...processInvalidCode's result, availableMethods}. The e-mail
// check returns {codeGenerated: true, emailOrUsername} when it sends a code
// and {emailOrUsername, codeGenerated: false, codeExpires} when one is still
// valid; the TOTP check returns {codeGenerated: false}.
type (
	totpDetails struct {
		Method           string   `json:"method"`
		CodeGenerated    bool     `json:"codeGenerated"`
		AvailableMethods []string `json:"availableMethods"`
	}
	emailSentDetails struct {
		Method           string   `json:"method"`
		CodeGenerated    bool     `json:"codeGenerated"`
		EmailOrUsername  string   `json:"emailOrUsername"`
		AvailableMethods []string `json:"availableMethods"`
	}
	emailValidDetails struct {
		Method           string    `json:"method"`
		EmailOrUsername  string    `json:"emailOrUsername"`
		CodeGenerated    bool      `json:"codeGenerated"`
		CodeExpires      time.Time `json:"codeExpires"`
		AvailableMethods []string  `json:"availableMethods"`
	}
)

// loginFailure is a failed login: the Meteor error's code, which decides
// whether the attempt counts towards a login block, and the answer.
type loginFailure struct {
	code string
	resp *response
}

// twoFactorFailure is a failure of the server's validateLoginAttempt hook:
// a login block or a second factor.
func twoFactorFailure(code, reason string, details any) *loginFailure {
	return &loginFailure{code: code, resp: loginFailed(code, reason, details)}
}

// checkSecondFactorLocked is checkCodeForUser for a login: the method's
// processInvalidCode (which sends a new e-mail code unless one is valid),
// then totp-required without a code, else the code's check. s.mu must be
// held.
func (s *Server) checkSecondFactorLocked(u *userEntry, code string, now time.Time) *loginFailure {
	method := string(u.TwoFactor)
	methods := []string{method}
	var details any = totpDetails{Method: method, AvailableMethods: methods}
	if u.TwoFactor == TwoFactorEmail {
		details = u.processInvalidEmailCode(now, methods)
	}
	if code == "" {
		return twoFactorFailure("totp-required", "TOTP Required", details)
	}
	if u.verifyCode(code, now) {
		return nil
	}
	if u.TwoFactor == TwoFactorEmail && u.emailCode != nil && u.emailCode.attempts >= maxEmailCodeAttempts {
		return twoFactorFailure("totp-max-attempts", "TOTP Maximun Failed Attempts Reached", details)
	}
	return twoFactorFailure("totp-invalid", "TOTP Invalid", details)
}

// processInvalidEmailCode keeps a code that is still valid and has attempts
// left, or "sends" a new one: the user's TwoFactorCode, valid for an hour.
// A code sent by this very request cannot be the one the request carries.
func (u *userEntry) processInvalidEmailCode(now time.Time, methods []string) any {
	u.codeJustSent = false
	if u.emailCode != nil && u.emailCode.expire.Before(now) {
		u.emailCode = nil
	}
	if u.emailCode != nil && u.emailCode.attempts < maxEmailCodeAttempts {
		return emailValidDetails{Method: string(TwoFactorEmail), EmailOrUsername: u.Username,
			CodeExpires: u.emailCode.expire, AvailableMethods: methods}
	}
	u.emailCode = &emailCode{expire: now.Add(emailCodeLifetime)}
	u.codeJustSent = true
	return emailSentDetails{Method: string(TwoFactorEmail), CodeGenerated: true, EmailOrUsername: u.Username, AvailableMethods: methods}
}

// verifyCode checks a second-factor code. An e-mail code is used up when it
// matches; a wrong one counts an attempt.
func (u *userEntry) verifyCode(code string, now time.Time) bool {
	if u.TwoFactor != TwoFactorEmail {
		return code == u.TwoFactorCode
	}
	justSent := u.codeJustSent
	u.codeJustSent = false
	if u.emailCode == nil || u.emailCode.expire.Before(now) {
		return false
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, code)
	if digits == u.TwoFactorCode && !justSent {
		u.emailCode = nil
		return true
	}
	u.emailCode.attempts++
	return false
}
