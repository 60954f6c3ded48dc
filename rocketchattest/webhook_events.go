package rocketchattest

import (
	"context"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/models"
)

// AddVisitor registers a visitor record: events about the visitor's rooms
// carry it, rather than what the room's v tells.
func (s *WebhookSender) AddVisitor(v WebhookVisitor) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.visitors[v.ID] = v
}

// AddAgent registers an agent's user record: events about rooms the agent
// serves carry its name, first email address and custom fields, rather
// than the id and username of the room's servedBy.
func (s *WebhookSender) AddAgent(u models.User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.agents[u.ID] = u
}

// SendEvent builds a room event with [BuildWebhookPayload] and sends it.
// Missing parts of src come from the sender: the visitor and agent records
// registered with AddVisitor and AddAgent, the crmData stored from earlier
// answers (which replaces the room's), and the site URL.
func (s *WebhookSender) SendEvent(ctx context.Context, eventType string, src WebhookSource) (*WebhookDelivery, error) {
	p, err := s.build(eventType, src)
	if err != nil {
		return nil, err
	}
	return s.Send(ctx, p)
}

// build fills src from the sender's records and builds the payload.
func (s *WebhookSender) build(eventType string, src WebhookSource) (*WebhookPayload, error) {
	if src.Room != nil {
		room := *src.Room
		s.mu.Lock()
		if text, ok := s.crm[room.ID]; ok {
			b, _ := jsontext.AppendQuote(nil, text)
			room.CRMData = b
		}
		if v, ok := s.visitors[room.Visitor.ID]; ok && src.Visitor == nil {
			src.Visitor = &v
		}
		if a, ok := s.agents[room.ServedBy.ID]; ok && src.Agent == nil {
			src.Agent = &a
		}
		s.mu.Unlock()
		src.Room = &room
	}
	if src.SiteURL == "" {
		src.SiteURL = s.cfg.siteURL
	}
	return BuildWebhookPayload(eventType, src)
}

// SessionStart sends LivechatSessionStart for the room, which the server
// sends when a conversation starts, before routing: usually no agent and no
// messages.
func (s *WebhookSender) SessionStart(ctx context.Context, room *models.Room, messages []models.Message) (*WebhookDelivery, error) {
	return s.SendEvent(ctx, EventSessionStart, WebhookSource{Room: room, Messages: messages})
}

// SessionQueued sends LivechatSessionQueued: the room waits for an agent.
func (s *WebhookSender) SessionQueued(ctx context.Context, room *models.Room, messages []models.Message) (*WebhookDelivery, error) {
	return s.SendEvent(ctx, EventSessionQueued, WebhookSource{Room: room, Messages: messages})
}

// SessionTaken sends LivechatSessionTaken: room.ServedBy took the room.
func (s *WebhookSender) SessionTaken(ctx context.Context, room *models.Room, messages []models.Message) (*WebhookDelivery, error) {
	return s.SendEvent(ctx, EventSessionTaken, WebhookSource{Room: room, Messages: messages})
}

// SessionForwarded sends LivechatSessionForwarded for a room forwarded to
// room.ServedBy from the agent old. The server sends a SessionTaken for the
// new agent first.
func (s *WebhookSender) SessionForwarded(ctx context.Context, room *models.Room, messages []models.Message, old models.ServedBy) (*WebhookDelivery, error) {
	return s.SendEvent(ctx, EventSessionForwarded, WebhookSource{Room: room, Messages: messages, OldServedBy: &old})
}

// SessionForwardedToDepartment sends LivechatSessionForwarded for a room
// forwarded to room.DepartmentID from the department oldDepartmentID.
func (s *WebhookSender) SessionForwardedToDepartment(ctx context.Context, room *models.Room, messages []models.Message, oldDepartmentID string) (*WebhookDelivery, error) {
	return s.SendEvent(ctx, EventSessionForwarded, WebhookSource{Room: room, Messages: messages, OldDepartmentID: oldDepartmentID})
}

// SessionClosed sends LivechatSession: the room was closed. messages are
// the transcript, the livechat-close message included; room carries
// ClosedAt, ClosedBy and Closer.
func (s *WebhookSender) SessionClosed(ctx context.Context, room *models.Room, messages []models.Message) (*WebhookDelivery, error) {
	return s.SendEvent(ctx, EventSessionClosed, WebhookSource{Room: room, Messages: messages})
}

// RoomEdited sends LivechatEdit: a closed room's information was edited.
func (s *WebhookSender) RoomEdited(ctx context.Context, room *models.Room, messages []models.Message) (*WebhookDelivery, error) {
	return s.SendEvent(ctx, EventRoomEdited, WebhookSource{Room: room, Messages: messages})
}

// NewMessage sends Message for one new or edited message of the room.
func (s *WebhookSender) NewMessage(ctx context.Context, room *models.Room, message models.Message) (*WebhookDelivery, error) {
	return s.SendEvent(ctx, EventMessage, WebhookSource{Room: room, Messages: []models.Message{message}})
}

// LeadCapture sends LeadCapture: a visitor's message held an email address
// or a phone number, already added to the visitor record (register it with
// AddVisitor).
func (s *WebhookSender) LeadCapture(ctx context.Context, room *models.Room) (*WebhookDelivery, error) {
	return s.SendEvent(ctx, EventLeadCapture, WebhookSource{Room: room})
}

// OfflineMessage sends LivechatOfflineMessage for a form sent now.
func (s *WebhookSender) OfflineMessage(ctx context.Context, form WebhookOfflineForm) (*WebhookDelivery, error) {
	return s.Send(ctx, BuildOfflineWebhookPayload(form, time.Now()))
}
