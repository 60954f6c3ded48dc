package omnichannel_test

import (
	"context"
	"errors"
	"net/url"
	"reflect"
	"regexp"
	"testing"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/restcheck"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// emptyRooms is a livechat/rooms answer that ends any walk at once.
const emptyRooms = `{"rooms":[],"count":0,"offset":0,"total":0,"success":true}`

// recordingRooms returns the rooms endpoints of a client, authenticated as
// userID (none when empty), whose requests are recorded and answered body.
func recordingRooms(t *testing.T, userID, body string) (*omnichannel.RoomsService, *restcheck.Recorder) {
	t.Helper()
	rec := &restcheck.Recorder{Body: body}
	opts := []rocketchat.Option{rocketchat.WithHTTPClient(rec.Client())}
	if userID != "" {
		opts = append(opts, rocketchat.WithToken(userID, "auth-token"))
	}
	c, err := rocketchat.NewClient("https://chat.example.com", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return omnichannel.New(c).Rooms, rec
}

func TestRoomsQueryEncoding(t *testing.T) {
	may1 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		opts *omnichannel.RoomsOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		{"zero", &omnichannel.RoomsOptions{}, url.Values{}},
		{"paging", &omnichannel.RoomsOptions{Offset: 5, Count: 20, Sort: omnichannel.OldestFirst(), Prefetch: 2},
			url.Values{"offset": {"5"}, "count": {"20"}, "sort": {`{"ts":1,"_id":1}`}}},
		{"lists as name[]", &omnichannel.RoomsOptions{Agents: []string{"a1", "a2"}, Tags: []string{"refund"}, Units: []string{"u1"}},
			url.Values{"agents[]": {"a1", "a2"}, "tags[]": {"refund"}, "units[]": {"u1"}}},
		{"one department as a string", &omnichannel.RoomsOptions{Departments: []string{"d1"}},
			url.Values{"departmentId": {"d1"}}},
		{"departments as a list", &omnichannel.RoomsOptions{Departments: []string{"d1", "d2"}},
			url.Values{"departmentId[]": {"d1", "d2"}}},
		{"booleans as the handler compares them", &omnichannel.RoomsOptions{Open: new(true), OnHold: true, Queued: true},
			url.Values{"open": {"true"}, "onhold": {"true"}, "queued": {"true"}}},
		{"closed", &omnichannel.RoomsOptions{Open: new(false), OnHold: false, Queued: false},
			url.Values{"open": {"false"}}},
		{"dates", &omnichannel.RoomsOptions{
			CreatedAt: omnichannel.DateRange{Start: may1, End: may1.Add(24*time.Hour - time.Nanosecond)},
			ClosedAt:  omnichannel.DateRange{End: may1.Add(500 * time.Microsecond).In(time.FixedZone("X", 3600))}},
			url.Values{
				"createdAt": {`{"start":"2026-05-01T00:00:00.000Z","end":"2026-05-01T23:59:59.999Z"}`},
				"closedAt":  {`{"end":"2026-05-01T00:00:00.000Z"}`},
			}},
		{"start rounds up", &omnichannel.RoomsOptions{CreatedAt: omnichannel.DateRange{Start: may1.Add(time.Nanosecond)}},
			url.Values{"createdAt": {`{"start":"2026-05-01T00:00:00.001Z"}`}}},
		{"room name as given", &omnichannel.RoomsOptions{RoomName: `"Maria Souza"`},
			url.Values{"roomName": {`"Maria Souza"`}}},
		{"custom fields: literals escaped and anchored, patterns as given, keys sorted", &omnichannel.RoomsOptions{
			CustomFields:        map[string]string{"orderNumber": "A-1.5 (x)", "note": `back\slash "q"`},
			CustomFieldPatterns: map[string]string{"plan": "^(pro|ent)"}},
			url.Values{"customFields": {`{"note":"^back\\\\slash \"q\"$","orderNumber":"^A-1\\.5 \\(x\\)$","plan":"^(pro|ent)"}`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rooms, rec := recordingRooms(t, "me", emptyRooms)
			if _, _, err := rooms.List(context.Background(), tt.opts); err != nil {
				t.Fatal(err)
			}
			if got := rec.Requests()[0].URL.Query(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("query\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestRoomsMineIsTheCallersID(t *testing.T) {
	for _, opts := range []*omnichannel.RoomsOptions{{Mine: true}, {Mine: true, Agents: []string{"agent-7"}}} {
		rooms, rec := recordingRooms(t, "agent-7", emptyRooms)
		if _, _, err := rooms.List(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		if got := rec.Requests()[0].URL.Query()["agents[]"]; !reflect.DeepEqual(got, []string{"agent-7"}) {
			t.Errorf("Mine with Agents %v sent agents %v", opts.Agents, got)
		}
	}
}

// Options the server would misread are refused before anything is sent,
// by List and by ListAll alike.
func TestRoomsOptionsRefused(t *testing.T) {
	now := time.Now()
	many := make([]string, 501)
	for i := range many {
		many[i] = "x"
	}
	tests := []struct {
		name   string
		userID string
		opts   *omnichannel.RoomsOptions
	}{
		{"Mine without credentials", "", &omnichannel.RoomsOptions{Mine: true}},
		{"Mine with other agents", "me", &omnichannel.RoomsOptions{Mine: true, Agents: []string{"me", "other"}}},
		{"Mine with another agent", "me", &omnichannel.RoomsOptions{Mine: true, Agents: []string{"other"}}},
		{"empty department", "me", &omnichannel.RoomsOptions{Departments: []string{"d1", ""}}},
		{"empty agent", "me", &omnichannel.RoomsOptions{Agents: []string{""}}},
		{"over the server's array limit", "me", &omnichannel.RoomsOptions{Tags: many}},
		{"range backwards", "me", &omnichannel.RoomsOptions{CreatedAt: omnichannel.DateRange{Start: now, End: now.Add(-time.Second)}}},
		{"year past 9999", "me", &omnichannel.RoomsOptions{ClosedAt: omnichannel.DateRange{End: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}},
		{"field twice", "me", &omnichannel.RoomsOptions{CustomFields: map[string]string{"a": "1"}, CustomFieldPatterns: map[string]string{"a": "1"}}},
		{"empty field id", "me", &omnichannel.RoomsOptions{CustomFieldPatterns: map[string]string{"": "1"}}},
		{"invalid UTF-8", "me", &omnichannel.RoomsOptions{CustomFields: map[string]string{"a": "\xff"}}},
		{"negative count", "me", &omnichannel.RoomsOptions{Count: -2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rooms, rec := recordingRooms(t, tt.userID, emptyRooms)
			if _, _, err := rooms.List(context.Background(), tt.opts); !errors.Is(err, rocketchat.ErrInvalidArgument) {
				t.Errorf("List: err = %v, want ErrInvalidArgument", err)
			}
			n := 0
			for _, err := range rooms.ListAll(context.Background(), tt.opts) {
				n++
				if !errors.Is(err, rocketchat.ErrInvalidArgument) {
					t.Errorf("ListAll: err = %v, want ErrInvalidArgument", err)
				}
			}
			if n != 1 || len(rec.Requests()) != 0 {
				t.Errorf("ListAll yielded %d times; %d requests sent", n, len(rec.Requests()))
			}
		})
	}
}

// A walk uses the filters as they were when it was made.
func TestRoomsListAllCopiesTheOptions(t *testing.T) {
	rooms, rec := recordingRooms(t, "me", emptyRooms)
	opts := &omnichannel.RoomsOptions{Agents: []string{"a1"}, Open: new(true)}
	seq := rooms.ListAll(context.Background(), opts)
	opts.Agents[0], *opts.Open = "changed", false
	for _, err := range seq {
		t.Fatal(err)
	}
	if q := rec.Requests()[0].URL.Query(); q.Get("agents[]") != "a1" || q.Get("open") != "true" {
		t.Errorf("the walk sent %v", q)
	}
}

// LiteralPattern matches its string and nothing else, ignoring case, for
// strings full of characters special to regular expressions.
func TestLiteralPatternMatchesExactly(t *testing.T) {
	for _, s := range []string{"A-1", "1.5", "a+b", "(x)", "[y]", "{2}", "^$", `back\slash`, "a|b", "q?", "*", "", "é-Ü"} {
		re := regexp.MustCompile("(?i)" + omnichannel.LiteralPattern(s))
		if !re.MatchString(s) {
			t.Errorf("%q does not match itself", s)
		}
		for _, other := range []string{s + "0", "x" + s, s + "\nx"} {
			if re.MatchString(other) {
				t.Errorf("pattern of %q matches %q", s, other)
			}
		}
	}
	if !regexp.MustCompile("(?i)" + omnichannel.LiteralPattern("A-1")).MatchString("a-1") {
		t.Error("case matters")
	}
}
