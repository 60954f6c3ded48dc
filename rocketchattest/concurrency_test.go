package rocketchattest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// Seeding the same names from many goroutines stores each user and each
// department once and reports every other attempt: the check and the
// insert used to run under separate locks, so two racers could both pass.
func TestConcurrentSeedingStoresEachNameOnce(t *testing.T) {
	const names, racers = 400, 4
	tb := &fakeTB{TB: t}
	srv := rocketchattest.NewServer(tb, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit())
	var wg sync.WaitGroup
	start := make(chan struct{}) // all at once, for the most contention
	for range racers {
		for i := range names {
			wg.Go(func() { <-start; srv.AddUser(rocketchattest.User{Username: fmt.Sprintf("user%d", i)}) })
			wg.Go(func() { <-start; srv.AddDepartment(rocketchattest.Department{Name: fmt.Sprintf("dept%d", i)}) })
		}
	}
	close(start)
	wg.Wait()
	tb.mu.Lock()
	fatals := len(tb.fatals)
	tb.mu.Unlock()
	if want := 2 * names * (racers - 1); fatals != want {
		t.Errorf("%d seeding mistakes reported, want %d", fatals, want)
	}
	boss := srv.AddUser(rocketchattest.User{Username: "boss", Roles: []string{"admin"}})
	resp, body := call(t, srv.HTTPClient(), "GET", srv.URL()+"/api/v1/livechat/department?count=0", boss, "")
	var page struct{ Total int }
	if err := json.Unmarshal([]byte(body), &page); err != nil || resp.StatusCode != 200 || page.Total != names {
		t.Errorf("departments: %d %v total %d, want %d", resp.StatusCode, err, page.Total, names)
	}
	for i := range names {
		if c := srv.AddUser(rocketchattest.User{Username: fmt.Sprintf("user%d", i)}); c.UserID != "" {
			t.Errorf("user%d was not stored by the racers", i)
		}
	}
}

// uploadRequest is a visitor's upload of a file to a room.
func uploadRequest(srv *rocketchattest.Server, rid, token string, size int) *http.Request {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	p, _ := w.CreateFormFile("file", "notes.txt")
	p.Write(bytes.Repeat([]byte("x"), size))
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/api/v1/livechat/upload/"+rid, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-Visitor-Token", token)
	return req
}

// An upload whose room is removed while its body is read is refused; the
// handler used to dereference the room it had checked before reading.
func TestUploadWhileTheRoomIsRemoved(t *testing.T) {
	const rooms = 40
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit(),
		rocketchattest.WithSetting("Livechat_accept_chats_with_no_agents", true))
	ids := make([]string, rooms)
	for i := range ids {
		r, err := srv.OpenChat(rocketchattest.Guest{Token: fmt.Sprintf("tok-%d", i)}, "")
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = r.ID
	}
	var wg sync.WaitGroup
	statuses := make([]int, rooms)
	for i, rid := range ids {
		req := uploadRequest(srv, rid, fmt.Sprintf("tok-%d", i), 256<<10)
		wg.Go(func() {
			resp, err := srv.HTTPClient().Do(req)
			if err == nil {
				statuses[i] = resp.StatusCode
				resp.Body.Close()
			}
		})
		wg.Go(func() { srv.RemoveRoom(rid) })
	}
	wg.Wait()
	for i, st := range statuses {
		if st != http.StatusOK && st != http.StatusForbidden {
			t.Errorf("upload %d: status %d, want 200 (before the removal) or 403", i, st)
		}
	}
}

// request sends a request from any goroutine: unlike call, it reports
// failures as errors.
func request(c *http.Client, method, url string, cred rocketchattest.Credentials, body string) (map[string]any, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if cred.UserID != "" {
		req.Header.Set("X-User-Id", cred.UserID)
		req.Header.Set("X-Auth-Token", cred.AuthToken)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return m, fmt.Errorf("%s %s: %d %v", method, url, resp.StatusCode, m)
	}
	return m, nil
}

