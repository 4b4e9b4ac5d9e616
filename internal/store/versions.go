package store

import (
	"context"
	"fmt"
	"slices"
)

// BumpTopics adds one to the change counter of each named topic feed (once
// for a name given twice). The node that changed a feed's stories or
// membership calls it, so that web nodes on the same database (which run no
// pipeline and hear nothing of it) learn which renders to drop; see
// TopicVersions.
//
// One statement, prepared once, whatever the number of names: the writer
// bumps the topics of every write group (240 groups of a changed round of
// 1,000 feeds), and a transaction with a statement per name, each parsed
// again, cost 0.05 CPU-s of that round.
func (s *Store) BumpTopics(ctx context.Context, slugs []string) error {
	if len(slugs) == 0 {
		return nil
	}
	// PostgreSQL refuses an upsert that meets one row twice.
	slugs = slices.Compact(slices.Sorted(slices.Values(slugs)))
	st, own, err := s.stmts.prepared(ctx, s.w, bumpTopicsSQL(s.d))
	if err != nil {
		return fmt.Errorf("store: bump topics: %w", err)
	}
	if own {
		defer st.Close()
	}
	if _, err := st.ExecContext(ctx, s.d.stringsArg(slugs)); err != nil {
		return fmt.Errorf("store: bump topics %v: %w", slugs, err)
	}
	return nil
}

// bumpTopicsSQL adds one to the counter of each topic of one parameter
// (stringsArg), starting those not counted yet at one. (SQLite needs the
// WHERE to read ON CONFLICT as the upsert's, not the join's.)
func bumpTopicsSQL(d *dialect) string {
	from := `SELECT value, 1 FROM json_each(?) WHERE true`
	if d.postgres {
		from = `SELECT unnest(?::text[]), 1`
	}
	return `INSERT INTO topic_versions (topic, version) ` + from + `
		ON CONFLICT (topic) DO UPDATE SET version = topic_versions.version + 1`
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
