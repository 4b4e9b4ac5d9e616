package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// eachStore runs test on a new store of each backend (storetest.Backends),
// with sources a and b configured.
func eachStore(t *testing.T, test func(t *testing.T, s *Store)) {
	t.Helper()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { test(t, openAt(t, b.Database(t))) })
	}
}

func openAt(t *testing.T, database string) *Store {
	t.Helper()
	s, err := Open(context.Background(), database)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SyncSources(context.Background(), []model.Source{{ID: "a", URL: "http://a/feed"}, {ID: "b", URL: "http://b/feed"}}); err != nil {
		t.Fatal(err)
	}
	return s
}

func art(guid, canon, title, hash string) model.Article {
	return model.Article{GUID: guid, URL: canon, CanonicalURL: canon, Title: title, Text: title + ": the text of the report, long enough to identify it",
		ContentHash: hash, FetchedAt: time.Unix(1700000000, 0), Tags: model.TagSet{Countries: []string{"SY"}, Topics: []string{"diplomacy"}}}
}

func TestIngestExactDuplicatesAndUpdates(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		r, err := s.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed", ETag: `"v1"`}, []model.Article{
			art("1", "https://x.org/story", "Talks in Astana", "h1"),
			art("2", "https://x.org/other", "Other story", "h2"),
		})
		if err != nil {
			t.Fatal(err)
		}
		if r.New != 2 || r.NewStories != 2 {
			t.Fatalf("first ingest: %+v", r)
		}
		// Same canonical URL from another source, and the same text under another URL: sightings.
		r, err = s.Ingest(ctx, model.FetchState{SourceID: "b", URL: "http://b/feed"}, []model.Article{
			art("b-1", "https://x.org/story", "Talks in Astana (copy)", "hx"),
			art("b-2", "https://y.org/mirror", "Other story", "h2"),
		})
		if err != nil {
			t.Fatal(err)
		}
		if r.New != 0 || r.Duplicates != 2 {
			t.Fatalf("duplicates: %+v", r)
		}
		// The same item again is unchanged; an edited one updates in place and keeps its story.
		before, _ := s.FindStory(ctx, "https://x.org/story")
		edited := art("1", "https://x.org/story", "Talks in Astana end", "h1b")
		r, err = s.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed"}, []model.Article{edited, art("2", "https://x.org/other", "Other story", "h2")})
		if err != nil {
			t.Fatal(err)
		}
		if r.Updated != 1 || r.Unchanged != 1 || r.New != 0 {
			t.Fatalf("update: %+v", r)
		}
		after, err := s.FindStory(ctx, "https://x.org/story")
		if err != nil {
			t.Fatal(err)
		}
		if after.Key != before.Key || after.Title != "Talks in Astana end" || len(after.Articles) != 1 {
			t.Errorf("story after edit: key %s→%s title %q articles %d", before.Key, after.Key, after.Title, len(after.Articles))
		}
		if len(after.Tags.Countries) != 1 || after.Tags.Countries[0] != "SY" {
			t.Errorf("tags not kept: %+v", after.Tags)
		}
		_, arts, stories, _ := s.Counts(ctx)
		if arts != 2 || stories != 2 {
			t.Errorf("counts: %d articles, %d stories; want 2 and 2", arts, stories)
		}
		// Short texts ("Live updates") do not identify an article: same hash, other pages.
		short1, short2 := art("s1", "https://x.org/live/1", "Live", "hs"), art("s2", "https://x.org/live/2", "Live", "hs")
		short1.Text, short2.Text = "updates", "updates"
		r, err = s.Ingest(ctx, model.FetchState{SourceID: "b"}, []model.Article{short1, short2})
		if err != nil || r.New != 2 {
			t.Errorf("short items with the same hash: %+v %v; want 2 new", r, err)
		}
		st, _ := s.FetchState(ctx, "a")
		if st.ETag != "" { // the third ingest saved a state without an ETag
			t.Errorf("fetch state not saved with the feed: %+v", st)
		}
	})
}

