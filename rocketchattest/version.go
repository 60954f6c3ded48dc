package rocketchattest

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultVersion is the Rocket.Chat version the server plays unless
// [WithVersion] says otherwise.
const DefaultVersion = "8.8.1"

// serverVersion is a Rocket.Chat release: it sets the order of the request
// checks and what GET /api/info reports.
type serverVersion struct {
	major, minor, patch int
	raw                 string
}

// parseVersion reads "major.minor.patch" for a release from 6.0 to 8.x,
// the ones whose behaviour the fake models.
func parseVersion(s string) (serverVersion, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return serverVersion{}, fmt.Errorf("rocketchattest: version %q is not major.minor.patch", s)
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strconv.Itoa(n) != p {
			return serverVersion{}, fmt.Errorf("rocketchattest: version %q is not major.minor.patch", s)
		}
		nums[i] = n
	}
	if nums[0] < 6 || nums[0] > 8 {
		return serverVersion{}, fmt.Errorf("rocketchattest: version %q: only 6.x, 7.x and 8.x are modelled", s)
	}
	return serverVersion{major: nums[0], minor: nums[1], patch: nums[2], raw: s}, nil
}

// before reports whether v is an older release than w (a zero w is older
// than every release).
func (v serverVersion) before(w serverVersion) bool {
	return v.major < w.major || (v.major == w.major && (v.minor < w.minor || (v.minor == w.minor && v.patch < w.patch)))
}

// permissionFirst reports whether the server checks permissions in a
// middleware before the route's rate limit and parameters, as 8.x does.
// Earlier releases check them last, inside the route: a request refused with
// 403 has used a call of the rate limit and carries its headers.
func (v serverVersion) permissionFirst() bool { return v.major >= 8 }

// trimmed is the version without its patch, as /api/info tells anonymous
// callers.
func (v serverVersion) trimmed() string { return strconv.Itoa(v.major) + "." + strconv.Itoa(v.minor) }

// WithVersion makes the server play a Rocket.Chat release, "major.minor.patch"
// from 6.0.0 to 8.x (default [DefaultVersion]). It sets the order of the
// request checks (8.x: authentication, permission, rate limit, parameters;
// earlier: authentication, rate limit, parameters, permission) and the
// version GET /api/info reports. Any other value makes [Start] fail.
func WithVersion(version string) Option {
	return func(c *config) { c.version = version }
}
