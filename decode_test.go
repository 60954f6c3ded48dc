package rocketchat_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// oddRoom is a room with a value that fits no Go type the server could mean:
// a fractional message count.
func oddRoom(id string) string {
	return fmt.Sprintf(`{"_id":%q,"t":"l","ts":"2020-01-01T00:00:00.000Z","msgs":2.5,"usersCount":1,"v":{"_id":"v1","username":"guest-1"}}`, id)
}

// oddHistory seeds a fake server (no rate limit) with n rooms of visitor
// v1, the odd room among them at position odd (newest first), and returns a
// client signed in as a manager that logs to log.
func oddHistory(t *testing.T, n, odd int, log *bytes.Buffer, opts ...rocketchat.Option) (*rocketchattest.Server, *omnichannel.Service, string) {
	t.Helper()
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit())
	cred := addManager(srv)
	rooms := seedRooms(srv, "v1", n)
	// Between its neighbours in the default order (ts, newest first).
	ts := rooms[odd].Timestamp.Add(-1).UTC().Format("2006-01-02T15:04:05.000Z")
	raw := strings.Replace(oddRoom("odd-room"), "2020-01-01T00:00:00.000Z", ts, 1)
	if err := srv.AddRoomJSON([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	opts = append([]rocketchat.Option{
		rocketchat.WithToken(cred.UserID, cred.AuthToken),
		rocketchat.WithHTTPClient(srv.HTTPClient()),
		rocketchat.WithLogger(slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelWarn}))),
	}, opts...)
	c, err := rocketchat.NewClient(srv.URL(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, omnichannel.New(c), rooms[0].ID
}

func TestMisfitCostsNeitherThePageNorTheWalk(t *testing.T) {
	for _, count := range []int{0, 40, rocketchat.AllItems} {
		t.Run(fmt.Sprint("count=", count), func(t *testing.T) {
			var log bytes.Buffer
			_, oc, gate := oddHistory(t, 120, 57, &log)
			n, found := 0, false
			for room, err := range oc.Visitors.ChatHistoryAll(context.Background(), gate, "v1", &omnichannel.ChatHistoryOptions{Count: count}) {
				if err != nil {
					t.Fatalf("after %d rooms: %v", n, err)
				}
				n++
				if room.ID == "odd-room" {
					found = true
					checkOddRoom(t, room)
				} else if len(room.Misfits()) != 0 {
					t.Errorf("room %s: misfits %+v", room.ID, room.Misfits())
				}
			}
			if n != 121 || !found {
				t.Errorf("walked %d rooms (odd one found: %v), want all 121", n, found)
			}
			if !strings.Contains(log.String(), "level=WARN") || !strings.Contains(log.String(), "msgs") || !strings.Contains(log.String(), "document=odd-room") ||
				!strings.Contains(log.String(), "livechat/visitors.chatHistory") {
				t.Errorf("no Warn line naming the route and the member:\n%s", log.String())
			}
		})
	}
}

func checkOddRoom(t *testing.T, room *models.Room) {
	t.Helper()
	if room.UsersCount != 1 || room.Visitor.Username != "guest-1" {
		t.Errorf("the members that fit were not filled in: %+v", room)
	}
	ms := room.Misfits()
	if len(ms) != 1 || ms[0].Path != "msgs" || string(ms[0].Value) != "2.5" || ms[0].Err == nil {
		t.Errorf("misfits = %+v, want msgs 2.5 with its error", ms)
	}
}

func TestStrictDecodingFailsTheCall(t *testing.T) {
	var log bytes.Buffer
	_, oc, gate := oddHistory(t, 10, 3, &log, rocketchat.WithStrictDecoding())
	page, resp, err := oc.Visitors.ChatHistory(context.Background(), gate, "v1", nil)
	if !errors.Is(err, rocketchat.ErrMalformedResponse) || page != nil {
		t.Fatalf("page %v, err %v; want ErrMalformedResponse", page, err)
	}
	if resp == nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the response must still be returned: %v", resp)
	}
	if !strings.Contains(err.Error(), "msgs") {
		t.Errorf("the error does not name the member: %v", err)
	}
}

// A page whose own members do not fit (a total with a fraction) cannot be
// paged reliably: it fails, tolerant or not.
func TestMisfitInThePageEnvelopeFails(t *testing.T) {
	c, mt := newMockClient(t)
	mt.RegisterNoResponder(jsonResponder(200, `{"history":[`+oddRoom("a")+`],"count":1,"offset":0,"total":1.5,"success":true}`))
	_, _, err := omnichannel.New(c).Visitors.ChatHistory(context.Background(), "r1", "v1", nil)
	if !errors.Is(err, rocketchat.ErrMalformedResponse) || !strings.Contains(err.Error(), "total") {
		t.Fatalf("err = %v, want ErrMalformedResponse naming total", err)
	}
}

// A null in a list is skipped, by pages and by the count=0 stream, instead
// of reaching the loop as a nil room; it still counts as a position of the
// list, so the walk asks for no more.
func TestNullItemsAreSkipped(t *testing.T) {
	for _, count := range []int{0, rocketchat.AllItems} {
		c, mt := newMockClient(t)
		mt.RegisterNoResponder(jsonResponder(200, `{"history":[null,`+oddRoom("a")+`,null],"count":3,"offset":0,"total":3,"success":true}`))
		var ids []string
		for room, err := range omnichannel.New(c).Visitors.ChatHistoryAll(context.Background(), "r1", "v1", &omnichannel.ChatHistoryOptions{Count: count}) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, room.ID)
		}
		if len(ids) != 1 || ids[0] != "a" {
			t.Errorf("count=%d: yielded %q, want only a", count, ids)
		}
		if n := mt.GetTotalCallCount(); n != 1 {
			t.Errorf("count=%d: %d requests for a list of 3 that came whole", count, n)
		}
	}
}

// The Warn line for a misfit names the member, the Go type and the JSON
// kind, never the value: a date member may hold anything, and an error
// about it quotes it.
func TestMisfitLogShowsNoValue(t *testing.T) {
	const value = "secret-value-here"
	var log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelWarn}))
	c, mt := newMockClient(t, rocketchat.WithLogger(logger))
	room := `{"_id":"a","t":"l","ts":"` + value + `","msgs":2.5}`
	mt.RegisterNoResponder(jsonResponder(200, `{"history":[`+room+`],"count":1,"offset":0,"total":1,"success":true}`))
	page, _, err := omnichannel.New(c).Visitors.ChatHistory(context.Background(), "r1", "v1", nil)
	if err != nil || len(page.History) != 1 || len(page.History[0].Misfits()) != 2 {
		t.Fatalf("page %+v, err %v; want the room with two misfits", page, err)
	}
	got := log.String()
	if strings.Contains(got, value) || strings.Contains(got, "2.5") {
		t.Errorf("the log shows a value:\n%s", got)
	}
	for _, want := range []string{"member=history[0].ts", "type=time.Time", "json=string", "member=history[0].msgs", "type=int", "json=number"} {
		if !strings.Contains(got, want) {
			t.Errorf("the log lacks %s:\n%s", want, got)
		}
	}
}
