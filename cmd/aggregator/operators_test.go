package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
)

// failingSources are two sources that cannot be fetched: one answers 500,
// one is a closed port.
func failingSources(t *testing.T) []config.Source {
	feeds := feedWorld(t)
	return []config.Source{
		{ID: "broken", URL: feeds.URL + "/broken.xml"},
		{ID: "closed", URL: "http://" + freeAddr(t) + "/feed.xml"},
	}
}

// `fetch` fails when every source failed, and still prints its summary.
func TestFetchFailsWhenEverySourceFails(t *testing.T) {
	cfgPath := writeConfig(t, failingSources(t), "")
	code, out, stderr := runCmd(t, "fetch", "-all", "-json", "-config", cfgPath)
	if code == 0 || !strings.Contains(stderr, "every source failed (2 of 2)") {
		t.Fatalf("fetch with every source failing: exit %d, stderr %q", code, stderr)
	}
	var sum struct{ Sources, Failed int }
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Sources != 2 || sum.Failed != 2 {
		t.Errorf("summary %q: %v", out, err)
	}
	// One good source is enough for success.
	srcs := append(failingSources(t), config.Source{ID: "good", URL: feedWorld(t).URL + "/feeds/world-wire.xml"})
	if code, _, stderr := runCmd(t, "fetch", "-all", "-config", writeConfig(t, srcs, "")); code != 0 {
		t.Errorf("fetch with one good source: exit %d: %s", code, stderr)
	}
}

// The real daemon with every source failing: /healthz says degraded with the
// counts, the home page says why it is empty, a round line is logged, and
// the admin routes are served on admin_listen only.
func TestDaemonReportsFailingSources(t *testing.T) {
	bin := binary(t)
	addr, admin := freeAddr(t), freeAddr(t)
	cfgPath := writeConfig(t, failingSources(t), "  schedule: \"@every 2s\"\nadmin_listen: "+admin+"\n")
	main, _ := os.ReadFile(cfgPath)
	os.WriteFile(cfgPath, bytes.Replace(main, []byte("listen: 127.0.0.1:0"), []byte("listen: "+addr), 1), 0o644)
	var logs syncBuffer
	cmd := exec.Command(bin, "run", "-config", cfgPath)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if t.Failed() {
			t.Logf("daemon log:\n%s", logs.String())
		}
	}()
	base := "http://" + addr
	body := waitFor(t, base+"/healthz", `"failing":2`, 20*time.Second)
	var h struct {
		Status  string
		Sources struct{ Total, Failing, Stale int }
	}
	if err := json.Unmarshal([]byte(body), &h); err != nil || h.Status != "degraded" || h.Sources.Total != 2 {
		t.Errorf("/healthz %s: %+v %v", body, h, err)
	}
	waitFor(t, base+"/", "2 of 2 sources failing", 20*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), `msg="round: every source failed"`) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "not_modified=0 failed=2") {
		t.Errorf("no round line in the log")
	}
	for _, p := range []string{"/metrics", "/sources", "/sources.json"} {
		if resp, err := http.Get(base + p); err != nil || resp.StatusCode != http.StatusNotFound {
			t.Errorf("public %s: %v %v, want 404", p, resp.StatusCode, err)
		}
	}
	js := waitFor(t, "http://"+admin+"/sources.json", `"health": "failing"`, 5*time.Second)
	var list struct {
		Sources []struct {
			ID, Health string
			Error      string `json:"last_error"`
		} `json:"sources"`
	}
	if err := json.Unmarshal([]byte(js), &list); err != nil || len(list.Sources) != 2 || list.Sources[0].Error == "" {
		t.Errorf("/sources.json: %s %v", js, err)
	}
	waitFor(t, "http://"+admin+"/sources", "HTTP 500", 5*time.Second)
	waitFor(t, "http://"+admin+"/metrics", "aggregator_source_fetches_total", 5*time.Second)
}
