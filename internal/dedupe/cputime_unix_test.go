//go:build unix

package dedupe

import "syscall"

// cpuNanos returns the CPU time (user + system) this process has used, so
// benchmarks can report a per-operation cost that does not depend on how
// busy the machine is.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
