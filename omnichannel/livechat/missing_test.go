package livechat_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel/livechat"
)

// A call that returns one document fails with ErrMalformedResponse, naming
// the member, when the answer lacks it or holds null (an upload answers
// the message itself: one without an id is no message).
func TestSingleDocumentAnswersWithoutTheDocument(t *testing.T) {
	calls := map[string]struct {
		member string
		call   func(s *livechat.Session) (got bool, err error)
	}{
		"Register": {"visitor", func(s *livechat.Session) (bool, error) {
			v, _, err := s.Register(t.Context(), &livechat.RegisterOptions{Name: "M"})
			return v != nil, err
		}},
		"Visitor": {"visitor", func(s *livechat.Session) (bool, error) {
			v, _, err := s.Visitor(t.Context())
			return v != nil, err
		}},
		"Room": {"room", func(s *livechat.Session) (bool, error) {
			r, _, err := s.Room(t.Context(), nil)
			return r != nil, err
		}},
		"Send": {"message", func(s *livechat.Session) (bool, error) {
			m, _, err := s.Send(t.Context(), "r1", "hi")
			return m != nil, err
		}},
		"Upload": {"_id", func(s *livechat.Session) (bool, error) {
			m, _, err := s.Upload(t.Context(), "r1", livechat.File{Name: "a.txt", Content: strings.NewReader("a")})
			return m != nil, err
		}},
		"Config": {"config", func(s *livechat.Session) (bool, error) {
			c, _, err := s.Config(t.Context(), nil)
			return c != nil, err
		}},
	}
	for _, body := range []string{`{"success":true}`, `{"visitor":null,"room":null,"newRoom":true,"message":null,"config":null,"success":true}`} {
		mt := httpmock.NewMockTransport()
		mt.RegisterNoResponder(httpmock.NewStringResponder(http.StatusOK, body))
		c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
		if err != nil {
			t.Fatal(err)
		}
		s, err := livechat.NewSession(c, "visitor-token")
		if err != nil {
			t.Fatal(err)
		}
		for name, c := range calls {
			got, err := c.call(s)
			if got || !errors.Is(err, rocketchat.ErrMalformedResponse) || !strings.Contains(err.Error(), `"`+c.member+`"`) {
				t.Errorf("%s on %s: document %v, err %v; want none and ErrMalformedResponse naming %q", name, body, got, err, c.member)
			}
			if err != nil && strings.Contains(err.Error(), "visitor-token") {
				t.Errorf("%s: the error shows the token: %v", name, err)
			}
		}
	}
}
