package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// knownBatch bounds the GUIDs asked about in one statement (SQLite's limit
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
	for start := 0; start < len(guids); start += knownBatch {
		part := guids[start:min(start+knownBatch, len(guids))]
		args := make([]any, 0, len(part)+1)
		args = append(args, sourceID)
		for _, g := range part {
			args = append(args, g)
		}
		// Numbered, so that both halves of the query bind the same GUIDs.
		nums := make([]string, len(part))
		for i := range part {
			nums[i] = "?" + strconv.Itoa(i+2)
		}
		in := "(" + strings.Join(nums, ",") + ")"
		rows, err := s.r.QueryContext(ctx, `SELECT guid, content_hash FROM articles WHERE source_id = ?1 AND guid IN `+in+`
			UNION ALL SELECT g.guid, a.content_hash FROM sightings g JOIN articles a ON a.id = g.article_id
			WHERE g.source_id = ?1 AND g.guid IN `+in, args...)
		if err != nil {
			return nil, fmt.Errorf("store: known items of %s: %w", sourceID, err)
		}
		for rows.Next() {
			var g, h string
			if err := rows.Scan(&g, &h); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: known items of %s: %w", sourceID, err)
			}
			out[g] = h
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: known items of %s: %w", sourceID, err)
		}
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
