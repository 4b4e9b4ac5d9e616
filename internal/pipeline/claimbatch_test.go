package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store"
	"github.com/prometheus/client_golang/prometheus"
)

// TestClaimsAskedMeanwhileShareOneStatement: while one claim statement is in
// flight, the sources that ask wait and go out together in the next, each
// with its own outcome (won with its state, host busy, lost); an error of
// a statement is the error of each of its sources.
func TestClaimsAskedMeanwhileShareOneStatement(t *testing.T) {
	var (
		g       claimGroup
		mu      sync.Mutex
		batches [][]string
		entered = make(chan struct{})
		gate    = make(chan struct{})
		fail    = errors.New("database refused")
	)
	run := func(_ context.Context, srcs []model.Source) ([]model.FetchState, []string, error) {
		var ids []string
		for _, s := range srcs {
			ids = append(ids, s.ID)
		}
		mu.Lock()
		batches = append(batches, ids)
		n := len(batches)
		mu.Unlock()
		switch n {
		case 1:
			close(entered)
			<-gate
			return []model.FetchState{{SourceID: "a", ETag: "ea"}}, nil, nil
		case 2:
			return []model.FetchState{{SourceID: "b", ETag: "eb"}}, []string{"c"}, nil
		default:
			return nil, nil, fail
		}
	}
	type outcome struct {
		fs            model.FetchState
		won, hostBusy bool
		err           error
	}
	results := map[string]outcome{}
	var wg sync.WaitGroup
	ask := func(id string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fs, won, busy, err := g.claim(context.Background(), model.Source{ID: id}, run)
			mu.Lock()
			results[id] = outcome{fs, won, busy, err}
			mu.Unlock()
		}()
	}
	ask("a")
	<-entered
	for _, id := range []string{"b", "c", "d"} {
		ask(id)
	}
	waitFor(t, func() bool { g.mu.Lock(); defer g.mu.Unlock(); return len(g.waiting) == 3 })
	close(gate)
	wg.Wait()

	if len(batches) != 2 {
		t.Fatalf("statements %v, want two: a alone, then b, c and d together", batches)
	}
	second := slices.Clone(batches[1])
	slices.Sort(second)
	if !slices.Equal(batches[0], []string{"a"}) || !slices.Equal(second, []string{"b", "c", "d"}) {
		t.Fatalf("statements %v, want [a] then [b c d]", batches)
	}
	want := map[string]outcome{
		"a": {fs: model.FetchState{SourceID: "a", ETag: "ea"}, won: true},
		"b": {fs: model.FetchState{SourceID: "b", ETag: "eb"}, won: true},
		"c": {hostBusy: true},
		"d": {},
	}
	for id, w := range want {
		if got := results[id]; got != w {
			t.Errorf("%s: %+v, want %+v", id, got, w)
		}
	}

	// The group is free again: a claim now leads a statement of its own,
	// and its error is the source's.
	if _, won, _, err := g.claim(context.Background(), model.Source{ID: "e"}, run); won || !errors.Is(err, fail) {
		t.Errorf("a claim whose statement failed: won %v, error %v; want the statement's error", won, err)
	}
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
	}
}

// TestTwoSchedulersFetchEachDueSourceOnce runs the daemon's scheduler of two
// fetchers on one database, every source due at start: each source is
// fetched once, by one of them, though each fetcher claims every source
// (in batched statements, counted by the claim metrics).
func TestTwoSchedulersFetchEachDueSourceOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		const feeds = 60
		srv, hits := countingFeeds(t, feeds)
		var srcs [][2]string
		for i := range feeds {
			srcs = append(srcs, [2]string{fmt.Sprintf("desk-%d", i), fmt.Sprintf("%s/feed/%d", srv.URL, i)})
		}
		first, st := buildPipeline(t, testSetup{sources: srcs, topics: syriaTopic, fetch: "  concurrency: 8\n", database: database})
		first.leases, first.owner = st, "fetcher-1"
		second := secondFetcher(t, first, "fetcher-2")
		regs := []*prometheus.Registry{prometheus.NewRegistry(), prometheus.NewRegistry()}
		first.metrics, second.metrics = NewMetrics(regs[0]), NewMetrics(regs[1])

		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for _, p := range []*Pipeline{first, second} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := p.Run(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		waitFor(t, func() bool { return len(hits()) == feeds })
		waitFor(t, func() bool { return leasesHeld(t, st, srcs) == 0 })
		cancel()
		wg.Wait()
		for path, n := range hits() {
			if n != 1 {
				t.Errorf("%s fetched %d times", path, n)
			}
		}
		var statements, asked float64
		for _, reg := range regs {
			statements += counter(t, reg, "aggregator_claim_statements_total")
			asked += counter(t, reg, "aggregator_claim_sources_total")
		}
		if asked < feeds {
			t.Errorf("the schedulers asked for %v sources in all, fewer than the %d fetched", asked, feeds)
		}
		t.Logf("%v claim statements for %v sources asked, %d fetched", statements, asked, feeds)
	})
}

// leasesHeld counts the sources of srcs under a lease: a fetch ends its
// lease when its state is written, so none once every fetch is stored.
func leasesHeld(t *testing.T, st *store.Store, srcs [][2]string) int {
	t.Helper()
	n := 0
	for _, s := range srcs {
		l, err := st.SourceLease(context.Background(), s[0])
		if err != nil {
			t.Fatal(err)
		}
		if l.Owner != "" {
			n++
		}
	}
	return n
}

// TestAWriteThatWaitsDoesNotHoldTheRequestSlot: a daemon with one request
// in flight (fetch.concurrency 1) whose first fetched feed waits for the
// writer (another process holds the assignment lock) still sends the next
// due source's request meanwhile (writeAhead); both are stored once the
// lock is free. Without it the second request waits for the first write.
func TestAWriteThatWaitsDoesNotHoldTheRequestSlot(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		srv, hits := countingFeeds(t, 2)
		db := database(t)
		p, st := buildPipeline(t, testSetup{database: func(testing.TB) string { return db }, topics: syriaTopic,
			fetch: "  concurrency: 1\n", sources: [][2]string{{"a", srv.URL + "/feed/a"}, {"b", srv.URL + "/feed/b"}}})
		p.leases, p.owner, p.assignment = st, "fetcher-1", st
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		release := holdAssignmentLock(t, db)
		ran := make(chan error, 1)
		go func() { ran <- p.Run(ctx) }()
		waitFor(t, func() bool { return len(hits()) == 2 })
		release()
		waitFor(t, func() bool { return leasesHeld(t, st, [][2]string{{"a"}, {"b"}}) == 0 })
		cancel()
		if err := <-ran; err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"a", "b"} {
			fs, err := st.FetchState(context.Background(), id)
			if err != nil || fs.LastSuccess.IsZero() {
				t.Errorf("source %s not stored after the lock was freed: %+v %v", id, fs, err)
			}
		}
	})
}
