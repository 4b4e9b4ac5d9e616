package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
)

// smallConfig writes and loads a configuration with one source, one topic
// and a one-entry taxonomy.
func smallConfig(t *testing.T) *config.Config {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"aggregator.yaml": "database: data/app.db\nsources: sources.yaml\ntopics: topics.yaml\ntaxonomy: taxonomy.yaml\n",
		"sources.yaml":    "sources:\n  - id: desk\n    url: http://desk.example.org/feed\n",
		"topics.yaml":     "topics:\n  - slug: syria\n    title: Syria\n    match: country:syria\n",
		"taxonomy.yaml":   "entries:\n  - {id: syria, kind: country, name: Syria, iso: SY}\n",
	}
	for n, body := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Load(filepath.Join(dir, "aggregator.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestBuildReleasesLeasesOfADeadProcess: a fetcher killed mid-round (here a
// process that has exited) left a lease; the next fetcher built on this host
// sees its process is gone and frees the source at once, while the lease of
// a live process (this one, under another name) stays.
func TestBuildReleasesLeasesOfADeadProcess(t *testing.T) {
	ctx := context.Background()
	cfg := smallConfig(t)
	st, err := OpenStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SyncSources(ctx, cfg.ModelSources()); err != nil {
		t.Fatal(err)
	}
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("no true(1):", err)
	}
	host, _ := os.Hostname()
	dead := fmt.Sprintf("%s/%d/00000000", host, gone.Process.Pid)
	if ok, err := st.ClaimSource(ctx, "desk", dead, time.Now(), time.Hour, false); !ok || err != nil {
		t.Fatalf("claim %v %v", ok, err)
	}
	st.Close()

	parts, err := Build(ctx, Options{Config: cfg, Pipeline: true, Share: true})
	if err != nil {
		t.Fatal(err)
	}
	defer parts.Close()
	if l, _ := parts.Store.SourceLease(ctx, "desk"); l.Owner != "" {
		t.Fatalf("the dead process's lease is still held: %+v", l)
	}

	alive := fmt.Sprintf("%s/%d/ffffffff", host, os.Getppid())
	if ok, _ := parts.Store.ClaimSource(ctx, "desk", alive, time.Now(), time.Hour, true); !ok {
		t.Fatal("claim failed")
	}
	if err := releaseDeadOwners(ctx, parts.Store, parts.log); err != nil {
		t.Fatal(err)
	}
	if l, _ := parts.Store.SourceLease(ctx, "desk"); l.Owner != alive {
		t.Fatalf("a live process's lease was released: %+v", l)
	}
}

func TestDeadHereJudgesOnlyThisHost(t *testing.T) {
	for _, o := range []string{"", "nohost", "other-host.example/1/00", "x/notapid/00"} {
		if deadHere(o) {
			t.Errorf("%q judged dead", o)
		}
	}
	host, _ := os.Hostname()
	if deadHere(fmt.Sprintf("%s/%d/00", host, os.Getpid())) {
		t.Error("this process judged dead")
	}
}

func TestParseRole(t *testing.T) {
	for in, want := range map[string]Role{"": RoleAll, "all": RoleAll, "fetch": RoleFetch, "web": RoleWeb} {
		if r, err := ParseRole(in); r != want || err != nil {
			t.Errorf("%q: %v %v", in, r, err)
		}
	}
	if _, err := ParseRole("both"); err == nil {
		t.Error("an unknown role was accepted")
	}
	if !RoleFetch.Fetches() || RoleFetch.Serves() || RoleWeb.Fetches() || !RoleWeb.Serves() || !RoleAll.Fetches() || !RoleAll.Serves() {
		t.Error("role capabilities")
	}
}
