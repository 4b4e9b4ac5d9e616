// Package store keeps everything the aggregator knows in SQLite (modernc.org/sqlite,
// pure Go): sources and their fetch state, articles, stories, tags and topic
// membership. All SQL of the product lives here. The database runs in WAL mode with
// foreign keys on; writes go through a single connection (one writer), reads through
// a pool, so serving feeds never waits for an ingest.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is an open database. Its zero value is not usable; call Open.
type Store struct {
	w      *sql.DB // the single writer connection
	r      *sql.DB // readers
	path   string
	ingest *writer // ingest statements prepared on w
}

// dsn is the driver connection string for path with the pragmas every
// connection gets, plus extra ones.
func dsn(path string, extra ...string) string {
	q := url.Values{}
	// Write transactions take the write lock when they begin, so a writer
	// waits (busy_timeout) instead of failing with SQLITE_BUSY when its read
	// snapshot went stale because another process wrote in between.
	q.Set("_txlock", "immediate")
	// busy_timeout first: the pragmas after it may need the database.
	for _, p := range append([]string{"busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)"}, extra...) {
		q.Add("_pragma", p)
	}
	return "file:" + path + "?" + q.Encode()
}

// writerPragmas set up the database file itself; only the writer runs them.
// (auto_vacuum opens a write transaction: on reader connections it made
// reads fail while another process held a lock or the disk was full.)
// page_size applies to a new file only: article rows run to a few kilobytes,
// and 4 KiB pages held one row each with a third of the page empty.
var writerPragmas = []string{"page_size(16384)", "journal_mode(WAL)", "auto_vacuum(INCREMENTAL)", "cache_size(-32000)"}

// readerPragmas: readers share the OS page cache; a small private cache each
// keeps the daemon's memory bounded (4 readers × 8 MB, not × 32 MB).
var readerPragmas = []string{"query_only(1)", "cache_size(-8000)"}

// Open opens (creating if needed) the database at path and applies pending
// migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: create directory: %w", err)
		}
	}
	w, err := sql.Open("sqlite", dsn(path, writerPragmas...))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	s := &Store{w: w, path: path}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if err := s.prepareIngest(ctx); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, readerPragmas...))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	s.r = r
	return s, nil
}

// Close closes the database, checkpointing the WAL.
func (s *Store) Close() error {
	var errs []error
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.ingest != nil {
		s.ingest.close()
	}
	if _, err := s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, s.w.Close())
	for _, e := range errs {
		if e != nil {
			return fmt.Errorf("store: close: %w", e)
		}
	}
	return nil
}

// Path returns the database file path.
func (s *Store) Path() string { return s.path }

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	sort.Strings(files)
	for _, f := range files {
		v, err := strconv.Atoi(strings.SplitN(filepath.Base(f), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: migration %s: bad name: %w", f, err)
		}
		var n int
		if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, v).Scan(&n); err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		if n > 0 {
			continue
		}
		body, _ := migrations.ReadFile(f)
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", f, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied) VALUES (?, ?)`, v, time.Now().Unix()); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migrate: %w", err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", f, err)
		}
	}
	return nil
}

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
