// Command scale builds a synthetic store — 10,000 sources and 1,000,000
// articles by default, ingested through the real pipeline — and measures what
// grows with it: per-article ingest cost as the store fills, a cold topic-feed
// render, a fetch round where every source answers 304, the daemon's peak
// memory, and the database size per article. It prints Markdown for
// BENCHMARKS.md. Everything runs on loopback.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/intlwire/aggregator/internal/app"
	"github.com/intlwire/aggregator/internal/config"
)

func main() {
	dir := flag.String("dir", "out/scale", "working directory (the database is kept there between runs)")
	sources := flag.Int("sources", 10000, "synthetic sources")
	articles := flag.Int("articles", 1000000, "synthetic articles in all")
	batch := flag.Int("batch", 10, "items per synthetic feed fetch")
	bin := flag.String("bin", "bin/aggregator", "the aggregator binary, for the daemon measurements")
	cfgDir := flag.String("config-dir", "config", "directory with the shipped topics.yaml and taxonomy/")
	memLimit := flag.String("memory-limit", "", "the daemon's memory_limit setting (e.g. 180MiB); empty leaves Go's default")
	days := flag.Int("days", 100, "the synthetic history spans this many days up to now")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	srv := newNotModifiedServer()
	defer srv.Close()
	cfgPath, err := writeConfig(*dir, *cfgDir, srv.URL, *sources, *memLimit)
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		log.Fatal(err)
	}
	// History arrives over days: the clock runs from days ago to now while
	// the store fills, so the near-duplicate window holds a few days of it,
	// as in a daemon that has run for months.
	clock := newHistoryClock(*days, *articles)
	parts, err := app.Build(ctx, app.Options{Config: cfg, Pipeline: true, Now: clock.now})
	if err != nil {
		log.Fatal(err)
	}
	st, p := parts.Store, parts.Pipeline
	_, have, _, _ := st.Counts(ctx)
	fmt.Printf("## Scale: %d sources, %d articles\n\n", *sources, *articles)
	if have < *articles {
		fmt.Println("| articles stored | ingest cost per article (real pipeline) |\n|---|---|")
		start := time.Now()
		err := generate(ctx, p, clock, *sources, *articles / *sources, *batch, *articles/10, func(stored int, per time.Duration) {
			fmt.Printf("| %d | %s |\n", stored, per.Round(time.Microsecond/10))
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("\nGenerated in %s.\n\n", time.Since(start).Round(time.Second))
	}
	st.Close()

	size := dbSize(cfg.Database)
	st, err = app.OpenStore(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	_, n, stories, _ := st.Counts(ctx)
	st.Close()
	fmt.Printf("Database: %d articles, %d stories, %.1f MB, **%.0f bytes per article** (with tags, FTS index and topic membership).\n\n",
		n, stories, float64(size)/1e6, float64(size)/float64(max(n, 1)))

	if err := measureRender(ctx, cfg); err != nil {
		log.Fatal(err)
	}
	if err := measureDaemon(ctx, *bin, cfgPath, cfg, srv); err != nil {
		log.Fatal(err)
	}
}

func dbSize(path string) int64 {
	var total int64
	for _, suffix := range []string{"", "-wal"} {
		if st, err := os.Stat(path + suffix); err == nil {
			total += st.Size()
		}
	}
	return total
}

func writeConfig(dir, cfgDir, feedsURL string, sources int, memLimit string) (string, error) {
	abs, err := filepath.Abs(cfgDir)
	if err != nil {
		return "", err
	}
	f, err := os.Create(filepath.Join(dir, "sources.yaml"))
	if err != nil {
		return "", err
	}
	fmt.Fprintln(f, "sources:")
	for i := 0; i < sources; i++ {
		fmt.Fprintf(f, "  - id: synth-%05d\n    url: %s/feeds/synth-%05d.xml\n", i, feedsURL, i)
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	main := fmt.Sprintf(`listen: 127.0.0.1:0
database: scale.db
sources: sources.yaml
topics: %s
taxonomy: %s
fetch:
  schedule: "@every 1h"
  concurrency: 64
  per_host: 64
  allow_private_addresses: true
log:
  level: warn
`, filepath.Join(abs, "topics.yaml"), filepath.Join(abs, "taxonomy"))
	if memLimit != "" {
		main += "memory_limit: " + memLimit + "\n"
	}
	path := filepath.Join(dir, "aggregator.yaml")
	return path, os.WriteFile(path, []byte(main), 0o644)
}
