package rocketchattest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func TestRoomsResponderFiltersPagesAndAddsDepartments(t *testing.T) {
	rooms := rocketchattest.GenerateRooms(models.RoomVisitor{ID: "v"}, 150, 5, rocketchattest.OpenRooms(20))
	rooms[0].Department = models.DepartmentRef{ID: rooms[0].DepartmentID, Name: "Named"}
	rooms = append(rooms, &models.Room{ID: "channel", Type: "c"})
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, rocketchattest.RoomsPattern, rocketchattest.RoomsResponder(rooms))
	c := &http.Client{Transport: mt}
	get := func(query string) (*http.Response, string) {
		return call(t, c, http.MethodGet, "https://chat.example.com/api/v1/livechat/rooms?"+query, rocketchattest.Credentials{}, "")
	}
	_, body := get("count=0&open=false")
	var p roomsPage
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	want := keep(rooms, func(r *models.Room) bool { return !r.Open && !r.OnHold })
	if !slices.Equal(p.ids(), want) || p.Total != 130 {
		t.Errorf("closed rooms: %d (total %d), want %d", len(p.Rooms), p.Total, len(want))
	}
	for _, r := range p.Rooms {
		if r.DepartmentID == rooms[0].DepartmentID && r.Department.Name != "Named" {
			t.Fatalf("room %s lacks its department: %+v", r.ID, r.Department)
		}
	}
	if _, body := get("count=2&offset=1"); !json.Valid([]byte(body)) || !contains(body, `"count":2,"offset":1,"total":150`) {
		t.Errorf("paging: %s", body)
	}
	resp, body := get("createdAt=" + url.QueryEscape(`{"start":"nope"}`))
	wantStatus(t, resp, http.StatusBadRequest)
	wantBody(t, body, `{"success":false,"error":"The \"createdAt.start\" query parameter must be a valid date."}`)
	resp, _ = get("agents=a&foo=1")
	wantStatus(t, resp, http.StatusBadRequest)
}

func TestRoomMessagesResponder(t *testing.T) {
	convs := rocketchattest.GenerateConversations(models.RoomVisitor{ID: "v", Token: "tok"}, 3, 5)
	var msgs []*models.Message
	for _, c := range convs {
		msgs = append(msgs, c.Messages...)
	}
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, rocketchattest.RoomMessagesPattern, rocketchattest.RoomMessagesResponder(msgs))
	c := &http.Client{Transport: mt}
	room := convs[1]
	u := "https://chat.example.com/api/v1/livechat/" + room.Room.ID + "/messages"
	_, body := call(t, c, http.MethodGet, u+"?count=0&sort="+url.QueryEscape(`{"ts":1}`), rocketchattest.Credentials{}, "")
	var p messagesPage
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	if want := visible(room.Messages); !slices.Equal(msgIDs(p.Messages), msgIDs(want)) || p.Total != len(want) || p.Count != 0 {
		t.Errorf("room %s: %v (count %d, total %d), want %v", room.Room.ID, msgIDs(p.Messages), p.Count, p.Total, msgIDs(want))
	}
	_, body = call(t, c, http.MethodGet, u+"?count=1", rocketchattest.Credentials{}, "")
	if !contains(body, `"offset":0,"count":1,"total":`) {
		t.Errorf("count echo: %s", body)
	}
	resp, body := call(t, c, http.MethodGet, "https://chat.example.com/api/v1/livechat/nope/messages", rocketchattest.Credentials{}, "")
	wantStatus(t, resp, http.StatusBadRequest)
	wantBody(t, body, `{"success":false,"error":"invalid-room"}`)
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
