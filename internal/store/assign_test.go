package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// stateOnly is a write group of one feed with nothing new: what the
// assignment lock tests store.
func stateOnly() []model.FeedWrite {
	return []model.FeedWrite{{State: model.FetchState{SourceID: "a", URL: "http://a/feed"}}}
}

// TestAssignmentLockIsHeldByOneProcessAtATime: two stores opened on one
// database (as two processes would) cannot hold the assignment lock at
// once; the second gets it once the first has committed its group.
func TestAssignmentLockIsHeldByOneProcessAtATime(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			database := b.Database(t)
			first, second := openAt(t, database), openAt(t, database)
			ctx := context.Background()
			held, hold := make(chan struct{}), make(chan struct{})
			done := make(chan error)
			go func() {
				_, err := first.IngestAssigned(ctx, stateOnly(), nil, func(_ context.Context, _ []model.FeedWrite, h bool) error {
					if !h {
						return nil
					}
					close(held)
					<-hold
					return nil
				})
				done <- err
			}()
			<-held
			short, cancel := context.WithTimeout(ctx, 150*time.Millisecond)
			decided := false
			_, err := second.IngestAssigned(short, stateOnly(), nil, func(_ context.Context, _ []model.FeedWrite, h bool) error { decided = decided || h; return nil })
			cancel()
			if !errors.Is(err, context.DeadlineExceeded) || decided {
				t.Fatalf("second process while the first holds the lock: %v (decided: %v), want the wait to time out", err, decided)
			}
			close(hold)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if _, err := second.IngestAssigned(ctx, stateOnly(), nil, func(_ context.Context, _ []model.FeedWrite, h bool) error { decided = decided || h; return nil }); err != nil || !decided {
				t.Fatalf("second process after the first committed: %v (decided: %v)", err, decided)
			}
			// The lock is not left behind: the first takes it again.
			if _, err := first.IngestAssigned(ctx, stateOnly(), nil, func(context.Context, []model.FeedWrite, bool) error { return nil }); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestArticlesAfterReadsWhatOthersStored: the catch-up read returns the
// articles above an id in id order, and leaves out those fetched before
// the window.
func TestArticlesAfterReadsWhatOthersStored(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		old := art("0", "https://x.org/old", "Old report", "h0")
		old.FetchedAt = time.Unix(1600000000, 0)
		if _, err := s.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed"}, []model.Article{old}); err != nil {
			t.Fatal(err)
		}
		r, err := s.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed"}, []model.Article{
			art("1", "https://x.org/1", "Talks in Astana", "h1"),
			art("2", "https://x.org/2", "Floods in Dhaka", "h2"),
			art("3", "https://x.org/3", "Vote in Lima", "h3"),
		})
		if err != nil || len(r.Added) != 3 {
			t.Fatalf("ingest: %+v %v", r, err)
		}
		var got []string
		err = s.ArticlesAfter(ctx, r.Added[0].ID, time.Unix(1700000000, 0), func(a model.Article) error {
			if a.StoryID == 0 || a.FetchedAt.IsZero() {
				t.Errorf("article %s without story or fetch time: %+v", a.Title, a)
			}
			// The countries the article is about, which the story stage
			// weighs: a catch-up must see what the assigning process saw.
			if len(a.Tags.Countries) != 1 || a.Tags.Countries[0] != "SY" {
				t.Errorf("article %s read back with countries %q, want [SY]", a.Title, a.Tags.Countries)
			}
			got = append(got, a.Title)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0] != "Floods in Dhaka" || got[1] != "Vote in Lima" {
			t.Errorf("articles after the first: %q", got)
		}
		got = nil
		if err := s.ArticlesAfter(ctx, 0, time.Unix(1700000000, 0), func(a model.Article) error { got = append(got, a.Title); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Errorf("articles of the window: %q, want the three fetched in it", got)
		}
		// Read a page at a time, the same articles, each once, in order.
		for _, page := range []int{1, 2, 3} {
			var paged []string
			if err := s.articlesAfter(ctx, 0, time.Unix(1700000000, 0), page, func(a model.Article) error { paged = append(paged, a.Title); return nil }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(paged, got) {
				t.Errorf("articles of the window %d at a time: %q, want %q", page, paged, got)
			}
		}
	})
}

// TestArticlesAfterSeesAnotherProcess: a catch-up at the highest id this
// process stored finds nothing, and finds what a second process (a second
// store on the same database) stored after that, however the store decides
// there is nothing to read.
func TestArticlesAfterSeesAnotherProcess(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			database := b.Database(t)
			first, second := openAt(t, database), openAt(t, database)
			ctx := context.Background()
			since := time.Unix(1700000000, 0)
			r, err := first.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed"}, []model.Article{art("1", "https://x.org/1", "Talks in Astana", "h1")})
			if err != nil || len(r.Added) != 1 {
				t.Fatalf("first ingest: %+v %v", r, err)
			}
			top := r.Added[0].ID
			after := func() []string {
				var got []string
				if err := first.ArticlesAfter(ctx, top, since, func(a model.Article) error { got = append(got, a.Title); return nil }); err != nil {
					t.Fatal(err)
				}
				return got
			}
			if got := after(); len(got) != 0 {
				t.Fatalf("catch-up at this process's highest id: %q, want nothing", got)
			}
			if _, err := second.Ingest(ctx, model.FetchState{SourceID: "b", URL: "http://b/feed"}, []model.Article{art("2", "https://y.org/2", "Floods in Dhaka", "h2")}); err != nil {
				t.Fatal(err)
			}
			if got := after(); !slices.Equal(got, []string{"Floods in Dhaka"}) {
				t.Errorf("catch-up after another process stored: %q, want [Floods in Dhaka]", got)
			}
		})
	}
}

// BenchmarkAssignmentLockAndCatchUp is what story assignment across
// processes adds to a write group: taking and releasing the lock, and a
// catch-up read that finds nothing new (with the group's fetch state).
func BenchmarkAssignmentLockAndCatchUp(b *testing.B) {
	for _, be := range storetest.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			s, err := Open(context.Background(), be.Database(b))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			since := time.Now().Add(-72 * time.Hour)
			if err := s.SyncSources(ctx, []model.Source{{ID: "a", URL: "http://a/feed"}}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := s.IngestAssigned(ctx, stateOnly(), nil, func(ctx context.Context, _ []model.FeedWrite, _ bool) error {
					return s.ArticlesAfter(ctx, 1<<40, since, func(model.Article) error { return nil })
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
