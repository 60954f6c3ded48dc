package models_test

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// Decoding the rooms the server sends, member by member.

func TestDecodeOpenRoom(t *testing.T) {
	r := decodeRoomFixture(t, "room-open.json")

	if r.ID != "Bw8tmzC2yFxLs4ua9" || r.Type != models.RoomTypeLivechat || r.FName != "Maria Souza" {
		t.Errorf("identity: %q %q %q", r.ID, r.Type, r.FName)
	}
	if !r.Timestamp.Equal(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("Timestamp = %v", r.Timestamp)
	}
	if !r.UpdatedAt.Equal(utcMillis("2024-05-01T10:07:31.512Z")) || !r.LastMessageAt.Equal(utcMillis("2024-05-01T10:07:31.204Z")) {
		t.Errorf("UpdatedAt = %v, LastMessageAt = %v", r.UpdatedAt, r.LastMessageAt)
	}
	if r.MessageCount != 7 || r.UsersCount != 2 {
		t.Errorf("counts = %d, %d", r.MessageCount, r.UsersCount)
	}
	if r.CanLeave == nil || *r.CanLeave {
		t.Errorf("CanLeave = %v, want a pointer to false", r.CanLeave)
	}
	if !r.Open || r.WaitingResponse || r.OnHold {
		t.Errorf("Open = %v, WaitingResponse = %v, OnHold = %v", r.Open, r.WaitingResponse, r.OnHold)
	}

	checkOpenRoomVisitor(t, r.Visitor)
	checkOpenRoomService(t, &r)
	checkOpenRoomLastMessage(t, &r)
	checkOpenRoomMetrics(t, r.Metrics)

	if !strings.Contains(string(r.Unknown), `"customRoomFlag"`) {
		t.Errorf("Unknown = %s", r.Unknown)
	}
	if r.ClosedAt != (time.Time{}) || r.Closer != "" || r.ClosedBy.ID != "" || r.ClosingMessage != nil {
		t.Errorf("closing members on an open room: %v %q %v %v", r.ClosedAt, r.Closer, r.ClosedBy, r.ClosingMessage)
	}
}

// checkOpenRoomVisitor checks the visitor of room-open.json.
func checkOpenRoomVisitor(t *testing.T, v models.RoomVisitor) {
	t.Helper()
	if v.ID != "QyBAKC5Wc8tcv6cco" || v.Username != "guest-537" || v.Token != "8s7e9ony6ctl27e1qf8kue" ||
		v.Name != "Maria Souza" || v.Status != models.UserStatusOnline || v.Phone != "+5511987654321" ||
		!slices.Equal(v.Activity, []string{"returning-customer"}) {
		t.Errorf("Visitor = %+v", v)
	}
	if !v.LastMessageAt.Equal(utcMillis("2024-05-01T10:06:12.050Z")) {
		t.Errorf("Visitor.LastMessageAt = %v", v.LastMessageAt)
	}
}

// checkOpenRoomService checks how room-open.json is served: department,
// agents, source, routing, tags, custom data and transcript.
func checkOpenRoomService(t *testing.T, r *models.Room) {
	t.Helper()
	if r.DepartmentID != "CAJioQNAvLnYWTy8i" || !slices.Equal(r.DepartmentAncestors, []string{"sriw2wmP2Zz2pPrre"}) {
		t.Errorf("department = %q %v", r.DepartmentID, r.DepartmentAncestors)
	}
	if r.ServedBy.ID == "" || r.ServedBy.Username != "agent.ana" || !r.ServedBy.Timestamp.Equal(utcMillis("2024-05-01T10:00:02.318Z")) {
		t.Errorf("ServedBy = %+v", r.ServedBy)
	}
	if r.ResponseBy.ID == "" || r.ResponseBy.ID != "hYfpd3m5Bs6ZgWNpJ" ||
		!r.ResponseBy.FirstResponseAt.Equal(utcMillis("2024-05-01T10:06:40.100Z")) ||
		!r.ResponseBy.LastMessageAt.Equal(utcMillis("2024-05-01T10:07:31.204Z")) {
		t.Errorf("ResponseBy = %+v", r.ResponseBy)
	}
	if r.Source.Type != models.SourceSMS || r.Source.Alias != "Twilio" || r.Source.Destination != "+14155550100" ||
		r.Source.SidebarIcon != "sms" {
		t.Errorf("Source = %+v", r.Source)
	}
	if r.SMS == nil || r.SMS.From != "+5511987654321" {
		t.Errorf("SMS = %+v", r.SMS)
	}
	if r.Status != models.RoomStatusTaken || r.PriorityWeight != 2 || r.EstimatedWaitingTimeQueue != 15 ||
		r.SLAID != "65f1c2d3e4a5b6c7d8e9f002" || r.PriorityID != "65f1c2d3e4a5b6c7d8e9f001" {
		t.Errorf("routing = %q %d %v %q %q", r.Status, r.PriorityWeight, r.EstimatedWaitingTimeQueue, r.SLAID, r.PriorityID)
	}
	if !slices.Equal(r.Tags, []string{"billing", "refund"}) {
		t.Errorf("Tags = %v", r.Tags)
	}
	wantData := map[string]any{"orderNumber": "A-10023", "vip": true, "lifetimeValue": 1520.5}
	if !reflect.DeepEqual(r.LivechatData, wantData) {
		t.Errorf("LivechatData = %#v", r.LivechatData)
	}

	tr := r.TranscriptRequest
	if tr == nil || tr.Email != "maria@example.com" || !tr.RequestedAt.Equal(utcMillis("2024-05-01T10:05:00.900Z")) ||
		tr.RequestedBy.Name != "Maria Souza" || !strings.Contains(string(tr.RequestedBy.Unknown), `"utcOffset"`) {
		t.Errorf("TranscriptRequest = %+v", tr)
	}
	if r.Omnichannel == nil || !r.Omnichannel.PredictedVisitorAbandonmentAt.Equal(utcMillis("2024-05-01T11:07:31.204Z")) {
		t.Errorf("Omnichannel = %+v", r.Omnichannel)
	}
}

