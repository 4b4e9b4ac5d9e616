// Command benchreport turns `go test -bench -count N` output into the tables of
// BENCHMARKS.md: the median of the N runs of each benchmark, every metric it
// reported, and the machine it ran on. It reads the benchmark output on stdin
// and writes Markdown on stdout.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// result collects every run of one benchmark: metric unit → values.
type result struct {
	pkg, name string
	metrics   map[string][]float64
	units     []string
}

func main() {
	cmdline := flag.String("cmd", "go test -run '^$' -bench . -benchmem -count 5 ./...", "the command that produced the input, for the report")
	flag.Parse()
	results, cpu := parse(os.Stdin)
	write(os.Stdout, results, cpu, *cmdline)
}

func parse(r io.Reader) ([]*result, string) {
	var (
		out  []*result
		byID = map[string]*result{}
		pkg  string
		cpu  string
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "pkg: "):
			pkg = strings.TrimPrefix(line, "pkg: ")
		case strings.HasPrefix(line, "cpu: "):
			cpu = strings.TrimPrefix(line, "cpu: ")
		case strings.HasPrefix(line, "Benchmark"):
			f := strings.Fields(line)
			if len(f) < 4 {
				continue
			}
			name := f[0]
			if i := strings.LastIndexByte(name, '-'); i > 0 {
				name = name[:i]
			}
			id := pkg + "." + name
			res := byID[id]
			if res == nil {
				res = &result{pkg: pkg, name: name, metrics: map[string][]float64{}}
				byID[id] = res
				out = append(out, res)
			}
			for i := 2; i+1 < len(f); i += 2 {
				v, err := strconv.ParseFloat(f[i], 64)
				if err != nil {
					continue
				}
				unit := f[i+1]
				if _, seen := res.metrics[unit]; !seen {
					res.units = append(res.units, unit)
				}
				res.metrics[unit] = append(res.metrics[unit], v)
			}
		}
	}
	return out, cpu
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func format(v float64) string {
	switch {
	case v >= 1e6 || v == float64(int64(v)):
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
}

func write(w io.Writer, results []*result, cpu, cmdline string) {
	host, _ := os.Hostname()
	fmt.Fprintf(w, "Measured %s on %s (%s, %d cores, %s/%s).\n\n", time.Now().UTC().Format("2006-01-02"), host, cpu, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "Command: `%s`. Each figure is the median of the runs.\n\n", cmdline)
	last := ""
	for _, r := range results {
		if r.pkg != last {
			fmt.Fprintf(w, "\n### %s\n\n| benchmark | runs | median figures |\n|---|---|---|\n", strings.TrimPrefix(r.pkg, "github.com/intlwire/aggregator/"))
			last = r.pkg
		}
		var parts []string
		runs := 0
		for _, u := range r.units {
			parts = append(parts, format(median(r.metrics[u]))+" "+u)
			runs = max(runs, len(r.metrics[u]))
		}
		fmt.Fprintf(w, "| %s | %d | %s |\n", strings.TrimPrefix(r.name, "Benchmark"), runs, strings.Join(parts, " · "))
	}
}
