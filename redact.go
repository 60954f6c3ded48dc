package rocketchat

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// A call may carry a secret: livechat/visitor/{token} names the visitor by
// its token in the path, and the widget's other routes carry it in the
// query, the body or a header. The request must carry it, but nothing the
// client reports may: its log records, the paths and URLs inside the errors
// it returns and the errors handed to its observers show the path with such
// values (Call.Secrets), as parameters or inside one, replaced by
// [REDACTED], and never the query of a call with secrets (logs and errors
// never show a query anyway; a *url.Error would). The request's context carries the shown path from newRequest to
// every place that reports one, which reads it through reportedPath.

// shownPathKey keys the path to report for a request whose real path holds
// a secret.
type shownPathKey struct{}

// secretQueryKey marks a request whose query may hold a secret.
type secretQueryKey struct{}

func withShownPath(ctx context.Context, shown string) context.Context {
	return context.WithValue(ctx, shownPathKey{}, shown)
}

func withSecretQuery(ctx context.Context) context.Context {
	return context.WithValue(ctx, secretQueryKey{}, true)
}

// reportedPath is the path of req to put in logs and errors: its escaped
// path, with any secret parameter replaced by [REDACTED].
func reportedPath(req *http.Request) string {
	if req == nil || req.URL == nil {
		return ""
	}
	if shown, ok := req.Context().Value(shownPathKey{}).(string); ok {
		return shown
	}
	return req.URL.EscapedPath()
}

// redactSecrets replaces each secret in an escaped path, as escaped and as
// is, with [REDACTED].
func redactSecrets(path string, secrets []Secret) string {
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		path = strings.ReplaceAll(path, url.PathEscape(string(sec)), redacted)
		path = strings.ReplaceAll(path, string(sec), redacted)
	}
	return path
}

// redactURLError returns err with the URL of any *url.Error at its head
// (a transport failure carries the request's URL) replaced by the reported
// one, without the query when it may hold a secret, when the request
// carries a secret.
func redactURLError(req *http.Request, err error) error {
	if err == nil || req == nil {
		return err
	}
	shown, hasShown := req.Context().Value(shownPathKey{}).(string)
	secretQuery := req.Context().Value(secretQueryKey{}) != nil
	if !hasShown && !secretQuery {
		return err
	}
	var uerr *url.Error
	if !errors.As(err, &uerr) || uerr != err {
		return err
	}
	if !hasShown {
		shown = req.URL.EscapedPath()
	}
	u := req.URL.Scheme + "://" + req.URL.Host + shown
	if req.URL.RawQuery != "" && !secretQuery {
		u += "?" + req.URL.RawQuery
	}
	return &url.Error{Op: uerr.Op, URL: u, Err: uerr.Err}
}
