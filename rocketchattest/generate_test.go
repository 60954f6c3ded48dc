package rocketchattest_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func encodeAll(t *testing.T, rooms []*models.Room) [][]byte {
	t.Helper()
	out := make([][]byte, len(rooms))
	for i, r := range rooms {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = b
	}
	return out
}

func TestGenerateRoomsIsDeterministic(t *testing.T) {
	v := models.RoomVisitor{ID: "v1", Username: "guest-1", Token: "tok", Name: "Maria"}
	a := encodeAll(t, rocketchattest.GenerateRooms(v, 40, 42))
	b := encodeAll(t, rocketchattest.GenerateRooms(v, 40, 42))
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Fatalf("room %d differs between two runs with the same seed", i)
		}
	}
	short := encodeAll(t, rocketchattest.GenerateRooms(v, 10, 42))
	for i := range short {
		if !bytes.Equal(short[i], a[i]) {
			t.Fatalf("room %d of a shorter history differs", i)
		}
	}
	other := encodeAll(t, rocketchattest.GenerateRooms(v, 40, 43))
	if bytes.Equal(other[0], a[0]) {
		t.Error("another seed gives the same rooms")
	}
}

func TestGenerateRoomsAreRealistic(t *testing.T) {
	v := models.RoomVisitor{ID: "v1", Username: "guest-1", Token: "tok", Name: "Maria"}
	end := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	rooms := rocketchattest.GenerateRooms(v, 200, 1, rocketchattest.EndingAt(end), rocketchattest.OpenRooms(2))
	seen := map[string]bool{}
	sources := map[models.SourceType]bool{}
	var closed, served, tagged, withData int
	for i, r := range rooms {
		if seen[r.ID] || len(r.ID) != 17 {
			t.Fatalf("room %d: bad or repeated id %q", i, r.ID)
		}
		seen[r.ID] = true
		if r.Type != "l" || r.Visitor.ID != "v1" || r.Timestamp.After(end) {
			t.Fatalf("room %d: %+v", i, r)
		}
		if i > 0 && !r.Timestamp.Before(rooms[i-1].Timestamp) {
			t.Fatalf("room %d is not older than room %d", i, i-1)
		}
		if r.Open != (i < 2) {
			t.Fatalf("room %d open=%v", i, r.Open)
		}
		if !r.Open {
			closed++
			if r.ClosedAt.IsZero() || r.Closer == "" || r.Metrics.ChatDuration <= 0 {
				t.Fatalf("closed room %d lacks closing data", i)
			}
		}
		if r.ServedBy.ID != "" {
			served++
			m := r.Metrics.Response
			if m.FirstDate.IsZero() || m.FirstTime <= 0 || r.ResponseBy.ID == "" {
				t.Fatalf("served room %d lacks metrics", i)
			}
		}
		if r.LastMessage == nil || r.LastMessage.MD.IsZero() || !json.Valid(r.LastMessage.MD.Raw()) {
			t.Fatalf("room %d: last message without a valid md tree", i)
		}
		sources[r.Source.Type] = true
		if len(r.Tags) > 0 {
			tagged++
		}
		if len(r.LivechatData) > 0 {
			withData++
		}
	}
	if closed != 198 || served < 190 || tagged == 0 || withData == 0 || len(sources) < 5 {
		t.Errorf("closed=%d served=%d tagged=%d withData=%d sources=%v", closed, served, tagged, withData, sources)
	}
}

func TestGeneratedRoomsEncodeAsTheServerWrites(t *testing.T) {
	srv, cred, ids := agentServer(t, 5)
	_, body := call(t, srv.HTTPClient(), "GET", historyURL(srv.URL(), ids[0], "visitor1", "count=2"), cred, "")
	var page struct {
		History []map[string]any `json:"history"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	r := page.History[0]
	fd, _ := r["metrics"].(map[string]any)["response"].(map[string]any)["fd"].(string)
	if _, err := time.Parse("2006-01-02T15:04:05.000Z", fd); err != nil {
		t.Errorf("metrics.response.fd = %q, want an ISO date with milliseconds", fd)
	}
	if r["open"] != true || r["closedAt"] != nil {
		t.Errorf("newest room: open=%v closedAt=%v", r["open"], r["closedAt"])
	}
	if _, ok := page.History[1]["open"]; ok {
		t.Error("a closed room carries an open member; the server removes it")
	}
	md, ok := r["lastMessage"].(map[string]any)["md"].([]any)
	if !ok || len(md) == 0 {
		t.Errorf("lastMessage.md = %v", r["lastMessage"])
	}
}

func TestGenerateHistoryUsesTheRegisteredVisitor(t *testing.T) {
	srv := rocketchattest.NewServer(t)
	v := srv.AddVisitor(models.Visitor{Name: "Aiko"})
	if v.ID == "" || v.Token == "" || v.Username == "" {
		t.Fatalf("AddVisitor did not fill the visitor: %+v", v)
	}
	rooms := srv.GenerateHistory(v.ID, 3, 1)
	for _, r := range rooms {
		if r.Visitor.Token != v.Token || r.FName != "Aiko" {
			t.Errorf("room visitor %+v, want %+v", r.Visitor, v)
		}
	}
	if srv.HistoryLen(v.ID) != 3 {
		t.Errorf("HistoryLen = %d", srv.HistoryLen(v.ID))
	}
	if !srv.RemoveRoom(rooms[0].ID) || srv.HistoryLen(v.ID) != 2 {
		t.Error("RemoveRoom did not remove the room")
	}
}
