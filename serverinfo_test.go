package rocketchat_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func TestParseServerVersion(t *testing.T) {
	cases := []struct {
		in       string
		want     rocketchat.ServerVersion
		hasPatch bool
	}{
		{"8.8.1", rocketchat.ServerVersion{Major: 8, Minor: 8, Patch: 1}, true},
		{"8.8", rocketchat.ServerVersion{Major: 8, Minor: 8}, false},
		{"7.0.0-rc.2", rocketchat.ServerVersion{Major: 7, Minor: 0, Patch: 0}, true},
		{"6.13.0+dev", rocketchat.ServerVersion{Major: 6, Minor: 13, Patch: 0}, true},
		{"10.0.12", rocketchat.ServerVersion{Major: 10, Minor: 0, Patch: 12}, true},
	}
	for _, c := range cases {
		got, err := rocketchat.ParseServerVersion(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got.Major != c.want.Major || got.Minor != c.want.Minor || got.Patch != c.want.Patch || got.HasPatch != c.hasPatch || got.Raw != c.in {
			t.Errorf("%q = %+v", c.in, got)
		}
		if got.String() != c.in {
			t.Errorf("%q prints as %q", c.in, got)
		}
	}
	for _, bad := range []string{"", "8", "8.x", "v8.8.1", "8.8.1.1", "-1.0", "8..1", "8.+1"} {
		if v, err := rocketchat.ParseServerVersion(bad); err == nil || !errors.Is(err, rocketchat.ErrInvalidArgument) {
			t.Errorf("%q = %+v, %v; want ErrInvalidArgument", bad, v, err)
		}
	}
}

func TestServerVersionCompare(t *testing.T) {
	v := func(s string) rocketchat.ServerVersion {
		x, err := rocketchat.ParseServerVersion(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	ordered := []string{"6.13.0", "6.13.4", "7.0", "7.0.1", "7.10.0", "8.0.0", "8.8.1", "10.0.0"}
	for i := range ordered {
		for j := range ordered {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := v(ordered[i]).Compare(v(ordered[j])); got != want {
				t.Errorf("%s vs %s = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
	if !v("7.0").AtLeast(7, 0) || v("6.13.9").AtLeast(7, 0) || !v("8.8.1").AtLeast(7, 10) || v("7.9.9").AtLeast(7, 10) {
		t.Error("AtLeast compares major and minor")
	}
	if (rocketchat.ServerVersion{Major: 7}).String() != "7.0" || !(rocketchat.ServerVersion{}).IsZero() {
		t.Error("a hand-built version prints major.minor; the zero version is zero")
	}
}

// Every shape servers have sent: 8.x anonymous and admin answers, an old
// answer to a privileged caller (info alone), supportedVersions as a bare
// string or an object.
func TestServerInfoShapes(t *testing.T) {
	cases := []struct {
		name, body, version, signed string
		build                       bool
	}{
		{"8.x anonymous", `{"workspaceUrl":"https://chat.example.com/","hashedWorkspaceUrl":"ab12","version":"8.8","minimumClientVersions":{"desktop":"3.9.6","mobile":"4.39.0"},"supportedVersions":{"signed":"eyJ.sig"},"cloudWorkspaceId":"ws-1","success":true}`,
			"8.8", "eyJ.sig", false},
		{"8.x admin", `{"version":"8.8.1","info":{"version":"8.8.1","build":{"date":"2026-01-10T12:00:00.000Z","nodeVersion":"v22.16.0","arch":"x64","platform":"linux","osRelease":"6.1.0","totalMemory":8294967296,"freeMemory":1073741824,"cpus":4},"marketplaceApiVersion":"1.60.0","commit":{"hash":"0358e0dc","tag":"8.8.1","branch":"HEAD"}},"minimumClientVersions":{"desktop":"3.9.6","mobile":"4.39.0"},"success":true}`,
			"8.8.1", "", true},
		{"old privileged", `{"info":{"version":"6.3.2","build":{"cpus":2},"commit":{}},"success":true}`, "6.3.2", "", true},
		{"bare supportedVersions", `{"version":"6.10","supportedVersions":"eyJ.bare","minimumClientVersions":{"desktop":"3.9.6","mobile":"4.39.0"},"success":true}`,
			"6.10", "eyJ.bare", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl, mt := newMockClient(t)
			mt.RegisterResponder(http.MethodGet, testBase+"/api/info", jsonResponder(200, c.body))
			info, _, err := cl.ServerInfo(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if info.Version.String() != c.version || info.SupportedVersions != c.signed || (info.Build != nil) != c.build {
				t.Errorf("info = %+v", info)
			}
			if c.build && c.name == "8.x admin" && (info.Build.Build.CPUs != 4 || info.Build.Build.TotalMemory != 8294967296 ||
				info.Build.Commit.Tag != "8.8.1" || info.Build.MarketplaceAPIVersion != "1.60.0" || info.MinimumClientVersions.Mobile != "4.39.0") {
				t.Errorf("build = %+v", info.Build)
			}
			if mt.GetCallCountInfo()["GET "+testBase+"/api/info"] != 1 {
				t.Errorf("calls = %v", mt.GetCallCountInfo())
			}
		})
	}
}

func TestServerInfoRefusesAnAnswerWithoutVersion(t *testing.T) {
	for _, body := range []string{`{"success":true}`, `{"version":"eight","success":true}`, `{"version":"8.8","supportedVersions":{"signed":1},"success":true}`} {
		cl, mt := newMockClient(t)
		mt.RegisterResponder(http.MethodGet, testBase+"/api/info", jsonResponder(200, body))
		_, _, err := cl.ServerInfo(context.Background())
		if !errors.Is(err, rocketchat.ErrMalformedResponse) {
			t.Errorf("%s: err = %v, want ErrMalformedResponse", body, err)
		} else if n := strings.Count(err.Error(), "/api/info"); n != 1 {
			t.Errorf("%s: the error names the call %d times: %v", body, n, err)
		}
	}
}

// A supportedVersions of a shape no server sent is left out, not a failure:
// it is incidental to what a caller asks /api/info for.
func TestServerInfoIgnoresAnUnknownSupportedVersionsShape(t *testing.T) {
	cl, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/info", jsonResponder(200, `{"version":"8.8","supportedVersions":[1],"success":true}`))
	info, _, err := cl.ServerInfo(context.Background())
	if err != nil || info.SupportedVersions != "" || info.Version.String() != "8.8" {
		t.Errorf("info %+v, err %v", info, err)
	}
}

// Against the fake: anonymous callers and agents get major.minor, admins
// the full version and the build.
func TestServerInfoFromTheFakeServer(t *testing.T) {
	srv := rocketchattest.NewServer(t, rocketchattest.WithVersion("7.10.3"))
	admin := srv.AddUser(rocketchattest.User{Username: "admin", Roles: []string{"admin"}})
	anon, _ := rocketchat.NewClient(srv.URL())
	info, _, err := anon.ServerInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Version.String() != "7.10" || info.Version.HasPatch || info.Build != nil || info.WorkspaceURL == "" {
		t.Errorf("anonymous: %+v", info)
	}
	ac, _ := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(admin.UserID, admin.AuthToken))
	info, _, err = ac.ServerInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Version.String() != "7.10.3" || info.Version.Patch != 3 || info.Build == nil {
		t.Errorf("admin: %+v", info)
	}
}
