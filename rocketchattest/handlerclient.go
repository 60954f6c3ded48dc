package rocketchattest

import "net/http"

// HandlerClient returns an http.Client whose transport calls h directly, in
// the calling goroutine, whatever the request's URL: the in-memory
// transport of [Server.HTTPClient], for any handler. Give it to a
// [WebhookSender] ([WithWebhookHTTPClient]) to deliver to a webhook handler
// without sockets, inside testing/synctest bubbles too.
func HandlerClient(h http.Handler) *http.Client {
	return &http.Client{Transport: &memTransport{handler: h}}
}
