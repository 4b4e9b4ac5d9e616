package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

func (s *Store) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := s.r.QueryRowContext(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPrunedArticlesStayPruned is issue 17's "retention brings the dead
// back": after retention pruned an article, the feed that still listed it
// stored it again as new, with a new story and a fresh date. A tombstone
// (source + GUID, canonical URL, content hash) now turns it away — from its
// own feed, under a rotated GUID, and as another outlet's exact copy.
func TestPrunedArticlesStayPruned(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		fs := model.FetchState{SourceID: "a", URL: "http://a/feed"}
		old := art("1", "https://x.org/story", "Talks in Astana", "h1")
		if r, err := s.Ingest(ctx, fs, []model.Article{old}); err != nil || r.New != 1 {
			t.Fatalf("ingest: %+v %v", r, err)
		}
		now := old.FetchedAt.Add(40 * 24 * time.Hour)
		if n, err := s.PruneAt(ctx, now, now.Add(-30*24*time.Hour), 0); err != nil || n != 1 {
			t.Fatalf("prune: %d %v", n, err)
		}
		relisted := old
		relisted.FetchedAt = now.Add(time.Hour)
		rotated := art("1?sid=xyz", "https://x.org/story", "Talks in Astana", "h1")
		rotated.FetchedAt = relisted.FetchedAt
		copyB := art("b-9", "https://mirror.example/astana", "Talks in Astana", "h1")
		copyB.FetchedAt = relisted.FetchedAt
		r, err := s.Ingest(ctx, fs, []model.Article{relisted, rotated})
		if err != nil {
			t.Fatal(err)
		}
		rb, err := s.Ingest(ctx, model.FetchState{SourceID: "b", URL: "http://b/feed"}, []model.Article{copyB})
		if err != nil {
			t.Fatal(err)
		}
		if r.New != 0 || r.Pruned != 2 || rb.New != 0 || rb.Pruned != 1 {
			t.Fatalf("re-listed pruned items: %+v / %+v; want all three turned away", r, rb)
		}
		if n := s.count(t, "articles"); n != 0 {
			t.Fatalf("%d articles stored again", n)
		}
		if n := s.count(t, "stories"); n != 0 {
			t.Fatalf("%d stories created again", n)
		}
		// A new item is still new.
		fresh := art("2", "https://x.org/new", "Ceasefire agreed in Idlib", "h2")
		fresh.FetchedAt = relisted.FetchedAt
		if r, err := s.Ingest(ctx, fs, []model.Article{fresh}); err != nil || r.New != 1 {
			t.Fatalf("a new item: %+v %v", r, err)
		}
	})
}

// TestTombstonesAreBounded: a tombstone lives while feeds list its item
// (each listing moves last_seen on, at most once a day), expires
// TombstoneAge after the last listing, and the oldest go beyond a count.
func TestTombstonesAreBounded(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		fs := model.FetchState{SourceID: "a", URL: "http://a/feed"}
		var arts []model.Article
		for i := range 10 {
			arts = append(arts, art(fmt.Sprint(i), fmt.Sprintf("https://x.org/%d", i), fmt.Sprintf("Report number %d", i), fmt.Sprintf("h%d", i)))
		}
		if _, err := s.Ingest(ctx, fs, arts); err != nil {
			t.Fatal(err)
		}
		t0 := arts[0].FetchedAt.Add(48 * time.Hour)
		if _, err := s.PruneAt(ctx, t0, t0, 0); err != nil {
			t.Fatal(err)
		}
		if n := s.count(t, "tombstones"); n != 10 {
			t.Fatalf("%d tombstones, want 10", n)
		}
		// Item 0 is still listed 20 days later; the others are not.
		still := arts[0]
		still.FetchedAt = t0.Add(20 * 24 * time.Hour)
		if r, err := s.Ingest(ctx, fs, []model.Article{still}); err != nil || r.Pruned != 1 {
			t.Fatalf("%+v %v", r, err)
		}
		now := t0.Add(35 * 24 * time.Hour)
		if n, err := s.ExpireTombstones(ctx, now.Add(-TombstoneAge), 0); err != nil || n != 9 {
			t.Fatalf("expired %d (%v), want the 9 not listed for 35 days", n, err)
		}
		if n := s.count(t, "tombstones"); n != 1 {
			t.Fatalf("%d tombstones left, want 1", n)
		}
		// The count bound keeps the most recently listed.
		if _, err := s.Ingest(ctx, fs, arts[1:]); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PruneAt(ctx, now, now, 0); err != nil {
			t.Fatal(err)
		}
		if n, err := s.ExpireTombstones(ctx, time.Time{}, 4); err != nil || n != 6 {
			t.Fatalf("count bound deleted %d (%v), want 6", n, err)
		}
	})
}

// TestRotatingIdentifiersStoreOnce: a feed that rotates GUIDs and session
// parameters on every fetch added a sighting row per item per fetch. Its own
// repeats are now recognized (Rotated) and write nothing, and another
// outlet's copy under ever-new URLs is one sighting per source.
func TestRotatingIdentifiersStoreOnce(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		fa := model.FetchState{SourceID: "a", URL: "http://a/feed"}
		fb := model.FetchState{SourceID: "b", URL: "http://b/feed"}
		if _, err := s.Ingest(ctx, fa, []model.Article{art("g0", "https://x.org/s?sid=0", "Talks in Astana", "h1")}); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 50; i++ {
			ra := art(fmt.Sprintf("g%d", i), fmt.Sprintf("https://x.org/s?sid=%d", i), "Talks in Astana", "h1")
			r, err := s.Ingest(ctx, fa, []model.Article{ra})
			if err != nil || r.New != 0 || r.Rotated != 1 {
				t.Fatalf("fetch %d of the rotating feed: %+v %v", i, r, err)
			}
			rb := art(fmt.Sprintf("b%d", i), fmt.Sprintf("https://y.org/s?session=%d", i), "Talks in Astana", "h1")
			if r, err := s.Ingest(ctx, fb, []model.Article{rb}); err != nil || r.Duplicates != 1 {
				t.Fatalf("fetch %d of the copying feed: %+v %v", i, r, err)
			}
		}
		if n := s.count(t, "articles"); n != 1 {
			t.Fatalf("%d articles, want 1", n)
		}
		if n := s.count(t, "sightings"); n != 1 {
			t.Fatalf("%d sightings after 50 fetches of each feed, want 1", n)
		}
	})
}
