// Package rocketchattest is an in-process Rocket.Chat server for tests and
// demonstrations: it answers the REST routes the SDK uses with the real
// server's checks, semantics and body shapes, so code that passes against it
// does not fail against a real server. Where the fake cannot be exact it
// errs on the strict side.
//
// # Fast tests
//
// The rate limiter is on by default with the real server's setting: 10 calls
// per route per client in 60 seconds. A test that pages through eleven pages
// therefore waits a minute; the server says so in the test's log when it
// holds the client back for more than a second. Two ways keep such tests
// fast without changing what they exercise:
//
//   - a short window: NewServer(t, WithRateLimit(10, 50*time.Millisecond));
//   - a testing/synctest bubble, where waiting costs no real time: build the
//     server inside the bubble with [WithoutListener] and reach it through
//     [Server.HTTPClient].
//
// [WithoutRateLimit] turns the limiter off, as users with the admin, bot or
// app role (api-bypass-rate-limit) are never limited.
//
// # What it serves
//
//   - POST /api/v1/login: user name or e-mail address and password, with the
//     two-factor flow (totp-required, totp-invalid, totp-max-attempts; an
//     e-mail code is "sent" by a login without a code and is then valid for
//     an hour, once), a resume token, and the block of repeated failures
//     (error-login-blocked-for-user after 10 failures of a user name,
//     error-login-blocked-for-ip after 50 from an address, for 5 minutes;
//     see [WithLoginBlocking]).
//   - POST /api/v1/logout and GET /api/v1/me (getUserInfo's members).
//   - GET /api/v1/livechat/visitors.chatHistory/room/{roomId}/visitor/{visitorId}:
//     permission view-l-room, the room gate (invalid-room, error-not-allowed),
//     count/offset paging with the server's default, clamp and count=0 rules,
//     multi-key sort with the server's error bodies, and the
//     {history, count, offset, total, success} envelope.
//   - GET /api/v1/livechat/rooms: no route permission; the handler's own
//     checks in its order (sort, the date ranges with V8's JSON.parse text
//     and the "must be a valid date" 400s, then view-livechat-rooms, or
//     view-l-room for a caller asking for exactly their own rooms, else 403
//     unauthorized; then the custom fields, compiled as JavaScript regular
//     expressions, and run with Go's regexp: a valid pattern it cannot run,
//     with look-around or back-references, is a 400 of the fake's own),
//     every filter of findRoomsWithCriteria (dates inclusive,
//     open, onhold and queued as the query object overrides them, agents,
//     departments, tags any-of, units as an Enterprise server without
//     monitors reads them, room name, custom fields), newest first, each
//     room with {_id, name} of its department ([Server.AddDepartment]).
//     query and fields are ignored, as on 8.x (parsed before 8.0).
//   - GET /api/v1/livechat/{rid}/messages: permission view-l-room,
//     invalid-room, the room access rules (not-allowed), then the messages
//     without a type and the closing message, searchTerm escaped and
//     case-insensitive, newest first; count echoes the page size asked for.
//   - The visitor routes, each with permission view-l-room:
//     GET livechat/visitors.info (no token from 8.5 and the patch releases
//     the fix went to; visitor-not-found), livechat/visitors.pagesVisited/{roomId}
//     (the room's livechat_navigation_history messages; invalid-room),
//     livechat/visitors.searchChats/room/{roomId}/visitor/{visitorId} (the
//     room gate, the filters, the projection, one result per closing
//     message), livechat/visitors.search (address or number exact, name or
//     username contained, searchable custom fields), and
//     livechat/visitors.autocomplete (a name prefix, 10 at most). Also
//     GET livechat/visitor/{token} without authentication (invalid-token),
//     and livechat/visitor/{token}/room (view-livechat-manager).
//   - The contact routes of 7.0 and later (404 on an earlier release):
//     GET omnichannel/contacts.get (404 for an unknown contact),
//     contacts.search (count echoing the request, the manager's user),
//     contacts.history (closed rooms, projected; error-contact-not-found),
//     contacts.channels and contacts.checkExistence (view-livechat-contact,
//     view-livechat-contact-history), and POST omnichannel/contacts and
//     contacts.update (create- and update-livechat-contact: the body's
//     schema, the manager an agent, custom fields as defined with
//     [Server.AddCustomField]).
//   - GET /api/info: the version ([WithVersion]) and workspace, without
//     authentication or rate limit.
//   - The omnichannel queue and the actions on conversations, with their
//     permissions, body validation and errors: GET livechat/inquiries.list,
//     livechat/inquiries.queuedForUser and livechat/inquiries.getOne, POST
//     livechat/inquiries.take; POST livechat/room.forward,
//     livechat/room.closeByUser, livechat/room.saveInfo,
//     livechat/room.onHold and livechat/room.resumeOnHold (Enterprise, served
//     as licensed), GET livechat/room.join, POST and DELETE
//     livechat/transcript/{rid}; POST chat.sendMessage in livechat rooms;
//     POST livechat/agent.status, GET livechat/users/{type},
//     livechat/agents/{agentId}/departments, livechat/department and
//     livechat/department/{_id}.
//   - The livechat widget's routes, which visitors call with their token
//     and no credentials, with their own rate limits (5 a minute for POST
//     livechat/visitor, GET livechat/room and POST livechat/transcript, one
//     every 5 s for the offline message): POST livechat/visitor (Meteor's
//     check() and its messages), GET livechat/visitor/{token}, GET
//     livechat/room, POST livechat/message (stored once per _id), GET
//     livechat/messages.history/{rid} (end, limit, offset), POST
//     livechat/room.close, GET livechat/config, POST livechat/offline.message,
//     livechat/transcript and livechat/room.survey, and the multipart POST
//     livechat/upload/{rid} with its size and media-type checks.
//   - Every other path answers 404 with the server's body.
//   - POST /api/v1/livechat/webhook.test (view-livechat-webhooks): the
//     settings' Test button, which sends the sample event to the webhook
//     of [WithWebhook].
//   - The other way, Omnichannel webhooks: with [WithWebhook] the lifecycle
//     below fires the events a server fires, in the order it fires them,
//     to a URL (delivered one at a time unless
//     [WithWebhookConcurrentDelivery]: a real server does not wait, so its
//     events can arrive out of order); a [WebhookSender] alone POSTs events
//     to a receiver with the server's bodies ([BuildWebhookPayload]), token
//     header and retry schedule, and [WebhookTestResponder] serves
//     webhook.test to httpmock.
//
// # The omnichannel lifecycle
//
// Behind those routes runs the server's lifecycle: a visitor registers and
// opens a room, which enters the queue as an inquiry under the routing the
// test chooses ([WithRouting]: [ManualSelection] by default, or
// [AutoSelection], which gives it to the least busy online agent); agents
// ([User.StatusLivechat], departments from [Server.AddDepartment]) take it,
// answer, forward it to an agent or a department, put it on hold and close
// it. Rooms and messages live in the stores every route reads, so a room
// made this way shows in the visitor's chat history with its counters, last
// message, response metrics, closing members and system messages
// (livechat-started, command, uj, livechat_transfer_history, livechat-close,
// ...). The settings the lifecycle honours ([SettingNames]) are set with
// [WithSetting] and [Server.SetSetting].
//
// Tests play the other side with [Server.RegisterVisitor], [Server.OpenChat]
// (a visitor registers, opens a room and writes), [Server.VisitorSay],
// [Server.AgentReply], [Server.TakeChat], [Server.SetAgentStatus] and
// [Server.SimulateAgent] (an agent who takes and answers by himself). These
// driving helpers run the code of the route that does the same, with its
// checks, and return its refusal as an error. Tests look at the result
// with [Server.ChatRoom], [Server.Inquiry], [Server.Visitor],
// [Server.VisitorByToken], [Server.Contact], [Server.Subscribed],
// [Server.RoomMessages], [Server.Events] (the webhook events each step
// fires), [Server.TranscriptEmails], [Server.OfflineMessages] and
// [Server.Uploads]; the lookups return copies, with whether they found
// anything.
//
// # Order of checks
//
// A request goes through the steps of the version the server plays
// ([WithVersion], default [DefaultVersion]). On 8.x: route matching (404),
// authentication (401), permission (403), the query string (400), the rate
// limiter (429), query validation (invalid-params), the route's own checks
// (error-invalid-sort, the room gate). On 7.x and 6.x the permission comes
// last, after the rate limiter and the query validation, so a 403 uses a call
// of the rate limit. Faults injected with [Server.Inject] act in front of all
// of that, like a proxy or a failing network would; [DropAfterServe] acts
// after: the call is served, then the connection is reset before the
// answer, the failure a retried write must survive.
//
// # Queries
//
// The query string is parsed as the server's router parses it (the qs
// package: brackets, repeated keys as arrays, at most 1000 pairs and arrays
// of 500, as 8.8.1 does on every release the fake plays) and validated
// against the route's schema from @rocket.chat/rest-typings as its Ajv
// does, with the same coercions: on 8.x count=%20 is 0, count[]=5 is 5,
// agents=abc is ["abc"], sort[ts]=1 is "must be string [invalid-params]";
// before 8.0 count[]=5 is "must be number" and agents=abc "must be array",
// and the query and fields parameters are parsed (see [WithVersion] for
// what depends on the release). A POST body is parsed as JSON (anything
// else reads as {}) and validated with the body validators' coercion.
//
// # Permissions and room access
//
// The server holds Rocket.Chat's default role for every permission; tests
// change it as an admin would with [Server.SetPermission] and
// [Server.GrantPermission], and give users custom roles in [User.Roles].
// A livechat room opens as on the real server: to holders of
// view-livechat-rooms (admin, livechat-manager, livechat-monitor), to the
// agent serving it, to a user who joined it (a subscription, from serving
// it or from livechat/room.join; closing the room ends them) and holds
// view-joined-room or view-l-room, for a closed room to holders of
// view-livechat-room-closed-by-another-agent, or of
// view-livechat-room-closed-same-department for an agent of its department
// ([Department.Agents], [User.Departments]), and to rocket.cat. Not
// modelled: the preview of queued inquiries under manual routing, and
// Enterprise units and monitors.
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
// [Server.AddContact], [Server.AddCustomField], [Server.AddRoom],
// [Server.AddRooms], [Server.AddRoomJSON], [Server.AddMessages],
// [Server.AddMessageJSON] and [Server.AddDepartment] fill the store, and
// [Server.RemoveRoom] and [Server.RemoveDepartment] take from it, as
// deleting them on a server does; [Server.GenerateHistory],
// [GenerateRooms] and [GenerateConversations] make realistic,
// deterministic histories from a seed, each conversation with messages
// that agree with its room (GenerateHistory makes them when they are first
// read). GenerateHistory also registers the visitor's whole record and, on
// 7.0 and later, its contact, with a channel per source and the rooms
// naming it, so the contact's history lists the visitor's closed rooms. A
// seeding method given a bad argument fails the test of a server made
// with [NewServer] (t.Fatal) and panics on one made with [Start];
// [Server.AddRoomJSON] and [Server.AddMessageJSON], whose input is data,
// return an error. For tests that mock the transport instead,
// [ChatHistoryResponder] serves a history to
// github.com/jarcoal/httpmock ([RoomsResponder], [RoomMessagesResponder],
// [PagesVisitedResponder], [SearchChatsResponder], [VisitorSearchResponder],
// [ContactSearchResponder] and [ContactHistoryResponder] the other lists),
// [ErrorResponder] the server's error answers, and [Server.Responder] the
// whole server.
//
// # Faults
//
// [Server.Inject] adds latency, error statuses, proxy pages, cut or reset
// bodies and servers that ignore offset to a route, and changes the store
// while a client pages: [InsertRooms] and [DeleteRooms] for a visitor's
// history (and InsertRooms for the rooms list), [InsertMessages] for a
// room's messages.
//
// # Secrets in the record
//
// [Server.Requests] keeps no secret: passwords, codes and tokens of bodies
// (at any depth and inside arrays, so a visitor's token in livechat/visitor
// too), the X-Auth-Token and X-Visitor-Token headers, a token query
// parameter (token[] and token[0] too, which the server reads as token) and
// a token in the path read [Redacted].
package rocketchattest
