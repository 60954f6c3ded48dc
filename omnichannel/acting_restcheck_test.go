package omnichannel_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/restcheck"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// actingAnswer is an answer every acting call accepts: empty lists, an
// inquiry, a department, a message and a status.
const actingAnswer = `{"inquiries":[],"users":[],"departments":[],"count":0,"offset":0,"total":0,` +
	`"inquiry":{"_id":"i1","rid":"r1"},"department":{"_id":"d1","name":"Sales","enabled":true,"showOnRegistration":true,"showOnOfflineForm":true,"numAgents":0,"offlineMessageChannelName":""},` +
	`"message":{"_id":"m1","rid":"r1","msg":"hi"},"status":"available","success":true}`

// validators of the acting routes in @rocket.chat/rest-typings 8.8.1, by the
// route each request went to (method and path below /api/v1/, ids as
// {placeholders}).
var actingValidators = map[string]string{
	"GET livechat/inquiries.list":               "isGETLivechatInquiriesListParams",
	"GET livechat/inquiries.queuedForUser":      "isGETLivechatInquiriesQueuedForUserParams",
	"GET livechat/inquiries.getOne":             "isGETLivechatInquiriesGetOneParams",
	"POST livechat/inquiries.take":              "isPOSTLivechatInquiriesTakeParams",
	"POST livechat/room.forward":                "isLiveChatRoomForwardProps",
	"POST livechat/room.closeByUser":            "isPOSTLivechatRoomCloseByUserParams",
	"POST livechat/room.saveInfo":               "isLiveChatRoomSaveInfoProps",
	"GET livechat/room.join":                    "isLiveChatRoomJoinProps",
	"POST livechat/room.onHold":                 "isLivechatRoomOnHoldProps",
	"POST livechat/room.resumeOnHold":           "isLivechatRoomResumeOnHoldProps",
	"POST livechat/transcript/{rid}":            "isPOSTLivechatTranscriptRequestParams",
	"POST livechat/agent.status":                "isPOSTLivechatAgentStatusProps",
	"GET livechat/users/{type}":                 "isLivechatUsersManagerGETProps",
	"GET livechat/agents/{agentId}/departments": "isGETLivechatAgentsAgentIdDepartmentsParams",
	"GET livechat/department":                   "isGETLivechatDepartmentProps",
	"GET livechat/department/{_id}":             "isLivechatDepartmentIdProps",
	"POST chat.sendMessage":                     "isChatSendMessageProps",
}

// routeOf names a recorded request's route: the path's ids replaced by the
// placeholders of actingValidators.
func routeOf(r *http.Request) string {
	p := strings.TrimPrefix(r.URL.Path, "/api/v1/")
	segs := strings.Split(p, "/")
	switch {
	case len(segs) == 3 && segs[1] == "transcript":
		p = "livechat/transcript/{rid}"
	case len(segs) == 3 && segs[1] == "users":
		p = "livechat/users/{type}"
	case len(segs) == 4 && segs[1] == "agents":
		p = "livechat/agents/{agentId}/departments"
	case len(segs) == 3 && segs[1] == "department":
		p = "livechat/department/{_id}"
	}
	return r.Method + " " + p
}

func sorts() []rocketchat.Sort {
	return []rocketchat.Sort{nil, {{Field: "ts", Order: rocketchat.Asc}}, {{Field: "name", Order: rocketchat.Desc}, {Field: "_id", Order: rocketchat.Asc}}}
}

