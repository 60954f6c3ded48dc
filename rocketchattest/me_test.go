package rocketchattest_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func TestMeHasTheMembersOfGetUserInfo(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithoutListener())
	cred := srv.AddUser(rocketchattest.User{Username: "ana", Name: "Ana Lima", Email: "ana@example.com", Password: "pw",
		Roles: []string{"user", "livechat-agent"}, TwoFactor: rocketchattest.TwoFactorTOTP, TwoFactorCode: "1"})
	resp, body := call(t, srv.HTTPClient(), http.MethodGet, srv.URL()+"/api/v1/me", cred, "")
	wantStatus(t, resp, http.StatusOK)
	var me map[string]any
	if err := json.Unmarshal([]byte(body), &me); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"_id", "createdAt", "services", "username", "emails", "status", "active", "_updatedAt",
		"roles", "name", "statusConnection", "utcOffset", "statusLivechat", "settings", "email", "avatarUrl", "isOAuthUser", "success"} {
		if _, ok := me[key]; !ok {
			t.Errorf("me has no %s: %s", key, body)
		}
	}
	if _, ok := me["type"]; ok {
		t.Error("me has type, which getBaseUserFields does not project")
	}
	services, _ := json.Marshal(me["services"])
	if string(services) != `{"password":{"exists":true},"totp":{"enabled":true}}` {
		t.Errorf("services %s", services)
	}
	settings, _ := me["settings"].(map[string]any)
	prefs, _ := settings["preferences"].(map[string]any)
	if _, ok := settings["profile"]; !ok || prefs["sendOnEnter"] != "normal" || settings["calendar"] == nil {
		t.Errorf("settings %v", settings)
	}
	if me["isOAuthUser"] != false || me["email"] != "ana@example.com" || me["statusLivechat"] != "available" {
		t.Errorf("me %s", body)
	}
}
