package store

import (
	"context"
	"fmt"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// SourceStates returns the fetch state of every configured source, by id:
// what /healthz and /sources report. It reads the sources table only, so a
// liveness probe that asks often costs little.
func (s *Store) SourceStates(ctx context.Context) ([]model.FetchState, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+stateCols+` FROM sources WHERE configured = 1 ORDER BY id`+s.d.binary)
	if err != nil {
		return nil, fmt.Errorf("store: source states: %w", err)
	}
	defer rows.Close()
	var out []model.FetchState
	for rows.Next() {
		var st model.FetchState
		if err := scanState(rows, &st); err != nil {
			return nil, fmt.Errorf("store: source states: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// SourceVolumes counts each source's articles first fetched at or after
// since (sources with none are absent).
func (s *Store) SourceVolumes(ctx context.Context, since time.Time) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT source_id, count(*) FROM articles WHERE fetched_at >= ? GROUP BY source_id`, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: source volumes: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: source volumes: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}
