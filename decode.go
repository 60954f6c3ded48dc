package rocketchat

import (
	"context"
	"log/slog"
	"reflect"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
)

// decode decodes a successful answer's body, or one item of a streamed
// list, into v.
//
// By default it is tolerant: a value that does not fit its Go type (a
// fraction where a count belongs, an array where a string does) costs neither
// the page nor the walk. The document holding it still decodes, records the
// misfit (models.Room.Misfits and its siblings) and keeps its raw JSON, and
// the misfit is logged at Warn level: where it is, never the value. Only a
// misfit outside every document, such as a page's total, fails the call.
// With WithStrictDecoding any misfit fails it. at prefixes the logged paths,
// for a streamed item.
func (c *Client) decode(ctx context.Context, call *Call, data []byte, v any, at string) error {
	mode, report := jsonx.Tolerant, jsonx.Reporter(nil)
	if c.cfg.strictDecoding {
		mode = jsonx.Strict
	}
	if l := c.cfg.logger; l != nil {
		// The value, and the error, which may quote it, are not logged: a
		// member may hold anything (the misfit keeps it for the caller).
		report = func(m jsonx.Misfit, docID string, want reflect.Type) {
			path := m.Path
			if at != "" {
				path = at + "." + path
			}
			l.LogAttrs(ctx, slog.LevelWarn, "rocketchat: a value did not fit its Go type and was kept as sent",
				slog.String("method", call.Method), slog.String("route", call.Route),
				slog.String("document", docID), slog.String("member", path),
				slog.String("type", want.String()), slog.String("json", kindName(m.Value.Kind())))
		}
	}
	return jsonx.Decode(data, v, mode, report)
}

// kindName names a JSON value's kind, for a log line.
func kindName(k jsontext.Kind) string {
	switch k {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case '0':
		return "number"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "invalid"
}
