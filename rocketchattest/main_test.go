package rocketchattest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves goroutines behind: servers
// must shut down and the in-memory transport must start none.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
