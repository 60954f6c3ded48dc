//go:build unix

package export

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f, or fails at once if another
// process holds one. The system releases it when the process ends, however
// it ends, so a killed export does not leave its output locked.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
