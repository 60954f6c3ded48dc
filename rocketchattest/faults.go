package rocketchattest

import (
	"context"
	"net/http"
	"time"
)

// Forever, as [Fault.Times], makes a fault affect every call once started.
const Forever = -1

// Fault is a misbehaviour injected into a route with [Server.Inject]. Its
// effects combine: a fault can delay a call and then answer 503, or serve a
// page while inserting rooms.
//
// A fault counts the calls to its route from the moment it is injected: it
// lets Skip calls through, then affects the next Times calls (one when Times
// is 0, all of them when Times is [Forever]). Several faults on one route
// count independently, so a sequence is built with Skip. Faults act in front
// of authentication and the rate limiter, as a proxy or a network would:
// a call answered by a fault's Status is not counted by the limiter.
type Fault struct {
	// Skip is the number of calls let through before the fault starts.
	Skip int
	// Times is the number of calls the fault affects: 0 means one, Forever
	// means every call.
	Times int

	// Delay holds the call for this long before anything else happens. It
	// ends early, with no response, when the request's context is done.
	Delay time.Duration
	// Status answers with this status (100 to 999) instead of serving the
	// call: 500 and 503 with Rocket.Chat's JSON bodies, 502 and 504 with a
	// proxy's HTML page, others with a JSON body carrying the status text.
	Status int
	// Body, when not empty, replaces the body chosen for Status.
	Body string
	// ContentType, when not empty, replaces the Content-Type chosen for Status.
	ContentType string

	// Reset serves the response's headers and the first CutAt bytes of its
	// body, then resets the connection. Through [Server.HTTPClient] the body
	// read fails with an error wrapping syscall.ECONNRESET; on a socket the
	// connection is hijacked and closed with a TCP reset; on any other
	// ResponseWriter the handler aborts with http.ErrAbortHandler.
	Reset bool
	// Drop serves the call, then drops the connection before a byte of the
	// answer is sent: the client cannot tell whether the call was served,
	// and it was. Through [Server.HTTPClient] the round trip fails with an
	// error wrapping syscall.ECONNRESET; on a socket the connection is
	// hijacked and closed with a TCP reset. The request's record shows
	// status 0.
	Drop bool
	// Truncate serves only the first CutAt bytes of the body, with a
	// Content-Length that matches them: a well-framed, truncated document.
	Truncate bool
	// CutAt is where Reset and Truncate cut the body; 0 means half of it.
	CutAt int

	// IgnoreOffset serves the pages of chatHistory, the rooms list and a
	// room's messages as if offset were 0 while echoing the requested
	// offset, like server routes that ignore it.
	IgnoreOffset bool
	// InsertRooms adds this many new conversations, newer than all others,
	// before the call is served: to the history of the call's visitor
	// (chatHistory), or, on the rooms list, of a new visitor.
	InsertRooms int
	// DeleteRooms removes this many of the newest conversations of the
	// call's visitor (never the room in the path) before the call is served.
	DeleteRooms int
	// InsertMessages adds this many new messages of the visitor and the
	// agent to the room in the path of a livechat/{rid}/messages call,
	// newer than all its messages, before the call is served; the room's
	// msgs, lm and lastMessage follow, as if the conversation went on.
	InsertMessages int
}

// Latency delays the next call by d.
func Latency(d time.Duration) Fault { return Fault{Delay: d} }

// ServerErrors answers the next n calls with status, or every call from now
// on when n is [Forever].
func ServerErrors(status, n int) Fault {
	if n == Forever {
		return Fault{Status: status, Times: Forever}
	}
	return Fault{Status: status, Times: max(n, 1)}
}

// BadGatewayHTML answers the next n calls with a proxy's HTML 502 page.
func BadGatewayHTML(n int) Fault { return ServerErrors(http.StatusBadGateway, n) }

// ResetMidBody resets the connection halfway through the next response's body.
func ResetMidBody() Fault { return Fault{Reset: true} }

