package pipeline

import (
	"os"
	"testing"

	"github.com/intlwire/aggregator/internal/config/configtest"
)

// TestMain gives the tests caches of their own run (configtest.Main).
func TestMain(m *testing.M) { os.Exit(configtest.Main(m)) }
