package livechat_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel/livechat"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// The visitor's token, wherever a call carries it (path, query, body,
// header), shows in no log line, no error and no record of the server's;
// and a session built from a user's client sends no user credentials.
func TestVisitorTokenStaysSecret(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithSetting("Livechat_accept_chats_with_no_agents", true))
		user := srv.AddUser(rocketchattest.User{Username: "someone"})
		var logs bytes.Buffer
		c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithHTTPClient(srv.HTTPClient()), rocketchat.WithToken(user.UserID, user.AuthToken),
			rocketchat.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		if err != nil {
			t.Fatal(err)
		}
		const token = "Visitor-Token-Quite-Secret-42"
		s, _ := livechat.NewSession(c, token)
		ctx := context.Background()
		var errs []error
		keep := func(_ any, _ *rocketchat.Response, err error) {
			if err != nil {
				errs = append(errs, err)
			}
		}
		keep(s.Visitor(ctx)) // unregistered: an error naming the path
		keep(s.Register(ctx, &livechat.RegisterOptions{Name: "Maria"}))
		keep(s.Visitor(ctx))
		room, _, err := s.Room(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		rid := room.Room.ID
		srv.Inject(rocketchattest.RouteWidgetHistory, rocketchattest.ResetMidBody(), rocketchattest.ServerErrors(503, 10))
		keep(s.History(ctx, rid, nil)) // a transport error, then 503s to the end
		srv.Inject(rocketchattest.RouteVisitorByToken, rocketchattest.ServerErrors(502, 10))
		keep(s.Visitor(ctx)) // the proxy's page, the token in the path
		srv.Inject(rocketchattest.RouteWidgetConfig, rocketchattest.Fault{Drop: true, Times: 10})
		keep(s.Config(ctx, nil)) // a *url.Error, the token in the URL's query
		keep(s.Send(ctx, rid, "hi"))
		keep(s.Upload(ctx, rid, livechat.File{Name: "a.txt", Content: strings.NewReader("x")}))
		keep(s.Close(ctx, rid))
		keep(s.Close(ctx, rid)) // closed: an error
		if len(errs) < 5 {
			t.Fatalf("only %d errors to look at: %v", len(errs), errs)
		}
		var seen strings.Builder
		for _, e := range errs {
			fmt.Fprintf(&seen, "%v\n%+v\n%#v\n", e, e, e)
			var api *rocketchat.APIError
			if errors.As(e, &api) {
				fmt.Fprintf(&seen, "%+v %s\n", *api, api.Body)
			}
			var uerr *url.Error // Go's HTTP client puts the whole URL in it
			if errors.As(e, &uerr) {
				fmt.Fprintf(&seen, "%s %v\n", uerr.URL, uerr)
			}
		}
		if strings.Contains(seen.String(), token) {
			t.Errorf("an error shows the token:\n%s", seen.String())
		}
		if !strings.Contains(seen.String(), "livechat/visitor/[REDACTED]") {
			t.Errorf("no error names the visitor route with the token redacted:\n%s", seen.String())
		}
		if strings.Contains(logs.String(), token) {
			t.Errorf("the log shows the token:\n%s", logs.String())
		}
		for _, r := range srv.Requests() {
			dump := fmt.Sprint(r.Path, r.RawQuery, r.Query, r.Body, r.Header)
			if strings.Contains(dump, token) {
				t.Errorf("the server's record of %s shows the token: %s", r.Route, dump)
			}
			if r.Header.Get("X-User-Id") != "" || r.Header.Get("X-Auth-Token") != "" {
				t.Errorf("%s carried the user's credentials", r.Route)
			}
		}
	})
}

func TestSessionRefusesPlainHTTPToARemoteHost(t *testing.T) {
	c, err := rocketchat.NewClient("http://chat.example.com", rocketchat.WithHTTPClient(&http.Client{Transport: failTransport{t}}))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := livechat.NewSession(c, livechat.NewToken())
	if _, _, err := s.Room(context.Background(), nil); !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Fatalf("err %v, want ErrInvalidArgument", err)
	}
}

type failTransport struct{ t *testing.T }

func (f failTransport) RoundTrip(*http.Request) (*http.Response, error) {
	f.t.Error("a request was sent")
	return nil, errors.New("not sent")
}
