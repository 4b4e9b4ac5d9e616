package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// Merged stories. The story stage may find that a stored story reports the
// event of an earlier one (model.Merge); the store records that decision in
// the ingest transaction that carries it and calls nothing back:
//   - the later story gets merged_into (the earlier) and merge_info (why);
//     it keeps its key, its feed item and its articles, and its updated time
//     moves, so the feeds that carried it show it again, pointing to the
//     earlier story;
//   - the earlier story keeps its id, key and lead, gains the later one's
//     tags and outlets (topic rules, "Also reported by") and is read with
//     the later one's articles and sightings;
//   - stories merged into the later one before now point to the earlier.

// applyMerges records a group's merge decisions, after its articles, and
// adds the stories they changed to the results of the feeds that carry them
// (for topic membership). A decision about a story retention pruned, or one
// already recorded, changes nothing.
func (w *writer) applyMerges(ctx context.Context, t *tx, feeds []model.FeedWrite, out []IngestResult) error {
	for k, f := range feeds {
		for _, m := range f.Merges {
			touched, err := mergeStories(ctx, t, m, mergeTime(f))
			if err != nil {
				return fmt.Errorf("store: merge story %d into %d: %w", m.From, m.Into, err)
			}
			out[k].Stories = append(out[k].Stories, touched...)
		}
	}
	return nil
}

// mergeTime is when a feed's merges happened: when its newest article was
// fetched, or its fetch.
func mergeTime(f model.FeedWrite) time.Time {
	at := f.State.LastFetch
	for _, a := range f.Articles {
		if a.FetchedAt.After(at) {
			at = a.FetchedAt
		}
	}
	if at.IsZero() {
		at = time.Now().UTC()
	}
	return at
}

// mergeStories records one merge and returns the stories it changed.
func mergeStories(ctx context.Context, t *tx, m model.Merge, now time.Time) ([]int64, error) {
	into, ok, err := mergeTarget(ctx, t, m.Into)
	if err != nil || !ok || into == m.From {
		return nil, err
	}
	var fromTags, fromOutlets string
	err = t.QueryRowContext(ctx, `SELECT tags, outlets FROM stories WHERE id = ? AND merged_into IS NULL`, m.From).Scan(&fromTags, &fromOutlets)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // gone, or merged already
	}
	if err != nil {
		return nil, err
	}
	why, _ := json.Marshal(m.Why)
	if _, err := t.ExecContext(ctx, `UPDATE stories SET merged_into = ?, merge_info = ?,
		updated = CASE WHEN updated > ? THEN updated ELSE ? END WHERE id = ?`,
		into, string(why), now.Unix(), now.Unix(), m.From); err != nil {
		return nil, err
	}
	if _, err := t.ExecContext(ctx, `UPDATE stories SET merged_into = ? WHERE merged_into = ?`, into, m.From); err != nil {
		return nil, err
	}
	var tags, outlets string
	if err := t.QueryRowContext(ctx, `SELECT tags, outlets FROM stories WHERE id = ?`, into).Scan(&tags, &outlets); err != nil {
		return nil, err
	}
	if _, err := t.ExecContext(ctx, `UPDATE stories SET tags = ?, outlets = ?,
		updated = CASE WHEN updated > ? THEN updated ELSE ? END WHERE id = ?`,
		unionTags(tags, fromTags), unionWords(outlets, fromOutlets), now.Unix(), now.Unix(), into); err != nil {
		return nil, err
	}
	return []int64{into, m.From}, nil
}

// mergeTarget is the story a merge into id ends in: id, or the story id was
// itself merged into meanwhile (by another process); ok is false when it is
// gone.
func mergeTarget(ctx context.Context, t *tx, id int64) (int64, bool, error) {
	var into sql.NullInt64
	err := t.QueryRowContext(ctx, `SELECT merged_into FROM stories WHERE id = ?`, id).Scan(&into)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, false, nil
	case err != nil:
		return 0, false, err
	case into.Valid:
		return into.Int64, true, nil
	}
	return id, true, nil
}

// unionTags adds the tags of b to those of a, stored form in and out.
func unionTags(a, b string) string {
	t := decodeTags(a)
	for _, kt := range tagRows(decodeTags(b)) {
		addTag(&t, kt[0], kt[1])
	}
	return encodeTags(t)
}

// unionWords appends the words of b that a lacks.
func unionWords(a, b string) string {
	have := strings.Fields(a)
	out := a
	for _, w := range strings.Fields(b) {
		if !slices.Contains(have, w) {
			have = append(have, w)
			out = strings.TrimSpace(out + " " + w)
		}
	}
	return out
}

// mergedRefs reads, for the stories of ids that are merged, the story each
// points to (its key, title and why).
func (s *Store) mergedRefs(ctx context.Context, in string, args []any, byID map[int64]*model.Story) error {
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, e.id, e.key, e.title, coalesce(a.url, ''), m.merge_info FROM stories m
		JOIN stories e ON e.id = m.merged_into LEFT JOIN articles a ON a.id = e.lead_article_id WHERE m.id IN `+in, args...)
	if err != nil {
		return fmt.Errorf("store: merged stories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ref model.StoryRef
		var why string
		if err := rows.Scan(&id, &ref.ID, &ref.Key, &ref.Title, &ref.LeadURL, &why); err != nil {
			return fmt.Errorf("store: merged stories: %w", err)
		}
		_ = json.Unmarshal([]byte(why), &ref.Why)
		if st := byID[id]; st != nil {
			st.MergedInto = &ref
		}
	}
	return rows.Err()
}

// mergedFrom maps the stories merged into any of ids to the one of ids each
// is merged into (their articles and sightings are read with it) and lists
// them on it (Story.Merged).
func (s *Store) mergedFrom(ctx context.Context, in string, args []any, byID map[int64]*model.Story) (map[int64]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, merged_into, key, title, merge_info FROM stories WHERE merged_into IN `+in+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: merged stories: %w", err)
	}
	defer rows.Close()
	var out map[int64]int64
	for rows.Next() {
		var into int64
		var ref model.StoryRef
		var why string
		if err := rows.Scan(&ref.ID, &into, &ref.Key, &ref.Title, &why); err != nil {
			return nil, fmt.Errorf("store: merged stories: %w", err)
		}
		_ = json.Unmarshal([]byte(why), &ref.Why)
		if out == nil {
			out = map[int64]int64{}
		}
		out[ref.ID] = into
		if st := byID[into]; st != nil {
			st.Merged = append(st.Merged, ref)
		}
	}
	return out, rows.Err()
}
