package rocketchattest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
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
