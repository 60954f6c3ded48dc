package rocketchat_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

const loginOK = `{"status":"success","data":{"userId":"u-42","authToken":"fresh-token-42","me":{"_id":"u-42","username":"agent.smith","status":"online"}}}`

func newAnonymous(t *testing.T) (*rocketchat.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	c, err := rocketchat.NewClient(testBase, rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	return c, mt
}

func TestLoginReturnsANewAuthenticatedClient(t *testing.T) {
	c, mt := newAnonymous(t)
	var body string
	mt.RegisterResponder("POST", testBase+"/api/v1/login", func(req *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(req.Body)
		body = string(b)
		return jsonResponder(200, loginOK)(req)
	})
	var meHeaders http.Header
	mt.RegisterResponder("GET", testBase+"/api/v1/me", func(req *http.Request) (*http.Response, error) {
		meHeaders = req.Header
		return jsonResponder(200, `{"_id":"u-42","username":"agent.smith","status":"away","success":true}`)(req)
	})
	s, _, err := c.Login(context.Background(), rocketchat.LoginRequest{User: "agent.smith@example.com", Password: "hunter2"})
	if err != nil {
		t.Fatal(err)
	}
	if body != `{"user":"agent.smith@example.com","password":"hunter2"}` {
		t.Errorf("login body %s", body)
	}
	if s.UserID != "u-42" || string(s.AuthToken) != "fresh-token-42" || s.Client.UserID() != "u-42" || s.Me == nil {
		t.Fatalf("session %+v", s)
	}
	if c.UserID() != "" {
		t.Fatal("Login changed the original client")
	}
	me, _, err := s.Client.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if meHeaders.Get("X-User-Id") != "u-42" || meHeaders.Get("X-Auth-Token") != "fresh-token-42" {
		t.Errorf("Me sent %v", meHeaders)
	}
	if me.Username != "agent.smith" || me.Status != "away" {
		t.Errorf("me = %+v; the user's own status must not be taken for the envelope's", me)
	}
}

func TestLoginTwoFactorFlow(t *testing.T) {
	c, mt := newAnonymous(t)
	mt.RegisterResponder("POST", testBase+"/api/v1/login", func(req *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(req.Body)
		switch {
		case !strings.Contains(string(b), `"code"`):
			return jsonResponder(401, `{"success":false,"error":"totp-required","status":"error","message":"TOTP Required","details":{"method":"totp","availableMethods":["totp","email"]}}`)(req)
		case req.Header.Get("X-2fa-Code") == "123456" && strings.Contains(string(b), `"code":"123456"`):
			return jsonResponder(200, loginOK)(req)
		}
		return jsonResponder(401, `{"success":false,"error":"totp-invalid","status":"error","message":"TOTP Invalid","details":{"method":"totp"}}`)(req)
	})
	req := rocketchat.LoginRequest{User: "agent", Password: "pw"}
	_, _, err := c.Login(context.Background(), req)
	var tf *rocketchat.TwoFactorError
	if !errors.As(err, &tf) || !errors.Is(err, rocketchat.ErrTwoFactorRequired) || !errors.Is(err, rocketchat.ErrUnauthorized) {
		t.Fatalf("err = %v, want a *TwoFactorError matching ErrTwoFactorRequired", err)
	}
	if tf.Method != "totp" || fmt.Sprint(tf.AvailableMethods) != "[totp email]" {
		t.Errorf("method %q available %v", tf.Method, tf.AvailableMethods)
	}
	req.Code = "000000"
	if _, _, err = c.Login(context.Background(), req); !errors.Is(err, rocketchat.ErrTwoFactorInvalid) {
		t.Errorf("wrong code: err = %v, want ErrTwoFactorInvalid", err)
	}
	req.Code, req.CodeMethod = "123456", "totp"
	if s, _, err := c.Login(context.Background(), req); err != nil || s.UserID != "u-42" {
		t.Fatalf("with code: %v", err)
	}
}

func TestLoginWrongPassword(t *testing.T) {
	c, mt := newAnonymous(t)
	mt.RegisterResponder("POST", testBase+"/api/v1/login", jsonResponder(401, `{"status":"error","error":"Unauthorized","message":"Unauthorized"}`))
	_, _, err := c.Login(context.Background(), rocketchat.LoginRequest{User: "a", Password: "b"})
	if !errors.Is(err, rocketchat.ErrUnauthorized) || errors.Is(err, rocketchat.ErrTwoFactorRequired) {
		t.Fatalf("err = %v, want ErrUnauthorized only", err)
	}
}

func TestLogoutAcceptsAnySuccessBody(t *testing.T) {
	for _, body := range []string{`{"status":"success","data":{"message":"You've been logged out!"}}`, ``} {
		c, mt := newMockClient(t)
		mt.RegisterResponder("POST", testBase+"/api/v1/logout", jsonResponder(200, body))
		if _, err := c.Logout(context.Background()); err != nil {
			t.Errorf("body %q: %v", body, err)
		}
	}
}

func TestNewClientValidation(t *testing.T) {
	for _, tc := range []struct {
		url  string
		opts []rocketchat.Option
		ok   bool
	}{
		{"https://chat.example.com", nil, true},
		{"https://chat.example.com/chat/", []rocketchat.Option{rocketchat.WithToken("u", "t")}, true},
		{"http://localhost:3000", []rocketchat.Option{rocketchat.WithToken("u", "t")}, true},
		{"http://127.0.0.1:3000", []rocketchat.Option{rocketchat.WithToken("u", "t")}, true},
		{"http://chat.example.com", []rocketchat.Option{rocketchat.WithToken("u", "t")}, false},
		{"http://chat.example.com", []rocketchat.Option{rocketchat.WithInsecureHTTP(), rocketchat.WithToken("u", "t")}, true},
		{"chat.example.com", nil, false},
		{"ftp://chat.example.com", nil, false},
		{"https://", nil, false},
		{"https://user:pw@chat.example.com", nil, false},
		{"https://chat.example.com", []rocketchat.Option{rocketchat.WithToken("", "t")}, false},
		{"https://chat.example.com", []rocketchat.Option{rocketchat.WithToken("u", "")}, false},
		{"https://chat.example.com", []rocketchat.Option{rocketchat.WithHTTPClient(nil)}, false},
		{"https://chat.example.com", []rocketchat.Option{rocketchat.WithRetries(-1, 0, 0)}, false},
	} {
		_, err := rocketchat.NewClient(tc.url, tc.opts...)
		if (err == nil) != tc.ok {
			t.Errorf("NewClient(%q): err = %v, want ok=%v", tc.url, err, tc.ok)
		}
		if err != nil && strings.Contains(err.Error(), "pw@") {
			t.Errorf("error leaks the URL's password: %v", err)
		}
	}
}

func TestWithNeverChangesTheOriginal(t *testing.T) {
	c, mt := newMockClient(t)
	var users []string
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		users = append(users, req.Header.Get("X-User-Id"))
		return jsonResponder(200, emptyPage)(req)
	})
	other, err := c.With(rocketchat.WithToken("user-2", "token-2"))
	if err != nil {
		t.Fatal(err)
	}
	chatHistory(other)
	chatHistory(c)
	if fmt.Sprint(users) != "[user-2 user-1]" {
		t.Fatalf("users sent %v, want the derived client's then the original's", users)
	}
}

