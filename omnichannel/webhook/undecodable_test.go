package webhook

import (
	"errors"
	"strings"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
)

// An event its type cannot decode keeps the decoder's error as its cause,
// and its text says where, never what the body holds.
func TestUndecodableKeepsItsCause(t *testing.T) {
	cause := &jsonv2.SemanticError{ByteOffset: 42, Err: errors.New(`parsing "secret-value"`)}
	err := undecodable(TypeNewMessage, cause)
	if !errors.Is(err, ErrMalformed) || !errors.Is(err, cause) {
		t.Errorf("%v does not wrap ErrMalformed and its cause", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "at byte 42") || strings.Contains(msg, "secret-value") {
		t.Errorf("text %q", msg)
	}
}
