// Package endpoint holds what the omnichannel packages share to build their
// calls: reading the one document an answer holds, and refusing a missing
// argument.
package endpoint

import (
	"context"
	"fmt"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// One performs call and returns the document its answer holds under member,
// read from the decoded answer A by get. An answer whose member is absent or
// null fails with rocketchat.ErrMalformedResponse naming the member: the
// route always writes it, so the answer is not one the caller can use.
func One[A, T any](ctx context.Context, c *rocketchat.Client, call rocketchat.Call, member string, get func(*A) *T) (*T, *rocketchat.Response, error) {
	return OneOr(ctx, c, call, member, get, nil)
}

// OneOr is One for a route that answers a null member for an unknown id:
// an absent or null member fails with notFound instead, or with
// rocketchat.ErrMalformedResponse when notFound is nil.
func OneOr[A, T any](ctx context.Context, c *rocketchat.Client, call rocketchat.Call, member string, get func(*A) *T, notFound error) (*T, *rocketchat.Response, error) {
	a, resp, err := rocketchat.Do[A](ctx, c, call)
	if err != nil {
		return nil, resp, err
	}
	if doc := get(a); doc != nil {
		return doc, resp, nil
	}
	if notFound != nil {
		return nil, resp, notFound
	}
	return nil, resp, Missing(call, member)
}

// Missing is the error of a successful answer without member: it names the
// call by its route, whose placeholders stand for the parameters, so that
// no secret a path carries shows.
func Missing(call rocketchat.Call, member string) error {
	return fmt.Errorf("%w: %s %s: the answer's %q is missing or null", rocketchat.ErrMalformedResponse, call.Method, call.Route, member)
}

// Required refuses an empty required argument before anything is sent.
func Required(name string) error {
	return fmt.Errorf("%w: %s is required", rocketchat.ErrInvalidArgument, name)
}
