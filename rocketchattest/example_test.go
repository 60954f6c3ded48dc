package rocketchattest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// get fetches a URL with credentials and returns the status and body.
func get(c *http.Client, u string, cred rocketchattest.Credentials) (int, string) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		panic(err)
	}
	req.Header.Set("X-User-Id", cred.UserID)
	req.Header.Set("X-Auth-Token", cred.AuthToken)
	resp, err := c.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// A program starts a server, seeds an agent and a visitor's history, and
// reads a page of it.
func ExampleStart() {
	srv, err := rocketchattest.Start(rocketchattest.WithRateLimit(10, time.Second))
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana", Password: "secret", Roles: []string{"livechat-manager"}})
	rooms := srv.GenerateHistory("visitor-1", 30, 42)

	u := srv.URL() + "/api/v1/livechat/visitors.chatHistory/room/" + rooms[0].ID + "/visitor/visitor-1?count=10&offset=20"
	status, body := get(http.DefaultClient, u, cred)
	var page struct {
		History []models.Room `json:"history"`
		Count   int           `json:"count"`
		Offset  int           `json:"offset"`
		Total   int           `json:"total"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		panic(err)
	}
	fmt.Println(status, page.Count, page.Offset, page.Total, page.History[0].ID == rooms[20].ID)
	// Output: 200 10 20 30 true
}

// Faults are injected per route: here a burst of two 503s after the first
// call, then normal service again.
func ExampleServer_Inject() {
	srv, _ := rocketchattest.Start(rocketchattest.WithoutListener())
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "bot", Roles: []string{"bot"}})
	srv.Inject(rocketchattest.RouteMe, rocketchattest.ServerErrors(http.StatusServiceUnavailable, 2).AfterCalls(1))

	var statuses []any
	for range 4 {
		status, _ := get(srv.HTTPClient(), srv.URL()+"/api/v1/me", cred)
		statuses = append(statuses, status)
	}
	fmt.Println(statuses...)
	fmt.Println(srv.Stats(rocketchattest.RouteMe).Faults, "faults")
	// Output:
	// 200 503 503 200
	// 2 faults
}

// Requests shows what a client sent, with the escaped path and without
// secrets.
func ExampleServer_Requests() {
	srv, _ := rocketchattest.Start(rocketchattest.WithoutListener())
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "admin", Roles: []string{"admin"}})
	srv.AddRoom(&models.Room{ID: "room/1", Type: models.RoomTypeLivechat, Visitor: models.RoomVisitor{ID: "v1"}})

	u := srv.URL() + "/api/v1/livechat/visitors.chatHistory/room/" + url.PathEscape("room/1") + "/visitor/v1?count=5"
	get(srv.HTTPClient(), u, cred)

	r := srv.Requests()[0]
	fmt.Println(r.Route)
	fmt.Println(r.Path, r.Query.Get("count"), r.Status)
	fmt.Println(r.Header.Get("X-Auth-Token"))
	// Output:
	// GET /api/v1/livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}
	// /api/v1/livechat/visitors.chatHistory/room/room%2F1/visitor/v1 5 200
	// [REDACTED]
}

// With httpmock, one line serves a whole history with the server's paging.
func ExampleChatHistoryResponder() {
	rooms := rocketchattest.GenerateRooms(models.RoomVisitor{ID: "v1", Username: "guest-1"}, 120, 7)

	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, rocketchattest.ChatHistoryPattern, rocketchattest.ChatHistoryResponder(rooms))
	c := &http.Client{Transport: mt}

	_, body := get(c, "https://chat.example.com/api/v1/livechat/visitors.chatHistory/room/any/visitor/v1?count=500", rocketchattest.Credentials{})
	var page struct{ Count, Total int }
	_ = json.Unmarshal([]byte(body), &page)
	fmt.Println(page.Count, page.Total)
	// Output: 100 120
}

// Generated histories are deterministic: the same seed gives the same rooms.
func ExampleGenerateRooms() {
	v := models.RoomVisitor{ID: "v1", Username: "guest-7", Name: "Maria Souza"}
	for _, r := range rocketchattest.GenerateRooms(v, 3, 1) {
		fmt.Println(r.ID, r.Timestamp.Format(time.RFC3339), r.Open, r.Source.Type)
	}
	// Output:
	// Hwp7aJNzMR2s8AMFH 2025-06-30T10:04:19Z true widget
	// oE4XS9CgSw8PokX6L 2025-06-28T11:45:21Z false widget
	// wb6wsuv8x3cPFtGvL 2025-06-26T08:20:46Z false email
}
