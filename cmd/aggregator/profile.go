package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// profiler writes the CPU, allocation, block and mutex profiles of one
// command run into a directory (`fetch -profile DIR`), so that the command
// users run — start-up, network and exit included — is what gets profiled,
// not an in-process benchmark of part of it.
type profiler struct {
	dir string
	cpu *os.File
}

// startProfile starts the CPU profile and turns on block and mutex sampling;
// dir "" profiles nothing.
func startProfile(dir string) (*profiler, error) {
	if dir == "" {
		return &profiler{}, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	f, err := os.Create(filepath.Join(dir, "cpu.pprof"))
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("profile: %w", err)
	}
	runtime.SetBlockProfileRate(int(1e5)) // one sample per 100 µs blocked
	runtime.SetMutexProfileFraction(10)
	return &profiler{dir: dir, cpu: f}, nil
}

// stop ends the CPU profile and writes the allocs, heap, block and mutex
// profiles beside it.
func (p *profiler) stop() error {
	if p.dir == "" {
		return nil
	}
	pprof.StopCPUProfile()
	err := p.cpu.Close()
	for _, name := range []string{"allocs", "heap", "block", "mutex"} {
		f, ferr := os.Create(filepath.Join(p.dir, name+".pprof"))
		if ferr != nil {
			return fmt.Errorf("profile: %w", ferr)
		}
		werr := pprof.Lookup(name).WriteTo(f, 0)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return fmt.Errorf("profile: %w", werr)
		}
	}
	if err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	return nil
}
