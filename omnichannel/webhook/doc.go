// Package webhook receives the events Rocket.Chat's Omnichannel sends to
// its webhook URL (Administration > Omnichannel > Webhooks), checked and
// typed.
//
// Rocket.Chat POSTs every enabled event to one URL, with the secret token
// of its settings in the X-RocketChat-Livechat-Token header:
//
//   - [SessionStart], [SessionQueued], [SessionTaken], [SessionForwarded]:
//     a conversation starts, waits in the queue, is taken by an agent, is
//     forwarded;
//   - [NewMessage]: each new or edited message, from the visitor or an
//     agent;
//   - [LeadCapture]: a visitor's message held an email address or a phone
//     number;
//   - [SessionClosed]: the conversation is closed, with its whole
//     transcript;
//   - [RoomEdited]: a closed conversation's information was edited;
//   - [OfflineMessage]: a visitor left a message while no agent was online;
//   - [Unknown]: a type this version does not know, kept whole.
//
// The room events share [Session]: the room, its visitor and serving
// agent, the crmData stored from an earlier answer, and messages, with
// time.Time dates. Members a type does not declare are kept (the Unknown
// fields) and a value that does not fit its Go field is kept and listed by
// the event's Misfits method rather than failing the event, as in package
// models.
//
// # Receiving
//
// [NewHandler] returns an http.Handler: it checks the token in constant
// time, caps the body, decodes the event and calls a function with it; the
// function's result goes back to the server as the room's crmData.
// [Parse] does the checking and decoding for a handler of your own.
//
//	secret := os.Getenv("WEBHOOK_SECRET")
//	if secret == "" {
//		return errors.New("WEBHOOK_SECRET is not set") // NewHandler would panic
//	}
//	h := webhook.NewHandler(secret,
//		func(ctx context.Context, ev webhook.Event) (any, error) {
//			switch ev := ev.(type) {
//			case *webhook.SessionClosed:
//				return nil, archive(ctx, ev.ID, ev.Messages)
//			}
//			return nil, nil
//		})
//	http.Handle("POST /rocketchat", h)
//
// # Repeated and reordered deliveries
//
// The server (8.x, and 7.10.4 on) makes up to 5 attempts per event, 4 ×
// its HTTP timeout apart (Livechat_http_timeout, 5 s by default, so 20 s),
// when the receiver answers 5xx or 429, times out, or cannot be reached;
// any other status drops the event, and only 200 counts as delivered (201
// and 204 do not). Each attempt sends the same body, byte for byte, so
// [Event.DeliveryKey], the SHA-256 of the body, is the same for every
// attempt of one event, and differs between events: a message edit, for
// instance, comes again with the same message id but a new body. Events are
// sent without waiting for one another, so they can arrive out of order,
// and a retried one arrives at least 20 s late. Retries live in the
// server's memory: a restart loses them.
//
// # crmData
//
// The server stores the body of each 200 answer to a room event as text on
// the room, replacing the one before, and sends it back in the room's
// later events as [Session.CRMData]. Answer the same data for every event
// of a room, not only the first: an event built before your last answer
// was stored carries the older data, and answering it {} would erase
// yours. [NewHandler] answers what the event carried when your function
// returns nil.
//
// # The Test button
//
// The Test button of the settings (POST /api/v1/livechat/webhook.test)
// sends a [SessionClosed] with sample data and the room id [TestRoomID]
// ([Session.IsTest] reports it), its visitor's email and phone as plain
// strings rather than lists; [Emails] and [Phones] read both. It expects a
// 200 and does not retry.
package webhook
