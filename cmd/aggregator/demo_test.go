package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/demo"
)

// The demo says where its config and database are, and picks up an edit of
// its sources on save.
func TestDemoPrintsPathsAndReloadsOnEdit(t *testing.T) {
	bin := binary(t)
	addr, dir := freeAddr(t), t.TempDir()
	cmd := exec.Command(bin, "demo", "-dir", dir, "-listen", addr, "-config", filepath.Join(repoConfig(t), "aggregator.yaml"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if t.Failed() {
			t.Logf("demo log:\n%s", logs.String())
		}
	}()
	paths := map[string]string{}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		if f := strings.Fields(strings.TrimPrefix(line, "demo: ")); len(f) == 2 {
			paths[f[0]] = f[1]
		}
		if strings.Contains(line, "Ctrl-C stops") {
			break
		}
	}
	go func() { // keep draining so the demo never blocks on stdout
		for sc.Scan() {
		}
	}()
	if paths["config"] != filepath.Join(dir, "aggregator.yaml") || paths["database"] != filepath.Join(dir, "demo.db") || paths["sources"] == "" {
		t.Fatalf("demo printed paths %v", paths)
	}
	base := "http://" + addr
	waitFor(t, base+"/sources.json", fmt.Sprintf(`"total": %d,`, len(demo.Sources("http://x/"))), 30*time.Second)
	// Keep only the first source: the demo reloads without a signal.
	src, err := os.ReadFile(paths["sources"])
	if err != nil {
		t.Fatal(err)
	}
	first := strings.Index(string(src), "  - id:")
	second := strings.Index(string(src)[first+1:], "  - id:")
	if first < 0 || second < 0 {
		t.Fatalf("unexpected sources file:\n%s", src)
	}
	// The watcher starts just after the demo says it is ready: a save in
	// that instant is not seen, so save again until the reload shows.
	for i := 0; ; i++ {
		if err := os.WriteFile(paths["sources"], src[:first+1+second], 0o644); err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(base + "/sources.json")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), `"total": 1,`) {
				break
			}
		}
		if i == 30 {
			t.Fatal("the demo did not reload the edited sources")
		}
		time.Sleep(500 * time.Millisecond)
	}
}
