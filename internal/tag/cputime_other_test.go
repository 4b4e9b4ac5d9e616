//go:build !unix

package tag

// cpuSeconds is unavailable here; benchmarks then report wall-clock figures only.
func cpuSeconds() float64 { return 0 }
