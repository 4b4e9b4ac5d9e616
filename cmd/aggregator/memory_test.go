package main

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

// TestBoundMemory: a one-shot fetch applies the operator's memory_limit;
// without one it collects at fetchGCPercent, unless GOGC is set.
func TestBoundMemory(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	debug.SetGCPercent(100)
	boundMemory(0)
	if got := debug.SetGCPercent(100); got != fetchGCPercent {
		t.Errorf("GC percent %d without memory_limit or GOGC, want %d", got, fetchGCPercent)
	}

	t.Setenv("GOGC", "100")
	boundMemory(0)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent %d with GOGC set, want it left alone (100)", got)
	}

	boundMemory(150 << 20)
	if got := debug.SetMemoryLimit(-1); got != 150<<20 {
		t.Errorf("memory limit %d, want memory_limit's %d", got, 150<<20)
	}
}
