package endpoint

import (
	"context"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
)

// visitorAnswer is the answer of the routes that return one visitor.
type visitorAnswer struct {
	Visitor *models.Visitor `json:"visitor"`
}

func (a *visitorAnswer) visitor() *models.Visitor { return a.Visitor }

// VisitorByToken is GET livechat/visitor/{token}: the whole record of the
// visitor whose token is token. The route is the widget's, so the call goes
// without the client's credentials, and carries the token as a secret.
func VisitorByToken(ctx context.Context, c *rocketchat.Client, token rocketchat.Secret) (*models.Visitor, *rocketchat.Response, error) {
	if token == "" {
		return nil, nil, Required("token")
	}
	call := rocketchat.Call{Method: http.MethodGet, Route: "livechat/visitor/{token}", Params: []string{string(token)},
		Anonymous: true, Secrets: []rocketchat.Secret{token}}
	return One(ctx, c, call, "visitor", (*visitorAnswer).visitor)
}

// Visitor is One for the routes that return one visitor under "visitor".
func Visitor(ctx context.Context, c *rocketchat.Client, call rocketchat.Call) (*models.Visitor, *rocketchat.Response, error) {
	return One(ctx, c, call, "visitor", (*visitorAnswer).visitor)
}
