package store

import (
	"context"
	"database/sql"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSightingsBySourceMigrationKeepsEverySighting: migration 028 (SQLite)
// rebuilds the sightings in source order; a database written before it
// keeps every sighting, read back with its story, and the table is then
// keyed by source first.
func TestSightingsBySourceMigrationKeepsEverySighting(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", dsn(file))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := fs.Glob(migrations, "migrations/sqlite/*.sql")
	slices.Sort(files)
	stmts := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied BIGINT NOT NULL)`}
	for _, f := range files {
		v, _ := strconv.Atoi(strings.SplitN(path.Base(f), "_", 2)[0])
		if v >= 28 {
			continue
		}
		body, _ := migrations.ReadFile(f)
		stmts = append(stmts, string(body), `INSERT INTO schema_migrations VALUES (`+strconv.Itoa(v)+`, 0)`)
	}
	stmts = append(stmts,
		`INSERT INTO sources (id, url) VALUES ('a', 'http://a/feed'), ('b', 'http://b/feed'), ('c', 'http://c/feed')`,
		`INSERT INTO stories (id, key, title, lead_article_id, first_seen, updated) VALUES (1, 'k1', 'Talks', 1, 1700000000, 1700000000)`,
		`INSERT INTO articles (id, source_id, guid, url, canonical_url, title, summary, content_html, text, author, language, image_url,
			enclosures, mentions, published, updated, fetched_at, content_hash, story_id)
			VALUES (1, 'a', 'a-1', 'https://a/1', 'https://a/1', 'Talks', '', '', 'text', '', 'en', '', '[]', '[]', 0, 0, 1700000000, 'h1', 1),
			(2, 'a', 'a-2', 'https://a/2', 'https://a/2', 'More talks', '', '', 'text', '', 'en', '', '[]', '[]', 0, 0, 1700000000, 'h2', 1)`,
		`INSERT INTO sightings (article_id, source_id, url, seen_at, guid, raw_hash) VALUES
			(2, 'c', 'https://c/2', 1700000300, 'c-2', 'r3'), (1, 'c', 'https://c/1', 1700000200, 'c-1', ''), (1, 'b', 'https://b/1', 1700000100, 'b-1', 'r1')`)
	for _, q := range stmts {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	raw.Close()

	s, err := Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Story(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range st.Sightings {
		got = append(got, g.SourceID+" "+g.URL+" "+g.SeenAt.UTC().Format(time.TimeOnly))
	}
	want := []string{"b https://b/1 22:15:00", "c https://c/1 22:16:40", "c https://c/2 22:18:20"}
	if !slices.Equal(got, want) {
		t.Errorf("sightings after the migration: %q, want %q", got, want)
	}
	if known, err := s.KnownRawItems(ctx, "c", []string{"r3", "r1"}); err != nil || len(known) != 1 || !known["r3"] {
		t.Errorf("known raw items of c: %v, %v; want r3 alone", known, err)
	}
	var key []string
	rows, err := s.r.QueryContext(ctx, `SELECT name FROM pragma_table_info('sightings') WHERE pk > 0 ORDER BY pk`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		rows.Scan(&c)
		key = append(key, c)
	}
	if !slices.Equal(key, []string{"source_id", "article_id"}) {
		t.Errorf("sightings keyed by %v, want source_id, article_id", key)
	}
}
