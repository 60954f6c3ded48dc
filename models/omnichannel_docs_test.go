package models_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// Fixtures of the documents the acting routes return, shaped as the server
// writes them (see the route notes): a queued inquiry, a department, a
// department-agent link, an agent, a visitor record and a widget
// configuration.
const (
	inquiryFixture = `{"_id":"66d4f0c2a1b2c3d4e5f60718","rid":"Rb7qYy4Lq9Wf2nXkP","name":"Ana Souza","ts":"2025-09-01T12:00:00.200Z",` +
		`"message":"Where is my order?","status":"queued","v":{"_id":"Hk3x9WqLmN2pR5tYv","username":"guest-17","token":"c2a0","status":"online"},` +
		`"t":"l","department":"dPt4Sales0000001","defaultAgent":{"agentId":"agentJohn0000001","username":"john.doe"},` +
		`"lastMessage":{"_id":"m1","rid":"Rb7qYy4Lq9Wf2nXkP","msg":"Where is my order?","token":"c2a0","ts":"2025-09-01T12:00:01.000Z","u":{"_id":"Hk3x9WqLmN2pR5tYv","username":"guest-17"}},` +
		`"source":{"type":"widget","destination":"www.example.com"},"priorityWeight":99,"estimatedWaitingTimeQueue":9999999,` +
		`"queuedAt":"2025-09-01T12:00:00.200Z","_updatedAt":"2025-09-01T12:00:01.010Z","extraData":{"page":"/checkout"}}`
	departmentFixture = `{"_id":"dPt4Sales0000001","name":"Sales","enabled":true,"showOnRegistration":true,"showOnOfflineForm":false,` +
		`"email":"sales@example.com","chatClosingTags":["sale","lead"],"offlineMessageChannelName":"","numAgents":2,` +
		`"requestTagBeforeClosingChat":true,"departmentsAllowedToForward":["dPt4Support00002"],"type":"d","_updatedAt":"2025-01-02T03:04:05.006Z"}`
	departmentAgentFixture = `{"_id":"l1","agentId":"agentJohn0000001","departmentId":"dPt4Sales0000001","departmentEnabled":true,` +
		`"username":"john.doe","count":3,"order":1,"_updatedAt":"2025-01-02T03:04:05.006Z","departmentName":"Sales"}`
	agentFixture = `{"_id":"agentJohn0000001","username":"john.doe","name":"John Doe","status":"online","statusLivechat":"available",` +
		`"emails":[{"address":"john.doe@example.com","verified":true}],"livechat":{"maxNumberSimultaneousChat":5},"departments":["dPt4Sales0000001"]}`
	visitorRecordFixture = `{"_id":"Hk3x9WqLmN2pR5tYv","username":"guest-17","ts":"2025-09-01T11:59:00.000Z","token":"c2a0","status":"online",` +
		`"name":"Ana Souza","visitorEmails":[{"address":"ana@example.com"}],"phone":[{"phoneNumber":"+5511999990000"}],` +
		`"department":"dPt4Sales0000001","livechatData":{"customerId":"C-1001"},"_updatedAt":"2025-09-01T11:59:00.010Z"}`
	widgetConfigFixture = `{"enabled":true,"settings":{"registrationForm":true,"fileUpload":true,"language":"en","limitTextLength":false,` +
		`"hiddenSystemMessages":["uj"],"visitorsCanCloseChat":true},"theme":{"title":"Chat with us","color":"#C1272D","position":"right","actionLinks":{}},` +
		`"messages":{"offlineMessage":"Leave a message"},"survey":{"items":["satisfaction"],"values":["1","2"]},"triggers":[],` +
		`"departments":[{"_id":"dPt4Sales0000001","name":"Sales","showOnRegistration":true,"showOnOfflineForm":false}],` +
		`"resources":{"sound":"x","emojis":[]},"online":true,` +
		`"guest":{"_id":"Hk3x9WqLmN2pR5tYv","username":"guest-17","token":"c2a0"},"room":{"_id":"r1","open":true,"servedBy":{"_id":"a1","username":"john.doe","ts":"2025-09-01T12:00:00.300Z"}},` +
		`"agent":{"_id":"a1","username":"john.doe","name":"John Doe"}}`
)

