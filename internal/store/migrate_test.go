package store

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/store/storetest"
)

// TestMigrationsAreFiledByDialect: the schema is embedded per dialect
// (migrations/sqlite, migrations/postgres), so a migration written at the
// top of migrations/ — where they lived before PostgreSQL — would be
// applied by neither. Every .sql file must sit in a dialect's directory.
func TestMigrationsAreFiledByDialect(t *testing.T) {
	err := filepath.WalkDir("migrations", func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		if dir := filepath.Dir(path); dir != filepath.Join("migrations", "sqlite") && dir != filepath.Join("migrations", "postgres") {
			t.Errorf("%s is in no dialect's directory: move it to migrations/sqlite (and write its PostgreSQL form in migrations/postgres)", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// columns lists a store's tables with their columns, "table.column",
// sorted, leaving out the full-text index (it differs by design) and the
// migrations' own table.
func columns(t *testing.T, s *Store) []string {
	t.Helper()
	q := `SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'articles_fts%' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'schema_migrations'`
	if s.d.postgres {
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name NOT IN ('articles_fts', 'schema_migrations')`
	}
	rows, err := s.r.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// TestSchemasAgree: both dialects' migrations make the same tables with the
// same columns, and migrate-store copies every one of them (a table or
// column added to one dialect only, or left out of the copy, would lose data
// in a move between them).
func TestSchemasAgree(t *testing.T) {
	lite := openAt(t, storetest.SQLitePath(t))
	want := columns(t, lite)
	var copied []string
	for _, tb := range copyTables {
		for _, c := range strings.Split(tb.cols, ",") {
			copied = append(copied, tb.name+"."+strings.TrimSpace(c))
		}
	}
	slices.Sort(copied)
	if !slices.Equal(want, copied) {
		t.Errorf("migrate-store copies\n %v\nthe SQLite schema has\n %v", copied, want)
	}
	if os.Getenv(storetest.Env) == "" {
		return
	}
	if got := columns(t, openAt(t, storetest.PostgresURL(t))); !slices.Equal(want, got) {
		t.Errorf("the PostgreSQL schema has\n %v\nthe SQLite schema\n %v", got, want)
	}
}
