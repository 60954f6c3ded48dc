package rocketchat_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

func roomsJSON(from, to int) string {
	var parts []string
	for i := from; i < to; i++ {
		parts = append(parts, fmt.Sprintf(`{"_id":"room-%05d","t":"l","msgs":%d}`, i, i))
	}
	return strings.Join(parts, ",")
}

func streamRooms(t *testing.T, c *rocketchat.Client, stopAfter int) ([]string, int, error) {
	t.Helper()
	var got []string
	call := rocketchat.Call{Method: "GET", Route: "livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}", Params: []string{"r1", "v1"}, Query: rocketchat.ListOptions{Count: rocketchat.AllItems}}
	total, _, err := rocketchat.StreamList(context.Background(), c, call, "history", func(r *models.Room) bool {
		got = append(got, r.ID)
		return len(got) != stopAfter
	})
	return got, total, err
}

func TestStreamListYieldsItemsAsDecoded(t *testing.T) {
	c, mt := newMockClient(t)
	mt.RegisterNoResponder(jsonResponder(200, `{"history":[`+roomsJSON(0, 5)+`,{"_id":"room-lenient","msgs":"7","cl":"false"}],"count":6,"offset":0,"total":6,"success":true}`))
	got, total, err := streamRooms(t, c, -1)
	if err != nil || total != 6 || len(got) != 6 || got[5] != "room-lenient" {
		t.Fatalf("got %v total %d err %v", got, total, err)
	}
	if q := mt.GetTotalCallCount(); q != 1 {
		t.Fatalf("%d calls", q)
	}
}

func TestStreamListStopsWhenTheConsumerDoes(t *testing.T) {
	c, mt := newMockClient(t)
	mt.RegisterNoResponder(jsonResponder(200, `{"history":[`+roomsJSON(0, 50)+`],"total":50,"success":true}`))
	got, _, err := streamRooms(t, c, 3)
	if err != nil || len(got) != 3 {
		t.Fatalf("got %d items, err %v; want 3 and a clean stop", len(got), err)
	}
}

func TestStreamListFailures(t *testing.T) {
	cases := map[string]struct {
		body     string
		sentinel error
		items    int
	}{
		"success false": {`{"success":false,"error":"invalid-room"}`, rocketchat.ErrInvalidRoom, 0},
		"cut off":       {`{"history":[` + roomsJSON(0, 3) + `,{"_id":"ro`, rocketchat.ErrMalformedResponse, 3},
		"not an object": {`[1,2]`, rocketchat.ErrMalformedResponse, 0},
		"html":          {`<html>oops</html>`, rocketchat.ErrMalformedResponse, 0},
		"wrong type":    {`{"history":{"a":1},"success":true}`, rocketchat.ErrMalformedResponse, 0},
	}
	for name, tc := range cases {
		c, mt := newMockClient(t)
		mt.RegisterNoResponder(jsonResponder(200, tc.body))
		got, _, err := streamRooms(t, c, -1)
		if !errors.Is(err, tc.sentinel) || len(got) != tc.items {
			t.Errorf("%s: %d items, err %v; want %d items then %v", name, len(got), err, tc.items, tc.sentinel)
		}
	}
}

func TestOldServersStatusErrorIsAFailureEverywhere(t *testing.T) {
	const body = `{"status":"error","message":"You must be logged in to do this."}`
	c, mt := newMockClient(t)
	mt.RegisterNoResponder(jsonResponder(200, body))
	var apiErr *rocketchat.APIError
	if _, _, err := streamRooms(t, c, -1); !errors.As(err, &apiErr) || apiErr.Message != "You must be logged in to do this." {
		t.Errorf("StreamList: err = %v, want the answer's *APIError", err)
	}
	if _, _, err := c.Me(context.Background()); !errors.As(err, &apiErr) {
		t.Errorf("Me: err = %v, want the answer's *APIError", err)
	}
	if _, _, err := chatHistory(c); !errors.As(err, &apiErr) {
		t.Errorf("Do: err = %v, want the answer's *APIError", err)
	}
}

