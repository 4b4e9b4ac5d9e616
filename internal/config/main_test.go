package config

import (
	"os"
	"testing"
)

// TestMain points the caches (CacheDir) at a directory of this run, so that
// no test reads what another run, or the user's own commands, left in the
// user's cache directory.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "config-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv(CacheEnv, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
