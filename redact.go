package rocketchat

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// Everything the client logs or puts in an error about a request names it
// by its method and its path, never its query (where widget routes carry a
// visitor token) or its headers. Secrets a call carries in its path (a
// visitor token in livechat/visitor/{token}) are replaced by [REDACTED],
// through shownPath; scrubURLError does the same for the *url.Error that Go's
// HTTP client wraps a transport failure in, which holds the whole URL.

// shownPath is req's escaped path as logs and errors show it, with the
// call's secrets replaced by [REDACTED].
func shownPath(req *http.Request) string {
	p := req.URL.EscapedPath()
	if att := attemptFrom(req.Context()); att != nil {
		p = redactSecrets(p, att.secrets)
	}
	return p
}

// redactSecrets replaces each secret in s, as sent in a path and as is,
// with [REDACTED].
func redactSecrets(s string, secrets []Secret) string {
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		s = strings.ReplaceAll(s, url.PathEscape(string(sec)), redacted)
		s = strings.ReplaceAll(s, string(sec), redacted)
	}
	return s
}

// scrubURLError drops the query from the URL of a *url.Error in err and
// redacts the call's secrets in its path, so that no error the client
// returns holds them. It returns err.
func scrubURLError(err error, req *http.Request) error {
	var uerr *url.Error
	if err == nil || !errors.As(err, &uerr) {
		return err
	}
	u, perr := url.Parse(uerr.URL)
	if perr != nil {
		uerr.URL = redacted
		return err
	}
	u.RawQuery, u.ForceQuery, u.Fragment, u.User = "", false, "", nil
	shown := u.String()
	if att := attemptFrom(req.Context()); att != nil {
		shown = redactSecrets(shown, att.secrets)
	}
	uerr.URL = shown
	return err
}
