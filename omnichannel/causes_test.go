package omnichannel_test

import (
	"errors"
	"net/http"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// A refusal of the client's own keeps the encoder's error as its cause.
func TestEncodingFailuresKeepTheirCause(t *testing.T) {
	oc := answering(t, `{"success":true}`)
	_, _, err := oc.Visitors.Autocomplete(t.Context(), "m", &omnichannel.AutocompleteOptions{Conditions: map[string]any{"x": make(chan int)}})
	if se := new(jsonv2.SemanticError); !errors.Is(err, rocketchat.ErrInvalidArgument) || !errors.As(err, &se) {
		t.Errorf("Autocomplete: %v; want ErrInvalidArgument wrapping a *json.SemanticError", err)
	}
	_, _, err = oc.Rooms.List(t.Context(), &omnichannel.RoomsOptions{CustomFields: map[string]string{"order": "\xff"}})
	if se := new(jsontext.SyntacticError); !errors.Is(err, rocketchat.ErrInvalidArgument) || !errors.As(err, &se) {
		t.Errorf("List: %v; want ErrInvalidArgument wrapping a *jsontext.SyntacticError", err)
	}
}

// When a visitor's newest conversation names no contact and the server's
// version cannot be learned, the error says so and keeps why.
func TestNoContactKeepsTheVersionFailure(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, "=~/api/v1/livechat/visitors.chatHistory/",
		httpmock.NewStringResponder(http.StatusOK, `{"history":[{"_id":"r1","t":"l"}],"count":1,"offset":0,"total":1,"success":true}`))
	mt.RegisterResponder(http.MethodGet, "https://chat.example.com/api/info",
		httpmock.NewStringResponder(http.StatusForbidden, `{"success":false,"error":"forbidden"}`))
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithToken("u", "t"), rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = omnichannel.New(c).Contacts.GetByVisitor(t.Context(), "v1", &omnichannel.ContactByVisitorOptions{RoomID: "r1"})
	if !errors.Is(err, omnichannel.ErrNoContact) || !errors.Is(err, rocketchat.ErrForbidden) {
		t.Errorf("Get: %v; want ErrNoContact carrying the 403 of /api/info", err)
	}
}
