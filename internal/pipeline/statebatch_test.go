package pipeline

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
)

// A warm round (every feed answers 304) records every source's state, in far
// fewer transactions than sources: fetches that end together share one.
func TestWarmRoundBatchesStateWrites(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>%s</title><item><title>Talks in Damascus %s</title><link>http://example.org%s/1</link><description>Syria and Turkey met in Damascus to discuss the border.</description></item></channel></rss>`, r.URL.Path, r.URL.Path, r.URL.Path)
	}))
	defer srv.Close()
	const n = 200
	var s testSetup
	for i := range n {
		s.sources = append(s.sources, [2]string{fmt.Sprintf("s%03d", i), fmt.Sprintf("%s/f%03d", srv.URL, i)})
	}
	s.topics = syriaTopic
	s.fetch = "  concurrency: 16\n"
	p, st := buildPipeline(t, s)
	ctx := context.Background()
	if sum, err := p.Round(ctx, RoundOptions{All: true}); err != nil || sum.Fetched != n {
		t.Fatalf("cold round: %+v, %v", sum, err)
	}
	var txs, states atomic.Int64
	p.states.save = func(ctx context.Context, fs []model.FetchState) error {
		txs.Add(1)
		states.Add(int64(len(fs)))
		return st.SaveFetchStates(ctx, fs)
	}
	sum, err := p.Round(ctx, RoundOptions{All: true})
	if err != nil || sum.NotModified != n {
		t.Fatalf("warm round: %+v, %v", sum, err)
	}
	if states.Load() != n {
		t.Errorf("%d states written, want %d", states.Load(), n)
	}
	if txs.Load() >= n/2 {
		t.Errorf("%d transactions for %d not-modified sources: the writes were not batched", txs.Load(), n)
	}
	t.Logf("%d states in %d transactions", states.Load(), txs.Load())
	all, err := st.FetchStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range s.sources {
		if fs := all[src[0]]; fs.LastStatus != http.StatusNotModified || fs.ETag != `"v1"` {
			t.Errorf("%s: stored state %+v, want the 304 recorded", src[0], fs)
		}
	}
	// A round that is not -all sees them all as not due now.
	if sum, err := p.Round(ctx, RoundOptions{}); err != nil || sum.Sources != 0 {
		t.Errorf("round right after: %d due (%v), want 0", sum.Sources, err)
	}
}