// Every request of the agent side passes its route's validation, for every
// combination of options.
func TestActingRequestsPassServerValidation(t *testing.T) {
	rec := &restcheck.Recorder{Body: actingAnswer}
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithToken("u", "t"), rocketchat.WithHTTPClient(rec.Client()))
	if err != nil {
		t.Fatal(err)
	}
	oc := omnichannel.New(c)
	ctx := context.Background()
	must := func(_ any, _ *rocketchat.Response, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ok := func(_ *rocketchat.Response, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, count := range []int{0, 5, rocketchat.AllItems} {
		for _, sort := range sorts() {
			for _, dept := range []string{"", "Sales", "dép & co"} {
				opts := &omnichannel.InquiryListOptions{Offset: 3, Count: count, Sort: sort, Department: dept, Prefetch: 2}
				must(oc.Inquiries.List(ctx, opts))
				must(oc.Inquiries.QueuedForUser(ctx, opts))
			}
			for _, o := range []*omnichannel.AgentListOptions{nil, {Count: count, Sort: sort, Text: "ana", ExcludeID: "x", OnlyAvailable: true, HideOffline: true}} {
				must(oc.Agents.List(ctx, o))
				must(oc.Agents.Managers(ctx, o))
			}
			for _, o := range []*omnichannel.DepartmentListOptions{nil, {Count: count, Sort: sort, Text: "s", EnabledOnly: true, ShowArchived: true, OnlyMine: true, ExcludeID: "d"}} {
				must(oc.Departments.List(ctx, o))
			}
		}
	}
	for range oc.Inquiries.QueuedForUserAll(ctx, nil) {
	}
	must(oc.Inquiries.GetByRoom(ctx, "r1"))
	for _, o := range []*omnichannel.TakeOptions{nil, {}, {UserID: "u2"}, {ClientAction: true}, {UserID: "u2", ClientAction: true}} {
		ok(oc.Inquiries.Take(ctx, "i1", o))
	}
	for _, f := range []omnichannel.ForwardRequest{
		{DepartmentID: "d1"}, {UserID: "u2"},
		{DepartmentID: "d1", UserID: "u2", Comment: "please", ClientAction: true},
	} {
		ok(oc.Rooms.Forward(ctx, "r1", f))
	}
	for _, o := range []*omnichannel.CloseOptions{
		nil, {}, {Comment: "done", Tags: []string{"a", "b"}}, {Tags: []string{}}, {GeneratePDF: true, Force: true},
		{Transcript: &omnichannel.TranscriptEmail{SendToVisitor: true}},
		{Transcript: &omnichannel.TranscriptEmail{Email: "a@b.c", Subject: "s"}},
		{Transcript: &omnichannel.TranscriptEmail{Email: "a@b.c"}},
	} {
		ok(oc.Rooms.Close(ctx, "r1", o))
	}
	for _, o := range []*omnichannel.SaveInfoOptions{
		nil, {},
		{Guest: omnichannel.GuestInfo{Name: "N", Email: "e@x.y", Phone: "1", LivechatData: map[string]string{"k": "v"}},
			Room: omnichannel.RoomInfo{Topic: "t", Tags: []string{}, LivechatData: map[string]any{"n": 1.5}, PriorityID: "p", SLAID: "s"}},
	} {
		ok(oc.Rooms.SaveInfo(ctx, "r1", "g", o))
	}
	ok(oc.Rooms.Join(ctx, "r1"))
	ok(oc.Rooms.OnHold(ctx, "r1"))
	ok(oc.Rooms.ResumeOnHold(ctx, "r1"))
	ok(oc.Rooms.RequestTranscript(ctx, "r1", omnichannel.TranscriptRequest{Email: "a@b.c", Subject: "s"}))
	ok(oc.Rooms.CancelTranscript(ctx, "r1"))
	must(oc.Rooms.Send(ctx, "r1", "hello"))
	for _, st := range []models.AgentStatus{"", models.AgentAvailable, models.AgentNotAvailable} {
		must(oc.Agents.SetStatus(ctx, st))
		must(oc.Agents.SetStatusOf(ctx, "u2", st))
	}
	must(oc.Agents.Departments(ctx, "u2", nil))
	must(oc.Agents.Departments(ctx, "u2", &omnichannel.AgentDepartmentsOptions{EnabledOnly: true}))
	for _, o := range []*omnichannel.DepartmentGetOptions{nil, {WithoutAgents: true, OnlyMine: true}} {
		must(oc.Departments.Get(ctx, "d1", o))
	}

	var checks []restcheck.Request
	var names []string
	for _, r := range rec.Requests() {
		v, ok := actingValidators[routeOf(r)]
		if !ok {
			if r.Method == http.MethodDelete {
				continue // DELETE livechat/transcript/{rid} takes nothing
			}
			t.Fatalf("no validator for %s", routeOf(r))
		}
		req, err := restcheck.FromHTTP(v, r)
		if err != nil {
			t.Fatal(err)
		}
		checks, names = append(checks, req), append(names, routeOf(r))
	}
	for i, res := range restcheck.Validate(t, checks) {
		if !res.OK {
			t.Errorf("%s: Rocket.Chat would refuse it:\n%s", names[i], res)
		}
	}
}
