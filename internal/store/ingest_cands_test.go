package store

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// openWithSources opens a store whose sources are those of feeds.
func openWithSources(t *testing.T, database string, feeds []model.FeedWrite) *Store {
	t.Helper()
	s := openAt(t, database)
	var srcs []model.Source
	for _, f := range feeds {
		srcs = append(srcs, model.Source{ID: f.State.SourceID, URL: f.State.URL})
	}
	if err := s.SyncSources(context.Background(), srcs); err != nil {
		t.Fatal(err)
	}
	return s
}

// storedRows are a store's articles, sightings and stories, each named by
// what identifies it on every backend (a source and GUID, a story's key),
// not by its id: PostgreSQL skips ids a group drew and did not use.
func storedRows(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT 'article ' || a.source_id || ' ' || a.guid || ' story ' || s.key FROM articles a JOIN stories s ON s.id = a.story_id`,
		`SELECT 'sighting ' || a.source_id || ' ' || a.guid || ' by ' || g.source_id || ' ' || g.url || ' ' || g.guid || ' ' || g.raw_hash || ' ' || g.seen_at
			FROM sightings g JOIN articles a ON a.id = g.article_id`,
		`SELECT 'story ' || key || ' [' || tags || '] [' || outlets || '] ' || updated FROM stories`,
	} {
		rows, err := s.w.QueryContext(context.Background(), q+` ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestIngestGroupOfCopiesStoresAsFeedByFeed: a group of copied feeds (the
// lookups answered from the group's one read and from what it inserted,
// the sightings written many a statement, more than the largest chunk
// holds) leaves the store as the same feeds written one at a time, on each
// backend and the same on both; of two sightings of one article by one
// source, the first is kept.
func TestIngestGroupOfCopiesStoresAsFeedByFeed(t *testing.T) {
	feeds := func() []model.FeedWrite {
		fs := copiedFeeds(24, 4, 15) // 300 duplicates: beyond the largest chunk
		// The last feed carries one report twice under two URLs: one
		// sighting, the first URL's.
		last := &fs[len(fs)-1]
		twice := last.Articles[0]
		twice.GUID, twice.URL, twice.CanonicalURL = twice.GUID+"-again", twice.URL+"-again", twice.CanonicalURL+"-again"
		last.Articles = append(last.Articles, twice)
		return fs
	}
	var first []string
	for _, be := range storetest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			ctx := context.Background()
			grouped := openWithSources(t, be.Database(t), feeds())
			alone := openWithSources(t, be.Database(t), feeds())
			res, err := grouped.IngestGroup(ctx, feeds())
			if err != nil {
				t.Fatal(err)
			}
			dups := 0
			for _, r := range res {
				dups += r.Duplicates
			}
			if dups != 24*15-4*15+1 {
				t.Errorf("%d duplicates, want %d", dups, 24*15-4*15+1)
			}
			for _, f := range feeds() {
				if _, err := alone.Ingest(ctx, f.State, f.Articles); err != nil {
					t.Fatal(err)
				}
			}
			got, want := storedRows(t, grouped), storedRows(t, alone)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("group against feed by feed:\n got  %q\n want %q", got, want)
			}
			sightings := 0
			again := fmt.Sprintf("by s%04d ", 23)
			for _, r := range got {
				if strings.HasPrefix(r, "sighting ") && strings.Contains(r, again) && strings.Contains(r, "s0003.example/3/0") {
					sightings++
					if strings.Contains(r, "-again") {
						t.Errorf("the second sighting by one source was kept: %s", r)
					}
				}
			}
			if sightings != 1 {
				t.Errorf("%d sightings of the report carried twice, want 1", sightings)
			}
			if first == nil {
				first = got
			} else if !reflect.DeepEqual(got, first) {
				t.Errorf("%s against %s:\n got  %q\n want %q", be.Name, storetest.Backends()[0].Name, got, first)
			}
		})
	}
}

// TestIngestGroupFindsItemsWhoseKeysAreNotText: an item whose GUID is not
// valid UTF-8 (which JSON, the form of the group's one read on SQLite,
// cannot carry) is still found by its GUID when its feed sends it again
// under another URL and with another text: an edit, not a new article.
func TestIngestGroupFindsItemsWhoseKeysAreNotText(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		st := model.FetchState{SourceID: "a", URL: "http://a/feed"}
		r, err := s.IngestGroup(ctx, []model.FeedWrite{{State: st, Articles: []model.Article{
			art("\xff\xfeodd", "https://x.org/odd", "A report under a GUID of stray bytes", "h-odd")}}})
		if err != nil || r[0].New != 1 {
			t.Fatalf("first: %+v, %v; want one new article", r, err)
		}
		r, err = s.IngestGroup(ctx, []model.FeedWrite{{State: st, Articles: []model.Article{
			art("\xff\xfeodd", "https://x.org/odd-edited", "A report under a GUID of stray bytes, edited", "h-odd-2")}}})
		if err != nil || r[0].Updated != 1 {
			t.Fatalf("again: %+v, %v; want the article updated", r, err)
		}
	})
}

// TestAppendJSONStringReadsBack checks the hand-written JSON arrays of the
// candidates' read against encoding/json, which reads them back, with
// every byte that needs escaping.
func TestAppendJSONStringReadsBack(t *testing.T) {
	keys := []string{"", "plain", `q"uote`, `back\slash`, "tab\tnew\nline\r\x01\x1f\x7f", "ünï\u2028cödé <&>", `\"\\u0041`}
	b := []byte{'['}
	for _, k := range keys {
		b = appendJSONString(jsonComma(b), k)
	}
	b = append(b, ']')
	var got []string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if !slices.Equal(got, keys) {
		t.Errorf("read back %q, want %q", got, keys)
	}
	// And as the candidates' statement reads them: SQLite's json_each.
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "json.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.w.QueryContext(ctx, `SELECT value FROM json_each(?) ORDER BY key`, string(b))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got = got[:0]
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if !slices.Equal(got, keys) {
		t.Errorf("SQLite read back %q, want %q", got, keys)
	}
}