func TestCredentialsDoNotFollowRedirectsToAnotherHost(t *testing.T) {
	var leaked http.Header
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Clone()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, emptyPage)
	}))
	defer other.Close()
	var sameHost http.Header
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			sameHost = r.Header.Clone()
			http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/elsewhere", http.StatusFound)
			return
		}
		http.Redirect(w, r, "/moved", http.StatusFound)
	}))
	defer origin.Close()
	c, err := rocketchat.NewClient(origin.URL, rocketchat.WithToken("user-1", "secret-token-1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := chatHistory(c); err != nil {
		t.Fatal(err)
	}
	if sameHost.Get("X-Auth-Token") != "secret-token-1" {
		t.Errorf("a same-host redirect lost the credentials: %v", sameHost)
	}
	if leaked == nil || leaked.Get("X-Auth-Token") != "" || leaked.Get("X-User-Id") != "" {
		t.Fatalf("credentials reached another host: %v", leaked)
	}
}

func TestClientNeverPrintsItsToken(t *testing.T) {
	c, _ := newMockClient(t)
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%v", *c)} {
		if strings.Contains(s, "secret-token-1") {
			t.Fatalf("token printed: %s", s)
		}
	}
	secret := rocketchat.Secret("hunter2")
	for _, s := range []string{fmt.Sprint(secret), fmt.Sprintf("%+v %#v %q %x %s", secret, secret, secret, secret, secret), fmt.Sprint(rocketchat.LoginRequest{Password: "hunter2"})} {
		if strings.Contains(s, "hunter2") || strings.Contains(s, fmt.Sprintf("%x", "hunter2")) {
			t.Fatalf("secret printed: %s", s)
		}
	}
}

func TestHTTPMockActivateReachesAClientWithoutItsOwnHTTPClient(t *testing.T) {
	httpmock.Activate(t)
	httpmock.RegisterNoResponder(jsonResponder(200, emptyPage))
	c, err := rocketchat.NewClient(testBase, rocketchat.WithToken("u", "t"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := chatHistory(c); err != nil {
		t.Fatal(err)
	}
	if httpmock.GetTotalCallCount() != 1 {
		t.Fatalf("%d calls reached httpmock", httpmock.GetTotalCallCount())
	}
}

func TestAlreadyCancelledContextIsACanceledError(t *testing.T) {
	c, mt := newMockClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := omnichannel.New(c).Visitors.ChatHistory(ctx, "r1", "v1", nil)
	var ce *rocketchat.CanceledError
	if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) || ce.Path != "/prefix/api/v1/livechat/visitors.chatHistory/room/r1/visitor/v1" {
		t.Fatalf("err = %v", err)
	}
	if mt.GetTotalCallCount() != 0 {
		t.Fatal("a request was sent on a cancelled context")
	}
}

func TestLoginRefusesMissingCredentialsBeforeSending(t *testing.T) {
	c, mt := newAnonymous(t)
	for _, req := range []rocketchat.LoginRequest{{User: "a"}, {Password: "b"}} {
		if _, _, err := c.Login(context.Background(), req); !errors.Is(err, rocketchat.ErrInvalidArgument) {
			t.Errorf("Login(%q): err = %v, want ErrInvalidArgument", req.User, err)
		}
	}
	plain, err := rocketchat.NewClient("http://chat.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := plain.Login(context.Background(), rocketchat.LoginRequest{User: "a", Password: "b"}); !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Errorf("Login over plain http: err = %v, want ErrInvalidArgument", err)
	}
	if mt.GetTotalCallCount() != 0 {
		t.Fatal("a login was sent")
	}
}
