package rocketchat

import (
	"runtime"
	"strings"
	"testing"
)

// A Content-Length is a claim: the buffer made before the body arrives is
// capped, and grows with what really comes.
func TestReadBodyDoesNotTrustContentLength(t *testing.T) {
	const claimed, limit = 60 << 20, 64 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b, err := readBody(strings.NewReader("{}"), limit, claimed)
	runtime.ReadMemStats(&after)
	if err != nil || string(b) != "{}" {
		t.Fatalf("read %q, %v", b, err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 { // far below the claim, far above the noise
		t.Errorf("allocated %d bytes for a 2-byte body that claimed %d", got, claimed)
	}
	// A body as long as it claims is read whole.
	body := strings.Repeat("x", 3<<20)
	b, err = readBody(strings.NewReader(body), limit, int64(len(body)))
	if err != nil || string(b) != body {
		t.Fatalf("read %d bytes, %v; want %d", len(b), err, len(body))
	}
}
