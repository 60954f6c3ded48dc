package rocketchattest_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// TestPermissionCheckOrderByVersion: 8.x refuses a missing permission before
// the rate limit; 7.x after it, so the 403 uses a call and carries the
// rate-limit headers, and a bad query is answered before the permission.
func TestPermissionCheckOrderByVersion(t *testing.T) {
	for _, tc := range []struct {
		version       string
		wantHeaders   bool
		badQueryFirst int // status of a bad query from a user without permission
	}{
		{"8.8.1", false, http.StatusForbidden},
		{"7.10.0", true, http.StatusBadRequest},
		{"6.13.1", true, http.StatusBadRequest},
	} {
		t.Run(tc.version, func(t *testing.T) {
			srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(),
				rocketchattest.WithVersion(tc.version), rocketchattest.WithRateLimit(2, time.Hour))
			plain := srv.AddUser(rocketchattest.User{Username: "plain"})
			resp, body := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), "r", "v", ""), plain, "")
			wantStatus(t, resp, http.StatusForbidden)
			wantBody(t, body, `{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}`)
			if got := resp.Header.Get("X-RateLimit-Remaining") == "1"; got != tc.wantHeaders {
				t.Errorf("403 carries rate-limit headers: %v, want %v (%v)", got, tc.wantHeaders, resp.Header)
			}
			resp, _ = call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), "r", "v", "count=x"), plain, "")
			wantStatus(t, resp, tc.badQueryFirst)
		})
	}
}

func TestWithVersionRefusesWhatItDoesNotModel(t *testing.T) {
	for _, v := range []string{"8.8", "9.0.0", "5.4.10", "v8.8.1", "8.08.1", ""} {
		if srv, err := rocketchattest.Start(rocketchattest.WithVersion(v), rocketchattest.WithoutListener()); err == nil {
			srv.Close()
			t.Errorf("WithVersion(%q) accepted", v)
		}
	}
}

func TestInfoRoute(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithRateLimit(1, time.Hour))
	sum := sha256.Sum256([]byte(srv.URL()))
	head := `{"workspaceUrl":"` + srv.URL() + `","hashedWorkspaceUrl":"` + hex.EncodeToString(sum[:]) + `",`
	tail := `"minimumClientVersions":{"desktop":"3.9.6","mobile":"4.39.0"},"success":true}`
	for range 3 { // no authentication, no rate limit
		resp, body := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/info", rocketchattest.Credentials{}, "")
		wantStatus(t, resp, http.StatusOK)
		wantBody(t, body, head+`"version":"8.8",`+tail)
		if resp.Header.Get("X-RateLimit-Limit") != "" {
			t.Fatal("/api/info is rate limited")
		}
	}
	admin := srv.AddUser(rocketchattest.User{Username: "root", Roles: []string{"admin"}})
	_, body := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/info", admin, "")
	wantBody(t, body, head+`"version":"8.8.1","info":{"version":"8.8.1"},`+tail)

	old := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithVersion("7.10.0"))
	if _, body := call(t, old.HTTPClient(), http.MethodGet, old.URL()+"/api/info", rocketchattest.Credentials{}, ""); !strings.Contains(body, `"version":"7.10"`) {
		t.Errorf("7.10.0 reports %s", body)
	}
	if resp, _ := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/info", rocketchattest.Credentials{}, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/api/v1/info: %d, want 404", resp.StatusCode)
	}
}

// Before 8.0 the server validated queries with coerceTypes true (no value
// turns into an array or out of one), without the isNotEmpty keyword, and
// parsed query and fields whenever they were given.
func TestQueryParsingByVersion(t *testing.T) {
	const (
		invalidQuery  = `{"success":false,"error":"Invalid query parameter provided: \"{bad\" [error-invalid-query]","errorType":"error-invalid-query","details":{"helperMethod":"parseJsonQuery"}}`
		invalidFields = `{"success":false,"error":"Invalid fields parameter provided: \"{\"a\":2}\" [error-invalid-fields]","errorType":"error-invalid-fields","details":{"helperMethod":"parseJsonQuery"}}`
	)
	for _, tc := range []struct {
		path         string
		want8, want7 string // "" for the rooms
	}{
		{path: "/api/v1/livechat/rooms?agents=abc", want7: `{"success":false,"error":"must be array [invalid-params]","errorType":"invalid-params"}`},
		{path: "/api/v1/livechat/visitors.chatHistory/room/r/visitor/v?count[]=5",
			want8: `{"success":false,"error":"invalid-room"}`, want7: `{"success":false,"error":"must be number [invalid-params]","errorType":"invalid-params"}`},
		{path: "/api/v1/livechat/rooms?query=%7Bbad", want7: invalidQuery},
		{path: "/api/v1/livechat/rooms?fields=" + url.QueryEscape(`{"a":2}`), want7: invalidFields},
		{path: "/api/v1/livechat/rooms?fields=" + url.QueryEscape(`{"a":0}`)},
		{path: "/api/v1/omnichannel/contacts.get?contactId=%20",
			want8: `{"success":false,"error":"must pass \"isNotEmpty\" keyword validation [invalid-params]","errorType":"invalid-params"}`,
			want7: `{"success":false,"error":"Resource not found"}`},
	} {
		for _, version := range []string{"8.8.1", "7.10.0"} {
			srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit(), rocketchattest.WithVersion(version))
			boss := srv.AddUser(rocketchattest.User{Username: "boss", Roles: []string{"admin"}})
			want := tc.want8
			if version != "8.8.1" {
				want = tc.want7
			}
			_, body := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+tc.path, boss, "")
			if want == "" && !strings.HasPrefix(body, `{"rooms":`) || want != "" && body != want {
				t.Errorf("%s on %s: %s\nwant %s", tc.path, version, body, cmpOr(want, "the rooms"))
			}
		}
	}
}
