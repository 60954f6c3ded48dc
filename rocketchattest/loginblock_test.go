package rocketchattest_test

import (
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

const (
	blockedForUser = `{"success":false,"error":"error-login-blocked-for-user","status":"error","details":{"function":"Accounts.validateLoginAttempt"},"message":"Login has been temporarily blocked For User"}`
	blockedForIP   = `{"success":false,"error":"error-login-blocked-for-ip","status":"error","details":{"function":"Accounts.validateLoginAttempt"},"message":"Login has been temporarily blocked For IP"}`
	unauthorized   = `{"success":false,"error":"Unauthorized","status":"error","message":"Unauthorized"}`
)

func loginBody(t *testing.T, srv *rocketchattest.Server, body string) (int, string) {
	t.Helper()
	resp, _, raw := login(t, srv.HTTPClient(), srv.URL(), body)
	return resp.StatusCode, raw
}

func TestLoginBlockedByUserAfterTenFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit())
		srv.AddUser(rocketchattest.User{Username: "ana", Email: "ana@example.com", Password: "pw"})
		for i := range 10 {
			if status, body := loginBody(t, srv, `{"user":"ana","password":"nope"}`); body != unauthorized {
				t.Fatalf("failure %d: %d %s", i+1, status, body)
			}
		}
		// The right password no longer helps, by user name...
		if _, body := loginBody(t, srv, `{"user":"ana","password":"pw"}`); body != blockedForUser {
			t.Fatalf("11th attempt: %s", body)
		}
		// ...but the server checks the user block only for logins by user
		// name, not by e-mail address.
		if status, body := loginBody(t, srv, `{"user":"ana@example.com","password":"pw"}`); status != http.StatusOK {
			t.Fatalf("login by e-mail: %d %s", status, body)
		}
		// A success since the failures lifts the block.
		if status, body := loginBody(t, srv, `{"user":"ana","password":"pw"}`); status != http.StatusOK {
			t.Fatalf("after a success: %d %s", status, body)
		}
	})
}

func TestLoginUserBlockLiftsAfterFiveMinutes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit())
		srv.AddUser(rocketchattest.User{Username: "ana", Password: "pw"})
		for range 10 {
			loginBody(t, srv, `{"user":"ana","password":"nope"}`)
			time.Sleep(time.Second)
		}
		for range 3 { // refused attempts do not extend the block
			if _, body := loginBody(t, srv, `{"user":"ana","password":"pw"}`); body != blockedForUser {
				t.Fatalf("blocked attempt: %s", body)
			}
		}
		time.Sleep(5*time.Minute - 9*time.Second) // the first failure leaves the window
		if status, body := loginBody(t, srv, `{"user":"ana","password":"pw"}`); status != http.StatusOK {
			t.Fatalf("after the window: %d %s", status, body)
		}
	})
}

func TestLoginBlockedByAddressAfterFiftyFailures(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit())
	srv.AddUser(rocketchattest.User{Username: "ana", Password: "pw"})
	for i := range 50 { // unknown users: no user block, one address
		if _, body := loginBody(t, srv, `{"user":"nobody`+itoa(i)+`","password":"x"}`); body != unauthorized {
			t.Fatalf("failure %d: %s", i, body)
		}
	}
	if _, body := loginBody(t, srv, `{"user":"ana","password":"pw"}`); body != blockedForIP {
		t.Fatalf("51st attempt: %s", body)
	}
	if _, body := loginBody(t, srv, `{"resume":"anything"}`); body != blockedForIP {
		t.Errorf("a resume login from the address: %s", body)
	}
}

func TestLoginBlockingOptions(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit(),
		rocketchattest.WithLoginBlocking(2, 0, time.Minute))
	srv.AddUser(rocketchattest.User{Username: "ana", Password: "pw"})
	loginBody(t, srv, `{"user":"ana","password":"nope"}`)
	loginBody(t, srv, `{"user":"ana","password":"nope"}`)
	if _, body := loginBody(t, srv, `{"user":"ana","password":"pw"}`); body != blockedForUser {
		t.Errorf("after 2 failures with WithLoginBlocking(2, 0, time.Minute): %s", body)
	}

	off := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit(), rocketchattest.WithoutLoginBlocking())
	off.AddUser(rocketchattest.User{Username: "ana", Password: "pw"})
	for range 60 {
		loginBody(t, off, `{"user":"ana","password":"nope"}`)
	}
	if status, body := loginBody(t, off, `{"user":"ana","password":"pw"}`); status != http.StatusOK {
		t.Errorf("WithoutLoginBlocking: %d %s", status, body)
	}
}

func TestLoginHandlerFailuresOn6x(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithVersion("6.13.1"))
	srv.AddUser(rocketchattest.User{Username: "ana", Password: "pw"})
	for body, want := range map[string]string{
		`{"user":"ana"}`:                `{"success":false,"error":400,"status":"error","message":"Unrecognized options for login request"}`,
		`{"resume":"nope"}`:             `{"success":false,"error":403,"status":"error","message":"You've been logged out by the server. Please log in again."}`,
		`{"user":"ana","password":"x"}`: unauthorized,
	} {
		if _, got := loginBody(t, srv, body); got != want {
			t.Errorf("%s:\n got %s\nwant %s", body, got, want)
		}
	}
}

func TestEmailCodeDetailsAndLifetime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit())
		srv.AddUser(rocketchattest.User{Username: "eve", Password: "pw", TwoFactor: rocketchattest.TwoFactorEmail, TwoFactorCode: "987654"})
		// A code given before any was sent cannot be the one the e-mail carries.
		_, body := loginBody(t, srv, `{"user":"eve","password":"pw","code":"987654"}`)
		if !strings.Contains(body, `"error":"totp-invalid"`) || !strings.Contains(body, `"codeGenerated":true,"emailOrUsername":"eve"`) {
			t.Fatalf("code before the e-mail: %s", body)
		}
		expires := time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05.000Z")
		_, body = loginBody(t, srv, `{"user":"eve","password":"pw"}`)
		want := `{"success":false,"error":"totp-required","status":"error","details":{"method":"email","emailOrUsername":"eve","codeGenerated":false,"codeExpires":"` +
			expires + `","availableMethods":["email"]},"message":"TOTP Required"}`
		wantBody(t, body, want)
		if status, body := loginBody(t, srv, `{"user":"eve","password":"pw","code":"987-654"}`); status != http.StatusOK {
			t.Fatalf("the e-mailed code: %d %s", status, body)
		}
		// The code is used up: the next login sends a new one.
		if _, body := loginBody(t, srv, `{"user":"eve","password":"pw","code":"987654"}`); !strings.Contains(body, `"error":"totp-invalid"`) {
			t.Errorf("a used code: %s", body)
		}
		loginBody(t, srv, `{"user":"eve","password":"pw"}`)
		time.Sleep(time.Hour + time.Second)
		if _, body := loginBody(t, srv, `{"user":"eve","password":"pw","code":"987654"}`); !strings.Contains(body, `"error":"totp-invalid"`) {
			t.Errorf("an expired code: %s", body)
		}
	})
}
