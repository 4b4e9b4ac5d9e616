package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/intlwire/aggregator/internal/app"
	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/tag"
)

// notModifiedServer answers every feed request: an empty feed with an ETag
// the first time, 304 Not Modified whenever the client sends it back.
type notModifiedServer struct {
	*httptest.Server
	full, notModified atomic.Int64
}

func newNotModifiedServer() *notModifiedServer {
	s := &notModifiedServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			s.notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		s.full.Add(1)
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://x.example.org/</link></channel></rss>`)
	}))
	return s
}

func median(ds []time.Duration) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

// measureRender opens the store afresh for each run and renders the fullest
// topic feed: a cold render as the first request after a start sees it.
func measureRender(ctx context.Context, cfg *config.Config) error {
	entries, rules := cfg.Taxonomy()
	tg, err := tag.New(entries, rules...)
	if err != nil {
		return err
	}
	opts := publish.OptionsFromConfig(cfg)
	best, bestN := "", -1
	var runs []time.Duration
	for i := 0; i < 7; i++ {
		st, err := app.OpenStore(ctx, cfg)
		if err != nil {
			return err
		}
		if best == "" {
			for _, t := range cfg.Topics {
				s, _ := st.TopicStories(ctx, t.Slug, 50)
				if len(s) > bestN {
					best, bestN = t.Slug, len(s)
				}
			}
		}
		t0 := time.Now()
		stories, err := st.TopicStories(ctx, best, 50)
		if err != nil {
			return err
		}
		var topic publish.Topic
		for _, t := range opts.Topics {
			if t.Slug == best {
				topic = t
			}
		}
		if _, err := publish.Render(publish.FormatRSS, topic, stories, opts, app.Labels{Tagger: tg}); err != nil {
			return err
		}
		runs = append(runs, time.Since(t0))
		st.Close()
	}
	fmt.Printf("Cold render of topic %q (%d items, query + RSS): median of %d runs **%s** (target < 20 ms).\n\n", best, bestN, len(runs), median(runs).Round(10*time.Microsecond))
	return nil
}

// measureDaemon runs the real binary on the synthetic store: the first round
// fetches every source (empty feeds with an ETag), the second is all 304s and
// is timed from the daemon's own log; then it reads the daemon's peak RSS.
func measureDaemon(ctx context.Context, bin, cfgPath string, cfg *config.Config, srv *notModifiedServer) error {
	for round := 1; round <= 2; round++ {
		before := srv.full.Load() + srv.notModified.Load()
		t0 := time.Now()
		out, err := exec.CommandContext(ctx, bin, "fetch", "-all", "-json", "-config", cfgPath).Output()
		if err != nil {
			return fmt.Errorf("fetch round %d: %v", round, err)
		}
		fmt.Printf("Fetch round %d over %d sources (%d requests, %d answered 304): %s wall, summary %s\n",
			round, len(cfg.Sources), srv.full.Load()+srv.notModified.Load()-before, srv.notModified.Load(), time.Since(t0).Round(time.Millisecond), strings.TrimSpace(string(out)))
	}
	// Peak memory of the daemon: start it, let it serve feeds, read VmHWM.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	main, _ := os.ReadFile(cfgPath)
	daemonCfg := cfgPath + ".daemon.yaml"
	os.WriteFile(daemonCfg, []byte(strings.Replace(string(main), "listen: 127.0.0.1:0", "listen: "+addr, 1)), 0o644)
	cmd := exec.Command(bin, "run", "-no-watch", "-config", daemonCfg)
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Process.Kill()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, t := range cfg.Topics {
		for _, ext := range []string{"rss", "atom", "json"} {
			if resp, err := http.Get("http://" + addr + "/feeds/" + t.Slug + "." + ext); err == nil {
				resp.Body.Close()
			}
		}
	}
	time.Sleep(2 * time.Second)
	hwm := vmHWM(cmd.Process.Pid)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	fmt.Printf("\nDaemon peak memory (VmHWM) after start-up, index rebuild and serving every topic in every format: **%.0f MB** (target < 300 MB).\n", float64(hwm)/1024)
	return nil
}

// vmHWM reads a process's peak resident set size in KiB from /proc.
func vmHWM(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return n
		}
	}
	return 0
}
