package rocketchattest_test

import (
	"encoding/json"
	"fmt"
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
