package rocketchat_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// newRoute is a call to a route added in 7.0.
func newRoute() rocketchat.Call {
	return rocketchat.Call{Method: http.MethodGet, Route: "omnichannel/contacts.get", MinVersion: "7.0"}
}

const routeNotFound = `{"success":false,"error":"Resource not found"}`

type anyBody struct{}

func TestA404FromAnOlderServerSaysWhichVersionItNeeds(t *testing.T) {
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/v1/omnichannel/contacts.get", jsonResponder(404, routeNotFound))
	mt.RegisterResponder(http.MethodGet, testBase+"/api/info", jsonResponder(200, `{"version":"6.13","success":true}`))
	for range 3 {
		_, _, err := rocketchat.Do[anyBody](context.Background(), c, newRoute())
		var ve *rocketchat.VersionError
		if !errors.As(err, &ve) || !errors.Is(err, rocketchat.ErrUnsupportedVersion) || !errors.Is(err, rocketchat.ErrNotFound) {
			t.Fatalf("err = %v (%T), want a *VersionError matching ErrUnsupportedVersion and ErrNotFound", err, err)
		}
		if ve.Required.String() != "7.0" || ve.Found.String() != "6.13" || ve.Err == nil || ve.Err.StatusCode != 404 {
			t.Errorf("VersionError = %+v", ve)
		}
		want := "rocketchat: GET /prefix/api/v1/omnichannel/contacts.get: needs Rocket.Chat 7.0 or later; the server runs 6.13"
		if err.Error() != want {
			t.Errorf("message\n got: %s\nwant: %s", err, want)
		}
	}
	// The version is asked once, and shared with derived clients.
	d, err := c.With(rocketchat.WithUserAgent("other"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := rocketchat.Do[anyBody](context.Background(), d, newRoute()); !errors.Is(err, rocketchat.ErrUnsupportedVersion) {
		t.Fatalf("derived client: %v", err)
	}
	if n := mt.GetCallCountInfo()["GET "+testBase+"/api/info"]; n != 1 {
		t.Errorf("GET /api/info sent %d times, want once", n)
	}
}

// On a new enough server a 404 is the route's own answer (a contact that
// does not exist): it stays a plain 404.
func TestA404FromANewServerStaysA404(t *testing.T) {
	for _, version := range []string{"7.0", "7.0.0", "8.8.1"} {
		c, mt := newMockClient(t)
		mt.RegisterResponder(http.MethodGet, testBase+"/api/v1/omnichannel/contacts.get", jsonResponder(404, routeNotFound))
		mt.RegisterResponder(http.MethodGet, testBase+"/api/info", jsonResponder(200, `{"version":"`+version+`","success":true}`))
		_, _, err := rocketchat.Do[anyBody](context.Background(), c, newRoute())
		var apiErr *rocketchat.APIError
		if !errors.As(err, &apiErr) || errors.Is(err, rocketchat.ErrUnsupportedVersion) || !errors.Is(err, rocketchat.ErrNotFound) {
			t.Errorf("%s: err = %v (%T), want the plain 404", version, err, err)
		}
	}
}

// Without a declared version, on other failures, or when the version cannot
// be learned, the client asks nothing more and returns the failure as it is.
func TestNoVersionCheckWithoutCause(t *testing.T) {
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/v1/omnichannel/contacts.get", jsonResponder(404, routeNotFound))
	mt.RegisterResponder(http.MethodGet, testBase+"/api/v1/omnichannel/contacts.search", jsonResponder(403, `{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}`))
	mt.RegisterResponder(http.MethodGet, testBase+"/api/info", jsonResponder(502, `<html><title>502 Bad Gateway</title></html>`))
	plain := newRoute()
	plain.MinVersion = ""
	if _, _, err := rocketchat.Do[anyBody](context.Background(), c, plain); errors.Is(err, rocketchat.ErrUnsupportedVersion) || !errors.Is(err, rocketchat.ErrNotFound) {
		t.Errorf("no MinVersion: %v", err)
	}
	forbidden := rocketchat.Call{Method: http.MethodGet, Route: "omnichannel/contacts.search", MinVersion: "7.0"}
	if _, _, err := rocketchat.Do[anyBody](context.Background(), c, forbidden); !errors.Is(err, rocketchat.ErrForbidden) {
		t.Errorf("403: %v", err)
	}
	if n := mt.GetCallCountInfo()["GET "+testBase+"/api/info"]; n != 0 {
		t.Errorf("GET /api/info sent %d times for failures that are not a 404", n)
	}
	c2, _ := c.With(rocketchat.WithRetries(0, 0, 0))
	_, _, err := rocketchat.Do[anyBody](context.Background(), c2, newRoute())
	if errors.Is(err, rocketchat.ErrUnsupportedVersion) || !errors.Is(err, rocketchat.ErrNotFound) || strings.Contains(err.Error(), "502") {
		t.Errorf("version unknown: %v, want the route's 404", err)
	}
}

// ServerVersion asks once and keeps the answer; ServerInfo refreshes it.
func TestServerVersionIsKept(t *testing.T) {
	c, mt := newMockClient(t)
	body := `{"version":"7.4","success":true}`
	mt.RegisterResponder(http.MethodGet, testBase+"/api/info", func(r *http.Request) (*http.Response, error) {
		return jsonResponder(200, body)(r)
	})
	for range 3 {
		v, err := c.ServerVersion(context.Background())
		if err != nil || v.String() != "7.4" {
			t.Fatalf("ServerVersion = %v, %v", v, err)
		}
	}
	body = `{"version":"8.1","success":true}`
	if _, _, err := c.ServerInfo(context.Background()); err != nil {
		t.Fatal(err)
	}
	if v, _ := c.ServerVersion(context.Background()); v.String() != "8.1" {
		t.Errorf("after ServerInfo: %v, want 8.1", v)
	}
	if n := mt.GetCallCountInfo()["GET "+testBase+"/api/info"]; n != 2 {
		t.Errorf("GET /api/info sent %d times, want 2", n)
	}
}

// Every way of calling a route checks its 404 against the server's version:
// Do, DoDocument and StreamList.
func TestEveryCallShapeChecksTheVersion(t *testing.T) {
	shapes := map[string]func(*rocketchat.Client) error{
		"Do": func(c *rocketchat.Client) error {
			_, _, err := rocketchat.Do[anyBody](context.Background(), c, newRoute())
			return err
		},
		"DoDocument": func(c *rocketchat.Client) error {
			_, _, err := rocketchat.DoDocument[anyBody](context.Background(), c, newRoute())
			return err
		},
		"StreamList": func(c *rocketchat.Client) error {
			_, _, err := rocketchat.StreamList(context.Background(), c, newRoute(), "contacts", func(*anyBody) bool { return true })
			return err
		},
	}
	for name, call := range shapes {
		t.Run(name, func(t *testing.T) {
			c, mt := newMockClient(t)
			mt.RegisterResponder(http.MethodGet, testBase+"/api/v1/omnichannel/contacts.get", jsonResponder(404, routeNotFound))
			mt.RegisterResponder(http.MethodGet, testBase+"/api/info", jsonResponder(200, `{"version":"6.13","success":true}`))
			if err := call(c); !errors.Is(err, rocketchat.ErrUnsupportedVersion) {
				t.Fatalf("err = %v, want ErrUnsupportedVersion", err)
			}
		})
	}
}

// Concurrent 404s learn the version with a single GET /api/info: the calls
// that come while it is in flight wait for its answer.
func TestConcurrentMissesAskTheVersionOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t, rocketchat.WithoutPacing())
		mt.RegisterResponder(http.MethodGet, testBase+"/api/v1/omnichannel/contacts.get", jsonResponder(404, routeNotFound))
		release := make(chan struct{})
		var asked atomic.Int32
		mt.RegisterResponder(http.MethodGet, testBase+"/api/info", func(req *http.Request) (*http.Response, error) {
			asked.Add(1)
			<-release
			return jsonResponder(200, `{"version":"6.13","success":true}`)(req)
		})
		const calls = 5
		errs := make(chan error, calls)
		for range calls {
			go func() {
				_, _, err := rocketchat.Do[anyBody](context.Background(), c, newRoute())
				errs <- err
			}()
		}
		synctest.Wait() // every call has had its 404 and waits for the version
		if n := asked.Load(); n != 1 {
			t.Errorf("GET /api/info sent %d times by %d concurrent calls, want once", n, calls)
		}
		close(release)
		for range calls {
			if err := <-errs; !errors.Is(err, rocketchat.ErrUnsupportedVersion) {
				t.Errorf("err = %v, want ErrUnsupportedVersion", err)
			}
		}
	})
}

