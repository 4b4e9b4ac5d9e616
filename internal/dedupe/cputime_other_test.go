//go:build !unix

package dedupe

// cpuNanos is not available here; benchmarks skip the CPU-time metric.
func cpuNanos() int64 { return -1 }