// checkOpenRoomLastMessage checks the last message of room-open.json.
func checkOpenRoomLastMessage(t *testing.T, r *models.Room) {
	t.Helper()
	m := r.LastMessage
	if m == nil {
		t.Fatal("LastMessage is nil")
	}
	if m.ID != "gH3ZkqXW8o9LkPp2d" || m.RoomID != r.ID || !strings.HasPrefix(m.Text, "Your refund") ||
		m.User.Username != "agent.ana" || m.User.Name != "Ana Lima" || !m.Unread || m.Token != "" {
		t.Errorf("LastMessage = %+v", m)
	}
	if !m.Timestamp.Equal(utcMillis("2024-05-01T10:07:31.204Z")) || !m.UpdatedAt.Equal(utcMillis("2024-05-01T10:07:31.300Z")) {
		t.Errorf("LastMessage dates = %v, %v", m.Timestamp, m.UpdatedAt)
	}
	if len(m.URLs) != 1 || m.URLs[0].Meta["oembedWidth"] != 480.0 || m.URLs[0].Headers["contentLength"] != "5120" {
		t.Errorf("URLs = %+v", m.URLs)
	}
	if m.Mentions == nil || len(m.Mentions) != 0 {
		t.Errorf("Mentions = %#v, want an empty, non-nil slice", m.Mentions)
	}
	if got := m.Reactions[":+1:"]; !slices.Equal(got.Usernames, []string{"guest-537"}) || !slices.Equal(got.Names, []string{"Maria Souza"}) {
		t.Errorf("Reactions = %+v", m.Reactions)
	}
	if m.MD.IsZero() || !bytes.Contains(m.MD.Raw(), []byte(`"BOLD"`)) {
		t.Errorf("MD = %s", m.MD.Raw())
	}
	if !strings.Contains(string(m.Unknown), `"translations"`) || !strings.Contains(string(m.Unknown), `"e2e"`) {
		t.Errorf("LastMessage.Unknown = %s", m.Unknown)
	}
}

// checkOpenRoomMetrics checks the metrics of room-open.json.
func checkOpenRoomMetrics(t *testing.T, mt models.Metrics) {
	t.Helper()
	if mt.Reaction.FirstDate.IsZero() || !mt.Reaction.FirstDate.Equal(utcMillis("2024-05-01T10:06:40.100Z")) ||
		mt.Reaction.FirstTime != 400.1 || mt.Reaction.TotalTime != 428.05 {
		t.Errorf("Metrics.Reaction = %+v", mt.Reaction)
	}
	if mt.Response.FirstDate.IsZero() || mt.Response.Total != 2 || mt.Response.Average != 214.025 ||
		!mt.Response.FirstDate.Equal(utcMillis("2024-05-01T10:06:40.100Z")) {
		t.Errorf("Metrics.Response = %+v", mt.Response)
	}
	if mt.Visitor.LastQuery.IsZero() || !mt.Visitor.LastQuery.Equal(utcMillis("2024-05-01T10:06:12.050Z")) {
		t.Errorf("Metrics.Visitor = %+v", mt.Visitor)
	}
	if mt.ServedBy.LastReply.IsZero() || !mt.ServedBy.LastReply.Equal(utcMillis("2024-05-01T10:07:31.204Z")) {
		t.Errorf("Metrics.ServedBy = %+v", mt.ServedBy)
	}
	if mt.ChatDuration != 0 || mt.ServiceTimeDuration != 0 {
		t.Errorf("durations on an open room: %v, %v", mt.ChatDuration, mt.ServiceTimeDuration)
	}
}

