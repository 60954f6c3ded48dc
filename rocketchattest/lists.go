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

// pageShape is how a list route answers: the member holding the items, and
// the quirks of its envelope.
type pageShape struct {
	member string
	// echoCount writes as count the count the request asked for
	// (getPaginationItems' clamped value) rather than the page's length,
	// as livechat/{rid}/messages and omnichannel/contacts.search do.
	echoCount bool
	// offsetFirst writes offset before count.
	offsetFirst bool
	// aggregate reads the page with an aggregation whose $skip and $limit
	// stages are added only when non-zero
	// (findRoomsByVisitorIdAndMessageWithCriteria); otherwise with find
	// (findPaginated).
	aggregate bool
}

// page answers a list read: MongoDB's refusal of the query (its sort, skip
// or limit), or its skip and limit over the sorted items, with total
// ignoring them.
func (sh pageShape) page(items [][]byte, pr pageRequest) *response {
	if msg := sh.refusal(pr); msg != "" {
		return failure(msg, "", nil)
	}
	from, to := mongoWindow(len(items), pr.skip, pr.limit)
	count := strconv.Itoa(to - from)
	if sh.echoCount {
		count = jsonNumber(pr.limit)
	}
	var b bytes.Buffer
	b.WriteString(`{"` + sh.member + `":[`)
	for i, it := range items[from:to] {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(it)
	}
	offset := jsonNumber(pr.offset)
	if sh.offsetFirst {
		b.WriteString(`],"offset":` + offset + `,"count":` + count)
	} else {
		b.WriteString(`],"count":` + count + `,"offset":` + offset)
	}
	b.WriteString(`,"total":` + strconv.Itoa(len(items)) + `,"success":true}`)
	return rawJSONResponse(http.StatusOK, b.Bytes())
}

// refusal is MongoDB's refusal of the read, or "".
func (sh pageShape) refusal(pr pageRequest) string {
	if !sh.aggregate {
		return pr.queryError()
	}
	switch {
	case pr.sortErr != "":
		return pr.sortErr
	case pr.skip < 0 || pr.limit < 0 || pr.skip != pr.skip || pr.limit != pr.limit:
		return "rocketchattest: MongoDB refuses a negative or NaN $skip or $limit (its message is not modelled)"
	}
	return ""
}

// docsPage sorts documents given in natural order by the request's sort or
// def, and answers the page of their JSON, each through view when it is
// not nil (a projection).
func docsPage(sh pageShape, docs []*storedDoc, pr pageRequest, def []sortKey, view func(*storedDoc) []byte) *response {
	sortByKeys(docs, func(d *storedDoc) map[string]any { return d.doc }, sortOrDefault(pr.sort, def))
	raws := make([][]byte, len(docs))
	for i, d := range docs {
		raws[i] = d.raw
		if view != nil {
			raws[i] = view(d)
		}
	}
	return sh.page(raws, pr)
}

// rawsOf is the JSON of each item.
func rawsOf[T any](items []T, raw func(T) []byte) [][]byte {
	out := make([][]byte, len(items))
	for i, it := range items {
		out[i] = raw(it)
	}
	return out
}
