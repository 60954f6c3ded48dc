package rocketchattest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

var anon rocketchattest.Credentials

func TestVisitorRegistration(t *testing.T) {
	o := newOmni(t)
	checks := []struct{ body, err string }{
		{`{}`, "Match error: Missing key 'visitor'"},
		{`{"visitor":{"token":"t"},"x":1}`, "Match error: Unknown key in field x"},
		{`{"visitor":{}}`, "Match error: Missing key 'token' in field visitor"},
		{`{"visitor":{"token":5}}`, "Match error: Expected string, got number in field visitor.token"},
		{`{"visitor":{"token":"t","customFields":[{"key":"k","value":"v"}]}}`, "Match error: Missing key 'overwrite' in field visitor.customFields[0]"},
		{`{"visitor":{"token":"  "}}`, "Token cannot be empty [error-invalid-token]"},
		{`{"visitor":{"token":"t","email":"not an address"}}`, "Invalid email not an address [error-invalid-email]"},
		{`{"visitor":{"token":"t","department":"Nowhere"}}`, "The provided department is invalid [error-invalid-department]"},
	}
	for _, c := range checks {
		o.fails("POST", "livechat/visitor", anon, c.body, 400, c.err)
	}
	m := o.ok("POST", "livechat/visitor", anon, `{"visitor":{"token":"tok","name":"Maria","email":"Maria@Example.com","phone":"+55 11","department":"Sales",`+
		`"customFields":[{"key":"plan","value":"pro","overwrite":false}]}}`)
	v := m["visitor"].(map[string]any)
	if v["token"] != "tok" || v["department"] != o.sales.ID || v["visitorEmails"].([]any)[0].(map[string]any)["address"] != "maria@example.com" ||
		v["livechatData"].(map[string]any)["plan"] != "pro" || !strings.HasPrefix(v["username"].(string), "guest-") {
		t.Fatalf("visitor %v", v)
	}
	o.ok("POST", "livechat/visitor", anon, `{"visitor":{"token":"tok","name":"Maria S.","customFields":[{"key":"plan","value":"free","overwrite":false}]}}`)
	got := o.ok("GET", "livechat/visitor/tok", anon, "")["visitor"].(map[string]any)
	if got["name"] != "Maria S." || got["_id"] != v["_id"] || got["livechatData"].(map[string]any)["plan"] != "pro" {
		t.Fatalf("updated visitor %v", got)
	}
	// Matched by phone, the visitor keeps the old token.
	again := o.ok("POST", "livechat/visitor", anon, `{"visitor":{"token":"new-device","phone":"+55 11"}}`)["visitor"].(map[string]any)
	if again["token"] != "tok" || again["_id"] != v["_id"] {
		t.Fatalf("phone match %v", again)
	}
	o.fails("GET", "livechat/visitor/unknown", anon, "", 400, "[invalid-token]")
}

func TestWidgetRoomAndMessages(t *testing.T) {
	o := newOmni(t)
	o.fails("GET", "livechat/room?token=tok&foo=1", anon, "", 400, "Match error: Unknown key in field foo")
	o.fails("GET", "livechat/room?rid=x", anon, "", 400, "Match error: Missing key 'token'")
	o.fails("GET", "livechat/room?token=nobody", anon, "", 400, "invalid-token")
	rid := o.openRoom("tok", "")
	if m := o.ok("GET", "livechat/room?token=tok", anon, ""); m["newRoom"] != false || m["room"].(map[string]any)["_id"] != rid {
		t.Fatalf("second call: %v", m)
	}
	body := `{"token":"tok","rid":"` + rid + `","msg":"first","_id":"ClientChosenId001"}`
	first := o.ok("POST", "livechat/message", anon, body)["message"].(map[string]any)
	again := o.ok("POST", "livechat/message", anon, strings.Replace(body, "first", "changed", 1))["message"].(map[string]any)
	if first["_id"] != "ClientChosenId001" || again["msg"] != "first" || first["token"] != "tok" {
		t.Fatalf("first %v, again %v", first, again)
	}
	if n := o.room(rid).MessageCount; n != 1 {
		t.Fatalf("room msgs %d after sending one message twice", n)
	}
	o.fails("POST", "livechat/message", anon, `{"token":"tok","rid":"nope","msg":"x"}`, 400, "invalid-room")
	o.fails("POST", "livechat/message", anon, `{"token":"tok","rid":"`+rid+`"}`, 400, "must have required property 'msg' [invalid-params]")
	o.srv.SetSetting("Livechat_enable_message_character_limit", true)
	o.srv.SetSetting("Livechat_message_character_limit", 3)
	o.fails("POST", "livechat/message", anon, `{"token":"tok","rid":"`+rid+`","msg":"four"}`, 400, "message-length-exceeds-character-limit")
	// JavaScript's length counts UTF-16 units: two emoji are four.
	o.fails("POST", "livechat/message", anon, `{"token":"tok","rid":"`+rid+`","msg":"😀😀"}`, 400, "message-length-exceeds-character-limit")
	o.ok("POST", "livechat/message", anon, `{"token":"tok","rid":"`+rid+`","msg":"é😀"}`)

	closed := o.ok("POST", "livechat/room.close", anon, `{"token":"tok","rid":"`+rid+`"}`)
	if closed["comment"] != "Closed by visitor" || o.room(rid).Closer != models.CloserVisitor {
		t.Fatalf("close: %v %+v", closed, o.room(rid))
	}
	msgs := o.srv.RoomMessages(rid)
	if last := msgs[len(msgs)-1]; last.Type != "livechat-close" || last.Token != "tok" {
		t.Fatalf("closing message %+v", last)
	}
	o.fails("POST", "livechat/message", anon, `{"token":"tok","rid":"`+rid+`","msg":"x"}`, 400, "room-closed")
	o.fails("POST", "livechat/room.close", anon, `{"token":"tok","rid":"`+rid+`"}`, 400, "room-closed")
	o.fails("GET", "livechat/room?token=tok&rid="+rid, anon, "", 400, "invalid-room")
	o.srv.SetSetting("Omnichannel_allow_visitors_to_close_conversation", false)
	o.fails("POST", "livechat/room.close", anon, `{"token":"tok","rid":"`+rid+`"}`, 400, "error-not-allowed-to-close-conversation")
}

