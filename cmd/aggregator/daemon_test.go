package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/demo"
	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/opml"
	"github.com/intlwire/aggregator/internal/store"
)

// sourceState reads one source's fetch state from the database of a config.
func sourceState(t *testing.T, cfgPath, id string) model.FetchState {
	t.Helper()
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fs, err := st.FetchState(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds the real aggregator once per test run.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "aggregator-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "aggregator")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = err
			binPath = string(out)
		}
	})
	if binErr != nil {
		t.Fatalf("build: %v\n%s", binErr, binPath)
	}
	return binPath
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// syncBuffer is a bytes.Buffer safe for the process's writer and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls url until its body contains want or the deadline passes.
func waitFor(t *testing.T, url, want string, d time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(d)
	var last string
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = string(b)
			if strings.Contains(last, want) {
				return last
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s never contained %q; last body:\n%.2000s", url, want, last)
	return ""
}

// TestDaemonServesReloadsAndStops runs the real binary: it fetches the demo
// feeds, serves the Syria diplomacy feed, survives a broken topics edit on the
// old configuration, picks up a good edit, and stops cleanly on SIGTERM.
func TestDaemonServesReloadsAndStops(t *testing.T) {
	bin := binary(t)
	feeds := feedWorld(t)
	addr := freeAddr(t)
	all := demo.Sources(feeds.URL + "/")
	// One demo source is held back and added by a config edit later.
	var late config.Source
	var srcs []config.Source
	for _, s := range all {
		if s.ID == "demo-asia-pacific-desk" {
			late = s
			continue
		}
		srcs = append(srcs, s)
	}
	cfgPath := writeConfig(t, srcs, "")
	dir := filepath.Dir(cfgPath)
	shipped, err := os.ReadFile(filepath.Join(repoConfig(t), "topics.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	topics := filepath.Join(dir, "topics.yaml")
	os.WriteFile(topics, shipped, 0o644)
	main, _ := os.ReadFile(cfgPath)
	main = bytes.Replace(main, []byte("listen: 127.0.0.1:0"), []byte("listen: "+addr), 1)
	main = bytes.Replace(main, []byte("topics: "+filepath.Join(repoConfig(t), "topics.yaml")), []byte("topics: topics.yaml"), 1)
	os.WriteFile(cfgPath, main, 0o644)

	var logs syncBuffer
	cmd := exec.Command(bin, "run", "-config", cfgPath)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		if t.Failed() {
			t.Logf("daemon log:\n%s", logs.String())
		}
	}()
	base := "http://" + addr
	waitFor(t, base+"/feeds/syria-diplomacy.rss", "blitz diplomacy", 30*time.Second)

	// A broken edit: the daemon keeps the old topics and says so on /healthz.
	os.WriteFile(topics, append(append([]byte{}, shipped...), []byte("\n  - slug: broken\n    title: Broken\n    match: region:atlantis\n")...), 0o644)
	cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, base+"/healthz", "reload_error", 10*time.Second)
	waitFor(t, base+"/feeds/syria-diplomacy.rss", "blitz diplomacy", 5*time.Second)
	if !strings.Contains(logs.String(), "topics.yaml:") {
		t.Errorf("the rejected reload should log file:line:col problems")
	}

	// A good edit takes effect without a restart.
	os.WriteFile(topics, append(append([]byte{}, shipped...), []byte("\n  - slug: kremlin-watch\n    title: Kremlin watch\n    match: actor:vladimir-putin\n")...), 0o644)
	cmd.Process.Signal(syscall.SIGHUP)
	// The waits after a reload are generous: under -race, with the other
	// packages' tests sharing two cores, reading the taxonomy again took
	// 9 s; they test that the reload happens, not how fast.
	waitFor(t, base+"/feeds/kremlin-watch.rss", "blitz diplomacy", 60*time.Second)
	waitFor(t, base+"/healthz", `"last_reload"`, 5*time.Second)

	// Saving a file is enough (no signal): a new source is fetched, the old
	// ones keep their fetch state.
	before := sourceState(t, cfgPath, "demo-world-wire")
	var b bytes.Buffer
	if err := opml.WriteSourcesYAML(&b, append(srcs, late)); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "sources.yaml"), b.Bytes(), 0o644)
	waitFor(t, base+"/", "China stages large-scale drills around Taiwan", 60*time.Second)
	if after := sourceState(t, cfgPath, "demo-world-wire"); after.ETag != before.ETag || after.LastSuccess.Before(before.LastSuccess) {
		t.Errorf("reload lost fetch state: %+v → %+v", before, after)
	}

	// Metrics of every layer are exposed.
	metrics := waitFor(t, base+"/metrics", "aggregator_source_fetches_total", 5*time.Second)
	for _, m := range []string{"aggregator_fetch_duration_seconds", "aggregator_articles_stored_total", "aggregator_stories_created_total",
		"aggregator_duplicates_total", "aggregator_tags_total", "aggregator_source_last_success_timestamp_seconds"} {
		if !strings.Contains(metrics, m) {
			t.Errorf("/metrics lacks %s", m)
		}
	}

	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("daemon exit after SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("daemon did not stop within 20s of SIGTERM")
	}
}
