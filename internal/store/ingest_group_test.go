package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// groupFeeds are two feeds for one write group: b's first item joins the
// story a's first item starts (the provisional id -1 is the group's), b's
// second is the page a's second is (an exact duplicate), b's third starts
// a story of its own (-3: provisional ids are unique within a group).
func groupFeeds() []model.FeedWrite {
	a1 := art("a-1", "https://x.org/1", "Ceasefire talks open in Doha", "h1")
	a2 := art("a-2", "https://x.org/2", "Envoys meet in Astana on Syria", "h2")
	a1.StoryID, a2.StoryID = -1, -2
	b1 := art("b-1", "https://y.org/1", "Doha talks: the first day", "hb1")
	b2 := art("b-2", "https://x.org/2", "Astana envoys meet", "hb2")
	b3 := art("b-3", "https://y.org/3", "An earthquake in Chile", "hb3")
	b1.StoryID, b3.StoryID = -1, -3
	b1.Language = "fr"
	return []model.FeedWrite{
		{State: model.FetchState{SourceID: "a", URL: "http://a/feed", ETag: `"a1"`}, Articles: []model.Article{a1, a2}},
		{State: model.FetchState{SourceID: "b", URL: "http://b/feed", ETag: `"b1"`}, Articles: []model.Article{b1, b2, b3}},
	}
}

// TestIngestGroupStoresEachFeedAsAloneWould: a group written in one
// transaction leaves the store as the same feeds written one after the
// other (with the later feed's decisions naming the stories the earlier
// one created), and gives each feed its own result.
func TestIngestGroupStoresEachFeedAsAloneWould(t *testing.T) {
	for _, be := range storetest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			ctx := context.Background()
			grouped, alone := openAt(t, be.Database(t)), openAt(t, be.Database(t))
			res, err := grouped.IngestGroup(ctx, groupFeeds())
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != 2 {
				t.Fatalf("%d results for 2 feeds", len(res))
			}
			if r := res[0]; r.New != 2 || r.NewStories != 2 || r.Duplicates != 0 {
				t.Errorf("feed a: %d new, %d new stories, %d duplicates; want 2, 2, 0", r.New, r.NewStories, r.Duplicates)
			}
			if r := res[1]; r.New != 2 || r.NewStories != 1 || r.Duplicates != 1 {
				t.Errorf("feed b: %d new, %d new stories, %d duplicates; want 2, 1, 1", r.New, r.NewStories, r.Duplicates)
			}
			if a1, b1 := res[0].Added[0], res[1].Added[0]; a1.StoryID != b1.StoryID || a1.StoryID <= 0 {
				t.Errorf("b-1 is in story %d, a-1 in %d: the provisional story was not shared", b1.StoryID, a1.StoryID)
			}
			if a1, b3 := res[0].Added[0], res[1].Added[1]; a1.StoryID == b3.StoryID {
				t.Errorf("b-3 joined a-1's story %d", a1.StoryID)
			}

			feeds := groupFeeds()
			first, err := alone.Ingest(ctx, feeds[0].State, feeds[0].Articles)
			if err != nil {
				t.Fatal(err)
			}
			b := feeds[1].Articles
			b[0].StoryID, b[2].StoryID = first.Provisional[-1], -1
			if _, err := alone.Ingest(ctx, feeds[1].State, b); err != nil {
				t.Fatal(err)
			}
			diff(t, "group against feed by feed", takeSnapshot(t, alone), takeSnapshot(t, grouped))
		})
	}
}

// TestIngestGroupIsAllOrNothing: when the database refuses one feed of a
// group, nothing of the group is stored (the caller retries feed by feed).
func TestIngestGroupIsAllOrNothing(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		refuseInserts(t, s, "b")
		_, err := s.IngestGroup(ctx, groupFeeds())
		if err == nil || !strings.Contains(err.Error(), "refused") {
			t.Fatalf("group with a refused feed: %v", err)
		}
		known, err := s.KnownItems(ctx, "a", []string{"a-1", "a-2"})
		if err != nil || len(known) != 0 {
			t.Errorf("a's items after the group failed: %v %v", known, err)
		}
		if fs, err := s.FetchState(ctx, "a"); err != nil || fs.ETag != "" {
			t.Errorf("a's fetch state after the group failed: %+v %v", fs, err)
		}
		feeds := groupFeeds()
		feeds[0].Articles[0].StoryID, feeds[0].Articles[1].StoryID = 0, 0
		if r, err := s.Ingest(ctx, feeds[0].State, feeds[0].Articles); err != nil || r.New != 2 {
			t.Errorf("feed a alone after: %+v %v", r, err)
		}
	})
}

// refuseInserts makes the database refuse, with the error "refused", every
// article of a source: a feed the store cannot take, as a full disk or a
// constraint would.
func refuseInserts(t *testing.T, s *Store, source string) {
	t.Helper()
	q := `CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.source_id = '` + source + `' BEGIN SELECT RAISE(ABORT, 'refused'); END`
	if s.d.postgres {
		q = `CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.source_id = '` + source + `' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
		CREATE TRIGGER refuse BEFORE INSERT ON articles FOR EACH ROW EXECUTE FUNCTION refuse()`
	}
	if _, err := s.w.ExecContext(context.Background(), q); err != nil {
		t.Fatal(err)
	}
}

