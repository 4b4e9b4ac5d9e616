package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"
)

// Backup writes a consistent copy of the live database to path as an SQLite
// file: on SQLite with VACUUM INTO; on PostgreSQL as a logical export (Copy
// of one snapshot into a new SQLite file), which `aggregator migrate-store`
// loads back into PostgreSQL. (For PostgreSQL's own tools, use pg_dump.)
// The copy is written beside path and renamed into place when complete, so a
// backup killed half-way never leaves a truncated file under the real name.
// An existing file is not overwritten.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s already exists", path)
	}
	tmp := path + ".partial"
	removePartial(tmp) // left over from an interrupted backup
	if s.d.postgres {
		return s.exportSQLite(ctx, tmp, path)
	}
	// Its own connection: readers are query-only, and the writer must stay
	// free for ingest while a large copy is made.
	db, err := sql.Open("sqlite", dsn(s.path))
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's integrity check and returns its verdict: "ok"
// for a sound database. It uses a fresh connection: FTS5's part of the check
// reads a structure record that a long-lived pooled connection may hold from an
// earlier check, and then reports corruption that is not there (seen with
// SQLite 3.54 when another connection wrote in between; queries are unaffected).
//
// On PostgreSQL, which checks its own pages, it checks what the store itself
// keeps consistent: that every article is in the full-text index.
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	if s.d.postgres {
		return s.pgIntegrityCheck(ctx)
	}
	db, err := sql.Open("sqlite", dsn(s.path, "query_only(1)"))
	if err != nil {
		return "", fmt.Errorf("store: integrity check: %w", err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return "", fmt.Errorf("store: integrity check: %w", err)
	}
	return res, nil
}

// Prune deletes articles fetched before cutoff unless their story is still
// shown by a topic feed (among the newest keepPerTopic of some topic), deletes
// stories left empty, and returns freed pages to the file system (incremental
// vacuum), so the file stays bounded. What it deletes it remembers as
// tombstones (see tombstones.go), so a feed that still lists a pruned item
// does not bring it back as news. It returns the number of articles deleted.
func (s *Store) Prune(ctx context.Context, cutoff time.Time, keepPerTopic int) (int64, error) {
	return s.PruneAt(ctx, time.Now(), cutoff, keepPerTopic)
}

// PruneAt is Prune with the current time given (the tombstones' date), for
// simulated time.
func (s *Store) PruneAt(ctx context.Context, now, cutoff time.Time, keepPerTopic int) (int64, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: prune: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, tombstoneSQL, cutoff.Unix(), keepPerTopic, now.Unix()); err != nil {
		return 0, fmt.Errorf("store: prune: tombstones: %w", err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE `+prunable, cutoff.Unix(), keepPerTopic)
	if err != nil {
		return 0, fmt.Errorf("store: prune articles: %w", err)
	}
	n, _ := res.RowsAffected()
	if _, err := tx.ExecContext(ctx, `DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = stories.id)`); err != nil {
		return 0, fmt.Errorf("store: prune stories: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: prune: %w", err)
	}
	if s.d.postgres {
		return n, nil // autovacuum reclaims the space
	}
	if _, err := s.w.ExecContext(ctx, `PRAGMA incremental_vacuum`); err != nil {
		return n, fmt.Errorf("store: incremental vacuum: %w", err)
	}
	return n, nil
}

// removePartial removes an interrupted copy of an SQLite file with its WAL.
func removePartial(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// exportSQLite copies the store into a new SQLite file at tmp, then renames
// it to path.
func (s *Store) exportSQLite(ctx context.Context, tmp, path string) error {
	dst, err := openSQLite(ctx, tmp)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if _, err := Copy(ctx, dst, s); err != nil {
		dst.Close()
		removePartial(tmp)
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if err := dst.Close(); err != nil { // checkpoints: one self-contained file
		removePartial(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		removePartial(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// pgIntegrityCheck reports "ok", or the articles missing from the
// full-text index.
func (s *Store) pgIntegrityCheck(ctx context.Context) (string, error) {
	var missing int64
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM articles_fts f WHERE f.id = a.id)`).Scan(&missing)
	if err != nil {
		return "", fmt.Errorf("store: integrity check: %w", err)
	}
	if missing > 0 {
		return fmt.Sprintf("%d articles missing from the full-text index", missing), nil
	}
	return "ok", nil
}
