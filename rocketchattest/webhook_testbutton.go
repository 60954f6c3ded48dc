package rocketchattest

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/jarcoal/httpmock"
)

// WebhookTestPattern matches the URL of POST /api/v1/livechat/webhook.test
// in httpmock's regexp syntax, for httpmock.RegisterResponder.
const WebhookTestPattern = `=~/api/v1/livechat/webhook\.test(\?|$)`

// webhookTestTimeout is the server-fetch default the test route gets, as it
// passes no timeout.
const webhookTestTimeout = 20 * time.Second

// WebhookTestPayload returns the sample event the settings' Test button
// sends (POST livechat/webhook.test), with every date at now: a
// LivechatSession with fake ids, no visitor token, the visitor's email
// and phone as plain strings, and messages without ids. Its RoomID is ""
// because the server does not store the answer.
func WebhookTestPayload(now time.Time) *WebhookPayload {
	visitor := object{}.add("_id", "").add("name", "visitor name").add("username", "visitor-username").
		add("department", "department").add("email", "email@address.com").add("phone", "192873192873").
		add("ip", "123.456.7.89").add("browser", "Chrome").add("os", "Linux").
		add("customFields", object{}.add("customerId", "123456"))
	agent := object{}.add("_id", "asdf89as6df8").add("username", "agent.username").add("name", "Agent Name").
		add("email", "agent@email.com")
	messages := []object{
		object{}.add("username", "visitor-username").add("msg", "message content").add("ts", now),
		object{}.add("username", "agent.username").add("agentId", "asdf89as6df8").add("msg", "message content from agent").add("ts", now),
	}
	p := object{}.add("type", EventSessionClosed).add("_id", "fasd6f5a4sd6f8a4sdf").add("label", "title").
		add("topic", "asiodojf").add("createdAt", now).add("lastMessageAt", now).
		add("tags", []string{"tag1", "tag2", "tag3"}).add("customFields", object{}.add("productId", "123456")).
		add("visitor", visitor).add("agent", agent).add("messages", messages)
	out, err := encodePayload(EventSessionClosed, "", p)
	if err != nil {
		panic(err) // only a date past year 9999 fails
	}
	return out
}

// Test sends the settings' Test button's request, as POST
// livechat/webhook.test does: [WebhookTestPayload] once, without retries,
// within 20 s, with the token header even when the secret is empty and
// Accept: application/json. The error wraps [ErrWebhookNotDelivered] unless
// the answer was 200.
func (s *WebhookSender) Test(ctx context.Context) (*WebhookDelivery, error) {
	ctx, cancel := context.WithTimeout(ctx, webhookTestTimeout)
	defer cancel()
	header := http.Header{
		"X-Rocketchat-Livechat-Token": {s.secret},
		"Accept":                      {"application/json"},
	}
	return s.deliver(ctx, WebhookTestPayload(time.Now()), 0, 1, header)
}

// WebhookTestResponder returns an httpmock responder for POST
// /api/v1/livechat/webhook.test that does what the route does with the
// sender's URL and secret: 400 {"success":false,"error":"Webhook_URL_not_set"}
// when the URL is empty; else [WebhookSender.Test], then 200
// {"success":true} if the webhook answered 200, or 400
// {"success":false,"error":"error-invalid-webhook-response"}. It checks no
// credentials; the route needs the view-livechat-webhooks permission.
//
// Register it with:
//
//	httpmock.RegisterResponder(http.MethodPost, rocketchattest.WebhookTestPattern,
//		rocketchattest.WebhookTestResponder(sender))
func WebhookTestResponder(s *WebhookSender) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		if s.url == "" {
			return httpResponse(req, failure("Webhook_URL_not_set", "", nil)), nil
		}
		if _, err := s.Test(req.Context()); err != nil {
			if ctxErr := req.Context().Err(); ctxErr != nil && errors.Is(err, ctxErr) {
				return nil, ctxErr
			}
			return httpResponse(req, failure("error-invalid-webhook-response", "", nil)), nil
		}
		return httpResponse(req, jsonResponse(http.StatusOK, map[string]bool{"success": true})), nil
	}
}
