//go:build race

// Package race tells code whether it was built with the race detector, as
// the standard library's internal/race does: tests that measure time or
// allocations read it, since the detector changes both (it slows code
// down manyfold, and its sync.Pool drops a share of what is put back on
// purpose).
package race

// Enabled is set when the build has the race detector (-race).
const Enabled = true
