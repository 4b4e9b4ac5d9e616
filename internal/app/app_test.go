package app

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store"
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

// TestAReloadAppliesPublishSettings: a reload whose publish settings
// changed (site title, default limit, max-age, WebSub hub) serves the feeds
// with them from the next request on, as a restart would; a reload the
// pipeline refuses leaves the old ones.
func TestAReloadAppliesPublishSettings(t *testing.T) {
	ctx := context.Background()
	cfg := smallConfig(t)
	parts, err := Build(ctx, ForRole(RoleWeb, cfg, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer parts.Close()
	get := func(path string) (body, cacheControl string) {
		t.Helper()
		rec := httptest.NewRecorder()
		parts.Server.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d", path, rec.Code)
		}
		return rec.Body.String(), rec.Header().Get("Cache-Control")
	}
	if body, _ := get("/feeds/syria.atom"); strings.Contains(body, "Desk Wire") || strings.Contains(body, "hub.example.org") {
		t.Fatalf("the new settings before the reload:\n%s", body)
	}
	next := *cfg
	next.Publish.Title, next.Publish.WebSub = "Desk Wire", "https://hub.example.org/"
	next.Publish.MaxAge = config.Duration(7 * time.Minute)
	if err := parts.Reload(ctx, &next); err != nil {
		t.Fatal(err)
	}
	body, cc := get("/feeds/syria.atom")
	if !strings.Contains(body, "Desk Wire") || !strings.Contains(body, `href="https://hub.example.org/"`) || !strings.Contains(cc, "max-age=420") {
		t.Errorf("after the reload: Cache-Control %q, feed:\n%s", cc, body)
	}
	if opml, _ := get("/feeds.opml"); !strings.Contains(opml, "Desk Wire") {
		t.Errorf("the OPML keeps the old title:\n%s", opml)
	}
}

// TestAReloadAppliesPublishRefresh: a web node follows the changes other
// processes make every publish.refresh; a reload that shortens it applies
// at once (here from an hour, which would never see the change, to 100ms).
func TestAReloadAppliesPublishRefresh(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := smallConfig(t)
	parts, err := Build(ctx, ForRole(RoleWeb, cfg, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer parts.Close()
	go parts.FollowChanges(ctx, time.Hour)
	feed := func() string {
		rec := httptest.NewRecorder()
		parts.Server.ServeHTTP(rec, httptest.NewRequest("GET", "/feeds/syria.rss", nil))
		return rec.Body.String()
	}
	next := *cfg
	next.Publish.Refresh = config.Duration(100 * time.Millisecond)
	if err := parts.Reload(ctx, &next); err != nil {
		t.Fatal(err)
	}
	feed() // cached: only an invalidation renders it again
	// Another process stores a story in the topic and bumps its counter.
	if err := parts.Store.SyncSources(ctx, cfg.ModelSources()); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	r, err := parts.Store.Ingest(ctx, model.FetchState{SourceID: "desk"}, []model.Article{{GUID: "g1", URL: "http://desk.example.org/1",
		Title: "Talks on Syria resume in Geneva", Text: "Envoys met in Geneva on Syria.", FetchedAt: now, Published: now}})
	if err != nil {
		t.Fatal(err)
	}
	story := r.Added[0].StoryID
	if _, err := parts.Store.SetTopics(ctx, []store.Membership{{StoryID: story, Updated: now, Topics: []string{"syria"}, New: true}}); err != nil {
		t.Fatal(err)
	}
	if err := parts.Store.BumpTopics(ctx, []string{"syria"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(feed(), "Talks on Syria resume") {
		if time.Now().After(deadline) {
			t.Fatal("the change was not followed within 5 s of a reload to publish.refresh 100ms")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
