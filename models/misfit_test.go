package models_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// Values a real 6.x to 8.x server can send that do not fit a naive Go type.
// Each one decodes into a type that follows what the server sends, and
// re-encodes to the same JSON.

// realOddRoom holds every such value at once: a nested email thread, a
// fractional SLA due time and attachment size, counts written as 2.0 and
// 1e3, and otherwise an ordinary closed email room.
const realOddRoom = `{
  "_id":"room-odd","t":"l","ts":"2025-06-01T10:00:00.000Z","fname":"Maria","msgs":2.0,"usersCount":1e0,
  "v":{"_id":"vis-1","username":"guest-1","token":"tok","phone":"+5511999990000"},
  "email":{"inbox":"support@example.com","replyTo":"maria@example.com","subject":"Order",
    "thread":["<a@mail>",["<a@mail>","<b@mail>"],"<c@mail>"]},
  "estimatedWaitingTimeQueue":2.5,"priorityWeight":99.0,
  "metrics":{"response":{"tt":10.5,"total":2.0,"avg":5.25,"ft":3.5,"fd":"2025-06-01T10:00:03.500Z"}},
  "lastMessage":{"_id":"m1","rid":"room-odd","msg":"see file","ts":"2025-06-01T10:05:00.000Z","u":{"_id":"vis-1","username":"guest-1"},
    "tcount":1e1,"file":{"_id":"f1","name":"a.png","size":1.024e3},
    "attachments":[{"title":"a.png","image_size":2048.5,"image_type":"image/png"}]},
  "topic":"delivery","label":"VIP","customFields":{"crmId":"c-9"},"surveyFeedback":{"satisfaction":"5","additionalFeedback":"great"},
  "callStatus":"ended","closedAt":"2025-06-01T10:10:00.000Z","closer":"user"
}`

func TestRealServerValuesFitTheirTypes(t *testing.T) {
	var r models.Room
	if err := jsonx.Unmarshal([]byte(realOddRoom), &r); err != nil {
		t.Fatal(err)
	}
	if ms := r.Misfits(); len(ms) != 0 {
		t.Fatalf("values the server really sends are misfits: %+v", ms)
	}
	if !slices.Equal(r.Email.Thread, []string{"<a@mail>", "<b@mail>", "<c@mail>"}) {
		t.Errorf("Email.Thread = %q, want the ids flattened, each once", r.Email.Thread)
	}
	if r.EstimatedWaitingTimeQueue != 2.5 || r.PriorityWeight != 99 || r.MessageCount != 2 || r.UsersCount != 1 {
		t.Errorf("numbers = %v %v %v %v", r.EstimatedWaitingTimeQueue, r.PriorityWeight, r.MessageCount, r.UsersCount)
	}
	if r.Metrics.Response.Total != 2 {
		t.Errorf("Metrics.Response.Total = %v", r.Metrics.Response.Total)
	}
	m := r.LastMessage
	if m.ThreadCount != 10 || m.File.Size != 1024 || m.Attachments[0].ImageSize != 2048.5 {
		t.Errorf("message numbers = %v %v %v", m.ThreadCount, m.File.Size, m.Attachments[0].ImageSize)
	}
	if r.Topic != "delivery" || r.Label != "VIP" || r.CustomFields["crmId"] != "c-9" ||
		r.SurveyFeedback["satisfaction"] != "5" || r.CallStatus != "ended" {
		t.Errorf("new members = %q %q %v %v %q", r.Topic, r.Label, r.CustomFields, r.SurveyFeedback, r.CallStatus)
	}
	for name, enc := range encoders() {
		out, err := enc(r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Whole numbers come back without their fraction; everything else,
		// the nested thread included, as sent.
		want := strings.NewReplacer("2.0,", "2,", "1e0,", "1,", "99.0,", "99,", "1e1,", "10,", "1.024e3", "1024").Replace(realOddRoom)
		assertSameJSON(t, out, []byte(want))
	}
}

func encoders() map[string]func(any) ([]byte, error) {
	return map[string]func(any) ([]byte, error){
		"encoding/json": json.Marshal,
		"json/v2":       func(v any) ([]byte, error) { return jsonv2.Marshal(v) },
	}
}

func TestEmailThreadEditedIsWrittenFlat(t *testing.T) {
	var r models.Room
	if err := jsonx.Unmarshal([]byte(realOddRoom), &r); err != nil {
		t.Fatal(err)
	}
	r.Email.Thread = append(r.Email.Thread, "<d@mail>")
	out, err := json.Marshal(r.Email)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out, []byte(`{"inbox":"support@example.com","replyTo":"maria@example.com","subject":"Order",
		"thread":["<a@mail>","<b@mail>","<c@mail>","<d@mail>"]}`))
}

