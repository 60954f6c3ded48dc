package webhook_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/omnichannel/webhook"
)

// FuzzParse checks, for any body and token: Parse never panics; it
// succeeds only with the right token; its errors are the sentinels; and an
// event it returns encodes, parses back to the same type and room, and
// encodes again to the same bytes. Seeds: testdata/fuzz/FuzzParse, the
// bodies the server builds for every event type, the test button's, and
// odd ones.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"type":"LivechatSessionStart","_id":"r1","visitor":{"_id":"v1"},"messages":[]}`), secret)
	f.Fuzz(func(t *testing.T, body []byte, token string) {
		ev, err := webhook.Parse(request(body, token), secret)
		if token != secret {
			if !errors.Is(err, webhook.ErrInvalidToken) || ev != nil {
				t.Fatalf("token %q: %v, %v", token, ev, err)
			}
			return
		}
		if err != nil {
			if ev != nil || !errors.Is(err, webhook.ErrMalformed) {
				t.Fatalf("%v, %v; want nil and ErrMalformed", ev, err)
			}
			return
		}
		if len(ev.DeliveryKey()) != 64 {
			t.Fatalf("delivery key %q", ev.DeliveryKey())
		}
		if (webhook.SessionOf(ev) != nil) != roomTypes[ev.EventType()] {
			t.Fatalf("%T of type %q: SessionOf = %v", ev, ev.EventType(), webhook.SessionOf(ev))
		}
		enc, err := jsonx.Marshal(ev)
		if err != nil {
			t.Fatalf("%T does not encode: %v", ev, err)
		}
		again, err := webhook.Parse(request(enc, secret), secret)
		if err != nil {
			t.Fatalf("the encoding of a %T does not parse: %v\n%s", ev, err, enc)
		}
		if again.EventType() != ev.EventType() || again.RoomID() != ev.RoomID() {
			t.Fatalf("parsed back as %q of room %q, was %q of room %q", again.EventType(), again.RoomID(), ev.EventType(), ev.RoomID())
		}
		enc2, err := jsonx.Marshal(again)
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("unstable encoding (%v):\n%s\n%s", err, enc, enc2)
		}
	})
}

// roomTypes are the types of the events about a room.
var roomTypes = map[string]bool{
	webhook.TypeSessionStart: true, webhook.TypeSessionQueued: true, webhook.TypeSessionTaken: true,
	webhook.TypeSessionForwarded: true, webhook.TypeSessionClosed: true, webhook.TypeRoomEdited: true,
	webhook.TypeNewMessage: true, webhook.TypeLeadCapture: true,
}
