package rocketchattest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func TestRequestsAreRecordedWithSecretsRedacted(t *testing.T) {
	srv, cred, ids := agentServer(t, 3)
	srv.AddUser(rocketchattest.User{Username: "ana", Password: "hunter2"})
	call(t, srv.HTTPClient(), http.MethodPost, srv.URL()+"/api/v1/login", rocketchattest.Credentials{},
		`{"user":"ana","password":"hunter2","code":"123456"}`)
	resp, err := http.PostForm(srv.URL()+"/api/v1/login", url.Values{"user": {"ana"}, "password": {"hunter2"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), ids[0], "visitor1", "count=5&sort=%7B%22ts%22%3A-1%7D"), cred, "")

	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests recorded, want 3", len(reqs))
	}
	for _, r := range reqs {
		if strings.Contains(r.Body, "hunter2") || strings.Contains(r.Body, "123456") {
			t.Errorf("secret in recorded body %q", r.Body)
		}
		if strings.Contains(strings.Join(r.Header.Values("X-Auth-Token"), ""), cred.AuthToken) {
			t.Error("auth token recorded")
		}
	}
	wantBody(t, reqs[0].Body, `{"user":"ana","password":"[REDACTED]","code":"[REDACTED]"}`)
	if reqs[0].Route != rocketchattest.RouteLogin || reqs[0].Status != http.StatusOK || reqs[0].Method != http.MethodPost {
		t.Errorf("login record %+v", reqs[0])
	}
	if got := reqs[1].Body; got != "password=%5BREDACTED%5D&user=ana" {
		t.Errorf("form body recorded as %q", got)
	}
	h := reqs[2]
	if h.Route != rocketchattest.RouteChatHistory || h.Query.Get("count") != "5" || h.Query.Get("sort") != `{"ts":-1}` ||
		h.Header.Get("X-User-Id") != cred.UserID || h.Header.Get("X-Auth-Token") != rocketchattest.Redacted || h.Time.IsZero() {
		t.Errorf("history record %+v", h)
	}
	reqs[2].Query.Set("count", "changed")
	if srv.Requests()[2].Query.Get("count") != "5" {
		t.Error("Requests shares its maps with the server")
	}
	srv.ResetRecords()
	if len(srv.Requests()) != 0 || srv.Stats(rocketchattest.AnyRoute).Requests != 0 {
		t.Error("ResetRecords left records behind")
	}
}

func TestStatsOfAllRoutes(t *testing.T) {
	srv := rocketchattest.NewServer(t)
	call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", rocketchattest.Credentials{}, "")
	call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/nope", rocketchattest.Credentials{}, "")
	if st := srv.Stats(rocketchattest.AnyRoute); st.Requests != 2 {
		t.Errorf("all routes: %+v", st)
	}
	if st := srv.Stats(rocketchattest.RouteChatHistory); st != (rocketchattest.RouteStats{}) {
		t.Errorf("unused route: %+v", st)
	}
	if r := srv.Requests()[1]; r.Route != "" || r.Status != http.StatusNotFound {
		t.Errorf("unknown path record %+v", r)
	}
}