// TestIngestGroupJoinsAndEditsOneStory: copies that join a story and an
// edit of the story's article in one group (the joins are written once per
// transaction on SQLite, the edit rebuilds the story from its articles)
// leave the story as the same feeds written one at a time do.
func TestIngestGroupJoinsAndEditsOneStory(t *testing.T) {
	for _, be := range storetest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			ctx := context.Background()
			grouped, alone := openAt(t, be.Database(t)), openAt(t, be.Database(t))
			first := art("a-1", "https://x.org/1", "Ceasefire talks open in Doha", "h1")
			feeds := func() []model.FeedWrite {
				b1 := art("b-1", "https://x.org/1", "Ceasefire talks open in Doha", "hb1")
				b1.Tags.Actors = []string{"actor-b"}
				b1.FetchedAt = b1.FetchedAt.Add(time.Hour)
				edit := art("a-1", "https://x.org/1", "Ceasefire talks open in Doha, day one", "h1-edited")
				edit.Tags.Places = []string{"doha"}
				edit.FetchedAt = edit.FetchedAt.Add(2 * time.Hour)
				c1 := art("c-1", "https://z.org/1", "Ceasefire talks open in Doha, day one", "h1-edited")
				c1.Language, c1.Tags.Actors = "fr", []string{"actor-c"}
				c1.FetchedAt = c1.FetchedAt.Add(90 * time.Minute)
				return []model.FeedWrite{
					{State: model.FetchState{SourceID: "b", URL: "http://b/feed"}, Articles: []model.Article{b1}},
					{State: model.FetchState{SourceID: "a", URL: "http://a/feed"}, Articles: []model.Article{edit}},
					{State: model.FetchState{SourceID: "c", URL: "http://c/feed"}, Articles: []model.Article{c1}},
				}
			}
			for _, s := range []*Store{grouped, alone} {
				if _, err := s.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed"}, []model.Article{first}); err != nil {
					t.Fatal(err)
				}
			}
			res, err := grouped.IngestGroup(ctx, feeds())
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Duplicates != 1 || res[1].Updated != 1 || res[2].Duplicates != 1 {
				t.Fatalf("group results %+v %+v %+v: want a duplicate, an update, a duplicate", res[0], res[1], res[2])
			}
			for _, f := range feeds() {
				if _, err := alone.Ingest(ctx, f.State, f.Articles); err != nil {
					t.Fatal(err)
				}
			}
			want, got := storyRows(t, alone), storyRows(t, grouped)
			if !slices.Equal(want, got) {
				t.Fatalf("stories after the group:\n%q\nfeed by feed:\n%q", got, want)
			}
			if !strings.Contains(got[0], "actor-c") || !strings.Contains(got[0], "c/fr") {
				t.Fatalf("the copy that joined after the edit is not in the story: %q", got[0])
			}
		})
	}
}

// storyRows are the stories as stored: title, updated, tags and outlets.
func storyRows(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.w.QueryContext(context.Background(), `SELECT title, updated, tags, outlets FROM stories ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var title, tags, outlets string
		var updated int64
		if err := rows.Scan(&title, &updated, &tags, &outlets); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(title, "|", updated, "|", tags, "|", outlets))
	}
	return out
}

// TestIngestGroupIndexesTheTextItStored: the full-text index holds each
// article a group stored with its last text, also when a later feed of the
// group edited an article an earlier one inserted, and an article stored
// before the group with its edit; on SQLite the index agrees with the rows.
func TestIngestGroupIndexesTheTextItStored(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.Ingest(ctx, model.FetchState{SourceID: "b", URL: "http://b/feed"}, []model.Article{art("b-0", "https://y.org/0", "Floods in Dhaka", "hb0")}); err != nil {
			t.Fatal(err)
		}
		first := art("a-1", "https://x.org/1", "Ceasefire talks open in Doha", "h1")
		edit := art("a-1", "https://x.org/1", "Ceasefire talks move to Cairo", "h1b")
		stored := art("b-0", "https://y.org/0", "Floods recede in Sylhet", "hb0b")
		other := art("b-2", "https://y.org/2", "An earthquake in Chile", "hb2")
		res, err := s.IngestGroup(ctx, []model.FeedWrite{
			{State: model.FetchState{SourceID: "a", URL: "http://a/feed", ETag: `"1"`}, Articles: []model.Article{first}},
			{State: model.FetchState{SourceID: "b", URL: "http://b/feed", ETag: `"1"`}, Articles: []model.Article{stored, other}},
			{State: model.FetchState{SourceID: "a", URL: "http://a/feed", ETag: `"2"`}, Articles: []model.Article{edit}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if res[0].New != 1 || res[1].Updated != 1 || res[1].New != 1 || res[2].Updated != 1 {
			t.Fatalf("results: %+v", res)
		}
		for q, want := range map[string]int{"cairo": 1, "doha": 0, "sylhet": 1, "dhaka": 0, "chile": 1} {
			got, err := s.Search(ctx, q, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != want {
				t.Errorf("search %q: %d stories, want %d", q, len(got), want)
			}
		}
		if s.Dialect() == "sqlite" {
			if _, err := s.w.ExecContext(ctx, `INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
				t.Errorf("full-text index against the rows: %v", err)
			}
		}
	})
}
