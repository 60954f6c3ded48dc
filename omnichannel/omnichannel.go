// Package omnichannel holds the endpoints of Rocket.Chat's Omnichannel
// (livechat) REST API. Each service is a thin, typed view over a shared
// [rocketchat.Client]:
//
//	oc := omnichannel.New(client)
//	page, resp, err := oc.Visitors.ChatHistory(ctx, roomID, visitorID, nil)
//
// Every method takes a context first and returns (value, *rocketchat.Response,
// error); list endpoints also have an ...All method returning an iterator
// that walks every page.
package omnichannel

import rocketchat "github.com/rocketchat-go/rocketchat"

// Service groups the Omnichannel endpoints. It is safe for concurrent use,
// as is the client it was built from.
type Service struct {
	// Visitors holds the livechat/visitors.* endpoints.
	Visitors *VisitorsService
	// Rooms holds the endpoints of livechat rooms, and the actions on them
	// (forward, close, ...).
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
	return &Service{
		Visitors:    &VisitorsService{client: client},
		Rooms:       &RoomsService{client: client},
		Inquiries:   &InquiriesService{client: client},
		Agents:      &AgentsService{client: client},
		Departments: &DepartmentsService{client: client},
	}
}
