package omnichannel_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// emptyMessages is a livechat/{rid}/messages answer that ends any walk.
const emptyMessages = `{"messages":[],"offset":0,"count":50,"total":0,"success":true}`

func TestMessagesQueryEncoding(t *testing.T) {
	tests := []struct {
		opts *omnichannel.MessagesOptions
		want url.Values
	}{
		{nil, url.Values{}},
		{&omnichannel.MessagesOptions{}, url.Values{}},
		{&omnichannel.MessagesOptions{Offset: 3, Count: 7, Sort: omnichannel.OldestFirst(), Prefetch: 1, SearchTerm: "refund (urgent)"},
			url.Values{"offset": {"3"}, "count": {"7"}, "sort": {`{"ts":1,"_id":1}`}, "searchTerm": {"refund (urgent)"}}},
		{&omnichannel.MessagesOptions{Count: rocketchat.AllItems}, url.Values{"count": {"0"}}},
	}
	for i, tt := range tests {
		rooms, rec := recordingRooms(t, "me", emptyMessages)
		if _, _, err := rooms.Messages(context.Background(), "room/1?x", tt.opts); err != nil {
			t.Fatal(err)
		}
		req := rec.Requests()[0]
		if got := req.URL.Query(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%d: query %v, want %v", i, got, tt.want)
		}
		if got := req.URL.EscapedPath(); got != "/api/v1/livechat/room%2F1%3Fx/messages" {
			t.Errorf("%d: path %s", i, got)
		}
	}
}

// countEcho serves total messages as the route does: count in the answer
// is the page size asked for (clamped), never the page's length, and a page
// holds at most pageMax messages.
func countEcho(total, pageMax int) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		count, _ := strconv.Atoi(q.Get("count"))
		count = min(count, 100)
		var ids []string
		for i := offset; i < min(offset+min(count, pageMax), total); i++ {
			ids = append(ids, fmt.Sprintf(`{"_id":"m%d","rid":"r1","msg":"%d"}`, i, i))
		}
		body := fmt.Sprintf(`{"messages":[%s],"offset":%d,"count":%d,"total":%d,"success":true}`,
			strings.Join(ids, ","), offset, count, total)
		return httpmock.NewStringResponse(http.StatusOK, body), nil
	}
}

// The walk advances by the messages each page held: were it to trust the
// echoed count (100), it would skip 70 messages a page.
func TestMessagesAllIsNotFooledByTheCountEcho(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, `=~/api/v1/livechat/r1/messages`, countEcho(95, 30))
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithToken("u", "t"),
		rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for m, err := range omnichannel.New(c).Rooms.MessagesAll(context.Background(), "r1", nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m.ID)
	}
	if len(got) != 95 || got[0] != "m0" || got[94] != "m94" {
		t.Fatalf("walked %d messages: %v", len(got), got)
	}
	if n := mt.GetTotalCallCount(); n != 4 {
		t.Errorf("%d pages fetched, want 4 (30+30+30+5)", n)
	}
}

// A walk reads the options once; changing them during the walk changes
// nothing.
func TestMessagesAllCopiesTheOptions(t *testing.T) {
	rooms, rec := recordingRooms(t, "me", emptyMessages)
	opts := &omnichannel.MessagesOptions{SearchTerm: "refund"}
	seq := rooms.MessagesAll(context.Background(), "r1", opts)
	opts.SearchTerm = "changed"
	for _, err := range seq {
		t.Fatal(err)
	}
	if got := rec.Requests()[0].URL.Query().Get("searchTerm"); got != "refund" {
		t.Errorf("the walk searched %q", got)
	}
}
