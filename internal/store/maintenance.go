package store

import (
	"context"
	"fmt"
	"os"
	"time"
)

// Backup writes a consistent copy of the live database to path with VACUUM
// INTO, without stopping writers for long. An existing file is not overwritten.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s already exists", path)
	}
	if _, err := s.w.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}

// Prune deletes articles fetched before cutoff unless their story is still
// shown by a topic feed (among the newest keepPerTopic of some topic), deletes
// stories left empty, and returns freed pages to the file system (incremental
// vacuum), so the file stays bounded. It returns the number of articles deleted.
func (s *Store) Prune(ctx context.Context, cutoff time.Time, keepPerTopic int) (int64, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: prune: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE fetched_at < ? AND story_id NOT IN (
		SELECT story_id FROM (SELECT story_id, row_number() OVER (PARTITION BY topic ORDER BY updated DESC) AS rank
			FROM topic_stories) WHERE rank <= ?)`, cutoff.Unix(), keepPerTopic)
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
