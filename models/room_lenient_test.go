package models_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// Decoding rooms leniently, as the server writes them in practice: numbers
// and booleans as strings, nulls, and through encoding/json as well as the
// SDK's codec.

// TestStandardLibraryUnmarshal checks that encoding/json decodes rooms to the
// same values as the SDK's codec, alone and inside the caller's own types.
func TestStandardLibraryUnmarshal(t *testing.T) {
	for _, name := range []string{"room-open.json", "room-closed.json"} {
		t.Run(name, func(t *testing.T) {
			want := decodeRoomFixture(t, name)
			var got models.Room
			if err := json.Unmarshal(roomFixture(t, name), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("encoding/json decoded\n%+v\nthe SDK decoded\n%+v", got, want)
			}
		})
	}

	t.Run("page", func(t *testing.T) {
		in := roomFixture(t, "room-published-example.json")
		var want, got roomsHistoryPage
		if err := jsonx.Unmarshal(in, &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(in, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("encoding/json decoded\n%+v\nthe SDK decoded\n%+v", got, want)
		}
		if len(got.History) != 1 || got.History[0].Metrics.Response.Total != 1 {
			t.Errorf("History = %+v", got.History)
		}
	})

	t.Run("numbers as strings", func(t *testing.T) {
		// Room.UnmarshalJSON goes through the SDK's codec, lenient reading included.
		room := firstHistoryItem(t, roomFixture(t, "openapi-example.json"))
		var got models.Room
		if err := json.Unmarshal(room, &got); err != nil {
			t.Fatal(err)
		}
		if got.MessageCount != 2 || got.CanLeave == nil || *got.CanLeave || got.Metrics.Response.Total != 1 {
			t.Errorf("got %+v", got)
		}
	})
}

func firstHistoryItem(t testing.TB, page []byte) []byte {
	t.Helper()
	var p struct{ History []json.RawMessage }
	if err := json.Unmarshal(page, &p); err != nil || len(p.History) == 0 {
		t.Fatalf("no history item: %v", err)
	}
	return p.History[0]
}

// TestOpenAPIExample checks that the example that writes numbers and
// booleans as strings decodes to the same values as the one that does not.
func TestOpenAPIExample(t *testing.T) {
	stringly := roomFixture(t, "openapi-example.json")
	typed := roomFixture(t, "room-published-example.json")

	var got, want roomsHistoryPage
	if err := jsonx.Unmarshal(stringly, &got); err != nil {
		t.Fatal(err)
	}
	if err := jsonx.Unmarshal(typed, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("string-typed example decoded to\n%+v\nwant\n%+v", got, want)
	}

	if got.Count != 1 || got.Total != 1 || !got.Success || len(got.History) != 1 {
		t.Fatalf("page = %+v", got)
	}
	r := got.History[0]
	if r.MessageCount != 2 || r.UsersCount != 1 || !r.Open || !r.WaitingResponse {
		t.Errorf("room = %+v", r)
	}
	if r.CanLeave == nil || *r.CanLeave {
		t.Errorf("CanLeave = %v", r.CanLeave)
	}
	if m := r.LastMessage; m == nil || !m.Unread || m.NewRoom == nil || *m.NewRoom ||
		m.ShowConnecting == nil || !*m.ShowConnecting || m.Token != "8s7e9ony6ctl27e1qf8kue" {
		t.Errorf("LastMessage = %+v", r.LastMessage)
	}
	if rs := r.Metrics.Response; rs.Total != 1 || rs.Average != 0.233 || rs.FirstTime != 0.233 ||
		!rs.FirstDate.Equal(utcMillis("2021-07-22T17:17:04.449Z")) {
		t.Errorf("Metrics.Response = %+v", rs)
	}
}

// TestDecoderOptionsReachNestedTypes shows that the options given to the outer
// Unmarshal are the ones the rooms' UnmarshalJSONFrom methods decode with:
// the string-typed example fails strictly, deep inside a nested type, and
// succeeds with the lenient options alone.
func TestDecoderOptionsReachNestedTypes(t *testing.T) {
	data := roomFixture(t, "openapi-example.json")

	var strict roomsHistoryPage
	err := jsonv2.Unmarshal(data, &strict, jsonx.DecodeOptions)
	var serr *jsonv2.SemanticError
	if err == nil || !errors.As(err, &serr) {
		t.Fatalf("strict decoding: err = %v, want a semantic error", err)
	}

	var lenient roomsHistoryPage
	if err := jsonv2.Unmarshal(data, &lenient, jsonx.LenientOptions); err != nil {
		t.Fatalf("lenient decoding: %v", err)
	}
	if r := lenient.History[0]; r.Metrics.Reaction.FirstDate.IsZero() || r.Metrics.Reaction.TotalTime != 0.233 {
		t.Errorf("Metrics.Reaction = %+v", r.Metrics.Reaction)
	}
}

// TestDecodeNulls checks that null members decode to zero values through the
// codec methods instead of failing the whole room.
func TestDecodeNulls(t *testing.T) {
	in := `{"_id":"r1","v":null,"servedBy":null,"source":null,"lastMessage":null,"metrics":{"reaction":null},"tags":null,"cl":null}`
	var r models.Room
	if err := jsonx.Unmarshal([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	if r.ID != "r1" || r.ServedBy.ID != "" || r.LastMessage != nil || !r.Metrics.Reaction.FirstDate.IsZero() || r.Tags != nil || r.CanLeave != nil ||
		!reflect.DeepEqual(r.Visitor, models.RoomVisitor{}) || !reflect.DeepEqual(r.Source, models.Source{}) {
		t.Errorf("got %+v", r)
	}
}
