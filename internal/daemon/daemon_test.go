package daemon

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/app"
	"github.com/intlwire/aggregator/internal/config"
)

// deskFeed is a loopback RSS feed whose items a test can add to; it counts
// the requests it gets and can hold each response for a delay.
type deskFeed struct {
	mu       sync.Mutex
	items    []string
	requests int
	delay    time.Duration
	srv      *httptest.Server
}

func newDeskFeed(t *testing.T, titles ...string) *deskFeed {
	t.Helper()
	f := &deskFeed{items: titles}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests++
		items, delay := append([]string(nil), f.items...), f.delay
		f.mu.Unlock()
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title><link>%s/</link>`, f.srv.URL)
		for i, title := range items {
			fmt.Fprintf(w, `<item><title>%s</title><link>%s/a/%d</link><guid>desk-%d</guid>
<description>%s.</description></item>`, title, f.srv.URL, i, i, title)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *deskFeed) add(title string) {
	f.mu.Lock()
	f.items = append(f.items, title)
	f.mu.Unlock()
}

func (f *deskFeed) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// writeConfig writes a small configuration (one topic, a one-entry
// taxonomy, the desk feed on a 1s schedule) into dir as name and loads it.
// Several configurations in one dir share its database, as a fleet does.
func writeConfig(t *testing.T, dir, name, feedURL, extra string) (string, *config.Config) {
	t.Helper()
	files := map[string]string{
		name: "listen: 127.0.0.1:0\nbase_url: http://feeds.example.org/\ndatabase: data/shared.db\n" +
			"sources: sources.yaml\ntopics: topics.yaml\ntaxonomy: taxonomy.yaml\n" +
			"publish:\n  refresh: 200ms\nfetch:\n  schedule: \"@every 1s\"\n  allow_private_addresses: true\n" + extra,
		"sources.yaml":  "sources:\n  - id: desk\n    url: " + feedURL + "\n",
		"taxonomy.yaml": "entries:\n  - {id: syria, kind: country, name: Syria, iso: SY}\n",
	}
	if _, err := os.Stat(filepath.Join(dir, "topics.yaml")); err != nil {
		files["topics.yaml"] = "topics:\n  - slug: syria\n    title: Syria\n    match: country:syria\n"
	}
	for n, body := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, name)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, cfg
}

// build builds a daemon of role on the configuration and shuts it down at
// the end of the test.
func build(t *testing.T, path string, cfg *config.Config, role app.Role) *Daemon {
	t.Helper()
	d, err := Build(context.Background(), Options{ConfigPath: path, Config: cfg, Role: role, ShutdownGrace: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		d.Shutdown(ctx)
	})
	return d
}

// get fetches url and returns the status, body and ETag.
func get(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("ETag")
}

// eventually polls f until it holds or d passes.
func eventually(t *testing.T, d time.Duration, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBuildFailsCleanlyOnBusyPort(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	feed := newDeskFeed(t)
	path, cfg := writeConfig(t, t.TempDir(), "aggregator.yaml", feed.srv.URL, "")
	cfg.Listen = busy.Addr().String()
	_, err = Build(context.Background(), Options{ConfigPath: path, Config: cfg})
	if err == nil || !strings.Contains(err.Error(), "listen on "+cfg.Listen) {
		t.Fatalf("Build on a busy port: %v", err)
	}
	// The database was closed again: a second build on another port works
	// and nothing was fetched by the failed one.
	cfg.Listen = "127.0.0.1:0"
	d := build(t, path, cfg, app.RoleAll)
	if d.URL() == "" || feed.count() != 0 {
		t.Fatalf("url %q, %d fetches before Serve", d.URL(), feed.count())
	}
}

func TestServeFetchesAndServes(t *testing.T) {
	feed := newDeskFeed(t, "Envoys meet in Damascus for Syria ceasefire talks with the opposition")
	path, cfg := writeConfig(t, t.TempDir(), "aggregator.yaml", feed.srv.URL, "")
	d := build(t, path, cfg, app.RoleAll)
	d.Serve()
	eventually(t, 15*time.Second, "the fetched story in the topic feed", func() bool {
		_, body, _ := get(t, d.URL()+"feeds/syria.rss")
		return strings.Contains(body, "Envoys meet in Damascus")
	})
	if code, body, _ := get(t, d.URL()+"healthz"); code != 200 || !strings.Contains(body, `"status"`) {
		t.Fatalf("healthz %d %s", code, body)
	}
}

func TestReloadKeepsOldConfigOnProblemsAndTakesGoodOne(t *testing.T) {
	feed := newDeskFeed(t, "Envoys meet in Damascus for Syria ceasefire talks with the opposition")
	dir := t.TempDir()
	path, cfg := writeConfig(t, dir, "aggregator.yaml", feed.srv.URL, "")
	d := build(t, path, cfg, app.RoleWeb)
	d.Serve()
	topics := filepath.Join(dir, "topics.yaml")
	os.WriteFile(topics, []byte("topics:\n  - slug: bad\n    title: Bad\n    match: country:atlantis\n"), 0o644)
	if err := d.Reload(context.Background(), "test"); err == nil {
		t.Fatal("a topic naming an unknown tag was accepted")
	}
	if code, _, _ := get(t, d.URL()+"feeds/syria.rss"); code != 200 {
		t.Fatalf("after a rejected reload the old topic answers %d", code)
	}
	if _, body, _ := get(t, d.URL()+"healthz"); !strings.Contains(body, "reload_error") {
		t.Fatalf("healthz does not report the rejected reload: %s", body)
	}
	os.WriteFile(topics, []byte("topics:\n  - slug: levant\n    title: Levant\n    match: country:syria\n"), 0o644)
	if err := d.Reload(context.Background(), "test"); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := get(t, d.URL()+"feeds/levant.rss"); code != 200 {
		t.Fatalf("the reloaded topic answers %d", code)
	}
	if code, _, _ := get(t, d.URL()+"feeds/syria.rss"); code != 404 {
		t.Fatalf("the removed topic answers %d", code)
	}
}

func TestShutdownLetsInFlightFetchFinishThenCuts(t *testing.T) {
	feed := newDeskFeed(t, "Envoys meet in Damascus for Syria ceasefire talks with the opposition")
	feed.delay = 700 * time.Millisecond
	path, cfg := writeConfig(t, t.TempDir(), "aggregator.yaml", feed.srv.URL, "")
	d := build(t, path, cfg, app.RoleFetch)
	d.Serve()
	eventually(t, 10*time.Second, "the fetch to start", func() bool { return feed.count() > 0 })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	d.Shutdown(ctx)
	if took := time.Since(start); took > 4*time.Second {
		t.Fatalf("shutdown took %v", took)
	}
	// The fetch in flight finished and was stored before the store closed.
	st, err := app.OpenStore(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fs, err := st.FetchState(context.Background(), "desk")
	if err != nil || fs.LastSuccess.IsZero() {
		t.Fatalf("the in-flight fetch was lost: %+v %v", fs, err)
	}
	if l, _ := st.SourceLease(context.Background(), "desk"); l.Owner != "" {
		t.Fatalf("the lease outlived the shutdown: %+v", l)
	}

	// A fetch that outlasts the grace period is cut off at the deadline.
	feed.mu.Lock()
	feed.delay = time.Minute
	feed.mu.Unlock()
	d2 := build(t, path, cfg, app.RoleFetch)
	n := feed.count()
	d2.Serve()
	eventually(t, 10*time.Second, "the slow fetch to start", func() bool { return feed.count() > n })
	ctx2, cancel2 := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel2()
	start = time.Now()
	d2.Shutdown(ctx2)
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("shutdown waited %v past a 500ms grace", took)
	}
}

// TestRolesShareOneDatabase runs a fetch node and a web node in one
// database: the fetch node answers only health and metrics, the web node
// fetches nothing and re-renders a feed (new ETag) when the fetch node
// changed it, and only then.
func TestRolesShareOneDatabase(t *testing.T) {
	feed := newDeskFeed(t, "Envoys meet in Damascus for Syria ceasefire talks with the opposition")
	dir := t.TempDir()
	webPath, webCfg := writeConfig(t, dir, "web.yaml", feed.srv.URL, "")
	web := build(t, webPath, webCfg, app.RoleWeb)
	web.Serve()
	_, _, emptyTag := get(t, web.URL()+"feeds/syria.rss")
	time.Sleep(1500 * time.Millisecond)
	if n := feed.count(); n != 0 {
		t.Fatalf("the web node fetched %d times", n)
	}

	fetchPath, fetchCfg := writeConfig(t, dir, "fetch.yaml", feed.srv.URL, "")
	fetcher := build(t, fetchPath, fetchCfg, app.RoleFetch)
	fetcher.Serve()
	if code, _, _ := get(t, fetcher.URL()+"feeds/syria.rss"); code != 404 {
		t.Fatalf("the fetch node serves feeds: %d", code)
	}
	if code, body, _ := get(t, fetcher.URL()+"metrics"); code != 200 || !strings.Contains(body, "aggregator_") {
		t.Fatalf("the fetch node's metrics: %d", code)
	}
	var etag string
	eventually(t, 15*time.Second, "the web node to show what the fetch node stored", func() bool {
		_, body, tag := get(t, web.URL()+"feeds/syria.rss")
		etag = tag
		return strings.Contains(body, "Envoys meet in Damascus")
	})
	if etag == emptyTag {
		t.Fatal("the changed feed kept its ETag")
	}
	// Fetches that change nothing leave the bytes and the ETag alone.
	n := feed.count()
	eventually(t, 10*time.Second, "two more fetches", func() bool { return feed.count() >= n+2 })
	if _, _, tag := get(t, web.URL()+"feeds/syria.rss"); tag != etag {
		t.Fatalf("ETag moved without a change: %s → %s", etag, tag)
	}
	feed.add("Floods in Aleppo: Syria asks the Red Crescent for tents and water pumps")
	eventually(t, 15*time.Second, "the new story on the web node", func() bool {
		_, body, tag := get(t, web.URL()+"feeds/syria.rss")
		return strings.Contains(body, "Floods in Aleppo") && tag != etag
	})
}

// TestFetchRoleAnswersOnAdminListenOnly: with admin_listen set, a fetch node
// binds nothing on listen and answers health and metrics on admin_listen.
func TestFetchRoleAnswersOnAdminListenOnly(t *testing.T) {
	feed := newDeskFeed(t)
	listen, admin := freeAddr(t), freeAddr(t)
	path, cfg := writeConfig(t, t.TempDir(), "aggregator.yaml", feed.srv.URL, "admin_listen: "+admin+"\n")
	cfg.Listen = listen
	d := build(t, path, cfg, app.RoleFetch)
	d.Serve()
	if code, body, _ := get(t, d.URL()+"healthz"); code != 200 || !strings.Contains(body, `"status"`) {
		t.Fatalf("admin healthz %d %s", code, body)
	}
	if code, _, _ := get(t, d.URL()+"feeds/syria.rss"); code != 404 {
		t.Fatalf("the admin listener serves feeds: %d", code)
	}
	if ln, err := net.Listen("tcp", listen); err != nil {
		t.Fatalf("the fetch node holds the public address: %v", err)
	} else {
		ln.Close()
	}
}

// freeAddr returns a loopback address with a port free at the time of asking.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestOnlyTheFetchNodePingsWebSub: a fetch node and a web node, both with a
// hub configured. A change is announced once per feed format, by the fetch
// node; the web node, which re-renders the changed feed too, pings nothing.
// (The announcement memory in the database would usually stop a web node's
// ping too, but not when it renders first: NoPings makes it certain.)
func TestOnlyTheFetchNodePingsWebSub(t *testing.T) {
	var mu sync.Mutex
	pings := map[string]int{}
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		pings[r.URL.Path+" "+r.PostForm.Get("hub.url")]++
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hub.Close()
	count := func() (n int, each map[string]int) {
		mu.Lock()
		defer mu.Unlock()
		each = map[string]int{}
		for k, v := range pings {
			n += v
			each[k] = v
		}
		return n, each
	}
	feed := newDeskFeed(t, "Envoys meet in Damascus for Syria ceasefire talks with the opposition")
	dir := t.TempDir()
	webPath, webCfg := writeConfig(t, dir, "web.yaml", feed.srv.URL, "")
	webCfg.Publish.WebSub = hub.URL + "/web" // who pinged shows in the path
	web := build(t, webPath, webCfg, app.RoleWeb)
	web.Serve()
	fetchPath, fetchCfg := writeConfig(t, dir, "fetch.yaml", feed.srv.URL, "")
	fetchCfg.Publish.WebSub = hub.URL + "/fetch"
	fetcher := build(t, fetchPath, fetchCfg, app.RoleFetch)
	fetcher.Serve()
	eventually(t, 15*time.Second, "the web node to show the stored story", func() bool {
		_, body, _ := get(t, web.URL()+"feeds/syria.atom")
		return strings.Contains(body, "Envoys meet in Damascus") && strings.Contains(body, hub.URL)
	})
	eventually(t, 10*time.Second, "the hub to hear of the change", func() bool { n, _ := count(); return n >= 3 })
	// A few more fetches and refreshes of the web node, which change nothing.
	n := feed.count()
	eventually(t, 10*time.Second, "two more fetches", func() bool { return feed.count() >= n+2 })
	time.Sleep(500 * time.Millisecond)
	total, each := count()
	if total != 3 || len(each) != 3 {
		t.Fatalf("pings %v, want one per feed format of the one topic", each)
	}
	for k := range each {
		if !strings.HasPrefix(k, "/fetch ") {
			t.Errorf("ping %q did not come from the fetch node", k)
		}
	}
}
