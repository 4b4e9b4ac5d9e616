package pipeline

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestARoundWaitsForABusyHost: another fetcher holds per_host leases on the
// one host of a round's sources, so the round's claims find the host busy;
// it claims them again instead of leaving them to the other fetcher, and
// sends its first request only once the other's leases end — then fetches
// every source the other did not hold.
func TestARoundWaitsForABusyHost(t *testing.T) {
	const feeds = 10
	var mu sync.Mutex
	var first time.Time
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if first.IsZero() {
			first = time.Now()
		}
		hits++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk %[1]s</title>
<item><title>Report %[1]s from the desk</title><link>http://desk.example.org%[1]s/a</link><guid>%[1]s-a</guid>
<description>A report of the desk at %[1]s, with its own words.</description></item></channel></rss>`, r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	var srcs [][2]string
	var ids []string
	for i := range feeds {
		ids = append(ids, fmt.Sprintf("desk-%d", i))
		srcs = append(srcs, [2]string{ids[i], fmt.Sprintf("%s/feed/%d", srv.URL, i)})
	}
	p, st := buildPipeline(t, testSetup{sources: srcs, topics: syriaTopic, fetch: "  concurrency: 4\n  per_host: 2\n"})
	p.leases, p.owner = st, "fetcher-1"

	ctx := context.Background()
	held := ids[:2] // the other fetcher's two fetches in flight: per_host of them
	if won, err := st.ClaimSources(ctx, held, "fetcher-2", time.Now(), time.Minute, true); err != nil || len(won) != 2 {
		t.Fatalf("the other fetcher's claims: %d, %v", len(won), err)
	}
	released := time.Now().Add(400 * time.Millisecond)
	go func() {
		time.Sleep(time.Until(released))
		if err := st.ReleaseSources(ctx, held, "fetcher-2"); err != nil {
			t.Error(err)
		}
	}()
	sum, err := p.Round(ctx, RoundOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if first.Before(released) {
		t.Errorf("first request %v before the other fetcher's leases ended: per_host 2 exceeded", released.Sub(first))
	}
	if sum.Fetched != feeds-len(held) || hits != feeds-len(held) {
		t.Errorf("round fetched %d (%d requests), want the %d sources the other fetcher did not hold", sum.Fetched, hits, feeds-len(held))
	}
}