// converse plays a visitor of department Sales who registers, opens a
// room, writes three messages, has the manager forward the room to an
// agent, and closes it. It returns the room's id; failures go to errs.
func converse(c *http.Client, base string, boss rocketchattest.Credentials, agent, tok string, errs chan<- error) string {
	anon := rocketchattest.Credentials{}
	if _, err := request(c, "POST", base+"livechat/visitor", anon, `{"visitor":{"token":"`+tok+`","department":"Sales"}}`); err != nil {
		errs <- err
		return ""
	}
	m, err := request(c, "GET", base+"livechat/room?token="+tok, anon, "")
	if err != nil {
		errs <- err
		return ""
	}
	rid := m["room"].(map[string]any)["_id"].(string)
	for j := range 3 {
		if _, err := request(c, "POST", base+"livechat/message", anon, fmt.Sprintf(`{"token":%q,"rid":%q,"msg":"m%d"}`, tok, rid, j)); err != nil {
			errs <- err
		}
	}
	_, err = request(c, "POST", base+"livechat/room.forward", boss, `{"roomId":"`+rid+`","userId":"`+agent+`"}`)
	if err != nil && !strings.Contains(err.Error(), "error-selected-agent-room-agent-are-same") {
		errs <- err
	}
	if _, err := request(c, "POST", base+"livechat/room.close", anon, `{"token":"`+tok+`","rid":"`+rid+`"}`); err != nil {
		errs <- err
	}
	return rid
}

// The server is safe for concurrent use: visitors open, write in and close
// conversations while a manager forwards them and reads the lists, a
// simulated agent answers, webhooks are delivered concurrently, and a
// test reads the record, all at once, under the race detector.
func TestConcurrentLifecycle(t *testing.T) {
	const visitors = 8
	hooks := &bodyLog{}
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener(), rocketchattest.WithoutRateLimit(),
		rocketchattest.WithRouting(rocketchattest.AutoSelection),
		rocketchattest.WithWebhook("https://crm.example.com/hooks", "", rocketchattest.WithWebhookHTTPClient(rocketchattest.HandlerClient(hooks)),
			rocketchattest.WithWebhookConcurrentDelivery()))
	var agents []string
	for i := range 3 {
		agents = append(agents, srv.AddUser(rocketchattest.User{Username: fmt.Sprintf("agent%d", i), Roles: []string{"livechat-agent"}}).UserID)
	}
	boss := srv.AddUser(rocketchattest.User{Username: "boss", Roles: []string{"livechat-manager"}})
	srv.AddDepartment(rocketchattest.Department{ID: "sales", Name: "Sales", Agents: agents})
	if err := srv.SimulateAgent(agents[0], func(text string) string { _ = srv.Events(); return "re: " + text }); err != nil {
		t.Fatal(err)
	}
	c, base := srv.HTTPClient(), srv.URL()+"/api/v1/"
	rooms := make([]string, visitors)
	errs := make(chan error, 100*visitors)
	var wg sync.WaitGroup
	for i := range visitors {
		wg.Go(func() { rooms[i] = converse(c, base, boss, agents[i%2+1], fmt.Sprintf("tok-%d", i), errs) })
	}
	for range 2 { // readers, while the conversations go on
		wg.Go(func() {
			for _, path := range []string{"livechat/rooms", "livechat/inquiries.list", "livechat/department", "livechat/users/agent"} {
				if _, err := request(c, "GET", base+path, boss, ""); err != nil {
					errs <- err
				}
				_ = srv.Requests()
				for _, ev := range srv.Events() {
					_, _ = srv.ChatRoom(ev.RoomID)
				}
			}
		})
	}
	wg.Wait()
	srv.Webhook().Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	wantClosedWithMessages(t, srv, rooms, 3)
	hooks.mu.Lock()
	defer hooks.mu.Unlock()
	if len(hooks.bodies) == 0 {
		t.Error("no webhook was delivered")
	}
}

// wantClosedWithMessages fails unless every room is closed and holds n
// messages of its visitor.
func wantClosedWithMessages(t *testing.T, srv *rocketchattest.Server, rooms []string, n int) {
	t.Helper()
	for _, rid := range rooms {
		r, ok := srv.ChatRoom(rid)
		if !ok || r.Open || r.ClosedAt.IsZero() {
			t.Errorf("room %q: found %v, open %v", rid, ok, r.Open)
			continue
		}
		visitorMsgs := 0
		for _, m := range srv.RoomMessages(rid) {
			if m.Type == "" && m.Token != "" {
				visitorMsgs++
			}
		}
		if visitorMsgs != n {
			t.Errorf("room %s has %d visitor messages, want %d", rid, visitorMsgs, n)
		}
	}
}
