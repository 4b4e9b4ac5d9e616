package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/intlwire/aggregator/internal/model"
)

// flush sends a write group's pending writes in one statement: the new
// stories and articles, their text index rows, the sightings of exact
// duplicates, the stories the group joined and the feeds' fetch states —
// data-modifying WITH parts of one statement, whose foreign keys are
// checked at its end. Each part takes its rows as arrays (unnest), so the
// statement's text depends only on which parts are there, and PostgreSQL
// plans it once per connection (pgx caches the prepared statement) instead
// of once per count of rows. A nil batch (SQLite) has nothing to send.
func (b *pgBatch) flush(ctx context.Context) error {
	if b == nil {
		return nil
	}
	var parts []string
	var args []any
	add := func(q string, a ...any) {
		parts = append(parts, q)
		args = append(args, a...)
	}
	if len(b.newStories) > 0 {
		for id, i := range b.fresh { // the facts the group's later joins gave it
			row, f := b.newStories[i], b.stories[id]
			if f != nil {
				row[5], row[6], row[7] = max(row[5].(int64), f.updated), f.tags, f.outlets
				f.updated = 0
			}
		}
		add(insertStoriesSQL, arrayColumns(b.newStories, insertStoryTypes)...)
		b.newStories = b.newStories[:0]
		clear(b.fresh)
	}
	if len(b.rows) > 0 {
		add(insertArticlesSQL, arrayColumns(b.rows, insertArticleTypes)...)
		b.rows = b.rows[:0]
	}
	if len(b.fts) > 0 {
		// One row per article: an article inserted and edited by this group
		// would otherwise be twice in one statement.
		seen := map[int64]bool{}
		var ids []int64
		var docs []string
		for i := len(b.fts) - 1; i >= 0; i-- {
			if !seen[b.fts[i].id] {
				seen[b.fts[i].id] = true
				ids, docs = append(ids, b.fts[i].id), append(docs, b.fts[i].doc)
			}
		}
		add(upsertFTSSQL, ids, docs)
		b.fts = b.fts[:0]
	}
	if len(b.sightings) > 0 {
		add(insertSightingsSQL, arrayColumns(b.sightings, insertSightingTypes)...)
		b.sightings = b.sightings[:0]
	}
	if q, a := b.storiesSQL(); q != "" {
		add(q, a...)
	}
	if len(b.states) > 0 {
		add(saveStatesSQL, statesColumns(b.states)...)
		b.states = b.states[:0]
	}
	if len(parts) == 0 {
		return nil
	}
	var q strings.Builder
	for i, p := range parts[:len(parts)-1] {
		if i == 0 {
			q.WriteString("WITH ")
		} else {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "w%d AS (%s)", i, p)
	}
	q.WriteString(" ")
	q.WriteString(parts[len(parts)-1])
	_, err := b.tx.ExecContext(ctx, q.String(), args...)
	return err
}

// The group's writes, each from arrays of its rows' columns (bare
// parameters: flush numbers them in the order of the parts).
const (
	insertStoryCols    = `id, key, title, lead_article_id, first_seen, updated, tags, outlets`
	insertStoriesSQL   = `INSERT INTO stories (` + insertStoryCols + `) SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[])`
	insertArticlesSQL  = `INSERT INTO articles (` + insertArticleCols + `) SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[])`
	upsertFTSSQL       = `INSERT INTO articles_fts (id, doc) SELECT id, to_tsvector('simple', doc) FROM unnest(?::bigint[], ?::text[]) AS v(id, doc) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`
	insertSightingCols = `article_id, source_id, url, seen_at, guid, raw_hash`
	insertSightingsSQL = `INSERT INTO sightings (` + insertSightingCols + `) SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[]) ON CONFLICT DO NOTHING`
	// As saveStateSQL, for many sources: a fetch releases its lease when
	// this fetcher still holds it.
	saveStatesSQL = `UPDATE sources AS s SET url = v.url, etag = v.etag, last_modified = v.lm, body_hash = v.bh,
		last_fetch = v.lf, last_success = v.ls, last_status = v.st, last_error = v.le, error_count = v.ec, next_due = v.nd,
		disabled = v.dis, feed_title = v.ft, feed_link = v.fl, item_hashes = v.ih,
		claimed_by = CASE WHEN s.claimed_by = v.lease THEN '' ELSE s.claimed_by END,
		lease_until = CASE WHEN s.claimed_by = v.lease THEN 0 ELSE s.lease_until END
		FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[],
			?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[])
		AS v(id, url, etag, lm, bh, lf, ls, st, le, ec, nd, dis, ft, fl, lease, ih) WHERE s.id = v.id`
)

// The Go types of the columns of a row of each write: i an int64, s a string.
const (
	insertStoryTypes    = "issiiiss"
	insertArticleTypes  = "isssssssssssssiiisisss"
	insertSightingTypes = "ississ"
)

// arrayColumns turns rows into one array per column, of the types named by
// types, as the unnest of a write takes them.
func arrayColumns(rows [][]any, types string) []any {
	out := make([]any, len(types))
	for c := range len(types) {
		if types[c] == 'i' {
			col := make([]int64, len(rows))
			for r, row := range rows {
				col[r] = row[c].(int64)
			}
			out[c] = col
			continue
		}
		col := make([]string, len(rows))
		for r, row := range rows {
			col[r] = row[c].(string)
		}
		out[c] = col
	}
	return out
}

// statesColumns are the fetch states' columns for saveStatesSQL; a source
// written twice in a group keeps its last state.
func statesColumns(states []model.FetchState) []any {
	last := map[string]int{}
	for i, st := range states {
		last[st.SourceID] = i
	}
	rows := make([][]any, 0, len(last))
	for i, st := range states {
		if last[st.SourceID] != i {
			continue
		}
		rows = append(rows, []any{st.SourceID, st.URL, st.ETag, st.LastModified, st.BodyHash, unix(st.LastFetch), unix(st.LastSuccess),
			int64(st.LastStatus), st.LastError, int64(st.ErrorCount), unix(st.NextDue), int64(boolInt(st.Disabled)), st.FeedTitle, st.FeedLink, st.Lease, st.ItemHashes})
	}
	return arrayColumns(rows, "sssssiiisiiissss")
}

// storiesSQL writes the facts of the stored stories joined since the last
// flush, in one statement, as joinStory would one by one; "" when none was.
func (b *pgBatch) storiesSQL() (string, []any) {
	var ids, at []int64
	var tags, outlets []string
	for _, id := range slices.Sorted(maps.Keys(b.stories)) { // in id order, as read locks them
		if f := b.stories[id]; f != nil && f.updated != 0 {
			ids, at, tags, outlets = append(ids, id), append(at, f.updated), append(tags, f.tags), append(outlets, f.outlets)
			f.updated = 0
		}
	}
	if len(ids) == 0 {
		return "", nil
	}
	return `UPDATE stories AS s SET updated = CASE WHEN s.updated > v.at THEN s.updated ELSE v.at END,
		tags = v.tags, outlets = v.outlets
		FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) AS v(id, at, tags, outlets) WHERE s.id = v.id`,
		[]any{ids, at, tags, outlets}
}
