package omnichannel_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// countOpen is the code under test. It takes the omnichannel.VisitorsAPI
// interface, which *omnichannel.VisitorsService satisfies, so a test can pass
// a stub instead of a client.
func countOpen(ctx context.Context, api omnichannel.VisitorsAPI, roomID, visitorID string) (int, error) {
	n := 0
	for room, err := range api.ChatHistoryAll(ctx, roomID, visitorID, nil) {
		if err != nil {
			return 0, fmt.Errorf("history of %s: %w", visitorID, err)
		}
		if room.Open {
			n++
		}
	}
	return n, nil
}

// stubVisitors serves fixed rooms, or fails with err. It embeds the
// interface, so it implements only what the code under test calls and keeps
// compiling when the interface gains methods (calling one it lacks panics).
type stubVisitors struct {
	omnichannel.VisitorsAPI
	rooms []*models.Room
	err   error
}

// ChatHistory returns all the rooms as one page.
func (s stubVisitors) ChatHistory(context.Context, string, string, *omnichannel.ChatHistoryOptions) (*omnichannel.ChatHistoryPage, *rocketchat.Response, error) {
	if s.err != nil {
		return nil, nil, s.err
	}
	return &omnichannel.ChatHistoryPage{History: s.rooms, Count: len(s.rooms), Total: len(s.rooms)}, &rocketchat.Response{}, nil
}

// ChatHistoryAll yields the rooms, or the error once.
func (s stubVisitors) ChatHistoryAll(context.Context, string, string, *omnichannel.ChatHistoryOptions) iter.Seq2[*models.Room, error] {
	return func(yield func(*models.Room, error) bool) {
		if s.err != nil {
			yield(nil, s.err)
			return
		}
		for _, r := range s.rooms {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// Code that takes omnichannel.VisitorsAPI is tested with a stub: no server,
// no HTTP. The stub can also fail the way the server does.
func ExampleVisitorsAPI() {
	ctx := context.Background()

	stub := stubVisitors{rooms: []*models.Room{{ID: "r1", Open: true}, {ID: "r2"}, {ID: "r3", Open: true}}}
	n, err := countOpen(ctx, stub, "r1", "visitor-1")
	fmt.Println(n, err)

	denied := stubVisitors{err: &rocketchat.APIError{
		StatusCode: http.StatusForbidden,
		Code:       "error-unauthorized",
		Message:    "User does not have the permissions required for this action",
	}}
	_, err = countOpen(ctx, denied, "r1", "visitor-1")
	fmt.Println(errors.Is(err, rocketchat.ErrForbidden))
	// Output:
	// 2 <nil>
	// true
}
