package rocketchattest

import (
	"net/http"

	"github.com/jarcoal/httpmock"

	"github.com/rocketchat-go/rocketchat/models"
)

// URL patterns of the visitor and contact list routes in httpmock's regexp
// syntax (the "=~" prefix), for httpmock.RegisterResponder.
const (
	PagesVisitedPattern   = `=~/api/v1/livechat/visitors\.pagesVisited/[^/?]+(\?|$)`
	SearchChatsPattern    = `=~/api/v1/livechat/visitors\.searchChats/room/[^/?]+/visitor/[^/?]+(\?|$)`
	VisitorSearchPattern  = `=~/api/v1/livechat/visitors\.search(\?|$)`
	ContactSearchPattern  = `=~/api/v1/omnichannel/contacts\.search(\?|$)`
	ContactHistoryPattern = `=~/api/v1/omnichannel/contacts\.history(\?|$)`
)

// PagesVisitedResponder returns an httpmock responder that serves the
// messages as the pages visited of any room, with the route's validation,
// paging (default 50, clamp 100, count=0 for all), sort (newest first by
// default) and envelope. It checks no credentials and no rate limit. It
// panics if a message cannot be encoded.
func PagesVisitedResponder(pages []*models.Message) httpmock.Responder {
	return listResponder(pagesVisitedQuery, pageShape{member: "pages"}, encodeAll(pages), defaultSort)
}

// SearchChatsResponder returns an httpmock responder that serves the rooms
// as the results of livechat/visitors.searchChats, whatever the room and
// visitor in the path: validation, paging as the route's aggregation does
// it, newest first by default. The rooms are served as given (a room's
// ClosingMessage included, so a room closed twice is given twice); the
// filters are not applied.
func SearchChatsResponder(rooms []*models.Room) httpmock.Responder {
	return listResponder(searchChatsQuery, pageShape{member: "history", aggregate: true}, encodeAll(rooms), defaultSort)
}

// VisitorSearchResponder returns an httpmock responder that serves the
// visitors, as given, as the answer of livechat/visitors.search, whatever
// the term: validation (term required), paging, newest first by default.
func VisitorSearchResponder(visitors []*models.Visitor) httpmock.Responder {
	return listResponder(visitorSearchQuery, pageShape{member: "visitors"}, encodeAll(visitors), defaultSort)
}

// ContactSearchResponder returns an httpmock responder that serves the
// contacts, as given, as the answer of omnichannel/contacts.search, whatever
// the search: validation, paging, by name by default, and count echoing the
// request as the real route does.
func ContactSearchResponder(contacts []*models.Contact) httpmock.Responder {
	return listResponder(contactSearchQuery, pageShape{member: "contacts", echoCount: true}, encodeAll(contacts), []sortKey{{field: "name", dir: 1}})
}

// ContactHistoryResponder returns an httpmock responder that serves the
// rooms, as given, as any contact's history: validation (contactId
// required), paging, the last closed first by default.
func ContactHistoryResponder(rooms []*models.Room) httpmock.Responder {
	return listResponder(contactHistoryQuery, pageShape{member: "history"}, encodeAll(rooms), []sortKey{{field: "closedAt", dir: -1}})
}

// encodeAll encodes documents once, when a responder is made.
func encodeAll[T any](items []*T) []*storedDoc {
	out := make([]*storedDoc, 0, len(items))
	for i, it := range items {
		d, err := encodeDoc(it)
		if err != nil {
			panic(err)
		}
		d.seq = uint64(i + 1)
		out = append(out, d)
	}
	return out
}

// listResponder serves docs as a list route does, without its gate.
func listResponder(schema *querySchema, sh pageShape, docs []*storedDoc, def []sortKey) httpmock.Responder {
	cfg := defaultPageConfig()
	return func(req *http.Request) (*http.Response, error) {
		q, resp := validatedQuery(req, schema)
		if resp == nil {
			var pr pageRequest
			if pr, resp = pageQuery(q, cfg); resp == nil {
				resp = docsPage(sh, append([]*storedDoc(nil), docs...), pr, def, nil)
			}
		}
		return httpResponse(req, resp), nil
	}
}
