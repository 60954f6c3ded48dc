package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
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
	if err := run(context.Background(), null, 0, ""); err != nil {
		t.Fatal(err)
	}
}

// Against a real server, the visitor's token is kept in a file only the
// user may read, and never shows on the terminal; a second run reads it
// back.
func TestTokenIsKeptNotPrinted(t *testing.T) {
	file := filepath.Join(t.TempDir(), "livechat-token")
	var log bytes.Buffer
	token, err := keptToken(file, &log)
	if err != nil || token == "" {
		t.Fatalf("keptToken = %q, %v", token, err)
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the token file: %v, %v; want mode 0600", fi, err)
	}
	again, err := keptToken(file, &log)
	if err != nil || again != token {
		t.Errorf("second run: %v; not the same token", err)
	}
	if strings.Contains(log.String(), string(token)) || !strings.Contains(log.String(), file) {
		t.Errorf("log:\n%s", log.String())
	}
}
