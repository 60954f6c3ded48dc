package livechat_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel/livechat"
)

// An empty required argument is refused before anything is sent, with one
// phrasing that names the argument.
func TestMissingArgumentsAreRefusedAlike(t *testing.T) {
	mt := httpmock.NewMockTransport()
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	s, err := livechat.NewSession(c, "visitor-token")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	errOf := func(_ any, _ *rocketchat.Response, err error) error { return err }
	_, noClient := livechat.NewSession(nil, "t")
	_, noToken := livechat.NewSession(c, "")
	var walkErr error
	for _, err := range s.HistoryAll(ctx, "", nil) {
		walkErr = err
	}
	for name, tc := range map[string]struct {
		err  error
		want string
	}{
		"NewSession (client)": {noClient, "client"},
		"NewSession (token)":  {noToken, "token"},
		"Send":                {errOf(s.Send(ctx, "", "hi")), "roomID"},
		"SendWithID":          {errOf(s.SendWithID(ctx, "r", "", "hi")), "id"},
		"History":             {errOf(s.History(ctx, "", nil)), "roomID"},
		"HistoryAll":          {walkErr, "roomID"},
		"Close":               {errOf(s.Close(ctx, "")), "roomID"},
		"Upload":              {errOf(s.Upload(ctx, "", livechat.File{Name: "a", Content: strings.NewReader("a")})), "roomID"},
		"Upload (name)":       {errOf(s.Upload(ctx, "r", livechat.File{Content: strings.NewReader("a")})), "File.Name"},
		"Upload (content)":    {errOf(s.Upload(ctx, "r", livechat.File{Name: "a"})), "File.Content"},
		"EmailTranscript":     {errOf(s.EmailTranscript(ctx, "", "a@b.c")), "roomID"},
		"Survey":              {errOf(s.Survey(ctx, "", []livechat.SurveyAnswer{{Name: "satisfaction", Value: "5"}})), "roomID"},
		"Survey (answers)":    {errOf(s.Survey(ctx, "r", nil)), "answers"},
	} {
		if !errors.Is(tc.err, rocketchat.ErrInvalidArgument) || !strings.HasSuffix(tc.err.Error(), ": "+tc.want+" is required") {
			t.Errorf("%s: %v; want ErrInvalidArgument saying %q is required", name, tc.err, tc.want)
		}
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
