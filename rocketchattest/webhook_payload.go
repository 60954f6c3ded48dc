package rocketchattest

import (
	"errors"
	"fmt"
	"slices"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// WebhookPayload is one event as the server sends it to the webhook URL.
type WebhookPayload struct {
	// Type is the event's type member, such as "LivechatSessionStart".
	Type string
	// RoomID is the room the event is about; "" for an offline message and
	// the test button's sample, whose answers the server does not store.
	RoomID string
	// Body is the JSON body.
	Body []byte
}

// WebhookVisitor is the visitor record (ILivechatVisitor) an event's
// visitor member is read from.
type WebhookVisitor struct {
	ID, Token, Name, Username string
	// Department is the id of the visitor's current department.
	Department string
	// IP is stored only when the server collects HTTP header information.
	IP string
	// OS and Browser are what the server reads from the stored user agent,
	// such as "Linux 6.1" and "Chrome 126.0.0.0"; empty when none is stored
	// (the default).
	OS, Browser string
	// CustomFields are the visitor's custom fields (livechatData).
	CustomFields map[string]any
	// Emails and Phones are the visitor's addresses (visitorEmails) and
	// numbers (phone).
	Emails, Phones []string
}

// WebhookSource is what [BuildWebhookPayload] builds an event from, as the
// server's sendToCRM reads it.
type WebhookSource struct {
	// Room is the room as stored when the event fires: its crmData, tags,
	// custom fields (LivechatData), servedBy, closing members.
	Room *models.Room
	// Visitor is the visitor record; nil means one made from Room.Visitor
	// (id, token, name, username, phone).
	Visitor *WebhookVisitor
	// Agent is the serving agent's user record; nil means one made from
	// Room.ServedBy (id and username), or none when the room has no agent.
	// Its CustomFields are sent as they are: pass only those the server's
	// Accounts_CustomFields marks sendToIntegrations.
	Agent *models.User
	// Messages are the room's visible messages in any order (the session
	// events send them oldest first, leaving out system messages but the
	// closing one), or for "Message" the new message. "LeadCapture" sends
	// none.
	Messages []models.Message
	// OldServedBy and OldDepartmentID are, for "LivechatSessionForwarded",
	// the agent before a forward to an agent, or the department before a
	// forward to a department.
	OldServedBy     *models.ServedBy
	OldDepartmentID string
	// SiteURL is the server's Site_Url, the start of a file message's
	// fileUpload.publicFilePath; empty means the server's default,
	// http://localhost:3000.
	SiteURL string
	// NavigationHistory sends the visitor's navigation history messages, as
	// the server does when both Livechat_Visitor_navigation_as_a_message and
	// Send_visitor_navigation_history_livechat_webhook_request are on.
	NavigationHistory bool
}

// BuildWebhookPayload builds the body the server sends for a room event:
// eventType is "LivechatSessionStart", "LivechatSessionQueued",
// "LivechatSessionTaken", "LivechatSessionForwarded", "LivechatSession"
// (closed), "LivechatEdit", "Message" or "LeadCapture". Members come in the
// server's order and those the server would leave undefined are left out;
// dates are written as JSON.stringify writes them. It fails for another
// type, or a room without a visitor (the server throws error-invalid-visitor
// and sends nothing).
func BuildWebhookPayload(eventType string, src WebhookSource) (*WebhookPayload, error) {
	room := src.Room
	if room == nil {
		return nil, errors.New("rocketchattest: BuildWebhookPayload needs a room")
	}
	var msgs []models.Message
	switch eventType {
	case EventSessionStart, EventSessionQueued, EventSessionTaken, EventSessionForwarded,
		EventSessionClosed, EventRoomEdited:
		msgs = slices.Clone(src.Messages)
		slices.SortStableFunc(msgs, func(a, b models.Message) int { return a.Timestamp.Compare(b.Timestamp) })
	case EventMessage:
		msgs = src.Messages
	case EventLeadCapture:
	default:
		return nil, fmt.Errorf("rocketchattest: %q is not a room event", eventType)
	}
	visitor := src.Visitor
	if visitor == nil {
		visitor = visitorFromRoom(room.Visitor)
	}
	if visitor.ID == "" {
		return nil, errors.New("rocketchattest: the room has no visitor: error-invalid-visitor")
	}
	agent := src.Agent
	if agent == nil && room.ServedBy.ID != "" {
		agent = &models.User{ID: room.ServedBy.ID, Username: room.ServedBy.Username}
	}

	p := guestInfo(room, visitor, agent)
	items := make([]any, 0, len(msgs))
	for i := range msgs {
		if item, ok := messageItem(&msgs[i], visitor.Username, &src); ok {
			items = append(items, item)
		}
	}
	p = p.add("type", eventType).add("messages", items)
	p = append(p, extras(eventType, room, &src)...)
	return encodePayload(eventType, room.ID, p)
}

// guestInfo is getLivechatRoomGuestInfo: the room, visitor, agent and
// crmData part of an event.
func guestInfo(room *models.Room, v *WebhookVisitor, agent *models.User) object {
	label := room.FName
	if label == "" {
		label = room.Label
	}
	p := object{}.add("_id", room.ID).opt("label", label).opt("topic", room.Topic).
		opt("createdAt", room.Timestamp).opt("lastMessageAt", room.LastMessageAt).
		opt("tags", room.Tags).opt("customFields", room.LivechatData).
		add("visitor", visitorObject(v))
	if agent != nil {
		p = p.add("agent", agentObject(agent))
	}
	if truthy(room.CRMData) {
		p = p.add("crmData", room.CRMData)
	}
	return p
}

// extras is getAdditionalFieldsByType.
func extras(eventType string, room *models.Room, src *WebhookSource) object {
	var p object
	switch eventType {
	case EventSessionStart, EventSessionQueued:
		p = p.opt("departmentId", room.DepartmentID)
	case EventSessionTaken:
		p = p.opt("departmentId", room.DepartmentID).opt("servedBy", servedBy(room.ServedBy))
	case EventSessionForwarded:
		p = p.opt("departmentId", room.DepartmentID).opt("servedBy", servedBy(room.ServedBy)).
			opt("oldDepartmentId", src.OldDepartmentID)
		if src.OldServedBy != nil {
			p = p.opt("oldServedBy", servedBy(*src.OldServedBy))
		}
	case EventSessionClosed:
		p = p.opt("departmentId", room.DepartmentID).opt("servedBy", servedBy(room.ServedBy)).
			opt("closedAt", room.ClosedAt).opt("closedBy", userRef(room.ClosedBy)).opt("closer", string(room.Closer))
	}
	return p
}

// WebhookOfflineForm is what a visitor filled in the widget's offline form.
type WebhookOfflineForm struct {
	Name, Email, Message string
}

// BuildOfflineWebhookPayload builds the body of a LivechatOfflineMessage
// event: the form as sent at sentAt (the department and host the form also
// sends are not forwarded).
func BuildOfflineWebhookPayload(form WebhookOfflineForm, sentAt time.Time) *WebhookPayload {
	p := object{}.add("type", EventOfflineMessage).add("sentAt", sentAt).
		add("visitor", object{}.opt("name", form.Name).opt("email", form.Email)).
		opt("message", form.Message)
	out, err := encodePayload(EventOfflineMessage, "", p)
	if err != nil {
		panic(err) // strings and a date: cannot fail unless the date is past year 9999
	}
	return out
}

func encodePayload(eventType, roomID string, p object) (*WebhookPayload, error) {
	b, err := jsonv2.Marshal(p, jsonx.EncodeOptions, jsonv2.Deterministic(true))
	if err != nil {
		return nil, fmt.Errorf("rocketchattest: encoding a %s event: %w", eventType, err)
	}
	return &WebhookPayload{Type: eventType, RoomID: roomID, Body: b}, nil
}

// truthy reports whether a stored JSON value is truthy in JavaScript:
// crmData is sent only then.
func truthy(v jsontext.Value) bool {
	switch string(v) {
	case "", `""`, "null", "false", "0":
		return false
	}
	return true
}