func TestIngestClusterJoinsStory(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		r, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{art("1", "https://x.org/1", "Wire story", "h1")})
		if err != nil {
			t.Fatal(err)
		}
		first := r.Added[0].StoryID
		copied := art("9", "https://y.org/9", "Wire story, retitled", "h9")
		copied.StoryID = first // the story stage's decision: join the story
		r, err = s.Ingest(ctx, model.FetchState{SourceID: "b"}, []model.Article{copied})
		if err != nil {
			t.Fatal(err)
		}
		if r.New != 1 || r.NewStories != 0 || r.Added[0].StoryID != first {
			t.Fatalf("cluster: %+v", r)
		}
		st, err := s.Story(ctx, first)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Articles) != 2 || len(st.Outlets()) != 2 || st.Lead.SourceID != "a" {
			t.Errorf("story: %d articles, outlets %v, lead %s", len(st.Articles), st.Outlets(), st.Lead.SourceID)
		}
		changed, err := s.SetTopics(ctx, []Membership{{StoryID: first, Updated: st.Updated, Topics: []string{"syria-diplomacy"}}})
		if err != nil || len(changed) != 1 {
			t.Fatalf("set topics: %v %v", changed, err)
		}
		changed, _ = s.SetTopics(ctx, []Membership{{StoryID: first, Updated: st.Updated, Topics: []string{"syria-diplomacy"}}})
		if len(changed) != 0 {
			t.Errorf("unchanged membership reported as changed: %v", changed)
		}
		got, err := s.TopicStories(ctx, "syria-diplomacy", 10)
		if err != nil || len(got) != 1 || got[0].ID != first {
			t.Errorf("topic stories: %v %v", got, err)
		}
	})
}

func TestBackupAndSourcesKeepState(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if err := s.SaveFetchState(ctx, model.FetchState{SourceID: "a", URL: "http://a/moved", ETag: `"e"`, ErrorCount: 3, LastError: "boom"}); err != nil {
			t.Fatal(err)
		}
		// Re-syncing the same config keeps state; a changed URL starts over.
		if err := s.SyncSources(ctx, []model.Source{{ID: "a", URL: "http://a/feed"}, {ID: "b", URL: "http://b/new"}}); err != nil {
			t.Fatal(err)
		}
		a, _ := s.FetchState(ctx, "a")
		b, _ := s.FetchState(ctx, "b")
		if a.URL != "http://a/moved" || a.ETag != `"e"` || a.ErrorCount != 3 || b.URL != "http://b/new" {
			t.Errorf("state after sync: a=%+v b=%+v", a, b)
		}
		dst := filepath.Join(t.TempDir(), "backup.db")
		if err := s.Backup(ctx, dst); err != nil {
			t.Fatal(err)
		}
		if err := s.Backup(ctx, dst); err == nil {
			t.Error("backup over an existing file should fail")
		}
		copy, err := Open(ctx, dst)
		if err != nil {
			t.Fatal(err)
		}
		defer copy.Close()
		var ok string
		copy.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok)
		n, _, _, _ := copy.Counts(ctx)
		if ok != "ok" || n != 2 {
			t.Errorf("backup: integrity %q, %d sources", ok, n)
		}
	})
}

func TestPruneKeepsShownStories(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		old := time.Unix(1600000000, 0)
		var arts []model.Article
		for i, g := range []string{"shown", "dropped", "fresh"} {
			a := art(g, "https://x.org/"+g, g, "h"+g)
			a.FetchedAt = old
			if i == 2 {
				a.FetchedAt = time.Unix(1700000000, 0)
			}
			arts = append(arts, a)
		}
		r, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, arts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetTopics(ctx, []Membership{{StoryID: r.Added[0].StoryID, Updated: old, Topics: []string{"t"}}}); err != nil {
			t.Fatal(err)
		}
		n, err := s.Prune(ctx, time.Unix(1650000000, 0), 10)
		if err != nil {
			t.Fatal(err)
		}
		_, arts2, stories, _ := s.Counts(ctx)
		if n != 1 || arts2 != 2 || stories != 2 {
			t.Errorf("prune deleted %d; left %d articles, %d stories; want 1, 2, 2", n, arts2, stories)
		}
		if _, err := s.FindStory(ctx, "https://x.org/dropped"); err == nil {
			t.Error("the old story outside every topic should be gone")
		}
	})
}

