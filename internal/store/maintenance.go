package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"
)

// Backup writes a consistent copy of the live database to path with VACUUM
// INTO. The copy is written beside path and renamed into place when complete,
// so a backup killed half-way never leaves a truncated file under the real
// name. An existing file is not overwritten.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s already exists", path)
	}
	tmp := path + ".partial"
	os.Remove(tmp) // left over from an interrupted backup
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
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
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
	if _, err := s.w.ExecContext(ctx, `PRAGMA incremental_vacuum`); err != nil {
		return n, fmt.Errorf("store: incremental vacuum: %w", err)
	}
	return n, nil
}
