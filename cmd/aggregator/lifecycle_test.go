package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/demo"
)

// daemonProc is the real binary running `run` on a configuration.
type daemonProc struct {
	cmd    *exec.Cmd
	logs   *syncBuffer
	exited chan error
	base   string
}

// startDaemon runs the real binary on the configuration in dir (whose
// aggregator.yaml listens on addr) and waits until it serves /healthz.
func startDaemon(t *testing.T, cfgPath, addr string, args ...string) *daemonProc {
	t.Helper()
	d := spawnDaemon(t, "daemon", cfgPath, addr, args...)
	waitFor(t, d.base+"/healthz", `"status"`, 30*time.Second)
	return d
}

// spawnDaemon starts `aggregator run -config cfgPath args...` without
// waiting for it (several daemons start together); the log, named name,
// is shown if the test fails, and the process is killed at its end.
func spawnDaemon(t *testing.T, name, cfgPath, addr string, args ...string) *daemonProc {
	t.Helper()
	d := &daemonProc{logs: &syncBuffer{}, exited: make(chan error, 1), base: "http://" + addr}
	d.cmd = exec.Command(binary(t), append([]string{"run", "-config", cfgPath}, args...)...)
	d.cmd.Stdout, d.cmd.Stderr = d.logs, d.logs
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { d.exited <- d.cmd.Wait() }()
	t.Cleanup(func() {
		d.cmd.Process.Kill()
		if t.Failed() {
			t.Logf("%s log:\n%.20000s", name, d.logs.String())
		}
	})
	return d
}

