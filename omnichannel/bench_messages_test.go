package omnichannel_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// messagesFixture is a page of 100 messages of one generated conversation
// as livechat/{rid}/messages sends it: what the visitor and the agent
// wrote, each with its md tree, count echoing the page size.
var messagesFixture = sync.OnceValue(func() []byte {
	conv := rocketchattest.GenerateConversations(models.RoomVisitor{ID: "visitor-1", Username: "guest-1", Token: "tok-1", Name: "Maria"},
		1, 7, rocketchattest.MessagesPerRoom(100))[0]
	var b bytes.Buffer
	b.WriteString(`{"messages":[`)
	n := 0
	for _, m := range conv.Messages {
		if m.Type != "" && m.Type != "livechat-close" {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		raw, err := jsonx.Marshal(m)
		if err != nil {
			panic(err)
		}
		b.Write(raw)
		if n++; n == 100 {
			break
		}
	}
	fmt.Fprintf(&b, `],"offset":0,"count":100,"total":%d,"success":true}`, n)
	return b.Bytes()
})

// baselineMessagesPage is the hand-written page, with the baseline's
// messages (md as generic JSON).
type baselineMessagesPage struct {
	Messages []baselineMessage `json:"messages"`
	Offset   int               `json:"offset"`
	Count    int               `json:"count"`
	Total    int               `json:"total"`
	Success  bool              `json:"success"`
}

// baselineRawMDMessagesPage keeps each md tree as raw JSON.
type baselineRawMDMessagesPage struct {
	Messages []baselineRawMDMessage `json:"messages"`
	Total    int                    `json:"total"`
}

// BenchmarkDecodeMessagesPage decodes a page of 100 messages into the
// SDK's types and into the baseline's.
func BenchmarkDecodeMessagesPage(b *testing.B) {
	page := messagesFixture()
	b.Run("impl=sdk", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			var p omnichannel.MessagesPage
			if err := jsonx.Unmarshal(page, &p); err != nil || len(p.Messages) != 100 {
				b.Fatal(err, len(p.Messages))
			}
		}
	})
	b.Run("impl=baseline", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			var p baselineMessagesPage
			if err := json.Unmarshal(page, &p); err != nil || len(p.Messages) != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=baseline-rawmd", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			var p baselineRawMDMessagesPage
			if err := json.Unmarshal(page, &p); err != nil || len(p.Messages) != 100 {
				b.Fatal(err)
			}
		}
	})
}