func TestSearchAndStoryContains(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := art("1", "https://x.org/1", "Erdoğan and Putin discuss safe zones", "h1")
		a.Text = "Talks in Sochi on Idlib; a peace-talks breakthrough?"
		b := art("2", "https://x.org/2", "Markets rally", "h2")
		r, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{a, b})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Search(ctx, `erdogan "safe zones" OR (`, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Errorf("all words must match; got %d stories", len(got))
		}
		got, _ = s.Search(ctx, "erdogan safe zones", 10)
		if len(got) != 1 || got[0].ID != r.Added[0].StoryID {
			t.Errorf("search: %v", got)
		}
		ids, err := s.KeywordArticles(ctx, "peace_talks")
		if err != nil || len(ids) != 1 || ids[0] != r.Added[0].ID {
			t.Fatalf("KeywordArticles: %v %v", ids, err)
		}
		if err := s.AddKeyword(ctx, "peace_talks", ids); err != nil {
			t.Fatal(err)
		}
		s.AddKeyword(ctx, "peace_talks", ids) // idempotent
		facts, _ := s.StoryFacts(ctx, []int64{r.Added[0].StoryID})
		if k := facts[0].Tags.Keywords; len(k) != 1 || k[0] != "peace_talks" {
			t.Errorf("story keywords after AddKeyword: %v", k)
		}
		if ids, _ := s.KeywordArticles(ctx, "talks_peace"); len(ids) != 0 {
			t.Errorf("phrase order must matter: %v", ids)
		}
	})
}

func TestStoryFactsFollowJoinsAndEdits(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := art("1", "https://x.org/1", "Talks in Astana on Syria", "h1")
		a.Language = "en"
		r, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{a})
		if err != nil {
			t.Fatal(err)
		}
		id := r.Added[0].StoryID
		b := art("9", "https://y.org/9", "Astana talks, retitled", "h9")
		b.Language, b.Tags = "fr", model.TagSet{Countries: []string{"KZ"}, Actors: []string{"vladimir-putin"}}
		b.StoryID = id // the story stage's decision: join the story
		if _, err := s.Ingest(ctx, model.FetchState{SourceID: "b"}, []model.Article{b}); err != nil {
			t.Fatal(err)
		}
		facts, err := s.StoryFacts(ctx, []int64{id})
		if err != nil || len(facts) != 1 {
			t.Fatalf("facts: %v %v", facts, err)
		}
		f := facts[0]
		if len(f.Outlets()) != 2 || len(f.Tags.Countries) != 2 || len(f.Tags.Actors) != 1 || f.Carriers[1].Language != "fr" {
			t.Errorf("facts after a join: outlets %v tags %+v carriers %+v", f.Outlets(), f.Tags, f.Carriers)
		}
		// An edit that drops a tag is reflected.
		b.Tags = model.TagSet{Countries: []string{"KZ"}}
		b.ContentHash = "h9b"
		if _, err := s.Ingest(ctx, model.FetchState{SourceID: "b"}, []model.Article{b}); err != nil {
			t.Fatal(err)
		}
		facts, _ = s.StoryFacts(ctx, []int64{id})
		full, _ := s.Story(ctx, id)
		if len(facts[0].Tags.Actors) != 0 || len(facts[0].Tags.Countries) != len(full.Tags.Countries) {
			t.Errorf("facts after an edit: %+v, story tags %+v", facts[0].Tags, full.Tags)
		}
	})
}

// TestStoryVenue checks that an article's venue is stored with its tags and
// that a story's venue is its lead article's, apart from its countries, in
// both the full story and the facts that topic rules read.
func TestStoryVenue(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := art("1", "https://x.org/1", "Pakistan buys sugar", "h1")
		a.Tags.Countries, a.Tags.Venue = []string{"PK"}, "GB"
		r, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{a})
		if err != nil {
			t.Fatal(err)
		}
		id := r.Added[0].StoryID
		b := art("2", "https://y.org/2", "Pakistan sugar tender", "h2")
		b.Tags.Countries, b.Tags.Venue = []string{"PK"}, "IN"
		b.StoryID = id // the story stage's decision: join the story
		if _, err := s.Ingest(ctx, model.FetchState{SourceID: "b"}, []model.Article{b}); err != nil {
			t.Fatal(err)
		}
		full, err := s.Story(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if full.Tags.Venue != "GB" || full.Lead.Tags.Venue != "GB" || len(full.Tags.Countries) != 1 || full.Tags.Countries[0] != "PK" {
			t.Errorf("story tags %+v (lead %+v), want venue GB and countries [PK]", full.Tags, full.Lead.Tags)
		}
		facts, err := s.StoryFacts(ctx, []int64{id})
		if err != nil || len(facts) != 1 || facts[0].Tags.Venue != "GB" {
			t.Errorf("facts %+v %v, want venue GB", facts, err)
		}
	})
}