// The agent a visitor asks for must hold the livechat-agent role itself,
// not a role whose name contains it.
func TestWidgetRoomAgentMustBeAnAgent(t *testing.T) {
	o := newOmni(t)
	trainee := o.srv.AddUser(rocketchattest.User{Username: "trainee", Roles: []string{"livechat-agent-trainee"}})
	for token, agent := range map[string]string{"tok-1": trainee.UserID, "tok-2": o.agent.UserID} {
		o.ok("POST", "livechat/visitor", anon, `{"visitor":{"token":"`+token+`"}}`)
		rid := o.ok("GET", "livechat/room?token="+token+"&agentId="+agent, anon, "")["room"].(map[string]any)["_id"].(string)
		inq, _ := o.srv.Inquiry(rid)
		switch isAgent := agent == o.agent.UserID; {
		case isAgent && (inq.DefaultAgent == nil || inq.DefaultAgent.AgentID != agent):
			t.Errorf("an agent asked for is not the inquiry's default agent: %+v", inq.DefaultAgent)
		case !isAgent && inq.DefaultAgent != nil:
			t.Errorf("a livechat-agent-trainee became the default agent: %+v", inq.DefaultAgent)
		}
	}
}

func TestWidgetHistoryPagesByEnd(t *testing.T) {
	synctest.Test(t, testWidgetHistoryPagesByEnd)
}

func testWidgetHistoryPagesByEnd(t *testing.T) {
	o := newOmni(t)
	rid := o.openRoom("tok", "")
	for i := range 25 {
		if _, err := o.srv.VisitorSay(rid, "m"+strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond) // distinct timestamps, in the bubble's fake time
	}
	page := func(q string) []string {
		t.Helper()
		m := o.ok("GET", "livechat/messages.history/"+rid+"?token=tok"+q, anon, "")
		var out []string
		for _, x := range m["messages"].([]any) {
			out = append(out, cmpOr(x.(map[string]any)["msg"].(string), "start"))
		}
		return out
	}
	first := page("")
	if len(first) != 20 || first[0] != "m24" || first[19] != "m5" {
		t.Fatalf("default page %v", first)
	}
	msgs := o.srv.RoomMessages(rid)
	end := msgs[6].Timestamp.Format(time.RFC3339Nano) // m5
	if older := page("&end=" + end); len(older) != 6 || older[0] != "m4" || older[5] != "start" {
		t.Fatalf("before m5: %v", older)
	}
	// end is read with new Date(), which takes more than RFC 3339.
	spaced := url.QueryEscape(msgs[6].Timestamp.Format("2006-01-02 15:04:05.000Z"))
	if older := page("&end=" + spaced); len(older) != 6 || older[0] != "m4" {
		t.Fatalf("before m5, written with a space: %v", older)
	}
	if got := page("&limit=3&offset=2&count=50&sort=%7B%22ts%22%3A1%7D"); len(got) != 3 || got[0] != "m22" {
		t.Fatalf("limit 3 offset 2 (count and sort ignored): %v", got)
	}
	o.fails("GET", "livechat/messages.history/"+rid, anon, "", 400, "must have required property 'token' [invalid-params]")
	o.fails("GET", "livechat/messages.history/"+rid+"?token=other", anon, "", 400, "invalid-token")
}

