package rocketchattest_test

import (
	"slices"
	"testing"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// saveInfoFixture is a room served by the agent, and a visitor custom field
// and a room custom field, each with a pattern.
func saveInfoFixture(t *testing.T) (*omni, string, string) {
	t.Helper()
	o := newOmni(t)
	o.srv.AddCustomField(rocketchattest.CustomField{ID: "crm", Label: "CRM id", Scope: "visitor", Regexp: `^\d+$`})
	o.srv.AddCustomField(rocketchattest.CustomField{ID: "code", Label: "Code", Scope: "room", Regexp: `^[A-Z]+$`})
	rid := o.openRoom("tok", "Sales")
	if err := o.srv.TakeChat(rid, o.agent.UserID); err != nil {
		t.Fatal(err)
	}
	return o, rid, o.room(rid).Visitor.ID
}

// room.saveInfo saves the custom fields defined for each scope, trimmed and
// checked against their patterns, and nothing else; the topic trimmed, the
// tags replaced (removed when none are given).
func TestSaveInfoAppliesDefinedCustomFields(t *testing.T) {
	o, rid, vid := saveInfoFixture(t)
	save := func(guest, room string) (int, map[string]any) {
		return o.do("POST", "livechat/room.saveInfo", o.agent, `{"guestData":{"_id":"`+vid+`"`+guest+`},"roomData":{"_id":"`+rid+`"`+room+`}}`)
	}
	if status, m := save(`,"livechatData":{"crm":" 42 ","nope":"x"}`, `,"topic":"  help ","tags":["a"],"livechatData":{"code":" AB ","other":"y"}`); status != 200 {
		t.Fatalf("%d %v", status, m)
	}
	v, _ := o.srv.Visitor(vid)
	r := o.room(rid)
	if v.LivechatData["crm"] != "42" || v.LivechatData["nope"] != nil || r.LivechatData["code"] != "AB" || r.LivechatData["other"] != nil ||
		r.Topic != "help" || !slices.Equal(r.Tags, []string{"a"}) {
		t.Errorf("visitor fields %v, room fields %v, topic %q, tags %v", v.LivechatData, r.LivechatData, r.Topic, r.Tags)
	}
	if r.FName != "Maria" {
		t.Errorf("the room was renamed %q", r.FName)
	}

	// The room's field fails its pattern: the room is left alone, the
	// visitor saved, and the route answers the field's message.
	o.fails("POST", "livechat/room.saveInfo", o.agent, `{"guestData":{"_id":"`+vid+`","name":"Maria Souza"},"roomData":{"_id":"`+rid+`","topic":"x","livechatData":{"code":"ab"}}}`,
		400, "Invalid value for Code field")
	if v, _ := o.srv.Visitor(vid); v.Name != "Maria Souza" || o.room(rid).Topic != "help" || o.room(rid).FName != "Maria" {
		t.Errorf("after the room's refusal: visitor %q, topic %q, room name %q", v.Name, o.room(rid).Topic, o.room(rid).FName)
	}
	// The visitor's fails: an empty message (a plain error), the room saved.
	o.fails("POST", "livechat/room.saveInfo", o.agent, `{"guestData":{"_id":"`+vid+`","livechatData":{"crm":"x"}},"roomData":{"_id":"`+rid+`","topic":"other"}}`, 400, "")
	if r := o.room(rid); r.Topic != "other" || r.Tags != nil {
		t.Errorf("after the visitor's refusal: topic %q, tags %v", r.Topic, r.Tags)
	}
	if v, _ := o.srv.Visitor(vid); v.LivechatData["crm"] != "42" {
		t.Errorf("the refused value was saved: %v", v.LivechatData)
	}

	// Without edit-livechat-room-customfields the visitor's fields are not
	// saved; the room's are, as saveRoomInfo is called without the user.
	o.srv.SetPermission("edit-livechat-room-customfields", "admin")
	save(`,"livechatData":{"crm":"7"}`, `,"livechatData":{"code":"XY"}`)
	if v, _ := o.srv.Visitor(vid); v.LivechatData["crm"] != "42" || o.room(rid).LivechatData["code"] != "XY" {
		t.Errorf("without the permission: visitor %v, room %v", v.LivechatData, o.room(rid).LivechatData)
	}
}
