// Command soak runs the fetch side of the daemon through a simulated week in
// accelerated, injected time (issue 17): the real pipeline, store, retention
// with tombstones and topic rendering against loopback feeds published on the
// same simulated clock, paced so the week takes -duration of wall time. It
// samples resident memory, Go heap, open files, database size and goroutines
// every simulated 6 hours, prints them, and says whether they are flat after
// the warm-up (the first simulated days, while the retention window and the
// tombstones fill). Run by scripts/soak.sh; not part of make test.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/intlwire/aggregator/internal/app"
	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/pipeline"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/store"
)

// simClock is the injected clock: the pipeline, the feeds and retention all
// read it.
type simClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *simClock) set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

func main() {
	dir := flag.String("dir", "", "working directory (default: a temporary one)")
	cfgDir := flag.String("config-dir", "config", "directory with the shipped topics.yaml and taxonomy/")
	sources := flag.Int("sources", 200, "simulated sources")
	days := flag.Int("days", 7, "simulated days")
	duration := flag.Duration("duration", 30*time.Minute, "wall time the simulated span takes")
	step := flag.Duration("step", time.Minute, "simulated time per scheduler step")
	retention := flag.Duration("retention", 24*time.Hour, "retention.max_age, simulated")
	tombstoneAge := flag.Duration("tombstone-age", 24*time.Hour, "how long a tombstone outlives its last listing, simulated (the daemon's is store.TombstoneAge)")
	warmDays := flag.Int("warm-days", 3, "simulated days of warm-up before flatness is judged")
	flag.Parse()
	if *dir == "" {
		d, err := os.MkdirTemp("", "soak-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	ctx := context.Background()
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	clock := &simClock{now: start}
	feeds := newSimFeeds(*sources, 30, start)
	feeds.advance(start)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fsrv := &http.Server{Handler: feeds}
	go fsrv.Serve(ln)
	defer fsrv.Close()

	cfgPath, err := writeConfig(*dir, *cfgDir, "http://"+ln.Addr().String(), *sources, *retention)
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		log.Fatal(err)
	}
	parts, err := app.Build(ctx, app.Options{Config: cfg, Pipeline: true, Publisher: true, Now: clock.Now})
	if err != nil {
		log.Fatal(err)
	}
	defer parts.Close()
	st, p, srv := parts.Store, parts.Pipeline, parts.Server

	end := start.Add(time.Duration(*days) * 24 * time.Hour)
	steps := int(end.Sub(start) / *step)
	pace := *duration / time.Duration(steps)
	sampleEvery := 6 * time.Hour
	var samples []sample
	var fetches, fetched, newArticles int
	wall0 := time.Now()
	fmt.Printf("soak: %d sources, %d simulated days in %v (a step of %v every %v), retention %v, tombstones %v after the last listing\n",
		*sources, *days, *duration, *step, pace, *retention, *tombstoneAge)
	fmt.Println("| sim time | wall | RSS MB | heap MB | open files | db MB | goroutines | articles | tombstones | fetches | new articles |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	for i := 0; i <= steps; i++ {
		now := start.Add(time.Duration(i) * *step)
		clock.set(now)
		feeds.advance(now)
		sum, err := p.Round(ctx, pipeline.RoundOptions{})
		if err != nil {
			log.Fatal(err)
		}
		fetches += sum.Sources
		fetched += sum.Fetched
		newArticles += sum.NewArticles
		if now.Sub(start)%time.Hour == 0 {
			hourly(ctx, st, p, srv, cfg, now, *retention, *tombstoneAge)
		}
		if now.Sub(start)%sampleEvery == 0 {
			s := measure(ctx, st, cfg.Database, now.Sub(start), time.Since(wall0), fetches, newArticles)
			samples = append(samples, s)
			fmt.Println(s.row())
		}
		if wait := time.Until(wall0.Add(time.Duration(i+1) * pace)); wait > 0 {
			time.Sleep(wait)
		}
	}
	fmt.Printf("soak: %d source fetches (%d with a new body), %d new articles, wall %v\n", fetches, fetched, newArticles, time.Since(wall0).Round(time.Second))
	verdict(samples, time.Duration(*warmDays)*24*time.Hour)
}

// hourly is what the daemon's retention loop does every hour, on the
// simulated clock, plus readers asking for topic feeds.
func hourly(ctx context.Context, st *store.Store, p *pipeline.Pipeline, srv *publish.Server, cfg *config.Config, now time.Time, retention, tombstoneAge time.Duration) {
	p.PruneIndex(now)
	if _, err := st.PruneAt(ctx, now, now.Add(-retention), cfg.Publish.Limit); err != nil {
		log.Fatal(err)
	}
	if _, err := st.ExpireTombstones(ctx, now.Add(-tombstoneAge), 0); err != nil {
		log.Fatal(err)
	}
	for _, t := range cfg.Topics[:min(5, len(cfg.Topics))] {
		for _, ext := range []string{".atom", ".rss", ".json", ""} {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", "/feeds/"+t.Slug+ext, nil))
			if rec.Code != http.StatusOK {
				log.Fatalf("GET /feeds/%s%s: %d", t.Slug, ext, rec.Code)
			}
		}
	}
}

func writeConfig(dir, cfgDir, feedBase string, n int, retention time.Duration) (string, error) {
	abs, err := filepath.Abs(cfgDir)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("sources:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - id: desk-%d\n    url: %s/f/%d.xml\n", i, feedBase, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "sources.yaml"), []byte(b.String()), 0o644); err != nil {
		return "", err
	}
	main := fmt.Sprintf(`listen: 127.0.0.1:0
base_url: http://soak.example/
database: soak.db
sources: sources.yaml
topics: %s
taxonomy: %s
fetch:
  adaptive: true
  min_interval: 5m
  max_interval: 24h
  per_host: 16
  concurrency: 8
  allow_private_addresses: true
retention:
  max_age: %s
`, filepath.Join(abs, "topics.yaml"), filepath.Join(abs, "taxonomy"), retention)
	path := filepath.Join(dir, "aggregator.yaml")
	return path, os.WriteFile(path, []byte(main), 0o644)
}

