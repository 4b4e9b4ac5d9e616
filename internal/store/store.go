// Package store keeps everything the aggregator knows in a database: sources
// and their fetch state, articles, stories, tags and topic membership. All SQL
// of the product lives here.
//
// Two databases are supported with the same behaviour. SQLite
// (modernc.org/sqlite, pure Go) is the embedded default: it runs in WAL mode
// with foreign keys on; writes go through a single connection (one writer),
// reads through a pool, so serving feeds never waits for an ingest.
// PostgreSQL (jackc/pgx) is for several processes sharing one store: it is
// chosen by a postgres:// URL as the database, and reads and writes share a
// pool. The SQL is written once; dialect.go holds what differs.
package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Store is an open database. Its zero value is not usable; call Open.
type Store struct {
	w      *db // the writer: SQLite's single connection, PostgreSQL's pool
	r      *db // readers (on PostgreSQL the same pool as w)
	d      *dialect
	path   string    // the SQLite file; "" on PostgreSQL
	ingest *writer   // ingest statements prepared on w
	stmts  stmtCache // other writes a round repeats, prepared on w when first run
	// lookups are the story stage's batched lookups, prepared on r (SQLite).
	lookups stmtCache
}

// IsPostgresURL reports whether database names a PostgreSQL server
// (postgres:// or postgresql://) rather than an SQLite file.
func IsPostgresURL(database string) bool {
	return strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://")
}

// DisplayName is database as logs and messages may show it: a PostgreSQL
// URL without its password, a path as it is.
func DisplayName(database string) string {
	if IsPostgresURL(database) {
		return redactURL(database)
	}
	return database
}

// Open opens the store named by database — a postgres:// URL, or else the
// path of an SQLite file, created if needed — and applies pending
// migrations.
func Open(ctx context.Context, database string) (*Store, error) {
	if IsPostgresURL(database) {
		return openPostgres(ctx, database)
	}
	return openSQLite(ctx, database)
}

// Close closes the database (on SQLite, checkpointing the WAL).
func (s *Store) Close() error {
	var errs []error
	if s.ingest != nil {
		s.ingest.close()
	}
	s.stmts.close()
	s.lookups.close()
	if s.d.postgres {
		errs = append(errs, s.w.Close())
	} else {
		if s.r != nil {
			errs = append(errs, s.r.Close())
		}
		if _, err := s.w.ExecContext(context.Background(), "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			errs = append(errs, err)
		}
		errs = append(errs, s.w.Close())
	}
	for _, e := range errs {
		if e != nil {
			return fmt.Errorf("store: close: %w", e)
		}
	}
	return nil
}

// Path returns the database file path, or "" when the store is PostgreSQL.
func (s *Store) Path() string { return s.path }

// Dialect names the database the store runs on: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// unix converts a time to stored seconds (0 for the zero time).
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// fromUnix converts stored seconds back to a UTC time.
func fromUnix(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}