func TestWidgetConfigOfflineSurveyTranscript(t *testing.T) {
	o := newOmni(t)
	rid := o.openRoom("tok", "Sales")
	o.srv.TakeChat(rid, o.agent.UserID)
	cfg := o.ok("GET", "livechat/config?token=tok", anon, "")["config"].(map[string]any)
	if cfg["enabled"] != true || cfg["online"] != true || cfg["guest"].(map[string]any)["token"] != "tok" ||
		cfg["room"].(map[string]any)["_id"] != rid || cfg["agent"].(map[string]any)["username"] != "agent.ana" {
		t.Fatalf("config %v", cfg)
	}
	_, m := o.do("GET", "livechat/config?foo=1", anon, "")
	if m["errorType"] != "error-invalid-params" {
		t.Fatalf("typed query error %v", m)
	}
	o.ok("POST", "livechat/offline.message", anon, `{"name":"Jo","email":"jo@example.com","message":"call me"}`)
	if got := o.srv.OfflineMessages(); len(got) != 1 || got[0].Message != "call me" {
		t.Fatalf("offline %+v", got)
	}
	// sendOfflineMessage refuses an empty address (not a malformed one),
	// and the mailer an invalid Livechat_offline_email, as a real server's
	// default empty one.
	o.ok("POST", "livechat/offline.message", anon, `{"name":"Jo","email":"not an address","message":"again"}`)
	o.fails("POST", "livechat/offline.message", anon, `{"name":"Jo","email":"","message":"x"}`, 400, "Error sending offline message")
	o.srv.SetSetting("Livechat_offline_email", "")
	o.fails("POST", "livechat/offline.message", anon, `{"name":"Jo","email":"jo@example.com","message":"x"}`, 400, "Error sending offline message")
	if got := o.srv.OfflineMessages(); len(got) != 2 {
		t.Fatalf("refused offline messages were recorded: %+v", got)
	}
	s := o.ok("POST", "livechat/room.survey", anon, `{"token":"tok","rid":"`+rid+`","data":[{"name":"satisfaction","value":"5"},{"name":"nope","value":"1"}]}`)
	if d := s["data"].(map[string]any); len(d) != 1 || d["satisfaction"] != "5" || o.room(rid).SurveyFeedback["satisfaction"] != "5" {
		t.Fatalf("survey %v", s)
	}
	o.fails("POST", "livechat/room.survey", anon, `{"token":"tok","rid":"`+rid+`","data":[{"name":"nope","value":"1"}]}`, 400, "invalid-data")
	o.ok("POST", "livechat/transcript", anon, `{"token":"tok","rid":"`+rid+`","email":"maria@example.com"}`)
	o.fails("POST", "livechat/transcript", anon, `{"token":"other","rid":"`+rid+`","email":"m@e.com"}`, 400, "error-invalid-visitor")
	if got := o.srv.TranscriptEmails(); len(got) != 1 || got[0].Email != "maria@example.com" {
		t.Fatalf("transcripts %+v", got)
	}
}

