package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// oneFeedWhoseItemsMatchEachOther ingests, in one feed, items that are
// copies of the feed's own earlier items (same text, same page), joins of a
// story the feed itself starts and of a stored story (twice), an edit of a
// stored article, then a copy of the edited text and another join: what
// PostgreSQL's batched ingest (pgBatch) answers from what it read once and
// what it must ask again. It returns the feed's result and what the store
// then answers about it.
func oneFeedWhoseItemsMatchEachOther(t *testing.T, s *Store) (IngestResult, snapshot) {
	t.Helper()
	ctx := context.Background()
	lang := func(a model.Article, l string, countries ...string) model.Article {
		a.Language = l
		if countries != nil {
			a.Tags.Countries = countries
		}
		return a
	}
	r, err := s.Ingest(ctx, model.FetchState{SourceID: "b"}, []model.Article{lang(art("b-1", "https://y.org/1", "Envoys meet in Astana on Syria", "hb1"), "en")})
	if err != nil {
		t.Fatal(err)
	}
	stored := r.Added[0].StoryID
	if _, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{lang(art("a-0", "https://x.org/0", "An earlier report from Geneva", "ha0"), "en")}); err != nil {
		t.Fatal(err)
	}
	edited := lang(art("a-0", "https://x.org/0", "An earlier report from Geneva, updated", "ha0b"), "en", "CH")
	feed := []model.Article{
		lang(art("a-1", "https://x.org/1", "Ceasefire talks open in Doha", "h1"), "en"),
		lang(art("a-2", "https://x.org/2", "Ceasefire talks open in Doha", "h1"), "en"),        // the same text as a-1
		lang(art("a-3", "https://x.org/1", "Ceasefire talks open in Doha (page)", "h3"), "en"), // the same page as a-1
		lang(art("a-4", "https://x.org/4", "Doha talks: the second day", "h4"), "en", "QA"),
		lang(art("a-5", "https://x.org/5", "Astana : les émissaires se réunissent", "h5"), "fr", "KZ"),
		lang(art("a-6", "https://x.org/6", "Astana envoys, a second look", "h6"), "en", "RU"),
		edited,
		lang(art("a-7", "https://x.org/7", "A copy of the updated Geneva report", "ha0b"), "en"), // the edited text
		lang(art("a-8", "https://x.org/8", "Astana envoys, the last word", "h8"), "de", "TR"),
	}
	feed[0].StoryID, feed[3].StoryID = -1, -1 // a-4 joins the story a-1 starts
	feed[4].StoryID, feed[5].StoryID, feed[8].StoryID = stored, stored, stored
	r, err = s.Ingest(ctx, model.FetchState{SourceID: "a", ETag: `"2"`}, feed)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := s.StoryIDsSince(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	facts, err := s.StoryFacts(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	known, err := s.KnownItems(ctx, "a", []string{"a-0", "a-1", "a-2", "a-3", "a-4", "a-7", "a-8"})
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, q := range []string{"doha", "geneva updated", "astana"} {
		stories, err := s.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, st := range stories {
			got = append(got, st.ID)
		}
		slices.Sort(got)
		found = append(found, fmt.Sprint(q, got))
	}
	return r, snapshot{"StoryFacts": facts, "KnownItems": known, "Search": found}
}

// TestOneFeedWhoseItemsMatchEachOther checks, on each backend, what one
// feed whose items match each other and the stored articles does, and that
// both backends answer the same about it.
func TestOneFeedWhoseItemsMatchEachOther(t *testing.T) {
	snaps := map[string]snapshot{}
	eachStore(t, func(t *testing.T, s *Store) {
		r, snap := oneFeedWhoseItemsMatchEachOther(t, s)
		// The copies are the source's own articles under other GUIDs: rotated.
		if r.New != 5 || r.Rotated != 3 || r.Updated != 1 || r.NewStories != 1 || r.Duplicates != 0 {
			t.Errorf("result: %d new, %d rotated, %d updated, %d new stories, %d duplicates; want 5, 3, 1, 1, 0",
				r.New, r.Rotated, r.Updated, r.NewStories, r.Duplicates)
		}
		facts := snap["StoryFacts"].([]model.Story)
		byOutlets := map[int]int{}
		for _, f := range facts {
			byOutlets[len(f.Outlets())]++
		}
		// b-1's story joined by a-5, a-6 and a-8: outlets b and a; a-1's
		// story joined by a-4, and a-0's: a alone.
		if len(facts) != 3 || byOutlets[2] != 1 || byOutlets[1] != 2 {
			for _, f := range facts {
				t.Logf("story %d: outlets %v tags %+v", f.ID, f.Outlets(), f.Tags)
			}
			t.Errorf("stories by outlet count: %v", byOutlets)
		}
		for _, f := range facts {
			if len(f.Outlets()) == 2 && !slices.Equal(slices.Sorted(slices.Values(f.Tags.Countries)), []string{"KZ", "RU", "SY", "TR"}) {
				t.Errorf("the joined story's countries: %v", f.Tags.Countries)
			}
		}
		snaps[s.Dialect()] = snap
	})
	if snaps["postgres"] != nil && snaps["sqlite"] != nil {
		diff(t, "postgres against sqlite", snaps["sqlite"], snaps["postgres"])
	}
}
