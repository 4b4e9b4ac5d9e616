package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// copyTables are the tables a copy carries, parents before children, with
// their columns (the same in both dialects) and the key that orders them.
// The full-text index is rebuilt from the articles; schema_migrations is
// each store's own.
var copyTables = []struct{ name, cols, order string }{
	{"sources", `id, url, config_url, name, language, configured, etag, last_modified, body_hash, last_fetch,
		last_success, last_status, last_error, error_count, next_due, disabled, feed_title, feed_link, claimed_by, lease_until, host, item_hashes`, "id"},
	{"stories", "id, key, title, lead_article_id, first_seen, updated, tags, outlets, merged_into, merge_info", "id"},
	{"articles", articleCols + ", raw_hash", "id"},
	{"sightings", "article_id, source_id, url, seen_at, guid, raw_hash", "article_id, source_id"},
	{"topic_stories", "topic, story_id, updated", "topic, story_id"},
	{"tombstones", "source_id, guid, canonical_url, content_hash, pruned_at, last_seen", "source_id, guid"},
	{"meta", "key, value", "key"},
	{"topic_versions", "topic, version", "topic"},
}

// copyBatch is the rows written by one INSERT: few statements, and within
// both databases' limits on bound parameters (articles have 21 columns).
const copyBatch = 100

// CopyStats counts the rows copied, by table.
type CopyStats map[string]int64

// Copy copies everything src holds into dst, which must be empty: sources
// with their fetch state, stories, articles, sightings, topic membership,
// tombstones and meta, with their ids, so that story links and ETags stay
// valid. It reads one consistent snapshot of src, writes dst in one
// transaction, rebuilds dst's full-text index, and checks that every table
// has as many rows in dst as in src before committing. Either all of it lands
// or none. It is `aggregator migrate-store`, in either direction between
// SQLite and PostgreSQL, and the PostgreSQL backup.
func Copy(ctx context.Context, dst, src *Store) (CopyStats, error) {
	if err := dst.checkEmpty(ctx); err != nil {
		return nil, err
	}
	var opts *sql.TxOptions // SQLite: the writer's transaction is the snapshot
	if src.d.postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	rtx, err := src.w.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("store: copy: read: %w", err)
	}
	defer rtx.Rollback()
	wtx, err := dst.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: copy: write: %w", err)
	}
	defer wtx.Rollback()
	stats := CopyStats{}
	for _, t := range copyTables {
		n, err := copyTable(ctx, wtx, rtx, t.name, t.cols, t.order)
		if err != nil {
			return nil, fmt.Errorf("store: copy %s: %w", t.name, err)
		}
		stats[t.name] = n
	}
	if err := dst.rebuildIndex(ctx, wtx); err != nil {
		return nil, fmt.Errorf("store: copy: %w", err)
	}
	for _, t := range copyTables {
		var n int64
		if err := wtx.QueryRowContext(ctx, `SELECT count(*) FROM `+t.name).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: copy: count %s: %w", t.name, err)
		}
		if n != stats[t.name] {
			return nil, fmt.Errorf("store: copy %s: %d rows read, %d in the copy", t.name, stats[t.name], n)
		}
	}
	if err := wtx.Commit(); err != nil {
		return nil, fmt.Errorf("store: copy: commit: %w", err)
	}
	return stats, nil
}

// checkEmpty refuses a copy into a store that holds anything: merging two
// stores would renumber one of them.
func (s *Store) checkEmpty(ctx context.Context) error {
	for _, t := range copyTables {
		var any int
		if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+t.name+` LIMIT 1) AS probe`).Scan(&any); err != nil {
			return fmt.Errorf("store: copy: %w", err)
		}
		if any > 0 {
			return fmt.Errorf("store: copy: the destination is not empty (table %s has rows); copy into a new database", t.name)
		}
	}
	return nil
}

// copyTable copies one table's rows, in batches of copyBatch, and returns
// how many it copied.
func copyTable(ctx context.Context, w, r *tx, table, cols, order string) (int64, error) {
	ncol := len(strings.Split(cols, ","))
	rows, err := r.QueryContext(ctx, `SELECT `+cols+` FROM `+table+` ORDER BY `+order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	batch := make([]any, 0, ncol*copyBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		k := len(batch) / ncol
		one := "(?" + strings.Repeat(",?", ncol-1) + ")"
		q := `INSERT INTO ` + table + ` (` + cols + `) VALUES ` + one + strings.Repeat(","+one, k-1)
		if _, err := w.ExecContext(ctx, q, batch...); err != nil {
			return err
		}
		n += int64(k)
		batch = batch[:0]
		return nil
	}
	for rows.Next() {
		vals := make([]any, ncol)
		ptrs := make([]any, ncol)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		if w.d.postgres {
			cleanValues(vals)
		}
		batch = append(batch, vals...)
		if len(batch) == ncol*copyBatch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// cleanValues makes the text of a row read from SQLite storable in
// PostgreSQL, as an ingest there would have stored it (see pgText).
func cleanValues(vals []any) {
	for i, v := range vals {
		switch v := v.(type) {
		case string:
			vals[i] = pgText(v)
		case []byte:
			vals[i] = pgText(string(v))
		}
	}
}

// rebuildIndex makes the full-text index of a store whose articles were
// written directly (by Copy), and on PostgreSQL moves the id sequences past
// the copied ids.
func (s *Store) rebuildIndex(ctx context.Context, t *tx) error {
	if !s.d.postgres {
		if _, err := t.ExecContext(ctx, `INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')`); err != nil {
			return fmt.Errorf("rebuild the full-text index: %w", err)
		}
		return nil
	}
	for _, table := range []string{"stories", "articles"} {
		if _, err := t.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), coalesce(max(id), 0) + 1, false) FROM `+table); err != nil {
			return fmt.Errorf("sequence of %s: %w", table, err)
		}
	}
	return s.indexArticles(ctx, t)
}

// indexArticles fills PostgreSQL's full-text index from the articles, in
// batches by id (one connection cannot read and write at once).
func (s *Store) indexArticles(ctx context.Context, t *tx) error {
	var after int64
	for {
		ids, docs, err := nextDocs(ctx, t, after)
		if err != nil {
			return fmt.Errorf("index text: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		args := make([]any, 0, 2*len(ids))
		for i := range ids {
			args = append(args, ids[i], docs[i])
		}
		one := "(?, to_tsvector('simple', ?))"
		q := `INSERT INTO articles_fts (id, doc) VALUES ` + one + strings.Repeat(","+one, len(ids)-1)
		if _, err := t.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("index text: %w", err)
		}
		after = ids[len(ids)-1]
	}
}

// nextDocs reads the next copyBatch articles after id, as search documents.
func nextDocs(ctx context.Context, t *tx, after int64) ([]int64, []string, error) {
	rows, err := t.QueryContext(ctx, `SELECT id, title, text FROM articles WHERE id > ? ORDER BY id LIMIT ?`, after, copyBatch)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []int64
	var docs []string
	for rows.Next() {
		var id int64
		var title, text string
		if err := rows.Scan(&id, &title, &text); err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
		docs = append(docs, searchDoc(title, text))
	}
	return ids, docs, rows.Err()
}
