package app

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// unwritableHint explains a database that cannot be opened because it, or
// its directory, is not writable (a read-only mount, an immutable file, wrong
// ownership): the store needs to write the database and create its -wal and
// -shm files next to it. It returns "" when nothing is found wrong.
func unwritableHint(path string) string {
	const wOK = 2 // W_OK of access(2)
	dir := filepath.Dir(path)
	if err := syscall.Access(dir, wOK); err != nil && !errors.Is(err, syscall.ENOENT) {
		return " (the directory " + dir + " is not writable: " + err.Error() + "; the daemon needs to write the database and its -wal and -shm files there)"
	}
	if _, err := os.Stat(path); err == nil {
		if err := syscall.Access(path, wOK); err != nil {
			return " (the database file is not writable: " + err.Error() + ")"
		}
	}
	return ""
}