func TestDecodeClosedRoom(t *testing.T) {
	r := decodeRoomFixture(t, "room-closed.json")

	if r.Open {
		t.Error("Open = true on a closed room")
	}
	if !r.Timestamp.Equal(utcMillis("2024-04-20T15:30:00.123Z")) || !r.ClosedAt.Equal(utcMillis("2024-04-20T16:45:10.000Z")) {
		t.Errorf("Timestamp = %v, ClosedAt = %v", r.Timestamp, r.ClosedAt)
	}
	if r.Closer != models.CloserUser || r.ClosedBy.Username == "" || r.ClosedBy.Username != "agent.bruno" {
		t.Errorf("Closer = %q, ClosedBy = %+v", r.Closer, r.ClosedBy)
	}
	cm := r.ClosingMessage
	if cm == nil || cm.Type != "livechat-close" || cm.Text != "Customer confirmed delivery" ||
		cm.Groupable == nil || *cm.Groupable {
		t.Errorf("ClosingMessage = %+v", cm)
	}
	if !r.WaitingResponse || !r.Verified || r.PDFTranscriptFileID != "pdfT7mKx2LqW9" || r.PriorityWeight != 99999 {
		t.Errorf("flags: %v %v %q %d", r.WaitingResponse, r.Verified, r.PDFTranscriptFileID, r.PriorityWeight)
	}
	if r.ServedBy.ID == "" || r.ResponseBy.ID != "" || r.TranscriptRequest != nil || r.SMS != nil {
		t.Errorf("optional parts: %v %v %v %v", r.ServedBy, r.ResponseBy, r.TranscriptRequest, r.SMS)
	}
	if r.LivechatData == nil || len(r.LivechatData) != 0 {
		t.Errorf("LivechatData = %#v, want an empty, non-nil map", r.LivechatData)
	}
	if r.Source.Type != models.SourceEmail || r.Source.ID != "inbox-support" {
		t.Errorf("Source = %+v", r.Source)
	}
	if r.Email == nil || r.Email.Inbox != "support@example.com" || len(r.Email.Thread) != 2 || r.Email.Subject != "Where is my order?" {
		t.Errorf("Email = %+v", r.Email)
	}
	if got := genericJSON(t, r.CRMData); !reflect.DeepEqual(got, map[string]any{
		"leadId": 88123.0, "stage": "won", "owners": []any{"sales.joao"},
	}) {
		t.Errorf("CRMData = %s", r.CRMData)
	}

	checkClosedRoomLastMessage(t, &r)

	mt := r.Metrics
	if mt.ChatDuration != 4510.877 || mt.ServiceTimeDuration != 4439.5 || mt.VisitorInactivity != 310.25 {
		t.Errorf("durations = %v %v %v", mt.ChatDuration, mt.ServiceTimeDuration, mt.VisitorInactivity)
	}
	if mt.Response.FirstDate.IsZero() || mt.Response.Total != 6 || mt.Response.FirstTime != 120 {
		t.Errorf("Metrics.Response = %+v", mt.Response)
	}
	if !strings.Contains(string(mt.Unknown), `"slaBreached"`) {
		t.Errorf("Metrics.Unknown = %s", mt.Unknown)
	}
}

// checkClosedRoomLastMessage checks the last message of room-closed.json,
// a visitor's file.
func checkClosedRoomLastMessage(t *testing.T, r *models.Room) {
	t.Helper()
	m := r.LastMessage
	if m == nil || m.Token != r.Visitor.Token || m.Text != "" || m.Alias != "Maria Souza" {
		t.Fatalf("LastMessage = %+v", m)
	}
	if m.NewRoom == nil || *m.NewRoom || m.ShowConnecting == nil || !*m.ShowConnecting {
		t.Errorf("NewRoom = %v, ShowConnecting = %v", m.NewRoom, m.ShowConnecting)
	}
	if m.File == nil || m.File.Size != 48213 || m.File.Format != "png" || len(m.Files) != 1 || m.Files[0].TypeGroup != "image" {
		t.Errorf("File = %+v, Files = %+v", m.File, m.Files)
	}
	if len(m.Attachments) != 1 {
		t.Fatalf("Attachments = %+v", m.Attachments)
	}
	a := m.Attachments[0]
	if a.Type != "file" || !a.TitleLinkDownload || a.ImageSize != 48213 || a.ImageType != "image/png" ||
		string(a.TS) != `"1713631499.999"` || !strings.Contains(string(a.Unknown), `"image_dimensions"`) {
		t.Errorf("Attachment = %+v", a)
	}
}

// livechat/rooms adds the department's id and name to each room.
func TestDecodeRoomWithDepartment(t *testing.T) {
	in := []byte(`{"_id":"r1","t":"l","departmentId":"d1","department":{"_id":"d1","name":"Sales"},"msgs":4,"usersCount":1}`)
	var r models.Room
	if err := r.UnmarshalJSON(in); err != nil {
		t.Fatal(err)
	}
	if r.DepartmentID != "d1" || r.Department.ID != "d1" || r.Department.Name != "Sales" || len(r.Unknown) != 0 {
		t.Fatalf("Department = %+v, Unknown = %s", r.Department, r.Unknown)
	}
	out, err := r.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out, in)
	// A room from another route has none, and writes none.
	r = models.Room{ID: "r2", DepartmentID: "d1"}
	if out, _ := r.MarshalJSON(); bytes.Contains(out, []byte(`"department"`)) {
		t.Errorf("a room without department encodes as %s", out)
	}
}
