package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/race"
	"github.com/intlwire/aggregator/internal/store"
)

// The hostile-feed tests run the real pipeline — fetch client, ingest, tag,
// dedupe, store, topics — over a round of three sources: two well-behaved
// feeds and one hostile server. Each hostile feed must be ingested sensibly
// or rejected with the error recorded in the store's fetch state, within the
// configured time and memory limits, and the two good feeds must land as if
// nothing had happened.

// hostileTimeout is the fetch timeout of the hostile rounds: short, so the
// slow-drip case is cut quickly, yet long enough for the 8 MB bodies of the
// big cases to be read under the race detector on a busy machine (at 2 s
// they timed out there, and the case tested the machine, not the feed).
const hostileTimeout = 5 * time.Second

// hostileMaxItems is the configured max_items of the hostile rounds.
const hostileMaxItems = 200

// hostileCase is one hostile server and what the round must make of it.
type hostileCase struct {
	name  string
	serve http.HandlerFunc
	// reject, when set, says the hostile source must fail and its recorded
	// error must contain this text. Otherwise it must be fetched.
	reject string
	// maxTime bounds the whole round (default hostileTimeout + 3s).
	maxTime time.Duration
	// maxHeap bounds the peak HeapInuse during the round (default 120 MiB).
	maxHeap uint64
	// maxAlloc bounds the bytes allocated during the round (default 400 MiB).
	maxAlloc uint64
	// check looks at what the hostile source left in the store.
	check func(t *testing.T, r *hostileRun)
}

// hostileRun is the outcome of one round with a hostile source.
type hostileRun struct {
	res      SourceResult    // the hostile source's result
	arts     []storedArticle // its stored articles, in insertion order
	p        *Pipeline
	st       *store.Store
	elapsed  time.Duration
	peakHeap uint64
	allocs   uint64 // bytes allocated during the round
}

// storedArticle is an article row as the store holds it.
type storedArticle struct {
	GUID, URL, Canonical, Title, Summary, Text, HTML, Image string
	Published, Updated                                      time.Time
}

// hostilePipeline builds a pipeline over a fresh database whose sources are
// srcs (id → URL), with short fetch limits.
func hostilePipeline(t *testing.T, srcs [][2]string) (*Pipeline, *store.Store) {
	t.Helper()
	return buildPipeline(t, testSetup{sources: srcs, topics: syriaTopic,
		fetch: fmt.Sprintf("  timeout: %s\n  max_body: 10MiB\n  max_items: %d\n  concurrency: 4\n", hostileTimeout, hostileMaxItems)})
}

