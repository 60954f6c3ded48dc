package models_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// meFixture is a GET /api/v1/me body, success member removed.
const meFixture = `{
  "_id": "hYfpd3m5Bs6ZgWNpJ",
  "createdAt": "2023-11-02T09:15:00.000Z",
  "services": { "password": { "exists": true } },
  "username": "agent.ana",
  "emails": [
    { "address": "ana@example.com", "verified": true },
    { "address": "ana.lima@example.org", "verified": false }
  ],
  "type": "user",
  "status": "online",
  "active": true,
  "_updatedAt": "2024-05-01T09:59:58.001Z",
  "roles": ["user", "livechat-agent"],
  "name": "Ana Lima",
  "lastLogin": "2024-05-01T08:00:00.250Z",
  "statusConnection": "online",
  "utcOffset": 0,
  "statusLivechat": "available",
  "language": "pt-BR",
  "statusText": "",
  "customFields": { "employeeId": 4411 },
  "email": "ana@example.com",
  "settings": { "profile": {}, "preferences": { "language": "pt-BR", "enableAutoAway": true } },
  "avatarUrl": "https://chat.example.com/avatar/agent.ana",
  "isOAuthUser": false
}`

func TestDecodeUser(t *testing.T) {
	var u models.User
	if err := jsonx.Unmarshal([]byte(meFixture), &u); err != nil {
		t.Fatal(err)
	}
	if u.ID != "hYfpd3m5Bs6ZgWNpJ" || u.Username != "agent.ana" || u.Name != "Ana Lima" || u.Email != "ana@example.com" {
		t.Errorf("identity = %q %q %q %q", u.ID, u.Username, u.Name, u.Email)
	}
	wantEmails := []models.Email{{Address: "ana@example.com", Verified: true}, {Address: "ana.lima@example.org"}}
	if !reflect.DeepEqual(u.Emails, wantEmails) {
		t.Errorf("Emails = %+v", u.Emails)
	}
	if !u.Active || u.IsOAuthUser || u.Status != models.UserStatusOnline || u.StatusConnection != models.UserStatusOnline ||
		u.StatusLivechat != "available" || u.Language != "pt-BR" {
		t.Errorf("state = %+v", u)
	}
	if u.UTCOffset == nil || *u.UTCOffset != 0 {
		t.Errorf("UTCOffset = %v, want a pointer to 0", u.UTCOffset)
	}
	if !reflect.DeepEqual(u.Roles, []string{"user", "livechat-agent"}) {
		t.Errorf("Roles = %v", u.Roles)
	}
	if !u.CreatedAt.Equal(time.Date(2023, 11, 2, 9, 15, 0, 0, time.UTC)) || !u.LastLogin.Equal(utcMillis("2024-05-01T08:00:00.250Z")) ||
		!u.UpdatedAt.Equal(utcMillis("2024-05-01T09:59:58.001Z")) {
		t.Errorf("dates = %v %v %v", u.CreatedAt, u.LastLogin, u.UpdatedAt)
	}
	if u.AvatarURL != "https://chat.example.com/avatar/agent.ana" {
		t.Errorf("AvatarURL = %q", u.AvatarURL)
	}
	if !strings.Contains(compactJSON(u.Settings), `"enableAutoAway":true`) {
		t.Errorf("Settings = %s", u.Settings)
	}
	if u.CustomFields["employeeId"] != 4411.0 {
		t.Errorf("CustomFields = %v", u.CustomFields)
	}
	if !strings.Contains(string(u.Unknown), `"services"`) {
		t.Errorf("Unknown = %s", u.Unknown)
	}
}

func TestUserRoundTrip(t *testing.T) {
	var u models.User
	if err := json.Unmarshal([]byte(meFixture), &u); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	// statusText is empty, so it is not written back.
	want := strings.Replace(meFixture, `"statusText": "",`, "", 1)
	assertSameJSON(t, out, []byte(want))
}

func TestUserWithoutUTCOffset(t *testing.T) {
	var u models.User
	if err := jsonx.Unmarshal([]byte(`{"_id":"u1","active":false,"isOAuthUser":false}`), &u); err != nil {
		t.Fatal(err)
	}
	if u.UTCOffset != nil {
		t.Errorf("UTCOffset = %v, want nil", *u.UTCOffset)
	}
	out, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"_id":"u1","active":false,"isOAuthUser":false}`; string(out) != want {
		t.Errorf("got %s, want %s", out, want)
	}
}

// A user's e-mail keeps the members the SDK does not know, as every other
// model does, and writes back its verified flag either way.
func TestUserEmailKeepsUnknownMembers(t *testing.T) {
	in := `{"_id":"u1","username":"ana","emails":[{"address":"ana@example.com","verified":false,"primary":true}],"active":true,"isOAuthUser":false}`
	var u models.User
	if err := jsonx.Unmarshal([]byte(in), &u); err != nil {
		t.Fatal(err)
	}
	if len(u.Emails) != 1 || u.Emails[0].Address != "ana@example.com" || u.Emails[0].Verified {
		t.Fatalf("emails = %+v", u.Emails)
	}
	for name, enc := range encoders() {
		out, err := enc(u)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		assertSameJSON(t, out, []byte(in))
	}
}