// A value that fits no type the server could mean: the room still decodes,
// the member is listed with its path, and encoding writes it back as sent.
// roomDecoders are the ways a caller may decode a room: each gets the SDK's
// tolerant decoding.
func roomDecoders() map[string]func([]byte, *models.Room) error {
	return map[string]func([]byte, *models.Room) error{
		"jsonx":         func(b []byte, r *models.Room) error { return jsonx.Unmarshal(b, r) },
		"encoding/json": func(b []byte, r *models.Room) error { return json.Unmarshal(b, r) },
		"json/v2":       func(b []byte, r *models.Room) error { return jsonv2.Unmarshal(b, r) },
		// A caller's options, whatever they are, never turn the tolerant
		// decoding off.
		"json/v2 with EscapeForJS": func(b []byte, r *models.Room) error {
			return jsonv2.Unmarshal(b, r, jsontext.EscapeForJS(true))
		},
		"json/v2 with marshalers and indent": func(b []byte, r *models.Room) error {
			return jsonv2.Unmarshal(b, r, jsonv2.WithMarshalers(jsonv2.MarshalFunc(func(bool) ([]byte, error) { return nil, nil })),
				jsontext.WithIndent("\t"), jsontext.WithIndentPrefix(" "))
		},
	}
}

func TestMisfitKeepsTheRoomAndItsRawValue(t *testing.T) {
	in := `{"_id":"r1","t":"l","msgs":2.5,"usersCount":2,"fname":"Ana","tags":[7,"vip"],
		"v":{"_id":"v1","phone":[{"phoneNumber":"+1555"}]},
		"metrics":{"response":{"total":1.5,"avg":3,"tt":0}},
		"lastMessage":{"_id":"m1","rid":"r1","msg":"hi","tcount":"many","u":{"_id":"u1","username":"a"}},
		"closedAt":"yesterday","open":true}`
	for name, decode := range roomDecoders() {
		t.Run(name, func(t *testing.T) {
			var r models.Room
			if err := decode([]byte(in), &r); err != nil {
				t.Fatal(err)
			}
			if r.ID != "r1" || r.FName != "Ana" || !r.Open || r.Visitor.ID != "v1" || r.Metrics.Response.Average != 3 ||
				r.LastMessage == nil || r.LastMessage.Text != "hi" || !slices.Equal(r.Tags, []string{"vip"}) {
				t.Errorf("the members that fit were not all filled in: %+v", r)
			}
			want := map[string]string{
				"msgs":                   "2.5",
				"tags[0]":                "7",
				"v.phone":                `[{"phoneNumber":"+1555"}]`,
				"metrics.response.total": "1.5",
				"lastMessage.tcount":     `"many"`,
				"closedAt":               `"yesterday"`,
			}
			got := map[string]string{}
			for _, m := range r.Misfits() {
				got[m.Path] = string(m.Value)
				if m.Err == nil {
					t.Errorf("misfit %s has no error", m.Path)
				}
			}
			if len(got) != len(want) {
				t.Errorf("misfits = %v, want %v", got, want)
			}
			for p, v := range want {
				if got[p] != v {
					t.Errorf("misfit %s = %q, want %q", p, got[p], v)
				}
			}
			if ms := r.LastMessage.Misfits(); len(ms) != 1 || ms[0].Path != "tcount" {
				t.Errorf("the message records its own misfit relative to itself: %+v", ms)
			}
			for name, enc := range encoders() {
				out, err := enc(r)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				assertSameJSON(t, out, []byte(in))
			}
		})
	}
}

