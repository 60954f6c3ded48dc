package rocketchattest_test

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// The conversation of testdata/webhook: visitor Ana, agents John and Mary.

const (
	roomID      = "Rb7qYy4Lq9Wf2nXkP"
	salesDeptID = "dPt4Sales0000001"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, "2025-09-01T"+s+"Z")
	if err != nil {
		panic(err)
	}
	return t
}

var (
	ana = rocketchattest.WebhookVisitor{
		ID: "Hk3x9WqLmN2pR5tYv", Token: "c2a0b0f0-9a5e-4b7e-9d0a-1f3e5c7a9b11", Name: "Ana Souza",
		Username: "guest-17", Department: salesDeptID,
		Emails: []string{"ana@example.com"}, Phones: []string{"+5511999990000"},
	}
	anaRef = models.UserRef{ID: ana.ID, Username: ana.Username, Name: ana.Name}
	john   = models.User{ID: "agentJohn0000001", Username: "john.doe", Name: "John Doe",
		Emails: []models.Email{{Address: "john.doe@example.com"}}}
	mary = models.User{ID: "agentMary0000001", Username: "mary.roe", Name: "Mary Roe",
		Emails: []models.Email{{Address: "mary.roe@example.com"}}}
	johnServes = models.ServedBy{ID: john.ID, Username: john.Username, Timestamp: at("12:01:00.000")}
	maryServes = models.ServedBy{ID: mary.ID, Username: mary.Username, Timestamp: at("12:05:00.000")}
	ticket     = jsontext.Value(`"{\"ticket\":\"T-77\"}"`)

	visitorHi = models.Message{ID: "msgV1000000000001", RoomID: roomID, Text: "Hi, I need help with my order",
		Timestamp: at("12:00:05.010"), UpdatedAt: at("12:00:05.020"), User: anaRef, Token: models.Token(ana.Token)}
	johnAsks = models.Message{ID: "msgA1000000000001", RoomID: roomID, Text: "Sure, what is the order number?",
		Timestamp: at("12:01:10.500"), UpdatedAt: at("12:01:10.510"), User: ref(john)}
	maryRefund = models.Message{ID: "msgA2000000000001", RoomID: roomID, Text: "Your refund was issued.",
		Timestamp: at("12:09:00.000"), UpdatedAt: at("12:09:00.010"), User: ref(mary)}
	closing = models.Message{ID: "msgC1000000000001", RoomID: roomID, Text: "Solved", Type: "livechat-close",
		Timestamp: at("12:10:00.000"), UpdatedAt: at("12:10:00.005"), User: models.UserRef{ID: mary.ID, Username: mary.Username}}
	// System messages the server never sends.
	started  = models.Message{ID: "msgS1000000000001", RoomID: roomID, Type: "livechat-started", Timestamp: at("12:00:00.200"), User: anaRef}
	joined   = models.Message{ID: "msgS2000000000001", RoomID: roomID, Type: "uj", Timestamp: at("12:01:00.010"), User: ref(john)}
	transfer = models.Message{ID: "msgS3000000000001", RoomID: roomID, Type: "livechat_transfer_history", Timestamp: at("12:05:00.010"), User: ref(john)}
	visited  = models.Message{ID: "msgS4000000000001", RoomID: roomID, Type: "livechat_navigation_history", Timestamp: at("12:00:01.000"), User: anaRef,
		Navigation: &models.Navigation{Page: models.NavigationPage{Title: "Orders", Location: models.PageLocation{Href: "https://shop.example.com/orders"}}}}
)

func ref(u models.User) models.UserRef {
	return models.UserRef{ID: u.ID, Username: u.Username, Name: u.Name}
}

// baseRoom is the room as it starts: no agent, no crmData.
func baseRoom() *models.Room {
	return &models.Room{ID: roomID, Type: models.RoomTypeLivechat, FName: ana.Name, Timestamp: at("12:00:00.123"),
		LastMessageAt: at("12:00:00.123"), Open: true, DepartmentID: salesDeptID,
		Visitor: models.RoomVisitor{ID: ana.ID, Username: ana.Username, Token: models.Token(ana.Token), Name: ana.Name}}
}

// withCustomer is Ana with the visitor custom field some fixtures carry.
func withCustomer(v rocketchattest.WebhookVisitor) *rocketchattest.WebhookVisitor {
	v.CustomFields = map[string]any{"customerId": "C-1001"}
	return &v
}

