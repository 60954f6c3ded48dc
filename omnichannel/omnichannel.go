// Package omnichannel holds the endpoints of Rocket.Chat's Omnichannel
// (livechat) REST API. Each service is a thin, typed view over a shared
// [rocketchat.Client]:
//
//	oc := omnichannel.New(client)
//	page, resp, err := oc.Visitors.ChatHistory(ctx, roomID, visitorID, nil)
//	for room, err := range oc.Rooms.ListAll(ctx, &omnichannel.RoomsOptions{Mine: true}) { ... }
//
// Every method takes a context first and returns (value, *rocketchat.Response,
// error); list endpoints also have an ...All method returning an iterator
// that walks every page.
//
// The parameters follow one rule. The ids a call acts on are positional
// (Close(ctx, roomID, ...)), as is a lone required value (the text Send
// posts). What else a call takes is optional and comes in a nil-able
// *XxxOptions (nil: none of it); a call with required content besides its
// ids takes it as a value, such as [ForwardRequest] (where the room goes)
// or [TranscriptRequest] (where the transcript goes).
package omnichannel

import rocketchat "github.com/rocketchat-go/rocketchat"

// Service groups the Omnichannel endpoints. It is safe for concurrent use,
// as is the client it was built from.
type Service struct {
	// Visitors holds the livechat visitor endpoints.
	Visitors *VisitorsService
	// Contacts holds the omnichannel/contacts* endpoints (Rocket.Chat 7.0
	// and later).
	Contacts *ContactsService
	// Rooms holds livechat/rooms and livechat/{rid}/messages (every
	// conversation, filtered, and the messages of one), and the actions on
	// a room (RoomActionsAPI: send, forward, close, ...).
	Rooms *RoomsService
	// Inquiries holds the queue: livechat/inquiries.*.
	Inquiries *InquiriesService
	// Agents holds the agents' endpoints: availability, lists, departments.
	Agents *AgentsService
	// Departments holds livechat/department.
	Departments *DepartmentsService
}

// New returns the Omnichannel endpoints over client.
func New(client *rocketchat.Client) *Service {
	visitors := &VisitorsService{client: client}
	return &Service{
		Visitors:    visitors,
		Contacts:    &ContactsService{client: client, visitors: visitors},
		Rooms:       &RoomsService{client: client},
		Inquiries:   &InquiriesService{client: client},
		Agents:      &AgentsService{client: client},
		Departments: &DepartmentsService{client: client},
	}
}