// A call that waits for another's GET /api/info does not inherit that
// call's cancellation: it asks again itself.
func TestAVersionMissOutlivesTheCallThatAsked(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t, rocketchat.WithoutPacing())
		mt.RegisterResponder(http.MethodGet, testBase+"/api/v1/omnichannel/contacts.get", jsonResponder(404, routeNotFound))
		var asked atomic.Int32
		mt.RegisterResponder(http.MethodGet, testBase+"/api/info", func(req *http.Request) (*http.Response, error) {
			if asked.Add(1) == 1 {
				<-req.Context().Done() // the first asker gives up
				return nil, req.Context().Err()
			}
			return jsonResponder(200, `{"version":"6.13","success":true}`)(req)
		})
		ctx, cancel := context.WithCancel(context.Background())
		first := make(chan error, 1)
		go func() {
			_, _, err := rocketchat.Do[anyBody](ctx, c, newRoute())
			first <- err
		}()
		synctest.Wait() // the first call waits for GET /api/info
		second := make(chan error, 1)
		go func() {
			_, _, err := rocketchat.Do[anyBody](context.Background(), c, newRoute())
			second <- err
		}()
		synctest.Wait() // the second waits for the first's answer
		cancel()
		if err := <-first; !errors.Is(err, context.Canceled) && !errors.Is(err, rocketchat.ErrNotFound) {
			t.Errorf("first: err = %v", err)
		}
		if err := <-second; !errors.Is(err, rocketchat.ErrUnsupportedVersion) {
			t.Errorf("second: err = %v, want ErrUnsupportedVersion", err)
		}
	})
}
