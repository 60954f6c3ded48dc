package models_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// benchPage returns a history page of n rooms, alternating the open and the
// closed test rooms under distinct ids.
func benchRoomsPage(b *testing.B, n int) []byte {
	b.Helper()
	var rooms [2][]byte
	for i, name := range []string{"room-open.json", "room-closed.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		var c bytes.Buffer
		if err := json.Compact(&c, data); err != nil {
			b.Fatal(err)
		}
		rooms[i] = c.Bytes()
	}
	var page bytes.Buffer
	page.WriteString(`{"history":[`)
	for i := range n {
		if i > 0 {
			page.WriteByte(',')
		}
		room := rooms[i%2]
		// Replace the 17-character id right after `{"_id":"`.
		page.WriteString(`{"_id":"`)
		fmt.Fprintf(&page, "room%013d", i)
		page.Write(room[len(`{"_id":"`)+17:])
	}
	fmt.Fprintf(&page, `],"count":%d,"offset":0,"total":%d,"success":true}`, n, n)
	return page.Bytes()
}

type benchRoomsHistoryPage struct {
	History []models.Room `json:"history"`
	Count   int           `json:"count"`
	Offset  int           `json:"offset"`
	Total   int           `json:"total"`
	Success bool          `json:"success"`
}

// BenchmarkDecodeHistoryPage decodes a page of 100 rooms the way the client
// does.
func BenchmarkDecodeHistoryPage(b *testing.B) {
	data := benchRoomsPage(b, 100)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var page benchRoomsHistoryPage
		if err := jsonx.Unmarshal(data, &page); err != nil {
			b.Fatal(err)
		}
		if len(page.History) != 100 {
			b.Fatal(len(page.History))
		}
	}
}

// BenchmarkEncodeHistoryPage encodes a page of 100 rooms with encoding/json.
func BenchmarkEncodeHistoryPage(b *testing.B) {
	var page benchRoomsHistoryPage
	if err := jsonx.Unmarshal(benchRoomsPage(b, 100), &page); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(page); err != nil {
			b.Fatal(err)
		}
	}
}
