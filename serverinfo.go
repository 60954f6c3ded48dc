package rocketchat

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// ServerVersion is a Rocket.Chat release number. GET /api/info tells
// anonymous callers, and users without view-statistics, only the major and
// minor numbers ("8.8"); Patch is then 0 and HasPatch false.
type ServerVersion struct {
	Major, Minor, Patch int
	// HasPatch reports that the server said the patch number.
	HasPatch bool
	// Raw is the version as the server wrote it, such as "8.8.1",
	// "7.0.0-rc.2" or "8.8".
	Raw string
}

// ParseServerVersion reads a Rocket.Chat version: "major.minor" or
// "major.minor.patch", with an optional pre-release or build suffix
// ("7.0.0-rc.2", "6.13.0+dev") that is kept in Raw and not compared.
func ParseServerVersion(s string) (ServerVersion, error) {
	core := s
	if i := strings.IndexAny(core, "-+ "); i >= 0 {
		core = core[:i]
	}
	parts := strings.Split(core, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return ServerVersion{}, fmt.Errorf("%w: %q is not a Rocket.Chat version (major.minor[.patch])", ErrInvalidArgument, s)
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil { // no sign can remain: the suffix was cut at the first - or +
			return ServerVersion{}, fmt.Errorf("%w: %q is not a Rocket.Chat version (major.minor[.patch])", ErrInvalidArgument, s)
		}
		nums[i] = n
	}
	return ServerVersion{Major: nums[0], Minor: nums[1], Patch: nums[2], HasPatch: len(parts) == 3, Raw: s}, nil
}

// Compare returns -1, 0 or +1 as v is older than, the same release as, or
// newer than w, by major, minor and patch numbers. A version without a patch
// number compares as patch 0.
func (v ServerVersion) Compare(w ServerVersion) int {
	for _, d := range [3]int{v.Major - w.Major, v.Minor - w.Minor, v.Patch - w.Patch} {
		switch {
		case d < 0:
			return -1
		case d > 0:
			return 1
		}
	}
	return 0
}

// AtLeast reports whether v is major.minor or later.
func (v ServerVersion) AtLeast(major, minor int) bool {
	return v.Compare(ServerVersion{Major: major, Minor: minor}) >= 0
}

// IsZero reports whether v holds no version.
func (v ServerVersion) IsZero() bool { return v == ServerVersion{} }

// String returns the version as the server wrote it, or "major.minor.patch"
// (or "major.minor") for a version built by hand.
func (v ServerVersion) String() string {
	if v.Raw != "" {
		return v.Raw
	}
	s := strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor)
	if v.HasPatch {
		s += "." + strconv.Itoa(v.Patch)
	}
	return s
}

// ServerInfo is what GET /api/info tells about a server.
type ServerInfo struct {
	// Version is the server's release: the full one for users with the
	// view-statistics permission (admins), major.minor for everyone else.
	Version ServerVersion
	// Build is the server's build information (info), or nil when the
	// caller may not see it.
	Build *BuildInfo
	// MinimumClientVersions are the oldest desktop and mobile apps the server
	// accepts.
	MinimumClientVersions ClientVersions
	// WorkspaceURL is the workspace's site URL (8.x).
	WorkspaceURL string
	// HashedWorkspaceURL is a hash of the workspace's site URL (8.x).
	HashedWorkspaceURL string
	// CloudWorkspaceID is the workspace's id in Rocket.Chat Cloud, if it is
	// registered.
	CloudWorkspaceID string
	// SupportedVersions is the signed list of supported versions from
	// Rocket.Chat Cloud: supportedVersions.signed, or the bare string that
	// some servers send; empty when the server has none.
	SupportedVersions string
}

// BuildInfo is a server's build information (IServerInfo).
type BuildInfo struct {
	// Version is the server's full version.
	Version string `json:"version"`
	// Build describes the machine and runtime.
	Build BuildHost `json:"build"`
	// MarketplaceAPIVersion is the version of the Marketplace API the server
	// speaks (marketplaceApiVersion).
	MarketplaceAPIVersion string `json:"marketplaceApiVersion"`
	// Commit describes the source the server was built from.
	Commit BuildCommit `json:"commit"`
}

