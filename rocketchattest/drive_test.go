package rocketchattest_test

import (
	"strings"
	"testing"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// Driving helpers answer as their routes do, and return the refusal: a
// user who is not an agent is livechat/agent.status's 404, and cannot be a
// simulated agent.
func TestDrivingHelpersReturnTheServersRefusal(t *testing.T) {
	o := newOmni(t)
	if err := o.srv.SetAgentStatus(o.mgr.UserID, models.AgentAvailable); err == nil || !strings.Contains(err.Error(), "Agent not found") {
		t.Errorf("SetAgentStatus of a manager: %v", err)
	}
	if err := o.srv.SetAgentStatus("nobody", models.AgentAvailable); err == nil {
		t.Error("SetAgentStatus of an unknown user: no error")
	}
	if err := o.srv.SetAgentStatus(o.agent.UserID, "busy"); err == nil {
		t.Error("SetAgentStatus to a status the route refuses: no error")
	}
	if err := o.srv.SetAgentStatus(o.agent.UserID, ""); err != nil {
		t.Fatal(err)
	}
	status := o.ok("GET", "livechat/users/agent?text=agent.ana", o.mgr, "")["users"].([]any)[0].(map[string]any)["statusLivechat"]
	if status != string(models.AgentNotAvailable) {
		t.Errorf("an empty status toggles: %v", status)
	}
	if err := o.srv.SimulateAgent(o.mgr.UserID, func(string) string { return "" }); err == nil {
		t.Error("SimulateAgent of a manager: no error")
	}
	if err := o.srv.SimulateAgent(o.agent.UserID, func(string) string { return "" }); err != nil {
		t.Error(err)
	}
}

// Seeding mistakes fail the test.
func TestSeedingMistakesFailTheTest(t *testing.T) {
	tb := &fakeTB{TB: t}
	srv := rocketchattest.NewServer(tb, rocketchattest.WithoutListener())
	srv.AddMessages(&models.Message{ID: "m"}) // no RoomID
	srv.AddVisitor(models.Visitor{Unknown: []byte("{broken")})
	srv.AddContact(models.Contact{Unknown: []byte("{broken")})
	if len(tb.fatals) != 3 {
		t.Errorf("fatals %q, want one per mistake", tb.fatals)
	}
}
