package rocketchattest_test

import (
	"strings"
	"testing"

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