// smallConfig writes a configuration with a one-entry taxonomy and one topic
// (it loads in milliseconds) and the given sources YAML; it returns the path
// of aggregator.yaml and the listen address.
func smallConfig(t *testing.T, sources, extra string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	addr := freeAddr(t)
	files := map[string]string{
		"aggregator.yaml": fmt.Sprintf("listen: %s\nbase_url: http://feeds.example.org/\ndatabase: data/test.db\n"+
			"sources: sources.yaml\ntopics: topics.yaml\ntaxonomy: taxonomy.yaml\nfetch:\n  allow_private_addresses: true\n%s", addr, extra),
		"sources.yaml":  sources,
		"topics.yaml":   "topics:\n  - slug: syria\n    title: Syria\n    match: country:syria\n",
		"taxonomy.yaml": "entries:\n  - {id: syria, kind: country, name: Syria, iso: SY}\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "aggregator.yaml"), addr
}

// TestReloadOfHostileTopicsKeepsDaemon is issue 17's crash: saving a
// topics.yaml with a rule of 2,000,000 nested parentheses killed the daemon
// with a stack overflow in the rule parser. Now the reload is refused with
// the problem's position and the daemon serves on the old rules.
func TestReloadOfHostileTopicsKeepsDaemon(t *testing.T) {
	cfgPath, addr := smallConfig(t, "sources: []\n", "")
	d := startDaemon(t, cfgPath, addr, "-no-watch")
	topics := filepath.Join(filepath.Dir(cfgPath), "topics.yaml")
	for i, rule := range []string{
		strings.Repeat("(", 2_000_000) + "country:syria" + strings.Repeat(")", 2_000_000),
		strings.Repeat("NOT ", 1_000) + "country:syria",
		strings.Repeat("(", 1_000) + "country:syria" + strings.Repeat(")", 1_000),
	} {
		body := "topics:\n  - slug: syria\n    title: Syria\n    match: " + rule + "\n"
		if err := os.WriteFile(topics, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		d.cmd.Process.Signal(syscall.SIGHUP)
		deadline := time.Now().Add(20 * time.Second)
		for strings.Count(d.logs.String(), "reload rejected") <= i && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		select {
		case err := <-d.exited:
			t.Fatalf("rule %d: the daemon died on reload: %v", i, err)
		default:
		}
		waitFor(t, d.base+"/healthz", "reload_error", 5*time.Second)
		resp, err := http.Get(d.base + "/feeds/syria.rss")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("rule %d: the old topic is not served: %v %v", i, err, resp)
		}
		resp.Body.Close()
	}
	if !strings.Contains(d.logs.String(), "topics.yaml:4:") {
		t.Error("the rejected reload should log the problem as topics.yaml:line:col")
	}
}

// slowFeed serves one RSS item after delay, and reports each request on
// started.
func slowFeed(t *testing.T, delay time.Duration) (*httptest.Server, chan struct{}) {
	t.Helper()
	started := make(chan struct{}, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Slow desk</title><link>%s/</link>
<item><title>Envoys meet in Damascus for ceasefire talks</title><link>%s/a/1</link><guid>slow-1</guid>
<description>Syria ceasefire talks resumed in Damascus on Monday.</description><pubDate>%s</pubDate></item>
</channel></rss>`, "http://"+r.Host, "http://"+r.Host, time.Now().UTC().Format(http.TimeFormat))
	}))
	t.Cleanup(srv.Close)
	return srv, started
}

// waitExit waits for the daemon to exit within d and returns its exit code.
func (d *daemonProc) waitExit(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case err := <-d.exited:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(within):
		t.Fatalf("the daemon did not exit within %v", within)
		return -1
	}
}

// TestSIGTERMLetsInFlightFetchFinish: issue 17 found SIGTERM cancelled the
// fetch in flight ("context canceled; store: save fetch state … context
// canceled"). README promises it may finish within the grace period (10 s):
// a fetch that takes 3 s after SIGTERM is stored, and the daemon exits 0.
func TestSIGTERMLetsInFlightFetchFinish(t *testing.T) {
	feed, started := slowFeed(t, 3*time.Second)
	cfgPath, addr := smallConfig(t, "sources:\n  - id: slow\n    url: "+feed.URL+"/feed.xml\n", "")
	d := startDaemon(t, cfgPath, addr, "-no-watch")
	select {
	case <-started:
	case <-time.After(20 * time.Second):
		t.Fatal("the daemon never fetched the slow feed")
	}
	sent := time.Now()
	d.cmd.Process.Signal(syscall.SIGTERM)
	if code := d.waitExit(t, 15*time.Second); code != 0 {
		t.Fatalf("exit status %d after one SIGTERM", code)
	}
	if took := time.Since(sent); took < 2*time.Second {
		t.Errorf("exited %v after SIGTERM: the fetch cannot have finished", took)
	}
	fs := sourceState(t, cfgPath, "slow")
	if fs.LastSuccess.IsZero() || fs.ErrorCount != 0 {
		t.Fatalf("the in-flight fetch was not stored: %+v\n%s", fs, d.logs.String())
	}
	if strings.Contains(d.logs.String(), "context canceled") {
		t.Errorf("the fetch was cancelled:\n%s", d.logs.String())
	}
}

// TestSIGTERMGraceThenSecondSignal: a fetch that would take a minute is cut
// off at the 10 s grace deadline; and a second signal exits at once.
func TestSIGTERMGraceThenSecondSignal(t *testing.T) {
	feed, started := slowFeed(t, time.Minute)
	sources := "sources:\n  - id: stuck\n    url: " + feed.URL + "/feed.xml\n"
	extra := "  timeout: 2m\n"
	t.Run("grace", func(t *testing.T) {
		cfgPath, addr := smallConfig(t, sources, extra)
		d := startDaemon(t, cfgPath, addr, "-no-watch")
		<-started
		sent := time.Now()
		d.cmd.Process.Signal(syscall.SIGTERM)
		if code := d.waitExit(t, 20*time.Second); code != 0 {
			t.Fatalf("exit status %d", code)
		}
		if took := time.Since(sent); took < 9*time.Second || took > 14*time.Second {
			t.Errorf("stopped %v after SIGTERM; want the 10 s grace", took)
		}
		if !strings.Contains(d.logs.String(), "cut off at the grace deadline") {
			t.Errorf("no word of the cut-off fetch:\n%s", d.logs.String())
		}
	})
	t.Run("second signal", func(t *testing.T) {
		cfgPath, addr := smallConfig(t, sources, extra)
		d := startDaemon(t, cfgPath, addr, "-no-watch")
		<-started
		d.cmd.Process.Signal(syscall.SIGTERM)
		time.Sleep(300 * time.Millisecond)
		sent := time.Now()
		d.cmd.Process.Signal(syscall.SIGTERM)
		if code := d.waitExit(t, 5*time.Second); code == 0 {
			t.Errorf("a second signal should exit with a non-zero status")
		}
		if took := time.Since(sent); took > 2*time.Second {
			t.Errorf("exited %v after the second signal", took)
		}
	})
}

// TestEveryScheduleIsJittered is issue 17's finding with the real binary:
// eight sources on "@every 1m" were fetched in the same second, every
// minute. Sources on one "@every" schedule now fire at their own offsets
// within the period (here 4 s, to keep the test short).
func TestEveryScheduleIsJittered(t *testing.T) {
	const period = 4 * time.Second
	var mu sync.Mutex
	hits := map[string][]time.Time{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path] = append(hits[r.URL.Path], time.Now())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title></channel></rss>`)
	}))
	defer srv.Close()
	var b strings.Builder
	b.WriteString("sources:\n")
	for i := range 8 {
		fmt.Fprintf(&b, "  - id: desk-%d\n    url: %s/%d.xml\n", i, srv.URL, i)
	}
	cfgPath, addr := smallConfig(t, b.String(), "  schedule: \"@every 4s\"\n")
	d := startDaemon(t, cfgPath, addr, "-no-watch")
	time.Sleep(3*period + time.Second)
	d.cmd.Process.Signal(syscall.SIGTERM)
	d.waitExit(t, 15*time.Second)

	mu.Lock()
	defer mu.Unlock()
	// The first fetch of each source is at start (all due at once); the
	// scheduled ones after it fall in each source's own slot.
	var phases []time.Duration
	for path, ts := range hits {
		if len(ts) < 3 {
			t.Fatalf("%s fetched %d times in %v", path, len(ts), 3*period)
		}
		phases = append(phases, time.Duration(ts[2].UnixNano()%int64(period)))
		if gap := ts[2].Sub(ts[1]); gap < period-300*time.Millisecond || gap > period+300*time.Millisecond {
			t.Errorf("%s: scheduled fetches %v apart, want %v", path, gap, period)
		}
	}
	slices.Sort(phases)
	if spread := phases[len(phases)-1] - phases[0]; spread < period/2 {
		t.Errorf("8 sources fire within %v of each other in a %v period: %v", spread, period, phases)
	}
}

