package store

import (
	"context"
	"fmt"
)

// BumpTopics adds one to the change counter of each named topic feed. The
// node that changed a feed's stories or membership calls it, so that web
// nodes on the same database (which run no pipeline and hear nothing of it)
// learn which renders to drop; see TopicVersions.
func (s *Store) BumpTopics(ctx context.Context, slugs []string) error {
	if len(slugs) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: bump topics: %w", err)
	}
	defer tx.Rollback()
	for _, slug := range slugs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO topic_versions (topic, version) VALUES (?, 1)
			ON CONFLICT (topic) DO UPDATE SET version = topic_versions.version + 1`, slug); err != nil {
			return fmt.Errorf("store: bump topic %s: %w", slug, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: bump topics: %w", err)
	}
	return nil
}

// TopicVersions returns every topic's change counter: one small read, cheap
// enough for each web node to make every few seconds.
func (s *Store) TopicVersions(ctx context.Context) (map[string]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT topic, version FROM topic_versions`)
	if err != nil {
		return nil, fmt.Errorf("store: topic versions: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var slug string
		var v int64
		if err := rows.Scan(&slug, &v); err != nil {
			return nil, fmt.Errorf("store: topic versions: %w", err)
		}
		out[slug] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: topic versions: %w", err)
	}
	return out, nil
}
