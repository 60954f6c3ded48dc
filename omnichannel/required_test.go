package omnichannel_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// first returns the error of the first item a walk yields.
func first[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		return err
	}
	return nil
}

// An empty required argument is refused before anything is sent, with one
// phrasing that names the argument as the method calls it.
func TestMissingArgumentsAreRefusedAlike(t *testing.T) {
	mt := httpmock.NewMockTransport()
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithToken("u", "t"),
		rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	oc, ctx := omnichannel.New(c), context.Background()
	errOf := func(_ any, _ *rocketchat.Response, err error) error { return err }
	respErr := func(_ *rocketchat.Response, err error) error { return err }
	for name, tc := range map[string]struct {
		err  error
		want string
	}{
		"ChatHistory":           {errOf(oc.Visitors.ChatHistory(ctx, "", "v", nil)), "roomID"},
		"ChatHistoryAll":        {first(oc.Visitors.ChatHistoryAll(ctx, "r", "", nil)), "visitorID"},
		"PagesVisited":          {errOf(oc.Visitors.PagesVisited(ctx, "", nil)), "roomID"},
		"PagesVisitedAll":       {first(oc.Visitors.PagesVisitedAll(ctx, "", nil)), "roomID"},
		"SearchChats":           {errOf(oc.Visitors.SearchChats(ctx, "r", "", nil)), "visitorID"},
		"SearchChatsAll":        {first(oc.Visitors.SearchChatsAll(ctx, "", "v", nil)), "roomID"},
		"ByToken":               {errOf(oc.Visitors.ByToken(ctx, "")), "token"},
		"RoomsByToken":          {errOf(oc.Visitors.RoomsByToken(ctx, "")), "token"},
		"Messages":              {errOf(oc.Rooms.Messages(ctx, "", nil)), "roomID"},
		"MessagesAll":           {first(oc.Rooms.MessagesAll(ctx, "", nil)), "roomID"},
		"Send":                  {errOf(oc.Rooms.Send(ctx, "", "hi")), "roomID"},
		"Close":                 {respErr(oc.Rooms.Close(ctx, "", nil)), "roomID"},
		"Join":                  {respErr(oc.Rooms.Join(ctx, "")), "roomID"},
		"OnHold":                {respErr(oc.Rooms.OnHold(ctx, "")), "roomID"},
		"ResumeOnHold":          {respErr(oc.Rooms.ResumeOnHold(ctx, "")), "roomID"},
		"CancelTranscript":      {respErr(oc.Rooms.CancelTranscript(ctx, "")), "roomID"},
		"Inquiries.GetByRoom":   {errOf(oc.Inquiries.GetByRoom(ctx, "")), "roomID"},
		"Take":                  {respErr(oc.Inquiries.Take(ctx, "", nil)), "inquiryID"},
		"SetStatusOf":           {errOf(oc.Agents.SetStatusOf(ctx, "", "")), "agentID"},
		"Departments.Get":       {errOf(oc.Departments.Get(ctx, "", nil)), "id"},
		"Contacts.History":      {errOf(oc.Contacts.History(ctx, "", nil)), "contactID"},
		"Contacts.HistoryAll":   {first(oc.Contacts.HistoryAll(ctx, "", nil)), "contactID"},
		"Contacts.Channels":     {errOf(oc.Contacts.Channels(ctx, "")), "contactID"},
		"Contacts.Create":       {errOf(oc.Contacts.Create(ctx, omnichannel.NewContact{})), "Name"},
		"Visitors.Info":         {errOf(oc.Visitors.Info(ctx, "")), "visitorID"},
		"Agents.Departments":    {errOf(oc.Agents.Departments(ctx, "", nil)), "agentID"},
		"RequestTranscript":     {respErr(oc.Rooms.RequestTranscript(ctx, "", omnichannel.TranscriptRequest{Email: "a@b.c", Subject: "s"})), "roomID"},
		"Forward (no room)":     {respErr(oc.Rooms.Forward(ctx, "", omnichannel.ForwardRequest{UserID: "u2"})), "roomID"},
		"Forward (no target)":   {respErr(oc.Rooms.Forward(ctx, "r", omnichannel.ForwardRequest{})), "DepartmentID or UserID"},
		"Contacts.Update":       {errOf(oc.Contacts.Update(ctx, "", nil)), "contactID"},
		"Contacts.Get":          {errOf(oc.Contacts.Get(ctx, "")), "contactID"},
		"Contacts.GetByVisitor": {errOf(oc.Contacts.GetByVisitor(ctx, "", nil)), "visitorID"},
		"SaveInfo (no room)":    {respErr(oc.Rooms.SaveInfo(ctx, "", "v", nil)), "roomID"},
		"SaveInfo (no guest)":   {respErr(oc.Rooms.SaveInfo(ctx, "r", "", nil)), "visitorID"},
	} {
		if !errors.Is(tc.err, rocketchat.ErrInvalidArgument) || !strings.HasSuffix(tc.err.Error(), ": "+tc.want+" is required") {
			t.Errorf("%s: %v; want ErrInvalidArgument saying %q is required", name, tc.err, tc.want)
		}
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