func TestChatHistoryAllStreamsAllItemsAndPagesOnIfRefused(t *testing.T) {
	c, mt := newMockClient(t)
	var counts []string
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		counts = append(counts, q.Get("count"))
		if q.Get("count") == "0" { // infinite count switched off: the default page
			return jsonResponder(200, `{"history":[`+roomsJSON(0, 50)+`],"count":50,"offset":0,"total":130,"success":true}`)(req)
		}
		if q.Get("offset") != "50" {
			return nil, fmt.Errorf("unexpected query %v", q)
		}
		return jsonResponder(200, `{"history":[`+roomsJSON(50, 130)+`],"count":80,"offset":50,"total":130,"success":true}`)(req)
	})
	n := 0
	for r, err := range omnichannel.New(c).Visitors.ChatHistoryAll(context.Background(), "r1", "v1", &omnichannel.ChatHistoryOptions{Count: rocketchat.AllItems}) {
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("room-%05d", n); r.ID != want {
			t.Fatalf("item %d is %s", n, r.ID)
		}
		n++
	}
	if n != 130 || strings.Join(counts, ",") != "0,1000" {
		t.Fatalf("%d rooms with counts %v; want 130 from count=0 then one page", n, counts)
	}
}

func TestRefusedStreamThenPagingSkipsShiftedRooms(t *testing.T) {
	c, mt := newMockClient(t)
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		if q.Get("count") == "0" { // the default page of 50 of 130
			return jsonResponder(200, `{"history":[`+roomsJSON(0, 50)+`],"count":50,"offset":0,"total":130,"success":true}`)(req)
		}
		// Two new conversations arrived at the front: every room moved down
		// two places, so this page starts with two already yielded.
		return jsonResponder(200, `{"history":[`+roomsJSON(48, 130)+`],"count":82,"offset":50,"total":132,"success":true}`)(req)
	})
	seen := map[string]int{}
	for r, err := range omnichannel.New(c).Visitors.ChatHistoryAll(context.Background(), "r1", "v1", &omnichannel.ChatHistoryOptions{Count: rocketchat.AllItems}) {
		if err != nil {
			t.Fatal(err)
		}
		seen[r.ID]++
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("%s yielded %d times", id, n)
		}
	}
	if len(seen) != 130 {
		t.Fatalf("%d rooms, want the 130", len(seen))
	}
}

// StreamList reads a list answer's envelope as Do does: the same total,
// the same failures, whatever the spelling.
func TestStreamListAndDoReadTheEnvelopeAlike(t *testing.T) {
	type page struct {
		History []*models.Room `json:"history"`
		Total   int            `json:"total"`
	}
	cases := []struct {
		name, envelope string
		total          int // -1: both fail
	}{
		{"whole total with a fraction", `"total":1.0,"success":true`, 1},
		{"total as a string", `"total":"1","success":true`, 1},
		{"total with a fraction", `"total":1.5,"success":true`, -1},
		{"status a number", `"total":1,"status":5,"success":true`, 1},
		{"status an object", `"total":1,"status":{"code":1},"success":true`, 1},
		{"status error", `"total":1,"status":"error","message":"boom"`, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mt := newMockClient(t)
			mt.RegisterNoResponder(jsonResponder(200, `{"history":[`+roomsJSON(0, 1)+`],`+tc.envelope+`}`))
			call := rocketchat.Call{Method: "GET", Route: "x"}
			p, _, doErr := rocketchat.Do[page](context.Background(), c, call)
			total, _, streamErr := rocketchat.StreamList(context.Background(), c, call, "history", func(*models.Room) bool { return true })
			if tc.total < 0 {
				if doErr == nil || streamErr == nil {
					t.Fatalf("Do: %v, StreamList: %v; want both to fail", doErr, streamErr)
				}
				return
			}
			if doErr != nil || streamErr != nil || p.Total != tc.total || total != tc.total {
				t.Fatalf("Do: total %v err %v; StreamList: total %d err %v; want %d from both", p, doErr, total, streamErr, tc.total)
			}
		})
	}
}
