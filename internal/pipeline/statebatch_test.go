package pipeline

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// A warm round (every feed answers 304) records every source's state through
// the batch, and a round that is not -all then finds none due.
func TestWarmRoundRecordsEveryState(t *testing.T) {
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
	// How many share a transaction depends on timing (TestStateBatchGroupCommit
	// pins it down); never more transactions than states.
	if txs.Load() > n {
		t.Errorf("%d transactions for %d states", txs.Load(), n)
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

// Group commit: the states that arrive while a transaction is being written
// all go into the next one, and each writer returns once its own state is
// stored. The first transaction is held until every other writer waits.
func TestStateBatchGroupCommit(t *testing.T) {
	const n = 40
	var s testSetup
	for i := range n {
		s.sources = append(s.sources, [2]string{fmt.Sprintf("s%02d", i), fmt.Sprintf("http://127.0.0.1:1/f%02d", i)})
	}
	s.topics = syriaTopic
	_, st := buildPipeline(t, s)
	ctx := context.Background()
	var sizes []int
	var mu sync.Mutex
	b := &stateBatch{}
	b.save = func(ctx context.Context, fs []model.FetchState) error {
		mu.Lock()
		first := len(sizes) == 0
		sizes = append(sizes, len(fs))
		mu.Unlock()
		// The first batch holds whoever came before the flusher took it;
		// it waits until every other writer is pending.
		for deadline := time.Now().Add(10 * time.Second); first && time.Now().Before(deadline); {
			b.mu.Lock()
			waiting := len(b.pending)
			b.mu.Unlock()
			if len(fs)+waiting == n {
				break
			}
			time.Sleep(time.Millisecond)
		}
		return st.SaveFetchStates(ctx, fs)
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, src := range s.sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = b.write(ctx, model.FetchState{SourceID: src[0], URL: src[1], LastStatus: 304, ErrorCount: i})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("write %d: %v", i, err)
		}
	}
	total := 0
	for _, k := range sizes {
		total += k
	}
	if len(sizes) > 2 || total != n {
		t.Errorf("transaction sizes %v, want at most two adding up to %d: the waiting states share one", sizes, n)
	}
	all, err := st.FetchStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, src := range s.sources {
		if fs := all[src[0]]; fs.LastStatus != 304 || fs.ErrorCount != i {
			t.Errorf("%s: stored %+v", src[0], fs)
		}
	}
}