// TestWebSubNoRepingOnRestartOrReload is issue 17's finding with the real
// binary: a reload or a restart re-pinged every topic though nothing had
// changed (66 pings for one added topic). Now a restart pings nothing and a
// reload that adds a topic pings that topic's three feeds.
func TestWebSubNoRepingOnRestartOrReload(t *testing.T) {
	var mu sync.Mutex
	var pings []string
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		pings = append(pings, r.PostForm.Get("hub.url"))
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hub.Close()
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(pings)
	}
	// settle waits until no ping has arrived for quiet, and returns the count.
	settle := func(quiet time.Duration) int {
		n := count()
		for last := time.Now(); time.Since(last) < quiet; time.Sleep(100 * time.Millisecond) {
			if c := count(); c != n {
				n, last = c, time.Now()
			}
		}
		return n
	}
	feeds := feedWorld(t)
	cfgPath := writeConfig(t, demoSources(feeds.URL+"/"), "publish:\n  websub_hub: "+hub.URL+"/\n")
	dir := filepath.Dir(cfgPath)
	shipped, err := os.ReadFile(filepath.Join(repoConfig(t), "topics.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	topics := filepath.Join(dir, "topics.yaml")
	os.WriteFile(topics, shipped, 0o644)
	addr := freeAddr(t)
	main, _ := os.ReadFile(cfgPath)
	main = []byte(strings.Replace(string(main), "listen: 127.0.0.1:0", "listen: "+addr, 1))
	main = []byte(strings.Replace(string(main), "topics: "+filepath.Join(repoConfig(t), "topics.yaml"), "topics: topics.yaml", 1))
	os.WriteFile(cfgPath, main, 0o644)

	d := startDaemon(t, cfgPath, addr, "-no-watch")
	waitFor(t, d.base+"/feeds/syria-diplomacy.rss", "blitz diplomacy", 30*time.Second)
	first := settle(3 * time.Second)
	if first == 0 {
		t.Fatal("the first run pinged nothing")
	}
	d.cmd.Process.Signal(syscall.SIGTERM)
	d.waitExit(t, 15*time.Second)

	d = startDaemon(t, cfgPath, addr, "-no-watch")
	waitFor(t, d.base+"/feeds/syria-diplomacy.rss", "blitz diplomacy", 30*time.Second)
	if n := settle(3*time.Second) - first; n != 0 {
		t.Fatalf("a restart with nothing changed sent %d pings", n)
	}
	os.WriteFile(topics, append(append([]byte{}, shipped...), []byte("\n  - slug: kremlin-watch\n    title: Kremlin watch\n    match: actor:vladimir-putin\n")...), 0o644)
	d.cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, d.base+"/feeds/kremlin-watch.rss", "blitz diplomacy", 15*time.Second)
	if n := settle(3*time.Second) - first; n != 3 {
		mu.Lock()
		t.Fatalf("a reload adding one topic sent %d pings, want 3: %v\nfirst run: %v", n, pings[first:], pings[:first])
	}
}

// demoSources are the bundled demo feeds served under base.
func demoSources(base string) []config.Source { return demo.Sources(base) }

// TestValidateReportsEditorLimits: `validate` reports a one-letter alias, a
// punctuation alias and a rule nested past the limit, each at its
// file:line:col, and exits 1.
func TestValidateReportsEditorLimits(t *testing.T) {
	cfgPath, _ := smallConfig(t, "sources: []\n", "")
	dir := filepath.Dir(cfgPath)
	os.WriteFile(filepath.Join(dir, "taxonomy.yaml"), []byte("entries:\n  - {id: syria, kind: country, name: Syria, iso: SY}\n  - id: diplomacy\n    kind: topic\n    name: Diplomacy\n    aliases: [talks, a, '...']\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "topics.yaml"), []byte("topics:\n  - slug: syria\n    title: Syria\n    match: "+strings.Repeat("(", 40)+"country:syria"+strings.Repeat(")", 40)+"\n"), 0o644)
	code, out, errOut := runCmd(t, "validate", "-config", cfgPath)
	if code != 1 {
		t.Fatalf("validate exit %d, want 1\n%s%s", code, out, errOut)
	}
	all := out + errOut
	for _, want := range []string{
		"taxonomy.yaml:6:22: entry \"diplomacy\": alias \"a\" is one letter",
		"taxonomy.yaml:6:25: entry \"diplomacy\": alias \"...\" has no letter or digit",
		"topics.yaml:4:44: topic \"syria\": rule is nested more than 32 deep",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("validate output lacks %q:\n%s", want, all)
		}
	}
}
