package omnichannel_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/omnichannel/livechat"
)

// ByToken carries a secret: it is not sent over plain http to a remote
// host.
func TestByTokenRefusesPlainHTTP(t *testing.T) {
	mt := httpmock.NewMockTransport()
	c, err := rocketchat.NewClient("http://chat.example.com", rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := omnichannel.New(c).Visitors.ByToken(t.Context(), "visitor-token")
	if v != nil || !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Fatalf("ByToken = %v, %v; want ErrInvalidArgument", v, err)
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// ByToken is the widget's call: it goes without the client's credentials,
// and the server's two codes for an unknown token match the one sentinel,
// which livechat shares.
func TestByTokenIsTheWidgetsCall(t *testing.T) {
	mt := httpmock.NewMockTransport()
	var sentAuth bool
	mt.RegisterResponder(http.MethodGet, "https://chat.example.com/api/v1/livechat/visitor/tok", func(r *http.Request) (*http.Response, error) {
		sentAuth = r.Header.Get("X-Auth-Token") != "" || r.Header.Get("X-User-Id") != ""
		return httpmock.NewStringResponse(http.StatusBadRequest, `{"success":false,"error":"error-invalid-token"}`), nil
	})
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithToken("u", "t"), rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = omnichannel.New(c).Visitors.ByToken(t.Context(), "tok")
	if !errors.Is(err, omnichannel.ErrInvalidToken) || !errors.Is(err, livechat.ErrInvalidToken) {
		t.Errorf("err %v; want ErrInvalidToken", err)
	}
	if sentAuth {
		t.Error("ByToken sent the client's credentials")
	}
	if livechat.ErrInvalidToken != omnichannel.ErrInvalidToken {
		t.Error("livechat.ErrInvalidToken is another error than omnichannel.ErrInvalidToken")
	}
}
