// Package configtest holds what the tests of several packages need of the
// configuration: caches of their own run.
package configtest

import (
	"fmt"
	"os"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
)

// Main runs a package's tests with the caches (config.CacheDir) in a
// directory of this run, removed after it: the tests share the taxonomy and
// tagger caches with each other (the first builds, the rest read), never
// with another run or the user's own commands. Use it as TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(configtest.Main(m)) }
func Main(m *testing.M) int {
	dir, err := os.MkdirTemp("", "aggregator-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "configtest: cache directory:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	os.Setenv(config.CacheEnv, dir)
	return m.Run()
}
