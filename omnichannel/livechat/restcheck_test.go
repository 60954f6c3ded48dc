package livechat_test

import (
	"context"
	"strings"
	"testing"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/restcheck"
	"github.com/rocketchat-go/rocketchat/omnichannel/livechat"
)

// anyAnswer is an answer every widget call accepts.
const anyAnswer = `{"messages":[],"message":{"_id":"m1","rid":"r1","msg":"hi"},"visitor":{"_id":"v1","token":"t"},` +
	`"room":{"_id":"r1"},"newRoom":false,"config":{"enabled":true},"rid":"r1","comment":"Closed by visitor","data":{"satisfaction":"5"},"success":true}`

// widgetValidators are the rest-typings 8.8.1 validators of the widget's
// routes that have one. livechat/visitor and livechat/room are checked by
// check() (the fake server does it as the server does), the upload has no
// schema.
var widgetValidators = map[string]string{
	"POST livechat/message":         "isPOSTLivechatMessageParams",
	"GET livechat/messages.history": "isGETLivechatMessagesHistoryRidParams",
	"POST livechat/room.close":      "isPOSTLivechatRoomCloseParams",
	"GET livechat/config":           "isGETLivechatConfigParams",
	"POST livechat/offline.message": "isPOSTLivechatOfflineMessageParams",
	"POST livechat/transcript":      "isPOSTLivechatTranscriptParams",
	"POST livechat/room.survey":     "isPOSTLivechatRoomSurveyParams",
	"GET livechat/room":             "isGETLivechatRoomParams",
}

// Every widget request, for every option, passes its route's validation.
func TestWidgetRequestsPassServerValidation(t *testing.T) {
	rec := &restcheck.Recorder{Body: anyAnswer}
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithHTTPClient(rec.Client()))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := livechat.NewSession(c, "tok&en=1 ?é")
	ctx := context.Background()
	fail := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range []*livechat.RoomOptions{nil, {RoomID: "r1"}, {AgentID: "a1"}, {RoomID: "r1", AgentID: "a1"}} {
		_, _, err := s.Room(ctx, o)
		fail(err)
	}
	for _, text := range []string{"", "hello", `quote " and \ and ünicode`} {
		_, _, err := s.Send(ctx, "r1", text)
		fail(err)
	}
	end := time.Date(2025, 9, 1, 12, 0, 0, 123e6, time.FixedZone("BRT", -3*3600))
	for _, o := range []*livechat.HistoryOptions{nil, {Limit: 5}, {End: end}, {Limit: 5, End: end, Offset: 3}} {
		_, _, err := s.History(ctx, "r1", o)
		fail(err)
	}
	for range s.HistoryAll(ctx, "r1", &livechat.HistoryOptions{End: end}) {
	}
	for _, o := range []*livechat.ConfigOptions{nil, {Department: "Sales"}, {Department: "d", BusinessUnit: "u"}} {
		_, _, err := s.Config(ctx, o)
		fail(err)
	}
	_, _, err = s.Close(ctx, "r1")
	fail(err)
	// The offline message and the transcript answer a sentence.
	sentences := &restcheck.Recorder{Body: `{"message":"sent","success":true}`}
	c2, _ := rocketchat.NewClient("https://chat.example.com", rocketchat.WithHTTPClient(sentences.Client()))
	s, _ = livechat.NewSession(c2, "tok&en=1 ?é")
	for _, m := range []livechat.OfflineMessage{{Name: "n", Email: "e@x.y", Message: "m"}, {Name: "n", Email: "e", Message: "m", Department: "d", Host: "h"}} {
		_, _, err := s.SendOfflineMessage(ctx, m)
		fail(err)
	}
	_, _, err = s.EmailTranscript(ctx, "r1", "e@x.y")
	fail(err)
	s, _ = livechat.NewSession(c, "tok&en=1 ?é")
	_, _, err = s.Survey(ctx, "r1", []livechat.SurveyAnswer{{Name: "satisfaction", Value: "5"}, {Name: "additionalFeedback", Value: "great"}})
	fail(err)

	var checks []restcheck.Request
	var names []string
	for _, r := range append(rec.Requests(), sentences.Requests()...) {
		name := r.Method + " " + strings.TrimPrefix(r.URL.Path, "/api/v1/")
		if strings.HasPrefix(name, "GET livechat/messages.history/") {
			name = "GET livechat/messages.history"
		}
		v, ok := widgetValidators[name]
		if !ok {
			t.Fatalf("no validator for %s", name)
		}
		if r.Header.Get("X-Auth-Token") != "" || r.Header.Get("X-User-Id") != "" {
			t.Errorf("%s carries user credentials", name)
		}
		req, err := restcheck.FromHTTP(v, r)
		if err != nil {
			t.Fatal(err)
		}
		checks, names = append(checks, req), append(names, name)
	}
	for i, res := range restcheck.Validate(t, checks) {
		if !res.OK {
			t.Errorf("%s: Rocket.Chat would refuse it:\n%s", names[i], res)
		}
	}
}