func TestJoiningAVanishedStoryStartsOne(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := art("1", "https://x.org/1", "Talks resume in Geneva on Syria's constitution", "h1")
		a.StoryID = 987654 // decided before retention pruned the story
		r, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{a})
		if err != nil {
			t.Fatalf("ingest into a vanished story: %v", err)
		}
		if r.New != 1 || r.NewStories != 1 || r.Added[0].StoryID == 987654 {
			t.Fatalf("the article was not given a story of its own: %+v", r)
		}
	})
}

func TestKnownItemsIncludeSightings(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{art("1", "https://x.org/1", "Wire story on the Geneva talks", "h1")}); err != nil {
			t.Fatal(err)
		}
		// Source b carries the same text under its own GUID: a sighting.
		r, err := s.Ingest(ctx, model.FetchState{SourceID: "b"}, []model.Article{art("b-7", "https://y.org/7", "Wire story on the Geneva talks", "h1")})
		if err != nil || r.Duplicates != 1 {
			t.Fatalf("sighting: %+v %v", r, err)
		}
		known, err := s.KnownItems(ctx, "b", []string{"b-7", "b-8"})
		if err != nil {
			t.Fatal(err)
		}
		if len(known) != 1 || known["b-7"] != "h1" {
			t.Fatalf("known items of b: %v, want b-7 with the article's hash", known)
		}
		if known, _ := s.KnownItems(ctx, "a", []string{"1", "b-7"}); len(known) != 1 || known["1"] != "h1" {
			t.Fatalf("known items of a: %v", known)
		}
	})
}

// TestTextThatPostgreSQLRefuses: a NUL character or a broken UTF-8
// sequence in an item (SQLite stores any bytes; PostgreSQL's text refuses
// both) is stored, found again on the next fetch as unchanged, and known.
func TestTextThatPostgreSQLRefuses(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := art("nul\x00guid", "https://x.org/nul", "Talks\x00 resume in Geneva \xff\xfe on Syria", "hnul")
		a.Text += " with a NUL\x00 inside"
		fs := model.FetchState{SourceID: "a", URL: "http://a/feed", LastError: "bad\x00 \xffbyte"}
		for i, want := range []int{1, 0} {
			r, err := s.Ingest(ctx, fs, []model.Article{a})
			if err != nil || r.New != want || r.New+r.Unchanged != 1 {
				t.Fatalf("ingest %d: %+v %v", i, r, err)
			}
		}
		if err := s.SaveFetchState(ctx, fs); err != nil {
			t.Fatal(err)
		}
		known, err := s.KnownItems(ctx, "a", []string{"nul\x00guid", "other"})
		if err != nil || len(known) != 1 || known["nul\x00guid"] != "hnul" {
			t.Errorf("known items: %v %v", known, err)
		}
		if got, err := s.Search(ctx, "geneva syria", 10); err != nil || len(got) != 1 {
			t.Errorf("search: %d stories, %v", len(got), err)
		}
		if _, err := s.FindStory(ctx, "https://x.org/\xff\x00"); !errors.Is(err, ErrNotFound) {
			t.Errorf("a reference PostgreSQL cannot hold: %v, want ErrNotFound", err)
		}
		// Such a store moves to PostgreSQL whole.
		if s.d.postgres || os.Getenv(storetest.Env) == "" {
			return
		}
		pg, err := Open(ctx, storetest.PostgresURL(t))
		if err != nil {
			t.Fatal(err)
		}
		defer pg.Close()
		if stats, err := Copy(ctx, pg, s); err != nil || stats["articles"] != 1 {
			t.Errorf("copy to PostgreSQL: %v %v", stats, err)
		}
	})
}