// upload sends a multipart upload and returns the status and the decoded
// answer.
func upload(o *omni, rid, token, field, name, ctype string, content []byte, fields map[string]string) (int, map[string]any) {
	o.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="` + field + `"; filename="` + name + `"`}
	h["Content-Type"] = []string{ctype}
	p, _ := w.CreatePart(h)
	p.Write(content)
	w.Close()
	req, _ := http.NewRequest("POST", o.srv.URL()+"/api/v1/livechat/upload/"+rid, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if token != "" {
		req.Header.Set("X-Visitor-Token", token)
	}
	resp, err := o.http.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := decodeJSON(resp.Body, &m); err != nil {
		o.t.Fatal(err)
	}
	return resp.StatusCode, m
}

func TestWidgetUpload(t *testing.T) {
	o := newOmni(t, rocketchattest.WithSetting("FileUpload_MaxFileSize", 1000))
	rid := o.openRoom("tok", "")
	status, m := upload(o, rid, "tok", "file", "receipt.png", "image/png", make([]byte, 1000), map[string]string{"description": "my receipt"})
	if status != 200 || m["success"] != true || m["file"].(map[string]any)["name"] != "receipt.png" || m["newRoom"] != false ||
		m["attachments"].([]any)[0].(map[string]any)["description"] != "my receipt" {
		t.Fatalf("upload: %d %v", status, m)
	}
	if up := o.srv.Uploads(); len(up) != 1 || up[0].Size != 1000 || up[0].Type != "image/png" {
		t.Fatalf("uploads %+v", up)
	}
	cases := []struct {
		token, field, name, ctype string
		size                      int
		status                    int
		key, want                 string
	}{
		{"tok", "file", "big.png", "image/png", 1001, 400, "error", "File size exceeds the allowed limit [error-file-too-large]"},
		{"tok", "file", "x.svg", "image/svg+xml", 10, 400, "reason", "error-type-not-allowed"},
		{"tok", "other", "x.png", "image/png", 10, 400, "error", "[invalid-field]"},
		{"", "file", "x.png", "image/png", 10, 403, "error", "unauthorized"},
		{"nobody", "file", "x.png", "image/png", 10, 403, "error", "unauthorized"},
	}
	for _, c := range cases {
		status, m := upload(o, rid, c.token, c.field, c.name, c.ctype, make([]byte, c.size), nil)
		if status != c.status || m[c.key] != c.want {
			t.Errorf("%s %s: %d %v; want %d %s %q", c.name, c.ctype, status, m, c.status, c.key, c.want)
		}
	}
	o.srv.SetSetting("Livechat_fileupload_enabled", false)
	if status, m := upload(o, rid, "tok", "file", "x.png", "image/png", []byte("x"), nil); status != 400 || m["reason"] != "error-file-upload-disabled" {
		t.Fatalf("disabled: %d %v", status, m)
	}
}

// The widget's own limits: 5 calls a minute to livechat/visitor and
// livechat/room, the default 10 to the others.
func TestWidgetRateLimits(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener())
	c := srv.HTTPClient()
	for i := range 6 {
		resp, _ := call(t, c, "POST", srv.URL()+"/api/v1/livechat/visitor", anon, `{"visitor":{"token":"t"}}`)
		if resp.Header.Get("X-RateLimit-Limit") != "5" || (i < 5) != (resp.StatusCode == 200) {
			t.Fatalf("call %d: %d, limit %s", i+1, resp.StatusCode, resp.Header.Get("X-RateLimit-Limit"))
		}
	}
	resp, _ := call(t, c, "GET", srv.URL()+"/api/v1/livechat/config", anon, "")
	if resp.Header.Get("X-RateLimit-Limit") != "10" || resp.Header.Get("X-RateLimit-Remaining") != "9" {
		t.Fatalf("config: limit %s remaining %s", resp.Header.Get("X-RateLimit-Limit"), resp.Header.Get("X-RateLimit-Remaining"))
	}
}

// The visitor token is redacted wherever a request carries it.
func TestRecordedRequestsHideTheVisitorToken(t *testing.T) {
	o := newOmni(t)
	const tok = "Secret-Visitor-Token-77"
	rid := o.openRoom(tok, "")
	o.ok("GET", "livechat/visitor/"+tok, anon, "")
	o.ok("POST", "livechat/message", anon, `{"token":"`+tok+`","rid":"`+rid+`","msg":"hi"}`)
	upload(o, rid, tok, "file", "a.txt", "text/plain", []byte("x"), nil)
	// The server's qs reads token[] and token[0] as token; bodies nest it
	// in arrays.
	o.do("GET", "livechat/messages.history/"+rid+"?token[]="+tok, anon, "")
	o.do("GET", "livechat/messages.history/"+rid+"?token%5B0%5D="+tok, anon, "")
	o.do("POST", "livechat/visitor", anon, `{"visitor":[{"token":"`+tok+`"}],"list":[1,[{"token":"`+tok+`"}]]}`)
	form, _ := http.NewRequest("POST", o.srv.URL()+"/api/v1/livechat/visitor", strings.NewReader("token%5B%5D="+tok))
	form.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err := o.http.Do(form); err == nil {
		resp.Body.Close()
	}
	for _, r := range o.srv.Requests() {
		dump := r.Path + " " + r.RawQuery + " " + r.Query.Encode() + " " + r.Body
		for k, v := range r.Header {
			dump += " " + k + "=" + strings.Join(v, ",")
		}
		if strings.Contains(dump, tok) {
			t.Errorf("%s %s records the token: %s", r.Method, r.Route, dump)
		}
	}
}

// A dropped connection: the call was served, the client got no answer.
func TestDropAfterServe(t *testing.T) {
	o := newOmni(t)
	rid := o.openRoom("tok", "")
	o.srv.Inject(rocketchattest.RouteWidgetMessage, rocketchattest.DropAfterServe())
	req, _ := http.NewRequestWithContext(context.Background(), "POST", o.srv.URL()+"/api/v1/livechat/message",
		strings.NewReader(`{"token":"tok","rid":"`+rid+`","msg":"hi"}`))
	req.Header.Set("Content-Type", "application/json")
	_, err := o.http.Do(req)
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("err %v, want a connection reset", err)
	}
	if n := o.room(rid).MessageCount; n != 1 {
		t.Fatalf("the dropped call was not served: msgs %d", n)
	}
	if reqs := o.srv.Requests(); reqs[len(reqs)-1].Status != 0 {
		t.Fatalf("recorded status %d, want 0", reqs[len(reqs)-1].Status)
	}
}

func decodeJSON(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
