package store

import (
	"context"
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`a = ? AND b = ?`, `a = $1 AND b = $2`},
		{`a = ?1 OR b = ?1 OR c = ?3`, `a = $1 OR b = $1 OR c = $3`},
		{`a = ?2 AND b = ?`, `a = $2 AND b = $3`}, // a bare ? follows the highest number, as in SQLite
		{`x LIKE '%?%' AND y = ?`, `x LIKE '%?%' AND y = $1`},
		{`"we?ird" = ?10`, `"we?ird" = $10`},
	} {
		if got := pgDialect.rebind(c.in); got != c.want {
			t.Errorf("rebind(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := sqliteDialect.rebind(c.in); got != c.in {
			t.Errorf("sqlite rebind(%q) = %q, want it unchanged", c.in, got)
		}
	}
}

// TestSearchFold checks the folding that PostgreSQL's full-text index gets,
// which must match what SQLite's FTS5 tokenizer does: case and diacritics
// folded, punctuation a separator.
func TestSearchFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Erdoğan and PUTIN", "erdogan and putin"},
		{"peace-talks, São Paulo!", "peace talks sao paulo"},
		{"G7 2024: Zürich—Genève", "g7 2024 zurich geneve"},
		{"Мир  и Война", "мир и война"}, // FTS5 folds the diacritics of Latin letters only
		{"Ἀθῆναι ελληνικά", "ἀθῆναι ελληνικά"},
		{"  ", ""},
	} {
		if got := searchFold(c.in); got != c.want {
			t.Errorf("searchFold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDisplayNameHidesThePassword(t *testing.T) {
	if got := DisplayName("postgres://agg:s3cret@db:5432/news?sslmode=require"); got != "postgres://agg:xxxxx@db:5432/news?sslmode=require" {
		t.Errorf("DisplayName of a URL = %q", got)
	}
	if got := DisplayName("/var/lib/aggregator/aggregator.db"); got != "/var/lib/aggregator/aggregator.db" {
		t.Errorf("DisplayName of a path = %q", got)
	}
}

// TestOpenPostgresDownSaysWhereWithoutPassword needs no server: nothing
// listens on the port, and the error names the URL without its password.
func TestOpenPostgresDownSaysWhereWithoutPassword(t *testing.T) {
	_, err := Open(context.Background(), "postgres://agg:s3cret@127.0.0.1:1/news?sslmode=disable")
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("open with no server: %v", err)
	}
	_, err = Open(context.Background(), "postgres://agg:s3cret@127.0.0.1:1/news?sslmode=bogus")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("open with a bad URL: %v", err)
	}
}