// webhookCases are the events of testdata/webhook, each with what the
// server builds it from.
func webhookCases() []struct {
	file, eventType string
	src             rocketchattest.WebhookSource
} {
	start := baseRoom()
	queued := baseRoom()
	queued.CRMData = ticket
	taken := baseRoom()
	taken.LastMessageAt, taken.ServedBy, taken.CRMData = visitorHi.Timestamp, johnServes, ticket
	forwarded := *taken
	forwarded.LastMessageAt, forwarded.ServedBy = johnAsks.Timestamp, maryServes
	toDept := forwarded
	toDept.ServedBy, toDept.DepartmentID = models.ServedBy{}, "dPt4Support00001"
	closed := forwarded
	closed.LastMessageAt, closed.Tags, closed.Open = closing.Timestamp, []string{"sales"}, false
	closed.ClosedAt, closed.Closer = at("12:10:00.000"), models.CloserUser
	closed.ClosedBy = models.UserRef{ID: mary.ID, Username: mary.Username}
	edited := closed
	edited.Topic = "Refund"
	lead := baseRoom()
	lead.LastMessageAt, lead.ServedBy = at("12:03:00.000"), johnServes
	captured := ana
	captured.Emails, captured.Phones = []string{"ana.work@example.com"}, []string{"11 98765-4321"}
	receipt := models.Message{ID: "msgF1000000000001", RoomID: roomID, Timestamp: at("12:02:00.000"), UpdatedAt: at("12:02:00.050"),
		User: anaRef, Token: models.Token(ana.Token), File: &models.File{ID: "upl0000000000001", Name: "receipt.png", Type: "image/png", Format: "png", Size: 48213},
		Attachments: []models.Attachment{{Title: "receipt.png", Type: "file", TitleLink: "/file-upload/upl0000000000001/receipt.png",
			TitleLinkDownload: true, ImageURL: "/file-upload/upl0000000000001/receipt.png", ImageType: "image/png", ImageSize: 48213,
			Unknown: jsontext.Value(`{"image_dimensions":{"width":640,"height":480},"image_preview":"<base64>"}`)}}}
	all := []models.Message{closing, maryRefund, transfer, johnAsks, joined, visitorHi, started, visited}
	type tc = struct {
		file, eventType string
		src             rocketchattest.WebhookSource
	}
	return []tc{
		{"session-start", "LivechatSessionStart", rocketchattest.WebhookSource{Room: start, Visitor: withCustomer(ana), Messages: []models.Message{started, visited}}},
		{"session-queued", "LivechatSessionQueued", rocketchattest.WebhookSource{Room: queued, Visitor: withCustomer(ana), Messages: []models.Message{started}}},
		{"session-taken", "LivechatSessionTaken", rocketchattest.WebhookSource{Room: taken, Visitor: withCustomer(ana), Agent: &john, Messages: []models.Message{joined, visitorHi, started}}},
		{"message-agent", "Message", rocketchattest.WebhookSource{Room: taken, Visitor: withCustomer(ana), Agent: &john, Messages: []models.Message{johnAsks}}},
		{"message-file", "Message", rocketchattest.WebhookSource{Room: taken, Visitor: withCustomer(ana), Agent: &john, Messages: []models.Message{receipt}, SiteURL: "https://chat.example.com/"}},
		{"session-forwarded", "LivechatSessionForwarded", rocketchattest.WebhookSource{Room: &forwarded, Visitor: &ana, Agent: &mary,
			Messages: []models.Message{johnAsks, transfer, visitorHi}, OldServedBy: &johnServes}},
		{"session-forwarded-department", "LivechatSessionForwarded", rocketchattest.WebhookSource{Room: &toDept, Visitor: &ana,
			Messages: []models.Message{johnAsks, transfer, visitorHi}, OldDepartmentID: salesDeptID}},
		{"session-closed", "LivechatSession", rocketchattest.WebhookSource{Room: &closed, Visitor: &ana, Agent: &mary, Messages: all}},
		{"room-edited", "LivechatEdit", rocketchattest.WebhookSource{Room: &edited, Visitor: &ana, Agent: &mary, Messages: all}},
		{"lead-capture", "LeadCapture", rocketchattest.WebhookSource{Room: lead, Visitor: &captured, Agent: &john, Messages: all}},
	}
}
