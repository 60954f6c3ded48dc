package rocketchattest_test

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// Every filter against the same predicate written over the rooms as Go
// values: the server's query, condition by condition.
func TestRoomsFilters(t *testing.T) {
	srv, cred, rooms := roomsServer(t)
	edge := edgeRooms()
	srv.AddRooms(edge...)
	rooms = append(rooms, edge...)
	mid := rooms[20]
	closedMid := rooms[60]
	iso := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
	q := url.QueryEscape
	agent := rooms[0].ServedBy.ID + rooms[1].ServedBy.ID // one of them is set
	tests := []struct {
		query string
		keep  func(r *models.Room) bool
	}{
		{"createdAt=" + q(`{"start":"`+iso(mid.Timestamp)+`"}`), func(r *models.Room) bool { return !r.Timestamp.Before(mid.Timestamp) }},
		{"createdAt=" + q(`{"end":"`+iso(mid.Timestamp)+`"}`), func(r *models.Room) bool { return !r.Timestamp.After(mid.Timestamp) }},
		{"createdAt=" + q(`{"start":"`+iso(mid.Timestamp)+`","end":"`+iso(mid.Timestamp)+`"}`),
			func(r *models.Room) bool { return r.Timestamp.Equal(mid.Timestamp) }},
		{"createdAt=" + q(`{"start":"2025-06-01","end":"2025-06-10T12:00:00+02:00"}`), func(r *models.Room) bool {
			return !r.Timestamp.Before(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) && !r.Timestamp.After(time.Date(2025, 6, 10, 10, 0, 0, 0, time.UTC))
		}},
		{"closedAt=" + q(`{"start":"`+iso(closedMid.ClosedAt)+`"}`), func(r *models.Room) bool {
			return !r.ClosedAt.IsZero() && !r.ClosedAt.Before(closedMid.ClosedAt)
		}},
		{"closedAt=" + q(`{"end":"2100-01-01"}`), func(r *models.Room) bool { return !r.ClosedAt.IsZero() }},
		{"createdAt=" + q(`{}`), func(*models.Room) bool { return false }}, // ts: {} matches nothing
		{"createdAt=" + q(`{"start":""}`), func(*models.Room) bool { return false }},
		{"createdAt=null&closedAt=0", func(*models.Room) bool { return true }},
		{"open=true", func(r *models.Room) bool { return r.Open && r.ServedBy.ID != "" && !r.OnHold }},
		{"open=false", func(r *models.Room) bool { return !r.Open && !r.OnHold }},
		{"open=maybe", func(*models.Room) bool { return true }},
		{"onhold=true", func(r *models.Room) bool { return r.OnHold }},
		{"onhold=1", func(r *models.Room) bool { return r.OnHold }},
		{"onhold=false", func(*models.Room) bool { return true }},
		{"open=true&onhold=true", func(r *models.Room) bool { return r.Open && r.ServedBy.ID != "" && r.OnHold }},
		{"queued=true", func(r *models.Room) bool { return r.Open && r.ServedBy.ID == "" && !r.OnHold }},
		{"queued=t&open=false&onhold=true", func(r *models.Room) bool { return r.Open && r.ServedBy.ID == "" && !r.OnHold }},
		{"agents[]=" + q(agent), func(r *models.Room) bool { return r.ServedBy.ID == agent }},
		{"departmentId=deptBilling00002B", func(r *models.Room) bool { return r.DepartmentID == "deptBilling00002B" }},
		{"departmentId[]=deptBilling00002B&departmentId[]=deptSupport00001A", func(r *models.Room) bool { return r.DepartmentID != "" }},
		{"departmentId=unknown", func(*models.Room) bool { return false }},
		{"tags[]=refund&tags[]=vip", func(r *models.Room) bool {
			return slices.Contains(r.Tags, "refund") || slices.Contains(r.Tags, "vip")
		}},
		{"units[]=unit-1", func(r *models.Room) bool { return slices.Contains(r.DepartmentAncestors, "unit-1") }},
		{"roomName=maria", func(r *models.Room) bool { return strings.Contains(strings.ToLower(r.FName), "maria") }},
		{"roomName=" + q("a.b"), func(r *models.Room) bool { return strings.Contains(strings.ToLower(r.FName), "a.b") }},
		{"roomName=" + q(`"Maria Souza"`), func(r *models.Room) bool { return r.FName == "Maria Souza" }},
		{"roomName=" + q(`"maria souza"`), func(r *models.Room) bool { return r.FName == "maria souza" }},
		{"customFields=" + q(`{"plan":"PRO"}`), func(r *models.Room) bool { return fieldMatches(r, "plan", "(?i)pro") }},
		{"customFields=" + q(`{"orderNumber":"^A-1\\d{4}$","plan":"ent"}`), func(r *models.Room) bool {
			return fieldMatches(r, "orderNumber", `(?i)^A-1\d{4}$`) && fieldMatches(r, "plan", "(?i)ent")
		}},
		{"customFields=" + q(`{"nps":"1"}`), func(r *models.Room) bool { return fieldMatches(r, "nps", "1") }}, // numbers never match
		{"customFields=" + q(`{"codes":"b"}`), func(r *models.Room) bool { return fieldMatches(r, "codes", "(?i)b") }},
		{"customFields=" + q(`{}`), func(*models.Room) bool { return true }},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := listRooms(t, srv, cred, "count=0&"+tt.query)
			want := keep(rooms, tt.keep)
			if !slices.Equal(sorted(got.ids()), sorted(want)) || got.Total != len(want) {
				t.Errorf("got %d rooms (total %d), want %d\n got %v\nwant %v", len(got.Rooms), got.Total, len(want), sorted(got.ids()), sorted(want))
			}
		})
	}
}

