package rocketchattest_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// An offset MongoDB refuses is a 400, on every list route: a negative one
// with MongoDB's message, an infinite one (parseInt("Infinity") is NaN)
// with the fake's.
func TestListRoutesRefuseBadOffsets(t *testing.T) {
	o := newOmni(t)
	rid := o.openRoom("tok-1", "Sales")
	routes := []struct {
		path string
		cred rocketchattest.Credentials
	}{
		{"livechat/department", o.mgr},
		{"livechat/users/agent", o.mgr},
		{"livechat/inquiries.list", o.mgr},
		{"livechat/inquiries.queuedForUser", o.agent},
		{"livechat/messages.history/" + rid + "?token=tok-1", rocketchattest.Credentials{}},
	}
	for _, r := range routes {
		sep := "?"
		if strings.Contains(r.path, "?") {
			sep = "&"
		}
		o.fails("GET", r.path+sep+"offset=-1", r.cred, "", 400, "BSON field 'skip' value must be >= 0, actual value '-1'")
		if r.cred.UserID == "" {
			continue // the widget's history reads an infinite offset as 0
		}
		for _, inf := range []string{"1e400", "Infinity"} {
			status, body := o.do("GET", r.path+sep+"offset="+inf, r.cred, "")
			if status != 400 || !strings.Contains(body["error"].(string), "not a finite number") {
				t.Errorf("%s with offset=%s: %d %v", r.path, inf, status, body)
			}
		}
	}
}

// names returns the member of each item of a list answer.
func names(page map[string]any, list, member string) []string {
	var out []string
	for _, it := range page[list].([]any) {
		out = append(out, it.(map[string]any)[member].(string))
	}
	return out
}

// The department, user and inquiry lists honour sort, each with its
// default: departments and users by name, inquiries.list newest first, and
// queuedForUser with the queue's order (queuedAt, ts) laid over the
// request's keys.
func TestListRoutesSort(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		o := newOmni(t)
		for _, name := range []string{"Zoe", "Ana", "Mia"} {
			o.ok("POST", "livechat/visitor", anon, `{"visitor":{"token":"tok-`+name+`","name":"`+name+`"}}`)
			o.ok("GET", "livechat/room?token=tok-"+name, anon, "")
			time.Sleep(time.Second)
		}
		sorted := url.QueryEscape
		for _, tc := range []struct {
			path, list, member string
			cred               rocketchattest.Credentials
			want               []string
		}{
			{"livechat/department", "departments", "name", o.mgr, []string{"Sales", "Support"}},
			{"livechat/department?sort=" + sorted(`{"name":-1}`), "departments", "name", o.mgr, []string{"Support", "Sales"}},
			{"livechat/users/agent", "users", "username", o.mgr, []string{"agent.ana", "agent.bruno"}},
			{"livechat/users/agent?sort=" + sorted(`{"username":-1}`), "users", "username", o.mgr, []string{"agent.bruno", "agent.ana"}},
			{"livechat/inquiries.list", "inquiries", "name", o.mgr, []string{"Mia", "Ana", "Zoe"}},
			{"livechat/inquiries.list?sort=" + sorted(`{"name":1}`), "inquiries", "name", o.mgr, []string{"Ana", "Mia", "Zoe"}},
			{"livechat/inquiries.queuedForUser", "inquiries", "name", o.agent, []string{"Zoe", "Ana", "Mia"}},
			{"livechat/inquiries.queuedForUser?sort=" + sorted(`{"name":1}`), "inquiries", "name", o.agent, []string{"Ana", "Mia", "Zoe"}},
			{"livechat/inquiries.queuedForUser?sort=" + sorted(`{"ts":-1}`), "inquiries", "name", o.agent, []string{"Zoe", "Ana", "Mia"}},
		} {
			if got := names(o.ok("GET", tc.path, tc.cred, ""), tc.list, tc.member); !slices.Equal(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.path, got, tc.want)
			}
		}
	})
}