// Decoding again into a used value forgets the misfits of the last decoding.
func TestMisfitsAreResetByTheNextDecoding(t *testing.T) {
	var r models.Room
	if err := json.Unmarshal([]byte(`{"_id":"r1","msgs":2.5}`), &r); err != nil || len(r.Misfits()) != 1 {
		t.Fatalf("first decoding: %v %+v", err, r.Misfits())
	}
	if err := json.Unmarshal([]byte(`{"_id":"r2","msgs":2}`), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Misfits()) != 0 || r.MessageCount != 2 {
		t.Errorf("misfits = %+v, msgs = %d", r.Misfits(), r.MessageCount)
	}
}

// A page's own members are not inside a document: a misfit there fails the
// page, in either mode.
func TestMisfitOutsideDocumentsFails(t *testing.T) {
	for _, mode := range []jsonx.Mode{jsonx.Tolerant, jsonx.Strict} {
		var p roomsHistoryPage
		err := jsonx.Decode([]byte(`{"history":[{"_id":"a"}],"total":1.5}`), &p, mode, nil)
		if err == nil || !strings.Contains(err.Error(), "total") {
			t.Errorf("mode %d: err = %v, want a failure naming total", mode, err)
		}
	}
}

// Strict mode fails on a misfit that the tolerant mode decodes around.
func TestStrictModeFailsOnAMisfit(t *testing.T) {
	var r models.Room
	if err := jsonx.Decode([]byte(`{"_id":"r1","msgs":2.5}`), &r, jsonx.Strict, nil); err == nil {
		t.Fatalf("decoded %+v", r)
	}
	if err := jsonx.Decode([]byte(`{"_id":"r1","msgs":"2"}`), &r, jsonx.Strict, nil); err != nil || r.MessageCount != 2 {
		t.Errorf("the lenient spellings still decode in strict mode: %v %d", err, r.MessageCount)
	}
}

// The sub-types that used to drop unknown members keep them.
func TestSubTypesKeepUnknownMembers(t *testing.T) {
	in := `{"_id":"m1","rid":"r1","msg":"x","u":{"_id":"u","username":"a"},
		"file":{"_id":"f","name":"n","typeGroup":"image","identify":{"size":{"width":10}}},
		"reactions":{":+1:":{"usernames":["a"],"extra":1}},
		"mentions":[{"_id":"u2","username":"b","extra":2}],
		"channels":[{"_id":"c","name":"general","extra":3}],
		"location":{"type":"Point","coordinates":[-46.6,-23.5]},
		"navigation":{"page":{"title":"Pricing","location":{"href":"https://x/pricing"},"change":"url"},"token":"t"},
		"transferData":{"transferredBy":{"_id":"a1","username":"ana","type":"user"},"scope":"department","comment":"billing",
			"nextDepartment":{"_id":"d2","name":"Billing"},"ts":"2025-06-01T10:00:00.000Z","previousDepartment":"d1"},
		"slaData":{"definedBy":{"_id":"a1","username":"ana"},"sla":{"name":"Gold"}},
		"priorityData":{"definedBy":{"_id":"a1","username":"ana"},"priority":{"name":"High","i18n":"High"}}}`
	var m models.Message
	if err := jsonx.Unmarshal([]byte(in), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Misfits()) != 0 {
		t.Fatalf("misfits: %+v", m.Misfits())
	}
	if m.Location.Coordinates[1] != -23.5 || m.Navigation.Page.Location.Href != "https://x/pricing" ||
		m.TransferData.NextDepartment.Name != "Billing" || m.SLAData.SLA.Name != "Gold" || m.PriorityData.Priority.I18n != "High" {
		t.Errorf("omnichannel members = %+v %+v %+v %+v %+v", m.Location, m.Navigation, m.TransferData, m.SLAData, m.PriorityData)
	}
	for name, enc := range encoders() {
		out, err := enc(m)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		assertSameJSON(t, out, []byte(in))
	}
}