// edgeRooms are rooms generated histories lack: a closed room left on
// hold, a room in a unit, a list-valued custom field, lower-case names.
func edgeRooms() []*models.Room {
	v := models.RoomVisitor{ID: "v-edge"}
	ts := time.Date(2025, 6, 5, 0, 0, 0, 0, time.UTC)
	return []*models.Room{
		{ID: "edge-hold", Type: "l", Visitor: v, Timestamp: ts, OnHold: true, ClosedAt: ts.Add(time.Hour),
			ServedBy: models.ServedBy{ID: "x"}, FName: "a.b"},
		{ID: "edge-unit", Type: "l", Visitor: v, Timestamp: ts.Add(time.Minute), Open: true,
			DepartmentAncestors: []string{"unit-1"}, FName: "maria souza"},
		{ID: "edge-list", Type: "l", Visitor: v, Timestamp: ts.Add(2 * time.Minute), FName: "axb",
			LivechatData: map[string]any{"codes": []any{"A", "B"}, "nps": 1.0}},
		{ID: "edge-channel", Type: "c", Visitor: v, Timestamp: ts}, // not a livechat room
	}
}

// fieldMatches is a MongoDB regex on livechatData.key: strings, or a list
// with a matching string.
func fieldMatches(r *models.Room, key, pattern string) bool {
	re := regexp.MustCompile(pattern)
	switch v := r.LivechatData[key].(type) {
	case string:
		return re.MatchString(v)
	case []any:
		return slices.ContainsFunc(v, func(e any) bool { s, ok := e.(string); return ok && re.MatchString(s) })
	}
	return false
}

func keep(rooms []*models.Room, f func(*models.Room) bool) []string {
	var out []string
	for _, r := range rooms {
		if r.Type == "l" && f(r) {
			out = append(out, r.ID)
		}
	}
	return out
}

func sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// Every filter must keep some rooms and drop others, or the test above
// proves little.
func TestRoomsFilterFixtureHasVariety(t *testing.T) {
	_, _, rooms := roomsServer(t)
	rooms = append(rooms, edgeRooms()...)
	count := func(f func(*models.Room) bool) int { return len(keep(rooms, f)) }
	for name, n := range map[string]int{
		"open":       count(func(r *models.Room) bool { return r.Open && r.ServedBy.ID != "" && !r.OnHold }),
		"queued":     count(func(r *models.Room) bool { return r.Open && r.ServedBy.ID == "" }),
		"on hold":    count(func(r *models.Room) bool { return r.OnHold && r.Open }),
		"plan pro":   count(func(r *models.Room) bool { return fieldMatches(r, "plan", "(?i)pro") }),
		"refund/vip": count(func(r *models.Room) bool { return slices.Contains(r.Tags, "refund") || slices.Contains(r.Tags, "vip") }),
	} {
		if n == 0 || n == len(rooms)-1 {
			t.Errorf("%s: %d of %d rooms", name, n, len(rooms))
		}
	}
}
