// Package storetest gives tests the databases to run against: an SQLite
// file in the test's temporary directory always, and a PostgreSQL schema of
// its own when AGGREGATOR_TEST_PG names a server (scripts/pg.sh starts a
// throwaway one and sets it), so that one test runs on both backends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// Env names the variable holding the PostgreSQL server URL for tests.
const Env = "AGGREGATOR_TEST_PG"

// Backend is one database a test runs against.
type Backend struct {
	Name string // "sqlite" or "postgres", for t.Run
	// Database opens it (the `database:` value): a fresh SQLite path or
	// PostgreSQL URL each call.
	Database func(t testing.TB) string
}

// Backends lists SQLite, and PostgreSQL when Env is set.
func Backends() []Backend {
	out := []Backend{{Name: "sqlite", Database: SQLitePath}}
	if os.Getenv(Env) != "" {
		out = append(out, Backend{Name: "postgres", Database: PostgresURL})
	}
	return out
}

// SQLitePath is a new database file in the test's temporary directory.
func SQLitePath(t testing.TB) string {
	return filepath.Join(t.TempDir(), "sub", "test.db")
}

// PostgresURL returns the URL of an empty schema of its own on the server
// Env names (its search_path), dropped when the test ends; it skips the test
// when Env is unset.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		t.Skip(Env + " is not set (scripts/pg.sh sets it): no PostgreSQL to test against")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("storetest: %s: %v", Env, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	if _, err := db.ExecContext(context.Background(), `CREATE SCHEMA `+schema); err != nil {
		db.Close()
		t.Fatalf("storetest: create schema: %v", err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("storetest: drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
