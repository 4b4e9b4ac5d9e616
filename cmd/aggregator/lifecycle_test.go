package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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
			t.Logf("daemon log:\n%.20000s", d.logs.String())
		}
	})
	waitFor(t, d.base+"/healthz", `"status"`, 30*time.Second)
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
