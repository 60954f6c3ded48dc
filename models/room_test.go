package models_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// roomsHistoryPage is the body of the visitor chat history endpoint.
type roomsHistoryPage struct {
	History []models.Room `json:"history"`
	Count   int           `json:"count"`
	Offset  int           `json:"offset"`
	Total   int           `json:"total"`
	Success bool          `json:"success"`
}

func roomFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func decodeRoomFixture(t testing.TB, name string) models.Room {
	t.Helper()
	var r models.Room
	if err := jsonx.Unmarshal(roomFixture(t, name), &r); err != nil {
		t.Fatalf("decoding %s: %v", name, err)
	}
	return r
}

func utcMillis(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// semantic decodes JSON into generic values so that two documents compare
// equal when they hold the same members, whatever their order and spacing.
func genericJSON(t testing.TB, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	return v
}

func assertSameJSON(t testing.TB, got, want []byte) {
	t.Helper()
	if g, w := genericJSON(t, got), genericJSON(t, want); !reflect.DeepEqual(g, w) {
		t.Errorf("JSON differs\n got: %s\nwant: %s", compactJSON(got), compactJSON(want))
	}
}

func compactJSON(data []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		return string(data)
	}
	return b.String()
}

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

	v := r.Visitor
	if v.ID != "QyBAKC5Wc8tcv6cco" || v.Username != "guest-537" || v.Token != "8s7e9ony6ctl27e1qf8kue" ||
		v.Name != "Maria Souza" || v.Status != models.UserStatusOnline || v.Phone != "+5511987654321" ||
		!slices.Equal(v.Activity, []string{"returning-customer"}) {
		t.Errorf("Visitor = %+v", v)
	}
	if !v.LastMessageAt.Equal(utcMillis("2024-05-01T10:06:12.050Z")) {
		t.Errorf("Visitor.LastMessageAt = %v", v.LastMessageAt)
	}

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
		t.Errorf("routing = %q %d %d %q %q", r.Status, r.PriorityWeight, r.EstimatedWaitingTimeQueue, r.SLAID, r.PriorityID)
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

	mt := r.Metrics
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

	if !strings.Contains(string(r.Unknown), `"customRoomFlag"`) {
		t.Errorf("Unknown = %s", r.Unknown)
	}
	if r.ClosedAt != (time.Time{}) || r.Closer != "" || r.ClosedBy.ID != "" || r.ClosingMessage != nil {
		t.Errorf("closing members on an open room: %v %q %v %v", r.ClosedAt, r.Closer, r.ClosedBy, r.ClosingMessage)
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

// TestRoomRoundTrip decodes server rooms with the SDK's codec, encodes them
// with encoding/json and checks that the output holds exactly the input:
// the same members, unknown ones included, and the same date strings.
func TestRoomRoundTrip(t *testing.T) {
	for _, name := range []string{"room-open.json", "room-closed.json"} {
		t.Run(name, func(t *testing.T) {
			in := roomFixture(t, name)
			r := decodeRoomFixture(t, name)
			out, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			assertSameJSON(t, out, in)

			// A pointer encodes the same way.
			outPtr, err := json.Marshal(&r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, outPtr) {
				t.Errorf("value and pointer encodings differ:\n%s\n%s", out, outPtr)
			}
		})
	}

	t.Run("published example", func(t *testing.T) {
		in := roomFixture(t, "room-published-example.json")
		var page roomsHistoryPage
		if err := jsonx.Unmarshal(in, &page); err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(page)
		if err != nil {
			t.Fatal(err)
		}
		assertSameJSON(t, out, in)
	})
}

func TestClosedRoomHasNoOpenMember(t *testing.T) {
	r := decodeRoomFixture(t, "room-closed.json")
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(out, &members); err != nil {
		t.Fatal(err)
	}
	if v, ok := members["open"]; ok {
		t.Errorf("closed room encodes open = %s", v)
	}
	if v := string(members["cl"]); v != "false" {
		t.Errorf("cl = %q, want false", v)
	}
	if v := string(members["closedAt"]); v != `"2024-04-20T16:45:10.000Z"` {
		t.Errorf("closedAt = %s", v)
	}
}

// TestEncodeDates checks that every date, however it was built, is written as
// the server writes it: UTC, milliseconds, Z.
func TestEncodeDates(t *testing.T) {
	brt := time.FixedZone("BRT", -3*60*60)
	at := time.Date(2024, 5, 1, 7, 0, 0, 123456789, brt) // 10:00:00.123456789Z
	r := models.Room{
		ID:        "r1",
		Timestamp: at,
		ServedBy:  models.ServedBy{ID: "a1", Timestamp: at.Add(time.Second)},
		Metrics: models.Metrics{
			Reaction: models.MetricsReaction{FirstDate: at.Add(2 * time.Second)},
		},
		LastMessage: &models.Message{ID: "m1", Timestamp: time.Date(2024, 5, 1, 10, 0, 3, 0, time.UTC)},
	}
	want := `{"_id":"r1","ts":"2024-05-01T10:00:00.123Z","msgs":0,"usersCount":0,` +
		`"servedBy":{"_id":"a1","ts":"2024-05-01T10:00:01.123Z"},` +
		`"lastMessage":{"_id":"m1","rid":"","msg":"","ts":"2024-05-01T10:00:03.000Z"},` +
		`"metrics":{"reaction":{"fd":"2024-05-01T10:00:02.123Z","tt":0}}}`

	got, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("encoding/json:\n got: %s\nwant: %s", got, want)
	}

	// The v2 package writes the same, even without the SDK's options.
	got2, err := jsonv2.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if string(got2) != want {
		t.Errorf("json v2:\n got: %s\nwant: %s", got2, want)
	}

	// So does a nested value encoded on its own.
	gotServedBy, err := json.Marshal(r.ServedBy)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"_id":"a1","ts":"2024-05-01T10:00:01.123Z"}`; string(gotServedBy) != want {
		t.Errorf("ServedBy: got %s, want %s", gotServedBy, want)
	}
	gotMetrics, err := json.Marshal(r.Metrics)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"reaction":{"fd":"2024-05-01T10:00:02.123Z","tt":0}}`; string(gotMetrics) != want {
		t.Errorf("Metrics: got %s, want %s", gotMetrics, want)
	}
}

