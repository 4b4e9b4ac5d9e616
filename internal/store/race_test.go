package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// TestConcurrentIngestOnPostgres is several processes writing one
// PostgreSQL store at once: the same feed ingested by four stores at the
// same moment (each item stored once, no error), and articles joining two
// stories in opposite orders (row locks taken in opposite orders: a
// deadlock PostgreSQL breaks by failing one transaction, which runs again).
func TestConcurrentIngestOnPostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	const writers, rounds, items = 4, 8, 5
	stores := make([]*Store, writers)
	for i := range stores {
		stores[i] = openAt(t, url)
	}
	seed, err := stores[0].Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{
		art("s1", "https://x.org/s1", "First story on the Geneva talks", "hs1"),
		art("s2", "https://x.org/s2", "Second story on the Doha talks", "hs2"),
	})
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := seed.Added[0].StoryID, seed.Added[1].StoryID
	for round := range rounds {
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, writers)
		for w, s := range stores {
			wg.Go(func() {
				// Every writer carries the same items of source a…
				var feed []model.Article
				for i := range items {
					feed = append(feed, art(fmt.Sprint(round, "-", i), fmt.Sprintf("https://x.org/%d/%d", round, i),
						fmt.Sprintf("Report %d of round %d from the talks", i, round), fmt.Sprint("h", round, "-", i)))
				}
				// …and its own two articles of source b joining both stories,
				// in an order that depends on the writer.
				j1 := art(fmt.Sprint("b", round, "-", w, "-1"), fmt.Sprintf("https://y.org/%d/%d/1", round, w), fmt.Sprint("Join one ", round, w), fmt.Sprint("hj1-", round, w))
				j2 := art(fmt.Sprint("b", round, "-", w, "-2"), fmt.Sprintf("https://y.org/%d/%d/2", round, w), fmt.Sprint("Join two ", round, w), fmt.Sprint("hj2-", round, w))
				j1.StoryID, j2.StoryID = s1, s2
				if w%2 == 1 {
					j1.StoryID, j2.StoryID = s2, s1
				}
				<-start
				if _, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, feed); err != nil {
					errs[w] = err
					return
				}
				_, errs[w] = s.Ingest(ctx, model.FetchState{SourceID: "b"}, []model.Article{j1, j2})
			})
		}
		close(start)
		wg.Wait()
		for w, err := range errs {
			if err != nil {
				t.Fatalf("round %d, writer %d: %v", round, w, err)
			}
		}
	}
	_, arts, _, err := stores[0].Counts(ctx)
	if want := 2 + rounds*items + rounds*writers*2; err != nil || arts != want {
		t.Errorf("%d articles stored, want %d (%v)", arts, want, err)
	}
	for _, id := range []int64{s1, s2} {
		st, err := stores[0].Story(ctx, id)
		if err != nil || len(st.Articles) != 1+rounds*writers {
			t.Errorf("story %d has %d articles, want %d (%v)", id, len(st.Articles), 1+rounds*writers, err)
		}
	}
}
