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

	"github.com/intlwire/aggregator/internal/store/storetest"
)

// politeHost is one loopback feed server (one host:port) that counts the
// requests it is answering at once, and the most it ever answered at once.
type politeHost struct {
	mu             sync.Mutex
	inFlight, peak int
	first          map[string]int
	srv            *httptest.Server
}

func newPoliteHost(t *testing.T, name string, delay time.Duration) *politeHost {
	t.Helper()
	h := &politeHost{first: map[string]int{}}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := strings.TrimPrefix(r.URL.Path, "/feed/")
		h.mu.Lock()
		h.inFlight++
		h.peak = max(h.peak, h.inFlight)
		h.first[n]++
		h.mu.Unlock()
		defer func() {
			h.mu.Lock()
			h.inFlight--
			h.mu.Unlock()
		}()
		time.Sleep(delay)
		var i int
		fmt.Sscan(n, &i)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s %[2]d</title><link>http://%[1]s.example.org/</link>
<item><title>%[1]s %[2]d: %[3]s</title><link>http://%[1]s.example.org/a/%[2]d</link><guid>%[1]s-%[2]d</guid>
<description>%[4]s</description></item></channel></rss>`, name, i, eventWords(1000*len(name)+i, 6), eventWords(1000*len(name)+i, 60))
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *politeHost) stats() (peak int, first map[string]int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	first = make(map[string]int, len(h.first))
	for k, v := range h.first {
		first[k] = v
	}
	return h.peak, first
}

// TestFleetKeepsPerHostOnPostgres is issue 16's per-host politeness across
// fetchers: three `-role fetch` daemons on one PostgreSQL database, started
// together, share 120 feeds on three loopback hosts (40 each, answering
// after 150 ms) with fetch.per_host 2 and 8 requests in flight each. No host
// ever answers more than 2 requests at once, fleet-wide — with politeness
// per process, three fetchers had up to 6 on a host — and every feed is
// still requested exactly once and stored.
func TestFleetKeepsPerHostOnPostgres(t *testing.T) {
	pg := storetest.PostgresURL(t) // skips without a server
	const perHost, perServer = 2, 40
	names := []string{"alpha", "bravo", "charlie"}
	var hosts []*politeHost
	var srcs strings.Builder
	srcs.WriteString("sources:\n")
	for _, name := range names {
		h := newPoliteHost(t, name, 150*time.Millisecond)
		hosts = append(hosts, h)
		for i := range perServer {
			fmt.Fprintf(&srcs, "  - id: %s-%d\n    url: %s/feed/%d\n", name, i, h.srv.URL, i)
		}
	}
	dir := t.TempDir()
	files := map[string]string{
		"sources.yaml":  srcs.String(),
		"topics.yaml":   "topics:\n  - slug: syria\n    title: Syria\n    match: country:syria\n",
		"taxonomy.yaml": "entries:\n  - {id: syria, kind: country, name: Syria, iso: SY}\n",
	}
	settings := fmt.Sprintf("fetch:\n  schedule: \"@every 1h\"\n  concurrency: 8\n  per_host: %d\n  timeout: 5s\n  lease: 20s\n  allow_private_addresses: true\n", perHost)
	var paths, addrs []string
	for i := range 3 {
		addr := freeAddr(t)
		addrs = append(addrs, addr)
		name := fmt.Sprintf("fetch-%d.yaml", i)
		files[name] = fmt.Sprintf("listen: %s\nbase_url: http://feeds.example.org/\ndatabase: %q\n"+
			"sources: sources.yaml\ntopics: topics.yaml\ntaxonomy: taxonomy.yaml\n", addr, pg) + settings
		paths = append(paths, filepath.Join(dir, name))
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, errOut := runCmd(t, "sources", "-config", paths[0]); code != 0 { // the schema, once
		t.Fatalf("sources: %d %s", code, errOut)
	}
	var fetchers []*daemonProc
	for i := range paths {
		fetchers = append(fetchers, spawnDaemon(t, fmt.Sprintf("fetch-%d", i), paths[i], addrs[i], "-role", "fetch", "-no-watch"))
	}
	feeds := perServer * len(names)
	start := time.Now()
	for deadline := start.Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if articles, _ := storeCounts(t, pg); articles >= feeds {
			break
		}
	}
	round := time.Since(start)
	time.Sleep(500 * time.Millisecond) // a doubled fetch would show by now
	articles, _ := storeCounts(t, pg)
	var split []string
	for _, f := range fetchers {
		split = append(split, fmt.Sprint(strings.Count(f.logs.String(), "msg=fetch source=")))
	}
	t.Logf("%d feeds on %d hosts stored in %.1fs (fetches per fetcher %s)", articles, len(hosts), round.Seconds(), strings.Join(split, "/"))
	if articles != feeds {
		t.Errorf("stored %d articles, want %d", articles, feeds)
	}
	for k, h := range hosts {
		peak, first := h.stats()
		t.Logf("host %s: at most %d requests at once", names[k], peak)
		if peak > perHost {
			t.Errorf("host %s answered %d requests at once across the fleet, per_host is %d", names[k], peak, perHost)
		}
		for i := range perServer {
			if n := first[fmt.Sprint(i)]; n != 1 {
				t.Errorf("%s feed %d requested %d times, want once", names[k], i, n)
			}
		}
	}
}
