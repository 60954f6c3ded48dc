package rocketchattest

import (
	"bytes"
	"net/http"
	"strconv"
)

// sortOrDefault is the sort a route applies: the request's, or the route's
// default when the request gave none (nil; an empty sort is natural order).
func sortOrDefault(keys, def []sortKey) []sortKey {
	if keys == nil {
		return def
	}
	return keys
}

// findPage answers a list read with find (findPaginated): MongoDB's skip
// and limit over the sorted items, total ignoring them. count is the page's
// length, or with echoCount the count the request asked for
// (getPaginationItems' clamped value), as omnichannel/contacts.search
// answers.
func findPage(member string, items [][]byte, pr pageRequest, echoCount bool) *response {
	if msg := pr.queryError(); msg != "" {
		return failure(msg, "", nil)
	}
	from, to := mongoWindow(len(items), pr.skip, pr.limit)
	count := strconv.Itoa(to - from)
	if echoCount {
		count = jsonNumber(pr.limit)
	}
	return listAnswer(member, items[from:to], count, pr.offset, len(items))
}

// aggregatePage answers a list read with an aggregation whose $skip and
// $limit stages are added only when non-zero (findRoomsByVisitorIdAndMessageWithCriteria).
func aggregatePage(member string, items [][]byte, pr pageRequest) *response {
	switch {
	case pr.sortErr != "":
		return failure(pr.sortErr, "", nil)
	case pr.skip < 0 || pr.limit < 0 || pr.skip != pr.skip || pr.limit != pr.limit:
		return failure("rocketchattest: MongoDB refuses a negative or NaN $skip or $limit (its message is not modelled)", "", nil)
	}
	from, to := mongoWindow(len(items), pr.skip, pr.limit)
	return listAnswer(member, items[from:to], strconv.Itoa(to-from), pr.offset, len(items))
}

// listAnswer writes {"<member>":[...],"count":..,"offset":..,"total":..,"success":true}.
func listAnswer(member string, items [][]byte, count string, offset float64, total int) *response {
	var b bytes.Buffer
	b.WriteString(`{"` + member + `":[`)
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(it)
	}
	b.WriteString(`],"count":` + count + `,"offset":` + jsonNumber(offset) + `,"total":` + strconv.Itoa(total) + `,"success":true}`)
	return rawJSONResponse(http.StatusOK, b.Bytes())
}
