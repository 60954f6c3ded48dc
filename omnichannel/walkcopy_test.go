package omnichannel_test

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// pagedOneByOne answers every list route with one item a page, of 3 in
// all, under member, and records the value of the query parameter param of
// each request.
func pagedOneByOne(t *testing.T, member, param string) (*omnichannel.Service, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var seen []string
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		seen = append(seen, r.URL.Query().Get(param))
		mu.Unlock()
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		body := fmt.Sprintf(`{%q:[{"_id":"i%d"}],"count":1,"offset":%d,"total":3,"success":true}`, member, off, off)
		return httpmock.NewStringResponse(http.StatusOK, body), nil
	})
	c, err := rocketchat.NewClient("https://chat.example.com", rocketchat.WithToken("u", "t"),
		rocketchat.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	return omnichannel.New(c), func() []string {
		mu.Lock()
		defer mu.Unlock()
		return seen
	}
}

// drain ranges over seq, calling change after the first item.
func drain[T any](t *testing.T, seq iter.Seq2[T, error], change func()) {
	t.Helper()
	n := 0
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 1 {
			change()
		}
	}
	if n != 3 {
		t.Fatalf("walked %d items, want 3", n)
	}
}

// Every walk reads its options as they were when it was made: changing
// them during the walk changes no page's request.
func TestWalksCopyTheirOptions(t *testing.T) {
	ctx := context.Background()
	check := func(name string, seen []string, want string) {
		t.Helper()
		for i, got := range seen {
			if got != want {
				t.Errorf("%s: request %d sent %q, want %q", name, i, got, want)
			}
		}
	}
	{
		oc, seen := pagedOneByOne(t, "inquiries", "department")
		opts := &omnichannel.InquiryListOptions{Count: 1, Department: "d1"}
		drain(t, oc.Inquiries.ListAll(ctx, opts), func() { opts.Department = "d2" })
		check("Inquiries.ListAll", seen(), "d1")
	}
	{
		oc, seen := pagedOneByOne(t, "users", "text")
		opts := &omnichannel.AgentListOptions{Count: 1, Text: "ana"}
		drain(t, oc.Agents.ListAll(ctx, opts), func() { opts.Text = "bob" })
		check("Agents.ListAll", seen(), "ana")
	}
	{
		oc, seen := pagedOneByOne(t, "departments", "text")
		opts := &omnichannel.DepartmentListOptions{Count: 1, Text: "sales"}
		drain(t, oc.Departments.ListAll(ctx, opts), func() { opts.Text = "support" })
		check("Departments.ListAll", seen(), "sales")
	}
	{
		oc, seen := pagedOneByOne(t, "contacts", "searchText")
		opts := &omnichannel.ContactSearchOptions{Count: 1, SearchText: "maria"}
		drain(t, oc.Contacts.SearchAll(ctx, opts), func() { opts.SearchText = "john" })
		check("Contacts.SearchAll", seen(), "maria")
	}
	{
		oc, seen := pagedOneByOne(t, "history", "source")
		opts := &omnichannel.ContactHistoryOptions{Count: 1, Source: "widget"}
		drain(t, oc.Contacts.HistoryAll(ctx, "c1", opts), func() { opts.Source = "email" })
		check("Contacts.HistoryAll", seen(), "widget")
	}
}
