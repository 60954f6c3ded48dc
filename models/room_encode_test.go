package models_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// Encoding rooms and messages: what was decoded is written back as it came,
// and dates are written as the server writes them.

// TestRoomRoundTrip decodes server rooms with the SDK's codec, encodes them
// with encoding/json and checks that the output holds exactly the input:
// the same members, unknown ones included, and the same date strings.
func TestRoomRoundTrip(t *testing.T) {
	for _, name := range []string{"room-open.json", "room-closed.json"} {
		t.Run(name, func(t *testing.T) {
			in := roomFixture(t, name)
			r := decodeRoomFixture(t, name)
			out, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			assertSameJSON(t, out, in)

			// A pointer encodes the same way.
			outPtr, err := json.Marshal(&r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, outPtr) {
				t.Errorf("value and pointer encodings differ:\n%s\n%s", out, outPtr)
			}
		})
	}

	t.Run("published example", func(t *testing.T) {
		in := roomFixture(t, "room-published-example.json")
		var page roomsHistoryPage
		if err := jsonx.Unmarshal(in, &page); err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(page)
		if err != nil {
			t.Fatal(err)
		}
		assertSameJSON(t, out, in)
	})
}

func TestClosedRoomHasNoOpenMember(t *testing.T) {
	r := decodeRoomFixture(t, "room-closed.json")
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(out, &members); err != nil {
		t.Fatal(err)
	}
	if v, ok := members["open"]; ok {
		t.Errorf("closed room encodes open = %s", v)
	}
	if v := string(members["cl"]); v != "false" {
		t.Errorf("cl = %q, want false", v)
	}
	if v := string(members["closedAt"]); v != `"2024-04-20T16:45:10.000Z"` {
		t.Errorf("closedAt = %s", v)
	}
}

// TestEncodeDates checks that every date, however it was built, is written as
// the server writes it: UTC, milliseconds, Z.
func TestEncodeDates(t *testing.T) {
	brt := time.FixedZone("BRT", -3*60*60)
	at := time.Date(2024, 5, 1, 7, 0, 0, 123456789, brt) // 10:00:00.123456789Z
	r := models.Room{
		ID:        "r1",
		Timestamp: at,
		ServedBy:  models.ServedBy{ID: "a1", Timestamp: at.Add(time.Second)},
		Metrics: models.Metrics{
			Reaction: models.MetricsReaction{FirstDate: at.Add(2 * time.Second)},
		},
		LastMessage: &models.Message{ID: "m1", Timestamp: time.Date(2024, 5, 1, 10, 0, 3, 0, time.UTC)},
	}
	want := `{"_id":"r1","ts":"2024-05-01T10:00:00.123Z","msgs":0,"usersCount":0,` +
		`"servedBy":{"_id":"a1","ts":"2024-05-01T10:00:01.123Z"},` +
		`"lastMessage":{"_id":"m1","rid":"","msg":"","ts":"2024-05-01T10:00:03.000Z"},` +
		`"metrics":{"reaction":{"fd":"2024-05-01T10:00:02.123Z","tt":0}}}`

	got, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("encoding/json:\n got: %s\nwant: %s", got, want)
	}

	// The v2 package writes the same, even without the SDK's options.
	got2, err := jsonv2.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if string(got2) != want {
		t.Errorf("json v2:\n got: %s\nwant: %s", got2, want)
	}

	// So does a nested value encoded on its own.
	gotServedBy, err := json.Marshal(r.ServedBy)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"_id":"a1","ts":"2024-05-01T10:00:01.123Z"}`; string(gotServedBy) != want {
		t.Errorf("ServedBy: got %s, want %s", gotServedBy, want)
	}
	gotMetrics, err := json.Marshal(r.Metrics)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"reaction":{"fd":"2024-05-01T10:00:02.123Z","tt":0}}`; string(gotMetrics) != want {
		t.Errorf("Metrics: got %s, want %s", gotMetrics, want)
	}
}

func TestEncodeZeroRoomOmitsOptionalMembers(t *testing.T) {
	got, err := json.Marshal(models.Room{ID: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"_id":"r1","msgs":0,"usersCount":0}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestMessageUnknownMembers checks that a message on its own keeps the members
// it does not declare through both JSON packages.
func TestMessageUnknownMembers(t *testing.T) {
	in := []byte(`{"_id":"m1","rid":"r1","msg":"","t":"livechat_transfer_history","ts":"2024-05-01T10:00:00.000Z",` +
		`"u":{"_id":"a1","username":"agent.ana"},"groupable":false,` +
		`"transferData":{"scope":"agent","transferredBy":{"username":"agent.ana"},"transferredTo":{"username":"agent.bruno"}}}`)

	var m models.Message
	if err := json.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if m.Type != "livechat_transfer_history" || m.Groupable == nil || *m.Groupable || m.User.Username != "agent.ana" {
		t.Errorf("got %+v", m)
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out, in)

	out2, err := jsonv2.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out2, in)
}
