package rocketchattest_test

import (
	"strings"
	"testing"

	"github.com/rocketchat-go/rocketchat/internal/restcheck"
)

// The fake validates bodies as rest-typings' Ajv does: the same bodies are
// refused with the same first message, and the same accepted, as the real
// validators say through restcheck.
func TestBodyValidationAgreesWithRestTypings(t *testing.T) {
	o := newOmni(t)
	cases := []struct{ path, validator, body string }{
		{"livechat/inquiries.take", "isPOSTLivechatInquiriesTakeParams", `{}`},
		{"livechat/inquiries.take", "isPOSTLivechatInquiriesTakeParams", `{"inquiryId":5}`},
		{"livechat/inquiries.take", "isPOSTLivechatInquiriesTakeParams", `{"inquiryId":"x","userId":null}`},
		{"livechat/inquiries.take", "isPOSTLivechatInquiriesTakeParams", `{"inquiryId":"x","options":{"clientAction":"true"}}`},
		{"livechat/inquiries.take", "isPOSTLivechatInquiriesTakeParams", `{"inquiryId":"x","options":{"clientAction":true,"forwardingToDepartment":{"oldDepartmentId":"d"}}}`},
		{"livechat/inquiries.take", "isPOSTLivechatInquiriesTakeParams", `{"inquiryId":"x","other":1}`},
		{"livechat/room.forward", "isLiveChatRoomForwardProps", `{"roomId":"r","clientAction":"yes"}`},
		{"livechat/room.forward", "isLiveChatRoomForwardProps", `{"roomId":"r","clientAction":1,"comment":null}`},
		{"livechat/room.closeByUser", "isPOSTLivechatRoomCloseByUserParams", `{"rid":"r","tags":["a",2]}`},
		{"livechat/room.closeByUser", "isPOSTLivechatRoomCloseByUserParams", `{"rid":"r","forceClose":null}`},
		{"livechat/room.closeByUser", "isPOSTLivechatRoomCloseByUserParams", `{"rid":"r","transcriptEmail":{"sendToVisitor":false,"requestData":{"email":"e"}}}`},
		{"livechat/room.saveInfo", "isLiveChatRoomSaveInfoProps", `{"guestData":{"_id":"g"},"roomData":{"_id":"r","tags":"x"}}`},
		{"livechat/room.saveInfo", "isLiveChatRoomSaveInfoProps", `{"guestData":{"_id":"g","livechatData":{"a":[1]}},"roomData":{"_id":"r"}}`},
		{"livechat/room.saveInfo", "isLiveChatRoomSaveInfoProps", `{"guestData":{"_id":"g","other":1},"roomData":{"_id":"r"}}`},
		{"livechat/agent.status", "isPOSTLivechatAgentStatusProps", `{"status":null}`},
		{"livechat/agent.status", "isPOSTLivechatAgentStatusProps", `{"status":"away"}`},
		{"livechat/message", "isPOSTLivechatMessageParams", `{"token":"t","rid":"r","msg":"m","agent":{"agentId":"a"}}`},
		{"livechat/message", "isPOSTLivechatMessageParams", `{"token":"t","rid":"r","msg":12}`},
		{"livechat/room.survey", "isPOSTLivechatRoomSurveyParams", `{"token":"t","rid":"r","data":[]}`},
		{"livechat/room.survey", "isPOSTLivechatRoomSurveyParams", `{"token":"t","rid":"r","data":[{"name":"n"}]}`},
		{"livechat/offline.message", "isPOSTLivechatOfflineMessageParams", `{"name":"n","email":"e"}`},
		{"chat.sendMessage", "isChatSendMessageProps", `{"message":{"rid":"r","tshow":"no"}}`},
		{"chat.sendMessage", "isChatSendMessageProps", `{"message":{"rid":"r","extra":1},"previewUrls":"x"}`},
		// JSON.parse's reading: an array stays one, a repeated key keeps
		// its last value.
		{"livechat/inquiries.take", "isPOSTLivechatInquiriesTakeParams", `[{"inquiryId":"x"}]`},
		{"livechat/inquiries.take", "isPOSTLivechatInquiriesTakeParams", `{"inquiryId":"x","inquiryId":{}}`},
		{"livechat/inquiries.take", "isPOSTLivechatInquiriesTakeParams", `{"inquiryId":{},"inquiryId":"x"}`},
		{"omnichannel/contacts", "isPOSTOmnichannelContactsProps", `{"name":"A","emails":["a","a"],"phones":[]}`},
		{"omnichannel/contacts", "isPOSTOmnichannelContactsProps", `{"name":5,"emails":[],"phones":[1]}`},
		{"omnichannel/contacts.update", "isPOSTUpdateOmnichannelContactsProps", `{"contactId":"c","phones":["1",1]}`},
		{"omnichannel/contacts.update", "isPOSTUpdateOmnichannelContactsProps", `{"contactId":"c","wipeConflicts":"yes"}`},
	}
	reqs := make([]restcheck.Request, len(cases))
	for i, c := range cases {
		reqs[i] = restcheck.Request{Validator: c.validator, Body: []byte(c.body)}
	}
	results := restcheck.Validate(t, reqs)
	for i, c := range cases {
		_, m := o.do("POST", c.path, o.mgr, c.body)
		refused := m["errorType"] == "invalid-params"
		msg, _ := m["error"].(string)
		msg = strings.TrimSuffix(msg, " [invalid-params]")
		r := results[i]
		switch {
		case r.OK && refused:
			t.Errorf("%s %s: the fake refuses %q, the server accepts it", c.path, c.body, msg)
		case !r.OK && !refused:
			t.Errorf("%s %s: the fake accepts it (%v), the server refuses it: %s", c.path, c.body, m, r.Message)
		case !r.OK && msg != r.Message:
			t.Errorf("%s %s: the fake says %q, the server %q", c.path, c.body, msg, r.Message)
		}
	}
}
