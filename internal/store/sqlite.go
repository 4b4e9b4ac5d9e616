package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

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
// cache_size: 8 MB. With 32 MB the writer's cache was the largest part of a
// cold round's resident memory beside the Go heap (issue 18: peak RSS of a
// cold round of 1,000 feeds 204 MB with 32 MB, 172 MB with 16, 165 MB with
// 8); a transaction of one feed's articles touches far fewer pages, and a
// page not cached is read from the OS page cache.
// wal_autocheckpoint: 4096 pages (64 MiB of WAL at 16 KiB pages) instead of
// SQLite's 1000. A group commit rewrites the same story and index pages
// again and again; each checkpoint copies them back into the database, so
// fewer, larger checkpoints copy each page fewer times (issue 18: a cold
// round's checkpoints 0.80 → 0.38–0.42 CPU-s, in the one writer). The WAL
// file may grow to that size between checkpoints; Close truncates it.
// temp_store: MEMORY keeps a statement's journal in memory. A statement
// that writes several rows and may fail half-way (a multi-row insert: a
// group's sightings, its new articles' text index) journals every page it
// changes, and past 64 KiB SQLite spilled that journal to a temporary file
// with a write per page: the sightings' multi-row inserts spent half their
// time there. The journal lives for one statement.
var writerPragmas = []string{"page_size(16384)", "journal_mode(WAL)", "auto_vacuum(INCREMENTAL)", "cache_size(-8000)", "wal_autocheckpoint(4096)", "temp_store(MEMORY)"}

// readerPragmas: readers share the OS page cache; a small private cache each
// keeps the daemon's memory bounded (4 readers × 8 MB, not × 32 MB).
var readerPragmas = []string{"query_only(1)", "cache_size(-8000)"}

// openSQLite opens (creating if needed) the SQLite database at path and
// applies pending migrations.
func openSQLite(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: create directory: %w", err)
		}
	}
	wp, err := sql.Open("sqlite", dsn(path, writerPragmas...))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	wp.SetMaxOpenConns(1)
	wp.SetConnMaxIdleTime(0)
	s := &Store{w: &db{pool: wp, d: sqliteDialect}, d: sqliteDialect, path: path}
	if err := migrate(ctx, wp, sqliteDialect); err != nil {
		wp.Close()
		return nil, err
	}
	if err := s.prepareIngest(ctx); err != nil {
		wp.Close()
		return nil, err
	}
	rp, err := sql.Open("sqlite", dsn(path, readerPragmas...))
	if err != nil {
		wp.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	rp.SetMaxOpenConns(4)
	s.r = &db{pool: rp, d: sqliteDialect}
	return s, nil
}
