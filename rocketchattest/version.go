package rocketchattest

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultVersion is the Rocket.Chat version the server plays unless
// [WithVersion] says otherwise.
const DefaultVersion = "8.8.1"

// defaultVersion is DefaultVersion, parsed: the release the httpmock
// responders play.
var defaultVersion = func() serverVersion {
	v, err := parseVersion(DefaultVersion)
	if err != nil {
		panic(err)
	}
	return v
}()

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
// from 6.0.0 to 8.x (default [DefaultVersion]); any other value makes
// [Start] fail. The release decides:
//
//   - the order of the request checks (8.x: authentication, permission,
//     rate limit, parameters; earlier: authentication, rate limit,
//     parameters, permission, so a 403 uses a call of the rate limit);
//   - how queries are validated: 8.x coerces as rest-typings' ajvQuery does
//     (coerceTypes "array": agents=abc is ["abc"], count[]=5 is 5) and knows
//     the isNotEmpty keyword; 6.x and 7.x coerce with coerceTypes true
//     (agents=abc is "must be array", count[]=5 "must be number") and let
//     blank strings pass;
//   - the query and fields parameters, which 8.x ignores and 6.x and 7.x
//     parse on every paged route (error-invalid-query for JSON that does
//     not parse, error-invalid-fields for values other than 0 and 1; the
//     operators the server then strips are not modelled);
//   - the routes that exist (the omnichannel/contacts* routes from 7.0),
//     visitors.info's token (hidden from 8.5 and the patch releases the fix
//     went to), contacts.update's empty contactManager (removes the manager
//     from 8.0), and the version GET /api/info reports.
//
// Everything else is modelled on 8.8.1 whatever the release: the routes'
// schemas and error messages (rest-typings 8.8.1), the query string parser
// (qs with arrayLimit 500, answering 400 "Invalid query parameters" past
// 500 items of one key or 1000 parameters, as since RocketChat#38222;
// earlier servers turned more than 20 indexed items into an object and
// dropped parameters past 1000), the handlers' behaviour and bodies, and
// the webhooks (payloads and retry schedule of 8.x and 7.10.4 on).
func WithVersion(version string) Option {
	return func(c *config) { c.version = version }
}
