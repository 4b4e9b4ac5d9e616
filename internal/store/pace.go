package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// PublicationPace counts a source's stored articles published (by their own
// dates) since a time, and returns the oldest such date, for adaptive polling
// (fetch.PerDay). The pipeline asks after a batch is stored, so a fresh
// source's first feed counts.
func (s *Store) PublicationPace(ctx context.Context, sourceID string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT count(*), min(published) FROM articles WHERE source_id = ? AND published >= ?`,
		sourceID, since.Unix()).Scan(&n, &oldest)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: publication pace: %w", err)
	}
	if !oldest.Valid {
		return n, time.Time{}, nil
	}
	return n, time.Unix(oldest.Int64, 0).UTC(), nil
}
