//go:build unix

package tag

import "syscall"

// cpuSeconds is the process's user+system CPU time: benchmarks report
// throughput per CPU second too, which holds still when other processes
// load the machine (wall-clock MB/s does not).
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