// sample is one measurement of the process and the store.
type sample struct {
	sim, wall            time.Duration
	rssMB, heapMB, dbMB  float64
	files, goroutines    int
	articles, tombstones int64
	fetches, newArticles int
}

func (s sample) row() string {
	return fmt.Sprintf("| %s | %s | %.0f | %.1f | %d | %.1f | %d | %d | %d | %d | %d |",
		fmtSim(s.sim), s.wall.Round(time.Second), s.rssMB, s.heapMB, s.files, s.dbMB, s.goroutines, s.articles, s.tombstones, s.fetches, s.newArticles)
}

func fmtSim(d time.Duration) string {
	return fmt.Sprintf("d%d %02dh", int(d.Hours())/24, int(d.Hours())%24)
}

func measure(ctx context.Context, st *store.Store, db string, sim, wall time.Duration, fetches, newArticles int) sample {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s := sample{sim: sim, wall: wall, heapMB: float64(ms.HeapAlloc) / (1 << 20), goroutines: runtime.NumGoroutine(),
		fetches: fetches, newArticles: newArticles}
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
				s.rssMB = float64(kb) / 1024
			}
		}
	}
	if ents, err := os.ReadDir("/proc/self/fd"); err == nil {
		s.files = len(ents)
	}
	for _, f := range []string{db, db + "-wal"} {
		if fi, err := os.Stat(f); err == nil {
			s.dbMB += float64(fi.Size()) / (1 << 20)
		}
	}
	_, arts, _, _ := st.Counts(ctx)
	s.articles = int64(arts)
	s.tombstones, _ = st.Tombstones(ctx)
	return s
}

// verdict compares the first and the last half of the samples after the
// warm-up (articles and tombstones are printed, not judged: both are bounded
// by design — retention and the feeds' length — but a source publishing once
// a day keeps a pruned item listed for weeks): a measure is flat when its later mean is within 15 % (or a small
// absolute slack) of its earlier mean and its later maximum does not keep
// climbing past the earlier one by more than that.
func verdict(samples []sample, warm time.Duration) {
	var after []sample
	for _, s := range samples {
		if s.sim >= warm {
			after = append(after, s)
		}
	}
	if len(after) < 4 {
		fmt.Println("soak: too few samples after the warm-up to judge")
		os.Exit(1)
	}
	half := len(after) / 2
	flat := true
	check := func(name string, get func(sample) float64, slack float64) {
		mean := func(xs []sample) (m, hi float64) {
			for _, x := range xs {
				v := get(x)
				m += v
				hi = max(hi, v)
			}
			return m / float64(len(xs)), hi
		}
		m1, hi1 := mean(after[:half])
		m2, hi2 := mean(after[half:])
		ok := m2 <= m1*1.15+slack && hi2 <= hi1*1.15+slack
		word := "flat"
		if !ok {
			word, flat = "GROWING", false
		}
		fmt.Printf("soak: %-11s after warm-up: mean %.1f → %.1f, max %.1f → %.1f: %s\n", name, m1, m2, hi1, hi2, word)
	}
	check("RSS MB", func(s sample) float64 { return s.rssMB }, 8)
	check("heap MB", func(s sample) float64 { return s.heapMB }, 4)
	check("open files", func(s sample) float64 { return float64(s.files) }, 2)
	check("db MB", func(s sample) float64 { return s.dbMB }, 1)
	check("goroutines", func(s sample) float64 { return float64(s.goroutines) }, 4)
	if !flat {
		fmt.Println("soak: NOT flat after warm-up")
		os.Exit(1)
	}
	fmt.Println("soak: flat after warm-up")
}
