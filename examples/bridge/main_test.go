package main

import (
	"context"
	"os"
	"testing"
)

// On the fake server, with nothing on stdin, the bridge plays its script
// and closes the conversation.
func TestBridgePlaysTheScript(t *testing.T) {
	t.Setenv("ROCKETCHAT_URL", "")
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if err := run(context.Background(), null, 0); err != nil {
		t.Fatal(err)
	}
}
