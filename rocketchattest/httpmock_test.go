package rocketchattest_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func TestChatHistoryResponderPages(t *testing.T) {
	rooms := rocketchattest.GenerateRooms(models.RoomVisitor{ID: "v"}, 150, 5)
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, rocketchattest.ChatHistoryPattern, rocketchattest.ChatHistoryResponder(rooms))
	c := &http.Client{Transport: mt}
	base := "https://chat.example.com"

	var got []string
	for offset := 0; ; {
		_, body := call(t, c, http.MethodGet, historyURL(base, "r", "v", "count=1000&offset="+itoa(offset)), rocketchattest.Credentials{}, "")
		p := decodePage(t, body)
		if p.Total != 150 || p.Count != len(p.History) || p.Count > 100 {
			t.Fatalf("page at %d: count=%d total=%d", offset, p.Count, p.Total)
		}
		if p.Count == 0 {
			break
		}
		got = append(got, p.ids()...)
		offset += p.Count
	}
	want := make([]string, len(rooms))
	for i, r := range rooms {
		want[i] = r.ID
	}
	if !slices.Equal(got, want) {
		t.Error("walk over the responder did not return every room once, newest first")
	}

	resp, body := call(t, c, http.MethodGet, historyURL(base, "r", "v", "sort=oops"), rocketchattest.Credentials{}, "")
	wantStatus(t, resp, http.StatusBadRequest)
	wantBody(t, body, sortError("oops"))
	if mt.GetTotalCallCount() == 0 {
		t.Error("the pattern matched nothing")
	}
}

func TestErrorResponders(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, "=~/busy", rocketchattest.TooManyRequestsResponder(30*time.Second))
	mt.RegisterResponder(http.MethodGet, "=~/down", rocketchattest.ErrorResponder(http.StatusBadGateway))
	mt.RegisterResponder(http.MethodGet, "=~/limit", rocketchattest.ErrorResponder(http.StatusTooManyRequests))
	c := &http.Client{Transport: mt}
	resp, body := call(t, c, http.MethodGet, "https://x/busy", rocketchattest.Credentials{}, "")
	wantStatus(t, resp, http.StatusTooManyRequests)
	wantBody(t, body, `{"success":false,"error":"Error, too many requests. Please slow down. You must wait 30 seconds before trying this endpoint again. [error-too-many-requests]"}`)
	if resp.Header.Get("X-RateLimit-Remaining") != "0" || resp.Header.Get("X-RateLimit-Reset") == "" {
		t.Errorf("429 headers %v", resp.Header)
	}
	resp, body = call(t, c, http.MethodGet, "https://x/down", rocketchattest.Credentials{}, "")
	if resp.StatusCode != http.StatusBadGateway || !strings.HasPrefix(body, "<html>") {
		t.Errorf("502: %d %q", resp.StatusCode, body)
	}
	_, body = call(t, c, http.MethodGet, "https://x/limit", rocketchattest.Credentials{}, "")
	if !strings.Contains(body, "wait 60 seconds") {
		t.Errorf("ErrorResponder(429): %s", body)
	}
}

func TestErrorResponderBodiesMatchTheServer(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener())
	plain := srv.AddUser(rocketchattest.User{Username: "plain"})
	_, notLoggedIn := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", rocketchattest.Credentials{}, "")
	_, forbidden := call(t, srv.HTTPClient(), http.MethodGet, historyURL(srv.URL(), "r", "v", ""), plain, "")
	_, notFound := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/nope", rocketchattest.Credentials{}, "")
	for status, want := range map[int]string{401: notLoggedIn, 403: forbidden, 404: notFound} {
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodGet, "https://chat.example.com/x", rocketchattest.ErrorResponder(status))
		resp, body := call(t, &http.Client{Transport: mt}, http.MethodGet, "https://chat.example.com/x", rocketchattest.Credentials{}, "")
		wantStatus(t, resp, status)
		wantBody(t, body, want)
	}
}

func TestServerResponderServesTheLifecycle(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit())
	cred := srv.AddUser(rocketchattest.User{Username: "agent", Roles: []string{"livechat-agent"}})
	room, err := srv.OpenChat(rocketchattest.Guest{Token: "tok"}, "hi")
	if err != nil {
		t.Fatal(err)
	}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(srv.Responder())
	resp, body := call(t, &http.Client{Transport: mt}, "GET", "https://chat.example.com/api/v1/livechat/inquiries.getOne?roomId="+room.ID, cred, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"rid":"`+room.ID+`"`) {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
}
