package rocketchat_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// A client with a login token or a personal access token. The examples talk
// to the in-process fake server of package rocketchattest; a real program
// passes its server's URL, such as "https://chat.example.com".
func ExampleNewClient() {
	srv, err := rocketchattest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{ID: "agent-1", Username: "agent.ana", Name: "Ana"})

	c, err := rocketchat.NewClient(srv.URL(),
		rocketchat.WithToken(cred.UserID, cred.AuthToken),
		rocketchat.WithUserAgent("crm-sync/2.1"),
	)
	if err != nil {
		panic(err)
	}
	me, _, err := c.Me(context.Background())
	if err != nil {
		panic(err)
	}
	fmt.Println(c.UserID(), me.Username, me.Name)

	// Credentials never travel over plain http, except to loopback.
	_, err = rocketchat.NewClient("http://chat.example.com", rocketchat.WithToken("u", "t"))
	fmt.Println(err)
	// Output:
	// agent-1 agent.ana Ana
	// rocketchat: invalid argument: refusing to send credentials over plain http to chat.example.com; use https or WithInsecureHTTP
}

// Login with a password and, when the account asks for one, a two-factor
// code. The first call says which method the code is for; the second sends
// the code.
func ExampleClient_Login() {
	srv, err := rocketchattest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	srv.AddUser(rocketchattest.User{
		Username: "agent.ana", Email: "ana@example.com", Password: "s3cret",
		TwoFactor: rocketchattest.TwoFactorTOTP, TwoFactorCode: "123456",
	})

	ctx := context.Background()
	anon, err := rocketchat.NewClient(srv.URL())
	if err != nil {
		panic(err)
	}
	req := rocketchat.LoginRequest{User: "ana@example.com", Password: "s3cret"}
	s, _, err := anon.Login(ctx, req)
	var tf *rocketchat.TwoFactorError
	if errors.As(err, &tf) {
		fmt.Println("code required:", tf.Method, errors.Is(err, rocketchat.ErrTwoFactorRequired))
		req.Code = "123456" // ask the user for it
		s, _, err = anon.Login(ctx, req)
	}
	if err != nil {
		panic(err)
	}
	defer s.Client.Logout(context.Background())

	fmt.Println("logged in as", s.Me.Username, s.Client.UserID() == s.UserID)
	fmt.Println("token:", s.AuthToken) // string(s.AuthToken) is the value to store
	fmt.Println("anonymous client unchanged:", anon.UserID() == "")
	// Output:
	// code required: totp true
	// logged in as agent.ana true
	// token: [REDACTED]
	// anonymous client unchanged: true
}

// Every failure the server reports is an *APIError. errors.Is tells the kind
// of failure; errors.As reads the details.
func ExampleAPIError() {
	srv, err := rocketchattest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana", Roles: []string{"livechat-manager"}})
	c, err := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))
	if err != nil {
		panic(err)
	}

	_, _, err = omnichannel.New(c).Visitors.ChatHistory(context.Background(), "no-such-room", "visitor-1", nil)
	switch {
	case errors.Is(err, rocketchat.ErrInvalidRoom):
		fmt.Println("no such room")
	case errors.Is(err, rocketchat.ErrForbidden):
		fmt.Println("missing the view-l-room permission")
	}
	var apiErr *rocketchat.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Method, apiErr.Path)
	}
	// Output:
	// no such room
	// 400 invalid-room GET /api/v1/livechat/visitors.chatHistory/room/no-such-room/visitor/visitor-1
}

// When a route's calls are used up and the window resets later than the
// client may wait (WithMaxRetryWait), the call fails at once with a
// *RateLimitError that says when to try again. Here the server allows two
// calls a minute; the client knows the third would be refused and does not
// send it.
func ExampleRateLimitError() {
	srv, err := rocketchattest.Start(rocketchattest.WithRateLimit(2, time.Minute))
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana"})
	c, err := rocketchat.NewClient(srv.URL(),
		rocketchat.WithToken(cred.UserID, cred.AuthToken),
		rocketchat.WithMaxRetryWait(time.Second),
	)
	if err != nil {
		panic(err)
	}

	ctx := context.Background()
	for range 3 {
		_, resp, err := c.Me(ctx)
		var rl *rocketchat.RateLimitError
		switch {
		case errors.As(err, &rl):
			fmt.Printf("rate limited (%v): %d calls per window, retry in about %v, sent: %v\n",
				errors.Is(err, rocketchat.ErrRateLimited), rl.Limit, rl.RetryAfter.Round(time.Minute), rl.Err != nil)
		case err != nil:
			panic(err)
		default:
			fmt.Println("ok,", resp.Rate.Remaining, "calls left")
		}
	}
	// Output:
	// ok, 1 calls left
	// ok, 0 calls left
	// rate limited (true): 2 calls per window, retry in about 1m0s, sent: false
}

