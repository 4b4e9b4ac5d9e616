package pipeline

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/store"
)

var (
	_ Store  = (*store.Store)(nil)
	_ Leases = (*store.Store)(nil)
)

// countingFeeds serves n small RSS feeds at /feed/I and counts the requests
// each one gets.
func countingFeeds(t *testing.T, n int) (*httptest.Server, func() map[string]int) {
	t.Helper()
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk %[1]s</title><link>http://%[2]s/</link>
<item><title>Report %[1]s from the desk</title><link>http://%[2]s%[1]s/a</link><guid>%[1]s-a</guid>
<description>A report of the desk at %[1]s, with its own words.</description></item></channel></rss>`, r.URL.Path, r.Host)
	}))
	t.Cleanup(srv.Close)
	return srv, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int{}
		for k, v := range hits {
			out[k] = v
		}
		return out
	}
}

// TestTwoFetchersShareOneRound runs two pipelines, as two fetchers would, on
// one database file at the same time: with leases every due feed is fetched
// once, by one of them, and the two round summaries add up to all feeds.
func TestTwoFetchersShareOneRound(t *testing.T) {
	const feeds = 40
	srv, hits := countingFeeds(t, feeds)
	var srcs [][2]string
	for i := range feeds {
		srcs = append(srcs, [2]string{fmt.Sprintf("desk-%d", i), fmt.Sprintf("%s/feed/%d", srv.URL, i)})
	}
	first, st := buildPipeline(t, testSetup{sources: srcs, topics: syriaTopic, fetch: "  concurrency: 4\n"})
	first.leases, first.owner = st, "fetcher-1"
	second := secondFetcher(t, first, "fetcher-2")

	ctx := context.Background()
	var wg sync.WaitGroup
	sums := make([]Summary, 2)
	for i, p := range []*Pipeline{first, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sum, err := p.Round(ctx, RoundOptions{})
			if err != nil {
				t.Error(err)
			}
			sums[i] = sum
		}()
	}
	wg.Wait()
	h := hits()
	if len(h) != feeds {
		t.Fatalf("%d of %d feeds fetched", len(h), feeds)
	}
	for path, n := range h {
		if n != 1 {
			t.Errorf("%s fetched %d times", path, n)
		}
	}
	if got := sums[0].Fetched + sums[1].Fetched; got != feeds || sums[0].Sources+sums[1].Sources != feeds {
		t.Errorf("the rounds fetched %d and %d of %d sources (summaries %+v / %+v)", sums[0].Fetched, sums[1].Fetched, feeds,
			sums[0].Sources, sums[1].Sources)
	}
	// Leases are released once the fetch is recorded.
	for _, s := range srcs {
		if l, err := st.SourceLease(ctx, s[0]); err != nil || l.Owner != "" {
			t.Fatalf("%s: lease left behind: %+v %v", s[0], l, err)
		}
	}
	// A second round finds nothing due on either fetcher.
	for _, p := range []*Pipeline{first, second} {
		if sum, _ := p.Round(ctx, RoundOptions{}); sum.Sources != 0 {
			t.Errorf("second round fetched %d sources", sum.Sources)
		}
	}
}

// secondFetcher opens the database of p again, as another process would,
// and builds a pipeline on it with the same configuration.
func secondFetcher(t *testing.T, p *Pipeline, owner string) *Pipeline {
	t.Helper()
	cfg := p.Config()
	st, err := store.Open(context.Background(), cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	q, err := New(context.Background(), Options{Store: st, Leases: st, Owner: owner, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestStoppedRoundReleasesWhatItClaimed stops a fleet fetcher's round at its
// first request: the sources it claimed in that batch and never fetched are
// released at once (another fetcher need not wait for the leases to run
// out), and the one it fetched is released by the write of its state.
func TestStoppedRoundReleasesWhatItClaimed(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		const feeds = 12
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var once sync.Once
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			once.Do(cancel)
			w.WriteHeader(http.StatusNotModified)
		}))
		defer srv.Close()
		var srcs [][2]string
		for i := range feeds {
			srcs = append(srcs, [2]string{fmt.Sprintf("desk-%d", i), fmt.Sprintf("%s/feed/%d", srv.URL, i)})
		}
		p, st := buildPipeline(t, testSetup{sources: srcs, topics: syriaTopic, fetch: "  concurrency: 1\n", database: database})
		p.leases, p.owner = st, "fetcher-1"
		sum, _ := p.Round(ctx, RoundOptions{All: true})
		if sum.Fetched+sum.NotModified >= feeds {
			t.Fatalf("the round was not stopped: %+v", sum)
		}
		deadline := time.Now().Add(5 * time.Second)
		for _, s := range srcs {
			for {
				l, err := st.SourceLease(context.Background(), s[0])
				if err != nil {
					t.Fatal(err)
				}
				if l.Owner == "" {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s: lease left behind by the stopped round: %+v", s[0], l)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
	})
}