// BuildHost is the machine and runtime a server runs on.
type BuildHost struct {
	// Date is when the server was built, as the server wrote it.
	Date string `json:"date"`
	// NodeVersion is the Node.js version.
	NodeVersion string `json:"nodeVersion"`
	// Arch is the processor architecture, such as "x64".
	Arch string `json:"arch"`
	// Platform is the operating system, such as "linux".
	Platform string `json:"platform"`
	// OSRelease is the operating system's release.
	OSRelease string `json:"osRelease"`
	// TotalMemory is the machine's memory in bytes.
	TotalMemory int64 `json:"totalMemory"`
	// FreeMemory is the machine's free memory in bytes.
	FreeMemory int64 `json:"freeMemory"`
	// CPUs is the number of processors.
	CPUs int `json:"cpus"`
}

// BuildCommit is the source commit a server was built from; servers leave
// out what they do not know.
type BuildCommit struct {
	// Hash is the commit's hash.
	Hash string `json:"hash"`
	// Date is the commit's date, as the server wrote it.
	Date string `json:"date"`
	// Author is the commit's author.
	Author string `json:"author"`
	// Subject is the commit message's first line.
	Subject string `json:"subject"`
	// Tag is the release tag, if any.
	Tag string `json:"tag"`
	// Branch is the branch built.
	Branch string `json:"branch"`
}

// ClientVersions are the oldest client apps a server accepts.
type ClientVersions struct {
	// Desktop is the oldest desktop app version.
	Desktop string `json:"desktop"`
	// Mobile is the oldest mobile app version.
	Mobile string `json:"mobile"`
}

// serverInfoWire is the answer of GET /api/info, in every shape servers
// have sent: version as "X.Y" or "X.Y.Z" or absent (old servers answered
// privileged callers with info alone), supportedVersions as an object or a
// bare string.
type serverInfoWire struct {
	Version               string         `json:"version"`
	Info                  *BuildInfo     `json:"info"`
	MinimumClientVersions ClientVersions `json:"minimumClientVersions"`
	SupportedVersions     jsontext.Value `json:"supportedVersions"`
	CloudWorkspaceID      string         `json:"cloudWorkspaceId"`
	WorkspaceURL          string         `json:"workspaceUrl"`
	HashedWorkspaceURL    string         `json:"hashedWorkspaceUrl"`
}

// ServerInfo asks the server for its version and workspace information. It
// needs no credentials; those of a user with the view-statistics permission
// (admin) also bring the full version and the build information. The answer
// also refreshes the version the client keeps (see [Client.ServerVersion]).
//
// GET /api/info
func (c *Client) ServerInfo(ctx context.Context) (*ServerInfo, *Response, error) {
	call := Call{Method: http.MethodGet, Route: "info", api: "api/"}
	w, resp, err := Do[serverInfoWire](ctx, c, call)
	if err != nil {
		return nil, resp, err
	}
	info, err := w.info()
	if err != nil {
		return nil, resp, malformed(resp, err)
	}
	c.version.set(info.Version)
	return info, resp, nil
}

func (w *serverInfoWire) info() (*ServerInfo, error) {
	info := &ServerInfo{Build: w.Info, MinimumClientVersions: w.MinimumClientVersions,
		CloudWorkspaceID: w.CloudWorkspaceID, WorkspaceURL: w.WorkspaceURL, HashedWorkspaceURL: w.HashedWorkspaceURL}
	raw := w.Version
	if w.Info != nil && w.Info.Version != "" {
		raw = w.Info.Version // the full version, where the short one may be cut
	}
	if raw == "" {
		return nil, errors.New("no version in the answer")
	}
	v, err := ParseServerVersion(raw)
	if err != nil {
		return nil, err
	}
	info.Version = v
	switch w.SupportedVersions.Kind() {
	case '"':
		err = json.Unmarshal(w.SupportedVersions, &info.SupportedVersions)
	case '{':
		var sv struct {
			Signed string `json:"signed"`
		}
		err = json.Unmarshal(w.SupportedVersions, &sv)
		info.SupportedVersions = sv.Signed
	}
	if err != nil {
		return nil, fmt.Errorf("supportedVersions: %w", err)
	}
	return info, nil
}
