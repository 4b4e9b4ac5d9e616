package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// Tombstone bounds: a tombstone lives until its item has not been listed by
// any feed for TombstoneAge, and there are never more than MaxTombstones (the
// least recently listed go first). Feeds list an item for days or weeks; a
// month without it means the feed has let it go.
const (
	TombstoneAge  = 30 * 24 * time.Hour
	MaxTombstones = 500_000
)

// tombstoneSQL is the part of Prune that remembers what it deletes; it takes
// the same arguments as the delete (cutoff, keepPerTopic) and then now.
const tombstoneSQL = `INSERT INTO tombstones (source_id, guid, canonical_url, content_hash, pruned_at, last_seen)
	SELECT source_id, guid, canonical_url, content_hash, CAST(?3 AS BIGINT), CAST(?3 AS BIGINT) FROM articles WHERE ` + prunable + `
	ON CONFLICT (source_id, guid) DO UPDATE SET canonical_url = excluded.canonical_url,
		content_hash = excluded.content_hash, pruned_at = excluded.pruned_at, last_seen = excluded.last_seen`

// prunable selects the articles Prune deletes: fetched before ?1 and in no
// story among the newest ?2 of some topic.
const prunable = `fetched_at < ?1 AND story_id NOT IN (
		SELECT story_id FROM (SELECT story_id, row_number() OVER (PARTITION BY topic ORDER BY updated DESC) AS rank
			FROM topic_stories) AS ranked WHERE rank <= ?2)`

// ExpireTombstones deletes the tombstones no feed has listed since before,
// then the least recently listed beyond max (0: MaxTombstones). It returns
// how many it deleted.
func (s *Store) ExpireTombstones(ctx context.Context, before time.Time, max int) (int64, error) {
	if max <= 0 {
		max = MaxTombstones
	}
	res, err := s.w.ExecContext(ctx, `DELETE FROM tombstones WHERE last_seen < ?`, before.Unix())
	if err != nil {
		return 0, fmt.Errorf("store: expire tombstones: %w", err)
	}
	n, _ := res.RowsAffected()
	res, err = s.w.ExecContext(ctx, `DELETE FROM tombstones WHERE (source_id, guid) IN (
		SELECT source_id, guid FROM tombstones ORDER BY last_seen DESC `+s.d.limitAll+` OFFSET ?)`, max)
	if err != nil {
		return n, fmt.Errorf("store: expire tombstones: %w", err)
	}
	m, _ := res.RowsAffected()
	return n + m, nil
}

// Tombstones returns how many tombstones are kept.
func (s *Store) Tombstones(ctx context.Context) (int64, error) {
	var n int64
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM tombstones`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: tombstones: %w", err)
	}
	return n, nil
}

// The ingest statements for tombstones (see ingestSQL): the item's identity
// as the article lookup takes it (?1 source, ?2 GUID, ?3 canonical URL,
// ?4 content hash key), and ?5 now.
const (
	tombstoneMatch     = `(source_id = ?1 AND guid = ?2) OR (canonical_url = ?3 AND canonical_url <> '') OR content_hash = ?4`
	tombstoneLookupSQL = `SELECT max(last_seen) FROM tombstones WHERE ` + tombstoneMatch
	tombstoneTouchSQL  = `UPDATE tombstones SET last_seen = ?5 WHERE ` + tombstoneMatch
)

// tombstoneTouchEvery is how stale a tombstone's last_seen may get before a
// listing moves it forward: one write a day per re-listed item, not one per
// fetch.
const tombstoneTouchEvery = 24 * time.Hour

// pruned reports whether a is a pruned article (it has a tombstone), and
// keeps the tombstone alive while feeds list the item.
func (w *writer) pruned(ctx context.Context, a *model.Article, now time.Time) (bool, error) {
	var last sql.NullInt64
	key := hashKey(a)
	if w.pg != nil {
		last = w.pg.lastSeen(a)
	} else if err := w.tombstone.QueryRowContext(ctx, a.SourceID, a.GUID, a.CanonicalURL, key).Scan(&last); err != nil {
		return false, err
	}
	if !last.Valid {
		return false, nil
	}
	if now.Unix()-last.Int64 >= int64(tombstoneTouchEvery/time.Second) {
		if _, err := w.touchTombstone.ExecContext(ctx, a.SourceID, a.GUID, a.CanonicalURL, key, now.Unix()); err != nil {
			return true, err
		}
	}
	return true, nil
}
