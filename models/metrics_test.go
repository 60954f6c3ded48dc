package models_test

import (
	"math"
	"testing"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

func TestMetricsDurations(t *testing.T) {
	var m models.Metrics
	if d, ok := m.Response.FirstTimeDuration(); ok || d != 0 {
		t.Errorf("never answered: %v %v, want 0 false", d, ok)
	}
	if _, ok := m.ChatTime(); ok {
		t.Error("an open room has no chat time")
	}
	// An instant answer: 0 s, but answered.
	m.Response = models.MetricsResponse{FirstDate: time.Unix(1, 0), FirstTime: 0, Total: 1, Average: 1.5, TotalTime: 3.25}
	if d, ok := m.Response.FirstTimeDuration(); !ok || d != 0 {
		t.Errorf("instant answer: %v %v, want 0 true", d, ok)
	}
	if m.Response.AverageDuration() != 1500*time.Millisecond || m.Response.TotalTimeDuration() != 3250*time.Millisecond {
		t.Errorf("average %v total %v", m.Response.AverageDuration(), m.Response.TotalTimeDuration())
	}
	m.Reaction = models.MetricsReaction{FirstDate: time.Unix(1, 0), FirstTime: 12.345}
	if d, ok := m.Reaction.FirstTimeDuration(); !ok || d != 12345*time.Millisecond {
		t.Errorf("reaction %v %v", d, ok)
	}
	m.ChatDuration, m.ServiceTimeDuration, m.VisitorInactivity = 90.5, 60, math.Inf(1)
	if d, ok := m.ChatTime(); !ok || d != 90500*time.Millisecond {
		t.Errorf("chat %v %v", d, ok)
	}
	if d, ok := m.ServiceTime(); !ok || d != time.Minute {
		t.Errorf("service %v %v", d, ok)
	}
	if m.InactivityTime() != math.MaxInt64 {
		t.Errorf("an overflowing value is clamped: %v", m.InactivityTime())
	}
}
