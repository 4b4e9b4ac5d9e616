package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// countedFeeds serves n feeds at /feed/I, each answering after delay (feed
// servers are slow in real life, which keeps a round going while a second
// fetcher starts), and counts the requests each gets.
type countedFeeds struct {
	mu   sync.Mutex
	hits map[string]int
	srv  *httptest.Server
}

func newCountedFeeds(t *testing.T, delay time.Duration) *countedFeeds {
	t.Helper()
	c := &countedFeeds{hits: map[string]int{}}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.hits[r.URL.Path]++
		c.mu.Unlock()
		time.Sleep(delay)
		n := strings.TrimPrefix(r.URL.Path, "/feed/")
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk %[1]s</title><link>http://desk%[1]s.example.org/</link>
<item><title>Desk %[1]s: talks on Syria resume in Damascus, round %[1]s</title><link>http://desk%[1]s.example.org/a/%[1]s</link><guid>d%[1]s-1</guid>
<description>Desk %[1]s reports that envoys met in Damascus about Syria; their statement %[1]s named the next round.</description></item>
</channel></rss>`, n)
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *countedFeeds) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.hits))
	for k, v := range c.hits {
		out[k] = v
	}
	return out
}

// fleetConfig writes one configuration per node name into one directory,
// all on one database (a path relative to the directory, or a URL), each
// listening on its own address, with settings (YAML of the publish and
// fetch sections) appended to every node's file.
func fleetConfig(t *testing.T, feeds string, n int, database, settings string, names ...string) (paths, addrs map[string]string) {
	t.Helper()
	dir := t.TempDir()
	var srcs strings.Builder
	srcs.WriteString("sources:\n")
	for i := range n {
		fmt.Fprintf(&srcs, "  - id: desk-%d\n    url: %s/feed/%d\n", i, feeds, i)
	}
	files := map[string]string{
		"sources.yaml":  srcs.String(),
		"topics.yaml":   "topics:\n  - slug: syria\n    title: Syria\n    match: country:syria\n",
		"taxonomy.yaml": "entries:\n  - {id: syria, kind: country, name: Syria, iso: SY}\n",
	}
	paths, addrs = map[string]string{}, map[string]string{}
	for _, name := range names {
		addrs[name] = freeAddr(t)
		files[name+".yaml"] = fmt.Sprintf("listen: %s\nbase_url: http://feeds.example.org/\ndatabase: %q\n"+
			"sources: sources.yaml\ntopics: topics.yaml\ntaxonomy: taxonomy.yaml\n", addrs[name], database) + settings
		paths[name] = filepath.Join(dir, name+".yaml")
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return paths, addrs
}

// TestTwoFetchDaemonsShareOneDatabase runs the real binary as two `-role
// fetch` daemons, started together, and a `-role web` daemon on one SQLite
// file: every feed is fetched exactly once in the first round (before leases
// two daemons fetched every source), both fetchers take part, the web node
// fetches nothing and serves what they stored, and the fetch nodes serve no
// feeds.
func TestTwoFetchDaemonsShareOneDatabase(t *testing.T) {
	const feeds = 30
	srv := newCountedFeeds(t, 150*time.Millisecond)
	paths, addrs := fleetConfig(t, srv.srv.URL, feeds, "data/fleet.db",
		// One loopback server stands for 30 outlets: per_host, which holds
		// across the fleet and counts leases, lets both fetchers hold all
		// theirs (a daemon runs twice its 3 requests in flight: each fetch
		// keeps its lease until written). With 6, the first fetcher to claim
		// could hold every lease the host allows and leave the other none.
		"publish:\n  refresh: 500ms\nfetch:\n  concurrency: 3\n  per_host: 12\n  allow_private_addresses: true\n", "fetch-a", "fetch-b", "web")
	// The schema is created once, before the fleet starts.
	if code, _, errOut := runCmd(t, "sources", "-config", paths["fetch-a"]); code != 0 {
		t.Fatalf("sources: %d %s", code, errOut)
	}

	var fetchers []*daemonProc
	for _, name := range []string{"fetch-a", "fetch-b"} {
		d := spawnDaemon(t, name, paths[name], addrs[name], "-role", "fetch", "-no-watch")
		fetchers = append(fetchers, d)
	}
	for _, d := range fetchers {
		waitFor(t, d.base+"/healthz", `"status"`, 30*time.Second)
	}
	web := startDaemon(t, paths["web"], addrs["web"], "-role", "web", "-no-watch")

	deadline := time.Now().Add(60 * time.Second)
	for len(srv.snapshot()) < feeds && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second) // a double fetch would show up by now
	hits := srv.snapshot()
	if len(hits) != feeds {
		t.Fatalf("%d of %d feeds fetched", len(hits), feeds)
	}
	total := 0
	for path, n := range hits {
		total += n
		if n != 1 {
			t.Errorf("%s fetched %d times", path, n)
		}
	}
	var per []int
	for _, d := range fetchers {
		per = append(per, strings.Count(d.logs.String(), "msg=fetch source=desk-"))
	}
	t.Logf("%d requests for %d feeds; fetched by the two daemons: %v", total, feeds, per)
	if per[0] == 0 || per[1] == 0 || per[0]+per[1] != feeds {
		t.Errorf("fetches per daemon %v, want both taking part and %d in all", per, feeds)
	}

	dbPath := filepath.Join(filepath.Dir(paths["web"]), "data", "fleet.db")
	if n := countWhere(t, dbPath, `SELECT count(*) FROM articles`); n != feeds {
		t.Errorf("%d articles stored, want %d", n, feeds)
	}
	waitFor(t, web.base+"/feeds/syria.rss", ": talks on Syria resume in Damascus", 15*time.Second)
	resp, err := http.Get(fetchers[0].base + "/feeds/syria.rss")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a fetch node served a feed: %d", resp.StatusCode)
	}
}

// fetchedBeforeClaim fails the test if log, before the line reporting a
// refused claim on the fault test's source, shows a fetch of it: with fetch
// leases a database fault is met at the claim, and nothing is fetched that
// could not be stored.
func fetchedBeforeClaim(t *testing.T, log, claimLine string) {
	t.Helper()
	before, _, _ := strings.Cut(log, claimLine)
	for _, l := range strings.Split(before, "\n") {
		if strings.Contains(l, "msg=fetch source=wire") && !strings.Contains(l, "claim source") {
			t.Errorf("the source was fetched during the fault although its claim failed: %s", l)
		}
	}
}
