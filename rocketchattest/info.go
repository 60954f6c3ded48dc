package rocketchattest

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
)

// RouteInfo is the route of the server's version and workspace.
const RouteInfo = "GET /api/info"

var infoRoutes = []*route{
	// On the default API (/api, not /api/v1): no authentication needed and
	// no rate limit.
	newRoute(RouteInfo, (*Server).info, notRateLimited()),
}

// minimumClientVersions are the oldest desktop and mobile apps the server
// accepts (package.json's rocketchat.minimumClientVersions).
type minimumClientVersions struct {
	Desktop string `json:"desktop"`
	Mobile  string `json:"mobile"`
}

type infoVersion struct {
	Version string `json:"version"`
}

// infoBody is getServerInfo's answer: the version without its patch, or,
// for a caller with view-statistics, the full version and the build info.
// There is no cloud registration, so no supportedVersions or
// cloudWorkspaceId.
type infoBody struct {
	WorkspaceURL          string                `json:"workspaceUrl"`
	HashedWorkspaceURL    string                `json:"hashedWorkspaceUrl"`
	Version               string                `json:"version"`
	Info                  *infoVersion          `json:"info,omitempty"`
	MinimumClientVersions minimumClientVersions `json:"minimumClientVersions"`
	Success               bool                  `json:"success"`
}

// info serves GET /api/info.
func (s *Server) info(c *call) *response {
	sum := sha256.Sum256([]byte(s.URL()))
	body := infoBody{
		WorkspaceURL:          s.URL(),
		HashedWorkspaceURL:    hex.EncodeToString(sum[:]),
		Version:               s.version.trimmed(),
		MinimumClientVersions: minimumClientVersions{Desktop: "3.9.6", Mobile: "4.39.0"},
		Success:               true,
	}
	if c.user != nil && s.hasPermission(c.user, permViewStatistics) {
		body.Info = &infoVersion{Version: s.version.raw}
		body.Version = s.version.raw
	}
	return jsonResponse(http.StatusOK, body)
}