func TestOmnichannelDocumentsDecodeAndRoundTrip(t *testing.T) {
	cases := []struct {
		name, fixture string
		doc           any
	}{
		{"inquiry", inquiryFixture, new(models.Inquiry)},
		{"department", departmentFixture, new(models.Department)},
		{"department agent", departmentAgentFixture, new(models.DepartmentAgent)},
		{"agent", agentFixture, new(models.Agent)},
		{"visitor", visitorRecordFixture, new(models.Visitor)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := jsonx.Unmarshal([]byte(tc.fixture), tc.doc); err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			assertSameJSON(t, out, []byte(tc.fixture))
		})
	}
}

// The configuration's room is a few members of a room, which decode as one;
// the rest decodes and encodes back as sent.
func TestWidgetConfigMembers(t *testing.T) {
	var c models.WidgetConfig
	if err := jsonx.Unmarshal([]byte(widgetConfigFixture), &c); err != nil {
		t.Fatal(err)
	}
	if !c.Enabled || !c.Online || !c.Settings.FileUpload || !c.Settings.VisitorsCanCloseChat || c.Theme.Title != "Chat with us" ||
		c.Messages["offlineMessage"] != "Leave a message" || len(c.Departments) != 1 || c.Departments[0].Name != "Sales" ||
		c.Guest == nil || c.Guest.Token != "c2a0" || c.Room == nil || c.Room.ServedBy.Username != "john.doe" || c.Agent == nil || c.Agent.Name != "John Doe" {
		t.Errorf("decoded %+v", c)
	}
	if !strings.Contains(string(c.Settings.Unknown), `"limitTextLength":false`) {
		t.Errorf("settings.Unknown = %s", c.Settings.Unknown)
	}
	c.Room = nil
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(widgetConfigFixture, `"room":{"_id":"r1","open":true,"servedBy":{"_id":"a1","username":"john.doe","ts":"2025-09-01T12:00:00.300Z"}},`, "", 1)
	assertSameJSON(t, out, []byte(want))
}

func TestInquiryMembers(t *testing.T) {
	var q models.Inquiry
	if err := jsonx.Unmarshal([]byte(inquiryFixture), &q); err != nil {
		t.Fatal(err)
	}
	if q.ID != "66d4f0c2a1b2c3d4e5f60718" || q.RoomID != "Rb7qYy4Lq9Wf2nXkP" || q.Status != models.InquiryQueued ||
		q.Visitor.Token != "c2a0" || q.DefaultAgent == nil || q.DefaultAgent.AgentID != "agentJohn0000001" ||
		q.LastMessage == nil || q.LastMessage.Text != "Where is my order?" || q.Source.Type != models.SourceWidget ||
		q.PriorityWeight != 99 || !q.QueuedAt.Equal(utcMillis("2025-09-01T12:00:00.200Z")) {
		t.Errorf("decoded %+v", q)
	}
	if !strings.Contains(string(q.Unknown), `"extraData"`) {
		t.Errorf("Unknown = %s", q.Unknown)
	}
}

// A value of the wrong type costs the document one member, not the call.
func TestOmnichannelDocumentsKeepMisfits(t *testing.T) {
	var d models.Department
	if err := jsonx.Unmarshal([]byte(`{"_id":"d1","name":"Sales","enabled":true,"showOnRegistration":true,"showOnOfflineForm":true,"numAgents":2.5}`), &d); err != nil {
		t.Fatal(err)
	}
	if d.Name != "Sales" || len(d.Misfits()) != 1 || d.Misfits()[0].Path != "numAgents" {
		t.Fatalf("name %q misfits %+v", d.Name, d.Misfits())
	}
	var a models.Agent
	if err := jsonx.Unmarshal([]byte(`{"_id":"a1","statusLivechat":"available","livechat":{"maxNumberSimultaneousChat":"five"}}`), &a); err != nil {
		t.Fatal(err)
	}
	if a.StatusLivechat != models.AgentAvailable || len(a.Misfits()) != 1 {
		t.Fatalf("agent %+v misfits %+v", a, a.Misfits())
	}
}
