package main

import (
	"context"
	"testing"
	"time"
)

// On the fake server the bot serves the simulated visitors and stops.
func TestBotServesTheFakeQueue(t *testing.T) {
	t.Setenv("ROCKETCHAT_URL", "")
	served, err := run(context.Background(), false, time.Minute)
	if err != nil || served != len(visitors) {
		t.Fatalf("served %d conversations of %d: %v", served, len(visitors), err)
	}
}
