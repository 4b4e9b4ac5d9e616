package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// fill gives a store a bit of everything: stories joined by two outlets,
// exact duplicates, an edit, keyword and topic tags, fetch state, meta, and
// an old story pruned to a tombstone.
func fill(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	base := time.Unix(1700000000, 0)
	must := func(r IngestResult, err error) IngestResult {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	old := art("old", "https://x.org/old", "An old report on the Vienna talks", "hold")
	old.FetchedAt = base.Add(-90 * 24 * time.Hour)
	must(s.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed"}, []model.Article{old}))
	var firstStory int64
	for i := range 6 {
		a := art(fmt.Sprint("a", i), fmt.Sprintf("https://x.org/%d", i), fmt.Sprintf("Erdoğan meets envoys in Zürich, round %d", i), fmt.Sprint("ha", i))
		a.FetchedAt, a.Published = base.Add(time.Duration(i)*time.Hour), base.Add(time.Duration(i)*time.Hour-time.Minute)
		a.Language = "en"
		a.Text = fmt.Sprintf("Peace-talks resumed on day %d; São Paulo and Genève sent observers.", i)
		a.Tags.Actors = []string{fmt.Sprint("actor-", i%2)}
		a.Tags.Venue = "CH"
		if i%2 == 1 {
			a.StoryID = firstStory // the story stage's decision: join
		}
		r := must(s.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed", ETag: fmt.Sprint(`"`, i, `"`)}, []model.Article{a}))
		if i == 0 {
			firstStory = r.Added[0].StoryID
		}
	}
	// A story of b's that the story stage later finds is the first story's
	// event: merged into it. (Before the sightings below: on PostgreSQL an
	// item that needs no id may leave a hole in the sequence, as a rolled
	// back insert does, and the ids compared would differ from there on.)
	b4 := art("b-4", "https://y.org/4", "Envoys gather in Zürich for a new round", "hb4")
	b4.FetchedAt = base.Add(7*time.Hour + 30*time.Minute)
	split := must(s.Ingest(ctx, model.FetchState{SourceID: "b", URL: "http://b/feed"}, []model.Article{b4})).Added[0].StoryID
	if _, err := s.IngestGroup(ctx, []model.FeedWrite{{State: model.FetchState{SourceID: "b", URL: "http://b/feed", LastFetch: b4.FetchedAt.Add(time.Minute)},
		Merges: []model.Merge{{From: split, Into: firstStory, Why: model.Join{Path: model.JoinMerge, Score: 0.4, GapSeconds: 1800}}}}}); err != nil {
		t.Fatal(err)
	}
	b1 := art("b-1", "https://x.org/1", "Copy of round 1", "hb1")      // same page: a sighting
	b2 := art("b-2", "https://y.org/2", "Erdoğan meets envoys", "ha2") // same text: a sighting
	b3 := art("b-3", "https://y.org/3", "Syrie : reprise des pourparlers à Genève", "hb3")
	b3.Language, b3.StoryID = "fr", firstStory
	b3.FetchedAt = base.Add(7 * time.Hour)
	must(s.Ingest(ctx, model.FetchState{SourceID: "b", URL: "http://b/feed", LastError: "none"}, []model.Article{b1, b2, b3}))
	edited := art("a4", "https://x.org/4", "Erdoğan meets envoys in Zürich, round 4 (updated)", "ha4b")
	edited.FetchedAt = base.Add(8 * time.Hour)
	edited.Tags.Countries = []string{"TR"}
	must(s.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed"}, []model.Article{edited}))
	ids, err := s.KeywordArticles(ctx, "peace_talks")
	if err != nil || len(ids) == 0 {
		t.Fatalf("keyword articles: %v %v", ids, err)
	}
	if err := s.AddKeyword(ctx, "peace_talks", ids[:2]); err != nil {
		t.Fatal(err)
	}
	all, err := s.StoryIDsSince(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var ms []Membership
	for i, id := range all {
		ms = append(ms, Membership{StoryID: id, Updated: base.Add(-time.Duration(i) * time.Minute), Topics: []string{"t1", fmt.Sprint("t", 2+i%2)}})
	}
	if _, err := s.SetTopics(ctx, ms); err != nil {
		t.Fatal(err)
	}
	if err := s.DropTopicsExcept(ctx, []string{"t1", "t2"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMeta(ctx, "fingerprint", "abc"); err != nil {
		t.Fatal(err)
	}
	if n, err := s.PruneAt(ctx, base, base.Add(-30*24*time.Hour), 1); err != nil || n != 1 {
		t.Fatalf("prune: %d %v", n, err)
	}
}

// snapshot is what every reading method of the store answers about fill's data.
type snapshot map[string]any

func takeSnapshot(t *testing.T, s *Store) snapshot {
	t.Helper()
	ctx := context.Background()
	base := time.Unix(1700000000, 0)
	out := snapshot{}
	put := func(name string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = v
	}
	v1, err := s.TopicStories(ctx, "t1", 10)
	put("TopicStories", v1, err)
	v2, err := s.RecentStories(ctx, 10)
	put("RecentStories", v2, err)
	v3, err := s.RecentNews(ctx, 10, 48*time.Hour)
	put("RecentNews", v3, err)
	v4, err := s.StoryIDsSince(ctx, base.Add(3*time.Hour))
	put("StoryIDsSince", v4, err)
	v5, err := s.FindStory(ctx, "https://y.org/3")
	put("FindStory", v5, err)
	v6, err := s.StoryFacts(ctx, v4)
	put("StoryFacts", v6, err)
	v7, err := s.TagStories(ctx, "actor", "actor-1", 10, 0)
	put("TagStories", v7, err)
	v8, err := s.TagStories(ctx, "keyword", "peace_talks", 10, 72*time.Hour)
	put("TagStoriesKeyword", v8, err)
	found, err := s.Search(ctx, "erdogan ZURICH", 10)
	var searched []int64
	for _, st := range found {
		searched = append(searched, st.ID)
	}
	slices.Sort(searched) // the ranking functions differ (BM25, ts_rank): compare the set
	put("Search", searched, err)
	v9, err := s.KeywordArticles(ctx, "sao_paulo")
	put("KeywordArticles", v9, err)
	v10, err := s.KeywordStories(ctx, "pourparlers_a_geneve")
	put("KeywordStories", v10, err)
	v11, err := s.KnownItems(ctx, "b", []string{"b-1", "b-2", "b-3", "b-4"})
	put("KnownItems", v11, err)
	v12, err := s.SourceStates(ctx)
	put("SourceStates", v12, err)
	v13, err := s.SourceVolumes(ctx, base)
	put("SourceVolumes", v13, err)
	v14, err := s.Sources(ctx, base.Add(12*time.Hour))
	put("Sources", v14, err)
	v15, err := s.ArticlesSince(ctx, "a", base)
	put("ArticlesSince", v15, err)
	n, oldest, err := s.PublicationPace(ctx, "a", base.Add(-time.Hour))
	put("PublicationPace", fmt.Sprint(n, oldest), err)
	src, arts, stories, err := s.Counts(ctx)
	put("Counts", []int{src, arts, stories}, err)
	v16, err := s.Meta(ctx, "fingerprint")
	put("Meta", v16, err)
	v17, err := s.Tombstones(ctx)
	put("Tombstones", v17, err)
	var docs []model.Article
	put("RecentDocs", &docs, s.RecentDocs(ctx, time.Time{}, func(a model.Article) error { docs = append(docs, a); return nil }))
	v18, err := s.IntegrityCheck(ctx)
	put("IntegrityCheck", v18, err)
	return out
}

// diff reports the entries in which two snapshots differ.
func diff(t *testing.T, what string, want, got snapshot) {
	t.Helper()
	for k, w := range want {
		if !reflect.DeepEqual(w, got[k]) {
			t.Errorf("%s: %s differs:\n want %+v\n got  %+v", what, k, w, got[k])
		}
	}
}

// TestBackendsGiveTheSameResults runs the same work on SQLite and
// PostgreSQL and compares everything the store answers.
func TestBackendsGiveTheSameResults(t *testing.T) {
	lite := openAt(t, storetest.SQLitePath(t))
	pg := openAt(t, storetest.PostgresURL(t))
	fill(t, lite)
	fill(t, pg)
	want := takeSnapshot(t, lite)
	if got := want["Counts"].([]int); got[1] < 6 || got[2] < 3 {
		t.Fatalf("fill stored too little to compare: %v", got)
	}
	diff(t, "postgres against sqlite", want, takeSnapshot(t, pg))
}

// TestCopyBetweenBackends is `migrate-store`: SQLite into PostgreSQL and
// back loses nothing — every answer of the store is the same — and a copy
// into a store that holds anything is refused.
func TestCopyBetweenBackends(t *testing.T) {
	ctx := context.Background()
	lite := openAt(t, storetest.SQLitePath(t))
	fill(t, lite)
	want := takeSnapshot(t, lite)

	pg, err := Open(ctx, storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	stats, err := Copy(ctx, pg, lite)
	if err != nil {
		t.Fatal(err)
	}
	if stats["articles"] != int64(want["Counts"].([]int)[1]) || stats["tombstones"] != 1 || stats["sightings"] != 2 {
		t.Errorf("copy stats %v", stats)
	}
	diff(t, "sqlite copied to postgres", want, takeSnapshot(t, pg))
	// The copy goes on working: new articles get new ids.
	r, err := pg.Ingest(ctx, model.FetchState{SourceID: "b"}, []model.Article{art("b-9", "https://y.org/9", "A new report after the copy", "h9")})
	if err != nil || r.New != 1 || r.NewStories != 1 {
		t.Fatalf("ingest after copy: %+v %v", r, err)
	}

	back, err := Open(ctx, storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if _, err := Copy(ctx, back, pg); err != nil {
		t.Fatal(err)
	}
	diff(t, "postgres copied back to sqlite", takeSnapshot(t, pg), takeSnapshot(t, back))
	if _, err := Copy(ctx, back, lite); err == nil {
		t.Error("a copy into a store that holds data was not refused")
	}
}

// TestConcurrentStartsMigrateOnce starts several stores on one empty
// PostgreSQL database at once: all open, and each migration ran once.
func TestConcurrentStartsMigrateOnce(t *testing.T) {
	url := storetest.PostgresURL(t)
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	stores := make([]*Store, n)
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = Open(context.Background(), url) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("store %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	var rows, distinct int
	err := stores[0].r.QueryRowContext(context.Background(), `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&rows, &distinct)
	if err != nil || rows != distinct || rows == 0 {
		t.Errorf("schema_migrations: %d rows, %d versions, %v", rows, distinct, err)
	}
}
