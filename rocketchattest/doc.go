// Package rocketchattest is an in-process Rocket.Chat server for tests and
// demonstrations: it answers the REST routes the SDK uses with the real
// server's semantics and body shapes, so code written against it behaves the
// same against a real server.
//
// # What it serves
//
//   - POST /api/v1/login: user name or email and password, with the two-factor
//     flow (totp-required, totp-invalid, totp-max-attempts), or a resume token.
//   - POST /api/v1/logout and GET /api/v1/me.
//   - GET /api/v1/livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}:
//     permission view-l-room, the room gate (invalid-room, error-not-allowed),
//     query validation, count/offset paging with the server's default, clamp
//     and count=0 rules, multi-key sort with the server's error bodies, and the
//     {history, count, offset, total, success} envelope.
//   - Every other path answers 404 with the server's body.
//   - The other way, Omnichannel webhooks: [WebhookSender] POSTs events to a
//     receiver with the server's bodies ([BuildWebhookPayload]), token header
//     and retry schedule, and [WebhookTestResponder] serves
//     POST /api/v1/livechat/webhook.test to httpmock.
//
// Every authenticated route goes through the server's rate limiter (10 calls
// per 60 s per route per client address by default, see [WithRateLimit]),
// which sets X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset
// (epoch milliseconds) and answers 429 past the limit. Users with the admin,
// bot or app role bypass it, as with the api-bypass-rate-limit permission.
//
// # Order of checks
//
// A request goes through the same steps as on the real server: route
// matching (404), authentication (401), permission (403), the rate limiter
// (429), query validation (invalid-params), paging and sort parsing
// (error-invalid-sort), then the room gate (invalid-room, error-not-allowed).
// Faults injected with [Server.Inject] act in front of all of that, like a
// proxy or a failing network would.
//
// # Room access
//
// The real server's access rules for omnichannel rooms depend on settings,
// departments, units and inquiries. The fake keeps one documented rule: users
// with the admin, livechat-manager or livechat-monitor role may access every
// livechat room; any other user may access a room they serve (servedBy._id)
// or a room of one of their departments ([User.Departments]).
//
// # Two ways in
//
// [Server.URL] is a loopback httptest server; [Server.HTTPClient] returns an
// http.Client whose transport calls [Server.Handler] directly, without
// sockets. The in-memory client works inside testing/synctest bubbles, where
// the limiter's windows and injected latency then cost no real time: the
// server reads the clock only through time.Now and timers. Inside a bubble,
// build the server [WithoutListener]: a listener's goroutine waits on the
// network, which keeps the bubble's clock from advancing.
//
// # Seeding
//
// [Server.AddUser], [Server.AddPersonalAccessToken], [Server.AddVisitor],
// [Server.AddRoom] and [Server.AddRoomJSON] fill the store;
// [Server.GenerateHistory] and [GenerateRooms] make realistic, deterministic
// histories from a seed. For tests that mock the transport instead,
// [ChatHistoryResponder] serves a history to github.com/jarcoal/httpmock.
package rocketchattest
