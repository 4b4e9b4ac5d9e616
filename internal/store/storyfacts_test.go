package store

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
)

// TestStoryFactsCarriersPerStory reads two stories in one call: each gets
// its own outlets once, in the order stored, though the first lists one
// outlet twice (an edit rebuilds the list from the articles, and the
// source has two in the story) and the second shares an outlet with it.
func TestStoryFactsCarriersPerStory(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a1 := art("1", "https://x.org/1", "Talks in Astana on Syria", "h1")
		a1.Language = "en"
		r, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{a1})
		if err != nil {
			t.Fatal(err)
		}
		first := r.Added[0].StoryID
		b1 := art("b1", "https://y.org/1", "Astana talks, a second outlet", "hb1")
		b1.Language, b1.StoryID = "fr", first
		a2 := art("2", "https://x.org/2", "Astana talks, the source again", "h2")
		a2.Language, a2.StoryID = "en", first
		if _, err := s.Ingest(ctx, model.FetchState{SourceID: "b"}, []model.Article{b1}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{a2}); err != nil {
			t.Fatal(err)
		}
		a1.ContentHash, a1.Title = "h1b", "Talks in Astana on Syria end" // an edit: the outlets are rebuilt
		b2 := art("b2", "https://y.org/2", "Another story", "hb2")
		b2.Language = "fr"
		if _, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{a1}); err != nil {
			t.Fatal(err)
		}
		r, err = s.Ingest(ctx, model.FetchState{SourceID: "b"}, []model.Article{b2})
		if err != nil {
			t.Fatal(err)
		}
		second := r.Added[0].StoryID
		facts, err := s.StoryFacts(ctx, []int64{first, second})
		if err != nil || len(facts) != 2 {
			t.Fatalf("facts: %v %v", facts, err)
		}
		want := [][]model.Outlet{{{Source: "a", Language: "en"}, {Source: "b", Language: "fr"}}, {{Source: "b", Language: "fr"}}}
		for k, f := range facts {
			if !reflect.DeepEqual(f.Carriers, want[k]) {
				t.Errorf("story %d: carriers %+v, want %+v", f.ID, f.Carriers, want[k])
			}
		}
	})
}

// TestStoryFactsReadNewsTimeFromTheIndex checks SQLite's plan for a write
// group's story facts: the news time of each story is searched in the
// articles_story_news index (migration 030) without reading an article row,
// which for a story of a thousand articles was a thousand row reads a group.
func TestStoryFactsReadNewsTimeFromTheIndex(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "plan.db"))
	rows, err := s.w.pool.QueryContext(context.Background(), `EXPLAIN QUERY PLAN `+storyFactsSQL(s.d), s.d.idsArg([]int64{1, 2}))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if !slices.ContainsFunc(plan, func(d string) bool { return strings.Contains(d, "COVERING INDEX articles_story_news") }) {
		t.Errorf("story facts plan %q: want the news time from the covering index articles_story_news", plan)
	}
}
