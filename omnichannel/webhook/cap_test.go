package webhook_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/webhook"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// TestDefaultCapFitsLongTranscripts backs the figures of
// DefaultMaxBodySize: a closed conversation's event with 20,000 messages of
// 200 characters, or 1,900 of the server's longest, 5,000 characters,
// fits and parses.
func TestDefaultCapFitsLongTranscripts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two 10 MB events")
	}
	for _, tc := range []struct{ messages, length int }{{20000, 200}, {1900, 5000}} {
		text := strings.Repeat("Where is my order? ", tc.length/19+1)[:tc.length]
		msgs := make([]models.Message, tc.messages)
		for i := range msgs {
			from := anaRef
			if i%2 == 1 {
				from = ref(john)
			}
			msgs[i] = msg("msg"+strconv.Itoa(100000000000000+i), from, text, time.Duration(i)*time.Second)
		}
		r := room()
		r.ServedBy = johnServes
		body := build(t, webhook.TypeSessionClosed, rocketchattest.WebhookSource{Room: r, Agent: &john, Messages: msgs})
		t.Logf("%d messages of %d characters: %d bytes (%.0f per message)", tc.messages, tc.length, len(body), float64(len(body))/float64(tc.messages))
		if len(body) > webhook.DefaultMaxBodySize {
			t.Fatalf("%d bytes, over the cap of %d", len(body), webhook.DefaultMaxBodySize)
		}
		if ev := parse(t, body).(*webhook.SessionClosed); len(ev.Messages) != tc.messages {
			t.Errorf("%d messages parsed", len(ev.Messages))
		}
	}
}