func TestEncodeZeroRoomOmitsOptionalMembers(t *testing.T) {
	got, err := json.Marshal(models.Room{ID: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"_id":"r1","msgs":0,"usersCount":0}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestStandardLibraryUnmarshal checks that encoding/json decodes rooms to the
// same values as the SDK's codec, alone and inside the caller's own types.
func TestStandardLibraryUnmarshal(t *testing.T) {
	for _, name := range []string{"room-open.json", "room-closed.json"} {
		t.Run(name, func(t *testing.T) {
			want := decodeRoomFixture(t, name)
			var got models.Room
			if err := json.Unmarshal(roomFixture(t, name), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("encoding/json decoded\n%+v\nthe SDK decoded\n%+v", got, want)
			}
		})
	}

	t.Run("page", func(t *testing.T) {
		in := roomFixture(t, "room-published-example.json")
		var want, got roomsHistoryPage
		if err := jsonx.Unmarshal(in, &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(in, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("encoding/json decoded\n%+v\nthe SDK decoded\n%+v", got, want)
		}
		if len(got.History) != 1 || got.History[0].Metrics.Response.Total != 1 {
			t.Errorf("History = %+v", got.History)
		}
	})

	t.Run("numbers as strings", func(t *testing.T) {
		// Room.UnmarshalJSON goes through the SDK's codec, lenient reading included.
		room := firstHistoryItem(t, roomFixture(t, "openapi-example.json"))
		var got models.Room
		if err := json.Unmarshal(room, &got); err != nil {
			t.Fatal(err)
		}
		if got.MessageCount != 2 || got.CanLeave == nil || *got.CanLeave || got.Metrics.Response.Total != 1 {
			t.Errorf("got %+v", got)
		}
	})
}

func firstHistoryItem(t testing.TB, page []byte) []byte {
	t.Helper()
	var p struct{ History []json.RawMessage }
	if err := json.Unmarshal(page, &p); err != nil || len(p.History) == 0 {
		t.Fatalf("no history item: %v", err)
	}
	return p.History[0]
}

// TestOpenAPIExample checks that the example that writes numbers and
// booleans as strings decodes to the same values as the one that does not.
func TestOpenAPIExample(t *testing.T) {
	stringly := roomFixture(t, "openapi-example.json")
	typed := roomFixture(t, "room-published-example.json")

	var got, want roomsHistoryPage
	if err := jsonx.Unmarshal(stringly, &got); err != nil {
		t.Fatal(err)
	}
	if err := jsonx.Unmarshal(typed, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("string-typed example decoded to\n%+v\nwant\n%+v", got, want)
	}

	if got.Count != 1 || got.Total != 1 || !got.Success || len(got.History) != 1 {
		t.Fatalf("page = %+v", got)
	}
	r := got.History[0]
	if r.MessageCount != 2 || r.UsersCount != 1 || !r.Open || !r.WaitingResponse {
		t.Errorf("room = %+v", r)
	}
	if r.CanLeave == nil || *r.CanLeave {
		t.Errorf("CanLeave = %v", r.CanLeave)
	}
	if m := r.LastMessage; m == nil || !m.Unread || m.NewRoom == nil || *m.NewRoom ||
		m.ShowConnecting == nil || !*m.ShowConnecting || m.Token != "8s7e9ony6ctl27e1qf8kue" {
		t.Errorf("LastMessage = %+v", r.LastMessage)
	}
	if rs := r.Metrics.Response; rs.Total != 1 || rs.Average != 0.233 || rs.FirstTime != 0.233 ||
		!rs.FirstDate.Equal(utcMillis("2021-07-22T17:17:04.449Z")) {
		t.Errorf("Metrics.Response = %+v", rs)
	}
}

// TestDecoderOptionsReachNestedTypes shows that the options given to the outer
// Unmarshal are the ones the rooms' UnmarshalJSONFrom methods decode with:
// the string-typed example fails strictly, deep inside a nested type, and
// succeeds with the lenient options alone.
func TestDecoderOptionsReachNestedTypes(t *testing.T) {
	data := roomFixture(t, "openapi-example.json")

	var strict roomsHistoryPage
	err := jsonv2.Unmarshal(data, &strict, jsonx.DecodeOptions)
	var serr *jsonv2.SemanticError
	if err == nil || !errors.As(err, &serr) {
		t.Fatalf("strict decoding: err = %v, want a semantic error", err)
	}

	var lenient roomsHistoryPage
	if err := jsonv2.Unmarshal(data, &lenient, jsonx.LenientOptions); err != nil {
		t.Fatalf("lenient decoding: %v", err)
	}
	if r := lenient.History[0]; r.Metrics.Reaction.FirstDate.IsZero() || r.Metrics.Reaction.TotalTime != 0.233 {
		t.Errorf("Metrics.Reaction = %+v", r.Metrics.Reaction)
	}
}

// TestDecodeNulls checks that null members decode to zero values through the
// codec methods instead of failing the whole room.
func TestDecodeNulls(t *testing.T) {
	in := `{"_id":"r1","v":null,"servedBy":null,"source":null,"lastMessage":null,"metrics":{"reaction":null},"tags":null,"cl":null}`
	var r models.Room
	if err := jsonx.Unmarshal([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	if r.ID != "r1" || r.ServedBy.ID != "" || r.LastMessage != nil || !r.Metrics.Reaction.FirstDate.IsZero() || r.Tags != nil || r.CanLeave != nil ||
		!reflect.DeepEqual(r.Visitor, models.Visitor{}) || !reflect.DeepEqual(r.Source, models.Source{}) {
		t.Errorf("got %+v", r)
	}
}

// TestMessageUnknownMembers checks that a message on its own keeps the members
// it does not declare through both JSON packages.
func TestMessageUnknownMembers(t *testing.T) {
	in := []byte(`{"_id":"m1","rid":"r1","msg":"","t":"livechat_transfer_history","ts":"2024-05-01T10:00:00.000Z",` +
		`"u":{"_id":"a1","username":"agent.ana"},"groupable":false,` +
		`"transferData":{"scope":"agent","transferredBy":{"username":"agent.ana"},"transferredTo":{"username":"agent.bruno"}}}`)

	var m models.Message
	if err := json.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if m.Type != "livechat_transfer_history" || m.Groupable == nil || *m.Groupable || m.User.Username != "agent.ana" {
		t.Errorf("got %+v", m)
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out, in)

	out2, err := jsonv2.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out2, in)
}
