package models

import (
	"math"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Metrics are the service-level measurements of a conversation. Durations
// are in seconds, as the server stores them; the ...Time and ...Duration
// methods return them as time.Duration and say whether they were measured.
// A part that was never measured is zero.
//
// The parts are values, not pointers: a page of rooms decodes with a quarter
// fewer allocations, and reading room.Metrics.Response.FirstTime needs no nil
// checks.
type Metrics struct {
	// Reaction measures how long agents took to react to the visitor.
	Reaction MetricsReaction `json:"reaction,omitzero"`
	// Response measures how long agents took to answer the visitor.
	Response MetricsResponse `json:"response,omitzero"`
	// Visitor holds the visitor's last inquiry (v).
	Visitor MetricsVisitor `json:"v,omitzero"`
	// ServedBy holds the agents' last reply.
	ServedBy MetricsServedBy `json:"servedBy,omitzero"`
	// ChatDuration is how long the conversation lasted.
	ChatDuration float64 `json:"chatDuration,omitzero"`
	// ServiceTimeDuration is how long an agent served the conversation.
	ServiceTimeDuration float64 `json:"serviceTimeDuration,omitzero"`
	// VisitorInactivity is how long the visitor stayed silent.
	VisitorInactivity float64 `json:"visitorInactivity,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// MetricsReaction measures how long agents took to react to the visitor.
type MetricsReaction struct {
	// FirstDate is when an agent first reacted (fd).
	FirstDate time.Time `json:"fd,omitzero"`
	// FirstTime is how long the first reaction took, in seconds (ft).
	FirstTime float64 `json:"ft,omitzero"`
	// TotalTime is the sum of all reaction times, in seconds (tt).
	TotalTime float64 `json:"tt"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// MetricsResponse measures how long agents took to answer the visitor.
type MetricsResponse struct {
	// FirstDate is when an agent first answered (fd).
	FirstDate time.Time `json:"fd,omitzero"`
	// FirstTime is how long the first answer took, in seconds (ft).
	FirstTime float64 `json:"ft,omitzero"`
	// TotalTime is the sum of all response times, in seconds (tt).
	TotalTime float64 `json:"tt"`
	// Average is the mean response time, in seconds (avg).
	Average float64 `json:"avg"`
	// Total is the number of responses counted.
	Total int `json:"total"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// MetricsVisitor holds the visitor's last inquiry.
type MetricsVisitor struct {
	// LastQuery is when the visitor last wrote after an agent's reply (lq).
	LastQuery time.Time `json:"lq,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// MetricsServedBy holds the agents' last reply.
type MetricsServedBy struct {
	// LastReply is when an agent last replied after the visitor wrote (lr).
	LastReply time.Time `json:"lr,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// ChatTime is ChatDuration as a time.Duration. ok reports whether
// ChatDuration is set (greater than zero): the server sets it when the room
// closes, so ok is false while the room is open.
func (m Metrics) ChatTime() (d time.Duration, ok bool) {
	return seconds(m.ChatDuration), m.ChatDuration > 0
}

// ServiceTime is ServiceTimeDuration as a time.Duration. ok reports whether
// ServiceTimeDuration is set (greater than zero): the server sets it when a
// room an agent served closes, so ok is false before that.
func (m Metrics) ServiceTime() (d time.Duration, ok bool) {
	return seconds(m.ServiceTimeDuration), m.ServiceTimeDuration > 0
}

// InactivityTime is VisitorInactivity as a time.Duration.
func (m Metrics) InactivityTime() time.Duration { return seconds(m.VisitorInactivity) }

// FirstTimeDuration is FirstTime as a time.Duration; ok is false when no
// agent has reacted yet, which a FirstTime of 0 cannot tell apart from an
// instant reaction.
func (m MetricsReaction) FirstTimeDuration() (d time.Duration, ok bool) {
	return seconds(m.FirstTime), !m.FirstDate.IsZero() || m.FirstTime > 0
}

// TotalTimeDuration is TotalTime as a time.Duration.
func (m MetricsReaction) TotalTimeDuration() time.Duration { return seconds(m.TotalTime) }

// FirstTimeDuration is FirstTime as a time.Duration: how long the visitor
// waited for the first answer. ok is false when no agent has answered yet,
// which a FirstTime of 0 cannot tell apart from an instant answer.
func (m MetricsResponse) FirstTimeDuration() (d time.Duration, ok bool) {
	return seconds(m.FirstTime), !m.FirstDate.IsZero() || m.FirstTime > 0 || m.Total > 0
}

// TotalTimeDuration is TotalTime as a time.Duration.
func (m MetricsResponse) TotalTimeDuration() time.Duration { return seconds(m.TotalTime) }

// AverageDuration is Average as a time.Duration.
func (m MetricsResponse) AverageDuration() time.Duration { return seconds(m.Average) }

// seconds converts the server's seconds to a Duration, rounded to the
// nanosecond and bounded by what a Duration holds.
func seconds(s float64) time.Duration {
	switch ns := s * float64(time.Second); {
	case math.IsNaN(ns):
		return 0
	case ns >= math.MaxInt64:
		return math.MaxInt64
	case ns <= math.MinInt64:
		return math.MinInt64
	default:
		return time.Duration(math.Round(ns))
	}
}

type (
	metricsJSON         Metrics
	metricsReactionJSON MetricsReaction
	metricsResponseJSON MetricsResponse
	metricsVisitorJSON  MetricsVisitor
	metricsServedByJSON MetricsServedBy
)

// MarshalJSON implements encoding/json.Marshaler.
func (m Metrics) MarshalJSON() ([]byte, error) { return marshalJSON((*metricsJSON)(&m)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (m Metrics) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*metricsJSON)(&m))
}

// MarshalJSON implements encoding/json.Marshaler.
func (m MetricsReaction) MarshalJSON() ([]byte, error) {
	return marshalJSON((*metricsReactionJSON)(&m))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (m MetricsReaction) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*metricsReactionJSON)(&m))
}

// MarshalJSON implements encoding/json.Marshaler.
func (m MetricsResponse) MarshalJSON() ([]byte, error) {
	return marshalJSON((*metricsResponseJSON)(&m))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (m MetricsResponse) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*metricsResponseJSON)(&m))
}

// MarshalJSON implements encoding/json.Marshaler.
func (m MetricsVisitor) MarshalJSON() ([]byte, error) {
	return marshalJSON((*metricsVisitorJSON)(&m))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (m MetricsVisitor) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*metricsVisitorJSON)(&m))
}

// MarshalJSON implements encoding/json.Marshaler.
func (m MetricsServedBy) MarshalJSON() ([]byte, error) {
	return marshalJSON((*metricsServedByJSON)(&m))
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (m MetricsServedBy) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*metricsServedByJSON)(&m))
}
