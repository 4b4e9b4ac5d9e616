package app

import (
	"os"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
)

// TestMain points the caches (config.CacheDir) at a directory of this run:
// the tests share the taxonomy and tagger caches with each other (the first
// builds, the rest read), never with another run or the user's commands.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "aggregator-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv(config.CacheEnv, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