// WithWaitObserver tells of each wait the client takes, for a progress line
// such as "waiting 42s for the rate limit"; the func it returns runs when the
// wait ends. Here the server allows two calls per half-second window, so the
// third call waits for the next one.
func ExampleWithWaitObserver() {
	srv, err := rocketchattest.Start(rocketchattest.WithoutListener(), rocketchattest.WithRateLimit(2, 500*time.Millisecond))
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana"})
	c, err := rocketchat.NewClient(srv.URL(),
		rocketchat.WithToken(cred.UserID, cred.AuthToken),
		rocketchat.WithHTTPClient(srv.HTTPClient()),
		rocketchat.WithWaitObserver(func(w rocketchat.Wait) func() {
			// A real program would print w.Duration, or count down to w.Until.
			fmt.Printf("waiting for the rate limit: %v, %s on %s %s\n", w.RateLimited(), w.Reason, w.Method, w.Route)
			return func() { fmt.Println("wait over") }
		}),
	)
	if err != nil {
		panic(err)
	}
	for range 3 {
		if _, _, err := c.Me(context.Background()); err != nil {
			panic(err)
		}
	}
	fmt.Println("3 calls made")
	// Output:
	// waiting for the rate limit: true, pacing on GET me
	// wait over
	// 3 calls made
}

// A Sort is sent as the JSON object the server expects, keys in order of
// precedence; invalid sorts are refused before anything is sent.
func ExampleSort() {
	opts := rocketchat.ListOptions{
		Offset: 100,
		Count:  50,
		Sort:   rocketchat.Sort{{Field: "ts", Order: rocketchat.Desc}, {Field: "_id", Order: rocketchat.Asc}},
	}
	fmt.Println(opts.Sort)

	q := url.Values{}
	if err := opts.EncodeValues("", &q); err != nil {
		panic(err)
	}
	fmt.Println(q.Encode())

	bad := rocketchat.ListOptions{Sort: rocketchat.Sort{{Field: "ts"}}} // no order
	fmt.Println(errors.Is(bad.EncodeValues("", &url.Values{}), rocketchat.ErrInvalidArgument))
	// Output:
	// {"ts":-1,"_id":1}
	// count=50&offset=100&sort=%7B%22ts%22%3A-1%2C%22_id%22%3A1%7D
	// true
}

// Walk turns any offset-paged list into an iterator. Here the list is a slice
// behind a Lister that, like a server, serves at most four items a page
// whatever the count asked for; the walk advances by what each page held.
func ExampleWalk() {
	ids := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	var offsets []int
	list := rocketchat.Lister[string]{
		Key: func(id string) string { return id },
		Page: func(ctx context.Context, opts rocketchat.ListOptions) (rocketchat.Page[string], error) {
			offsets = append(offsets, opts.Offset)
			from := min(opts.Offset, len(ids))
			to := min(from+min(opts.Count, 4), len(ids))
			return rocketchat.Page[string]{Items: ids[from:to], Total: len(ids)}, nil
		},
	}

	var got []string
	for id, err := range rocketchat.Walk(context.Background(), &rocketchat.ListOptions{Offset: 1}, list) {
		if err != nil {
			panic(err)
		}
		got = append(got, id)
	}
	fmt.Println(got)
	fmt.Println("offsets asked:", offsets, slices.Equal(got, ids[1:]))
	// Output:
	// [b c d e f g h i j]
	// offsets asked: [1 5 9] true
}

// When the context ends while a call waits to retry, the error matches the
// context's error and still carries the server's last answer. Here every call
// draws a 503.
func ExampleCanceledError() {
	srv, err := rocketchattest.Start(rocketchattest.WithoutListener())
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "agent.ana"})
	srv.Inject(rocketchattest.RouteMe, rocketchattest.ServerErrors(http.StatusServiceUnavailable, 1).Repeat(rocketchattest.Forever))
	c, err := rocketchat.NewClient(srv.URL(),
		rocketchat.WithToken(cred.UserID, cred.AuthToken),
		rocketchat.WithHTTPClient(srv.HTTPClient()),
		rocketchat.WithRetries(100, 10*time.Millisecond, 10*time.Millisecond),
	)
	if err != nil {
		panic(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, _, err = c.Me(ctx)
	fmt.Println(err)
	var ce *rocketchat.CanceledError
	if errors.As(err, &ce) {
		fmt.Println("deadline:", errors.Is(err, context.DeadlineExceeded))
	}
	var last *rocketchat.APIError
	if errors.As(err, &last) {
		fmt.Println("last answer:", last.StatusCode, errors.Is(err, rocketchat.ErrServer))
	}
	// Output:
	// rocketchat: GET /api/v1/me: context deadline exceeded (last answer: 503: Service Unavailable)
	// deadline: true
	// last answer: 503 true
}
