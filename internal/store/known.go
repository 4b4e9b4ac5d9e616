package store

import (
	"context"
	"database/sql"
	"fmt"
)

// knownBatch bounds the keys asked about in one statement (SQLite's limit
// on bound parameters is far above it).
const knownBatch = 500

// KnownItems returns, for the GUIDs of one source that are stored, their
// stored content hash: the story stage's "is it new?" for a whole feed in one
// indexed lookup, before any expensive step. A GUID under which the source
// carried another source's article (a sighting) answers with that article's
// hash.
func (s *Store) KnownItems(ctx context.Context, sourceID string, guids []string) (map[string]string, error) {
	out := make(map[string]string, len(guids))
	asked := guids
	guids = s.d.cleanStrings(guids) // as Ingest stored them
	err := s.lookupKeys(ctx, sourceID, guids, func(in string) string {
		return `SELECT guid, content_hash FROM articles WHERE source_id = ?1 AND guid IN ` + in + `
			UNION ALL SELECT g.guid, a.content_hash FROM sightings g JOIN articles a ON a.id = g.article_id
			WHERE g.source_id = ?1 AND g.guid IN ` + in
	}, func(key, value string) { out[key] = value })
	if err != nil {
		return nil, fmt.Errorf("store: known items of %s: %w", sourceID, err)
	}
	if !s.d.postgres {
		return out, nil
	}
	byAsked := make(map[string]string, len(out)) // keyed by the GUIDs as asked
	for i, g := range guids {
		if h, ok := out[g]; ok {
			byAsked[asked[i]] = h
		}
	}
	return byAsked, nil
}

// KnownRawItems returns which of the raw item hashes of one source's feed
// (model.Article.RawHash) are stored, on its own articles or its sightings:
// the items it re-sends byte for byte, which need not even be parsed.
func (s *Store) KnownRawItems(ctx context.Context, sourceID string, hashes []string) (map[string]bool, error) {
	out := make(map[string]bool, len(hashes))
	err := s.lookupKeys(ctx, sourceID, hashes, func(in string) string {
		return `SELECT raw_hash, '' FROM articles WHERE source_id = ?1 AND raw_hash <> '' AND raw_hash IN ` + in + `
			UNION ALL SELECT raw_hash, '' FROM sightings WHERE source_id = ?1 AND raw_hash <> '' AND raw_hash IN ` + in
	}, func(key, _ string) { out[key] = true })
	if err != nil {
		return nil, fmt.Errorf("store: known raw items of %s: %w", sourceID, err)
	}
	return out, nil
}

// lookupKeys runs query, built around an IN list of numbered parameters
// (?2, ?3, …; ?1 is the source), over the keys in batches of knownBatch,
// and hands each row's two columns to found.
func (s *Store) lookupKeys(ctx context.Context, sourceID string, keys []string, query func(in string) string, found func(key, value string)) error {
	for start := 0; start < len(keys); start += knownBatch {
		part := keys[start:min(start+knownBatch, len(keys))]
		n := len(part)
		if !s.d.postgres {
			n = paddedKeys(n)
		}
		args := make([]any, 0, n+1)
		args = append(args, sourceID)
		for i := range n {
			args = append(args, part[min(i, len(part)-1)]) // padded with the last key again
		}
		// Numbered, so that both halves of a UNION bind the same keys.
		rows, err := s.queryKeys(ctx, query(numberedList(2, n)), args)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return err
			}
			found(k, v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// paddedKeys is the length an IN list of n keys is padded to on SQLite: a
// power of two from 8 up to knownBatch, so that a round's lookups (two per
// feed, of every feed's item count) share a handful of statement texts,
// each prepared once per reader (preparing was half of a cold round's
// lookups), instead of one text per count. A key asked twice is found once.
func paddedKeys(n int) int {
	p := 8
	for p < n {
		p *= 2
	}
	return min(p, max(n, knownBatch))
}

// queryKeys runs a lookup on the readers: on SQLite through a statement
// prepared once (see paddedKeys), on PostgreSQL as it is.
func (s *Store) queryKeys(ctx context.Context, q string, args []any) (*sql.Rows, error) {
	if s.d.postgres {
		return s.r.QueryContext(ctx, q, args...)
	}
	st, own, err := s.lookups.prepared(ctx, s.r, q)
	if err != nil {
		return nil, err
	}
	if own { // the cache is full: run the text as it is
		st.Close()
		return s.r.QueryContext(ctx, q, args...)
	}
	return st.QueryContext(ctx, args...)
}
