package rocketchat

import (
	"context"
	"errors"
	"net/http"
	"net/url"
)

// A path may hold a secret: livechat/visitor/{token} names the visitor by
// its token, which is the widget's credential for that visitor. The request
// must carry it, but nothing the client reports may: its log records, and
// the paths and URLs inside the errors it returns, show the path with such
// parameters (Call.SecretParams) replaced by [REDACTED]. The request's
// context carries that shown path from newRequest to every place that
// reports one, which reads it through reportedPath.

// shownPathKey keys the path to report for a request whose real path holds
// a secret.
type shownPathKey struct{}

func withShownPath(ctx context.Context, shown string) context.Context {
	return context.WithValue(ctx, shownPathKey{}, shown)
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

// redactURLError returns err with the URL of any *url.Error at its head
// (a transport failure carries the request's URL) replaced by the reported
// one, when the request's path holds a secret.
func redactURLError(req *http.Request, err error) error {
	if err == nil || req == nil {
		return err
	}
	shown, ok := req.Context().Value(shownPathKey{}).(string)
	if !ok {
		return err
	}
	var uerr *url.Error
	if !errors.As(err, &uerr) || uerr != err {
		return err
	}
	u := req.URL.Scheme + "://" + req.URL.Host + shown
	if req.URL.RawQuery != "" {
		u += "?" + req.URL.RawQuery
	}
	return &url.Error{Op: uerr.Op, URL: u, Err: uerr.Err}
}
