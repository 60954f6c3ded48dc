package models_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// Helpers shared by the models_test package's tests: the room fixtures in
// testdata, dates as the server writes them, and JSON compared by value.

// roomsHistoryPage is the body of the visitor chat history endpoint.
type roomsHistoryPage struct {
	History []models.Room `json:"history"`
	Count   int           `json:"count"`
	Offset  int           `json:"offset"`
	Total   int           `json:"total"`
	Success bool          `json:"success"`
}

func roomFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func decodeRoomFixture(t testing.TB, name string) models.Room {
	t.Helper()
	var r models.Room
	if err := jsonx.Unmarshal(roomFixture(t, name), &r); err != nil {
		t.Fatalf("decoding %s: %v", name, err)
	}
	return r
}

func utcMillis(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// genericJSON decodes JSON into generic values so that two documents compare
// equal when they hold the same members, whatever their order and spacing.
func genericJSON(t testing.TB, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	return v
}

func assertSameJSON(t testing.TB, got, want []byte) {
	t.Helper()
	if g, w := genericJSON(t, got), genericJSON(t, want); !reflect.DeepEqual(g, w) {
		t.Errorf("JSON differs\n got: %s\nwant: %s", compactJSON(got), compactJSON(want))
	}
}

func compactJSON(data []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		return string(data)
	}
	return b.String()
}