// DropAfterServe serves the next call, then resets the connection before
// answering: the ambiguous failure a retried write must survive.
func DropAfterServe() Fault { return Fault{Drop: true} }

// TruncatedJSON cuts the next response's body in half.
func TruncatedJSON() Fault { return Fault{Truncate: true} }

// IgnoreOffset makes every later call of the route it is injected into
// ignore its offset: chatHistory, the rooms list or a room's messages (see
// [Fault.IgnoreOffset]).
func IgnoreOffset() Fault { return Fault{IgnoreOffset: true, Times: Forever} }

// InsertRooms adds m new conversations to the visitor's history before the
// next call; with Skip set to k, before the call after the k-th.
func InsertRooms(m int) Fault { return Fault{InsertRooms: m} }

// DeleteRooms removes the visitor's m newest conversations before the next call.
func DeleteRooms(m int) Fault { return Fault{DeleteRooms: m} }

// InsertMessages adds m new messages to the room in the path before the
// next call to livechat/{rid}/messages; with Skip set to k, before the call
// after the k-th.
func InsertMessages(m int) Fault { return Fault{InsertMessages: m} }

// AfterCalls returns the fault with Skip set to k.
func (f Fault) AfterCalls(k int) Fault { f.Skip = k; return f }

// Repeat returns the fault with Times set to n.
func (f Fault) Repeat(n int) Fault { f.Times = n; return f }

type faultState struct {
	Fault
	calls int
}

// active reports whether the fault affects the call with this index.
func (f *faultState) active(i int) bool {
	if i < f.Skip {
		return false
	}
	return f.Times < 0 || i < f.Skip+max(f.Times, 1)
}

// Inject adds faults to a route ([RouteChatHistory], ...; [AnyRoute] for
// every request).
func (s *Server) Inject(route string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range faults {
		s.faults[route] = append(s.faults[route], &faultState{Fault: f})
	}
}

// ClearFaults removes the faults of a route, or of every route for [AnyRoute].
func (s *Server) ClearFaults(route string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if route == AnyRoute {
		clear(s.faults)
		return
	}
	delete(s.faults, route)
}

// faultPlan is what the active faults do to one call.
type faultPlan struct {
	delay        time.Duration
	override     *response
	reset        bool
	drop         bool
	truncate     bool
	cutAt        int
	ignoreOffset bool
	insert       int
	delete       int
	messages     int
}

// takeFaults counts the call against every fault of its route and merges
// the active ones.
func (s *Server) takeFaults(route string) *faultPlan {
	s.mu.Lock()
	defer s.mu.Unlock()
	plan := &faultPlan{}
	applied := 0
	for _, key := range []string{route, AnyRoute} {
		if key == "" {
			continue
		}
		for _, f := range s.faults[key] {
			i := f.calls
			f.calls++
			if f.active(i) {
				plan.merge(f.Fault)
				applied++
			}
		}
	}
	if applied > 0 {
		s.statsLocked(route).Faults += applied
	}
	return plan
}

func (p *faultPlan) merge(f Fault) {
	p.delay += f.Delay
	if f.Status != 0 && p.override == nil {
		p.override = statusBody(f.Status)
		if f.Body != "" {
			p.override.body = []byte(f.Body)
		}
		if f.ContentType != "" {
			p.override.header.Set("Content-Type", f.ContentType)
		}
	}
	p.reset = p.reset || f.Reset
	p.drop = p.drop || f.Drop
	p.truncate = p.truncate || f.Truncate
	if p.cutAt == 0 {
		p.cutAt = f.CutAt
	}
	p.ignoreOffset = p.ignoreOffset || f.IgnoreOffset
	p.insert += f.InsertRooms
	p.delete += f.DeleteRooms
	p.messages += f.InsertMessages
}

// wait holds the call for the injected latency; it reports false when the
// request's context ended first.
func (p *faultPlan) wait(ctx context.Context) bool {
	if p.delay <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(p.delay)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