// goodFeed is a well-behaved RSS feed with three distinct items.
func goodFeed(id string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Good %s</title><link>https://%s.example.org/</link>`, id, id)
	topics := []string{"Syrian ceasefire talks resume in Damascus", "Putin and envoys hold a summit on Idlib", "Markets in %s close higher"}
	for i, top := range topics {
		title := top
		if strings.Contains(top, "%s") {
			title = fmt.Sprintf(top, id)
		}
		fmt.Fprintf(&b, `<item><title>%s (%s)</title><link>https://%s.example.org/story/%d</link><guid>%s-%d</guid>
<description>Report %d from desk %s: %s, officials said on day %d of the %s coverage.</description><pubDate>Tue, 10 Nov 2026 0%d:00:00 GMT</pubDate></item>`,
			title, id, id, i, id, i, i, id, title, i*7+len(id), id, i)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// runHostile runs one round over good-a, the hostile server and good-b, and
// checks the limits and the good sources.
func runHostile(t *testing.T, c hostileCase) *hostileRun {
	t.Helper()
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, goodFeed(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".xml")))
	}))
	defer good.Close()
	bad := httptest.NewServer(c.serve)
	defer bad.Close()
	p, st := hostilePipeline(t, [][2]string{{"good-a", good.URL + "/good-a.xml"}, {"hostile", bad.URL + "/feed"}, {"good-b", good.URL + "/good-b.xml"}})
	if c.maxTime == 0 {
		c.maxTime = hostileTimeout + 3*time.Second
	}
	slack := time.Duration(1)
	if race.Enabled { // the race detector slows parsing down tenfold
		slack = 4
	}
	c.maxTime *= slack
	if c.maxHeap == 0 {
		c.maxHeap = 120 << 20
	}
	if c.maxAlloc == 0 {
		c.maxAlloc = 400 << 20
	}

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	var peak uint64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // sample the heap while the round runs
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), c.maxTime+10*time.Second)
	defer cancel()
	start := time.Now()
	sum, err := p.Round(ctx, RoundOptions{All: true})
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatalf("round: %v", err)
	}
	run := &hostileRun{p: p, st: st, elapsed: elapsed, peakHeap: peak, allocs: after.TotalAlloc - before.TotalAlloc}
	t.Logf("round %v, peak heap in use %d MiB (before %d MiB), allocated %d MiB",
		elapsed.Round(time.Millisecond), peak>>20, before.HeapInuse>>20, run.allocs>>20)
	if elapsed > c.maxTime {
		t.Errorf("round took %v, limit %v", elapsed, c.maxTime)
	}
	if peak > c.maxHeap {
		t.Errorf("peak heap in use %d MiB, limit %d MiB", peak>>20, c.maxHeap>>20)
	}
	if run.allocs > c.maxAlloc {
		t.Errorf("allocated %d MiB during the round, limit %d MiB", run.allocs>>20, c.maxAlloc>>20)
	}

	for _, r := range sum.Results {
		switch r.Source {
		case "hostile":
			run.res = r
		default: // the good sources are unaffected
			if r.Outcome != OutcomeFetched || r.New != 3 || r.Error != "" {
				t.Errorf("good source %s: %+v", r.Source, r)
			}
			if r.Duration > slack*time.Second {
				t.Errorf("good source %s took %v: held up by the hostile one?", r.Source, r.Duration)
			}
			if n := len(storedArticles(t, st, r.Source)); n != 3 {
				t.Errorf("good source %s: %d articles stored, want 3", r.Source, n)
			}
		}
	}
	if sum.Sources != 3 || run.res.Source == "" {
		t.Fatalf("round summary: %+v", sum)
	}
	fs, err := st.FetchState(context.Background(), "hostile")
	if err != nil {
		t.Fatal(err)
	}
	run.arts = storedArticles(t, st, "hostile")
	if c.reject != "" {
		if run.res.Outcome != OutcomeFailed {
			t.Errorf("hostile source: outcome %q, want failed (%s); result %+v", run.res.Outcome, c.reject, run.res)
		}
		if !strings.Contains(fs.LastError, c.reject) || fs.ErrorCount != 1 {
			t.Errorf("recorded error %q (count %d), want one containing %q", fs.LastError, fs.ErrorCount, c.reject)
		}
		if !fs.NextDue.After(time.Now()) {
			t.Errorf("a failed source must back off: next due %v", fs.NextDue)
		}
		if len(run.arts) != 0 {
			t.Errorf("a rejected feed stored %d articles", len(run.arts))
		}
		t.Logf("rejected: %s", fs.LastError)
	} else {
		if run.res.Outcome != OutcomeFetched || fs.LastError != "" || fs.ErrorCount != 0 {
			t.Errorf("hostile source should have been ingested: %+v; recorded error %q", run.res, fs.LastError)
		}
		for _, a := range run.arts {
			checkSaneArticle(t, a)
		}
		t.Logf("ingested %d items, stored %d: %.300s", run.res.Items, len(run.arts), strings.Join(titles(run.arts), " | "))
	}
	if c.check != nil {
		c.check(t, run)
	}
	if res, err := st.IntegrityCheck(context.Background()); err != nil || res != "ok" {
		t.Errorf("integrity check: %q %v", res, err)
	}
	return run
}

// storedArticles reads a source's articles straight from the database.
func storedArticles(t *testing.T, st *store.Store, source string) []storedArticle {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+st.Path()+"?_pragma=query_only(1)&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT guid, url, canonical_url, title, summary, text, content_html, image_url, published, updated
		FROM articles WHERE source_id = ? ORDER BY id`, source)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []storedArticle
	for rows.Next() {
		var a storedArticle
		var pub, upd int64
		if err := rows.Scan(&a.GUID, &a.URL, &a.Canonical, &a.Title, &a.Summary, &a.Text, &a.HTML, &a.Image, &pub, &upd); err != nil {
			t.Fatal(err)
		}
		a.Published, a.Updated = time.Unix(pub, 0).UTC(), time.Unix(upd, 0).UTC()
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkSaneArticle holds for every article, whatever its feed was like: a
// GUID, bounded sizes, only http(s) links, plain text without control
// characters, dates between 1990 and now.
func checkSaneArticle(t *testing.T, a storedArticle) {
	t.Helper()
	if a.GUID == "" {
		t.Errorf("article without a GUID: %+.200v", a)
	}
	if len(a.Title) > 1000 || len(a.Summary) > 1000 || len(a.Text) > 64<<10 || len(a.HTML) > 256<<10 {
		t.Errorf("article %q: sizes title %d summary %d text %d html %d exceed the limits", a.GUID, len(a.Title), len(a.Summary), len(a.Text), len(a.HTML))
	}
	for _, u := range []string{a.URL, a.Canonical, a.Image} {
		if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			t.Errorf("article %q keeps a non-http link %q", a.GUID, u)
		}
	}
	for _, s := range []string{a.Title, a.Summary, a.Text} {
		if i := strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0xFFFD }); i >= 0 {
			t.Errorf("article %q: control or replacement character in %q", a.GUID, s[max(0, i-20):min(len(s), i+20)])
		}
	}
	now := time.Now().UTC()
	for _, d := range []time.Time{a.Published, a.Updated} {
		if d.Unix() < 86400 || d.After(now.Add(time.Hour)) {
			t.Errorf("article %q: date %v out of range", a.GUID, d)
		}
	}
}

// serveString answers every request with body and Content-Type ct.
func serveString(ct, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Write([]byte(body))
	}
}

// rss wraps items in an RSS 2.0 channel.
func rss(items string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example.org/</link>` +
		items + `</channel></rss>`
}

// titles returns the stored titles.
func titles(arts []storedArticle) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.Title)
	}
	return out
}
