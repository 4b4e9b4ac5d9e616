package store

import (
	"context"
	"database/sql"
	"slices"

	"github.com/intlwire/aggregator/internal/model"
)

// pgBatch is how a write group's ingest (IngestGroup) talks to PostgreSQL,
// where every statement is a round trip to the server (SQLite's are
// function calls) and, on a fleet, every round trip is paid under the
// assignment lock by every fetcher waiting for it (docs/scaling.md). A
// group costs four round trips, however many feeds and articles it holds:
// begin; one read (read); the items decided in Go from what it returned;
// one write of every row (flush); commit. Before, each feed read, drew ids
// and wrote on its own, and each new story was an INSERT of its own: 17
// round trips for 4 feeds with one new item each, 113 for 4 feeds of 25
// (TestAWriteGroupsRoundTripsDoNotGrowWithItsFeeds).
//
// The results are those of the statements it replaces, item by item:
//   - the lookups come from one query over every item's keys, matched in Go
//     as the lookup statement matches (the item itself first, then the
//     lowest id), the articles the group inserted so far included; after an
//     edit of a stored article, the group's later items are looked up in the
//     database instead, once the pending writes went out;
//   - the stories the items were decided to join, and those of the stored
//     articles they match, are read with their row locks in that one query,
//     in id order (two ingests joining the same stories wait for each other
//     instead of deadlocking), and kept here as the joins extend them; each
//     story touched is written once;
//   - article and story ids are drawn from the sequences in that query too,
//     as many as the group could need (an id an item did not need after all
//     is skipped, as a rolled-back insert skips one); the ids are drawn
//     under the assignment lock, so the ids committed are still every id up
//     to the highest one (the catch-up's premise, see ArticlesAfter);
//   - a new story's row is written with the group's other rows, with the
//     facts its later joins in the group gave it.
type pgBatch struct {
	tx *tx

	ids      []int64              // article ids drawn, not yet used, ascending
	storyIDs []int64              // story ids drawn, not yet used, ascending
	stories  map[int64]*joinFacts // read or written by this group; nil: the story is gone
	fresh    map[int64]int        // stories this group created and has not written: their row in newStories
	cands    *candidates          // stored articles matching some item's keys, and those the group inserted
	tombs    []storedKeys         // tombstones matching some item's keys
	stale    bool                 // an edit changed stored articles since cands was read

	// The writes the next flush sends.
	rows       [][]any // articles, in insertArticleCols' order
	newStories [][]any // stories, in insertStoryCols' order
	fts        []ftsRow
	sightings  [][]any // in insertSightingCols' order
	states     []model.FetchState
}

// ftsRow is one article's search document.
type ftsRow struct {
	id  int64
	doc string
}

// storedKeys are the identifying keys of a stored article or tombstone.
type storedKeys struct {
	id, storyID     int64
	source, guid    string
	canonical, hash string
	lastSeen        int64 // tombstones
}

func newPGBatch(t *tx) *pgBatch {
	return &pgBatch{tx: t, stories: map[int64]*joinFacts{}, fresh: map[int64]int{}, cands: newCandidates()}
}

// keysMatch is the lookup statements' WHERE clause (see ingestSQL and
// tombstoneMatch) for one stored row and one item.
func keysMatch(k storedKeys, a *model.Article) bool {
	return (k.source == a.SourceID && k.guid == a.GUID) || (k.canonical == a.CanonicalURL && k.canonical != "") ||
		k.hash == hashKey(a)
}

// candCols are the columns of a stored article that the group's read
// returns (see storedKeys).
const candCols = `id, story_id, source_id, guid, canonical_url, content_hash`

// readGroupSQL is the group's one read: the stored articles and tombstones
// matching any item's keys (?1 and ?2 the items' sources and GUIDs, pair by
// pair; ?3 canonical URLs; ?4 content hash keys), each key by its own index,
// the stories to join (?5) and those of the matched articles with their row
// locks, and ?6 article ids and ?7 story ids drawn from the sequences. Every
// row has the same columns; the first says what it is.
//
// Each key is looked up on its own (LATERAL, and OFFSET 0 so that the
// planner cannot fold the lookup into a join): one probe of its index,
// whatever the statistics say. As = ANY or as a join, the planner scanned
// the whole table for each of the three lists while articles had no
// statistics yet (a new database until autovacuum's first ANALYZE: all of a
// cold round of scripts/bench-fleet.sh, auto_explain), and for the canonical
// URLs and hashes even with them; the read runs under the assignment lock.
// EXPLAIN ANALYZE of the read of 900 new items at 25,738 articles (jit off):
// 139-298 ms without statistics and 114-152 ms with them as = ANY; 28-109
// and 13-27 ms as lookups.
const readGroupSQL = `WITH k AS (SELECT * FROM unnest(?1::text[], ?2::text[]) AS k(source_id, guid)),
	c AS (SELECT a.* FROM k, LATERAL (SELECT ` + candCols + ` FROM articles WHERE source_id = k.source_id AND guid = k.guid OFFSET 0) a
		UNION SELECT a.* FROM unnest(?3::text[]) AS u(url), LATERAL (SELECT ` + candCols + ` FROM articles WHERE canonical_url = u.url AND canonical_url <> '' OFFSET 0) a
		UNION SELECT a.* FROM unnest(?4::text[]) AS h(hash), LATERAL (SELECT ` + candCols + ` FROM articles WHERE content_hash = h.hash OFFSET 0) a),
	locked AS (SELECT id, tags, outlets FROM stories WHERE id = ANY(?5::bigint[]) OR id IN (SELECT story_id FROM c) ORDER BY id FOR UPDATE)
	SELECT 0, id, story_id, source_id, guid, canonical_url, content_hash, 0::bigint FROM c
	UNION ALL (SELECT 1, 0, 0, t.source_id, t.guid, t.canonical_url, t.content_hash, t.last_seen FROM k JOIN tombstones t USING (source_id, guid)
		UNION SELECT 1, 0, 0, t.source_id, t.guid, t.canonical_url, t.content_hash, t.last_seen FROM unnest(?3::text[]) AS u(url) JOIN tombstones t ON t.canonical_url = u.url AND t.canonical_url <> ''
		UNION SELECT 1, 0, 0, t.source_id, t.guid, t.canonical_url, t.content_hash, t.last_seen FROM unnest(?4::text[]) AS h(hash) JOIN tombstones t ON t.content_hash = h.hash)
	UNION ALL SELECT 2, id, 0, tags, outlets, '', '', 0 FROM locked
	UNION ALL SELECT 3, nextval(pg_get_serial_sequence('articles', 'id')), 0, '', '', '', '', 0 FROM generate_series(1, ?6::int)
	UNION ALL SELECT 4, nextval(pg_get_serial_sequence('stories', 'id')), 0, '', '', '', '', 0 FROM generate_series(1, ?7::int)`

// read is the group's one read (readGroupSQL), before any item is put.
func (b *pgBatch) read(ctx context.Context, feeds []model.FeedWrite) error {
	var sources, guids, urls, hashes []string
	var joins []int64
	newStories, provisional := 0, map[int64]bool{}
	articles := 0
	for _, f := range feeds {
		for i := range f.Articles {
			a := &f.Articles[i]
			a.SourceID = f.State.SourceID
			articles++
			sources, guids = append(sources, a.SourceID), append(guids, a.GUID)
			if a.CanonicalURL != "" {
				urls = append(urls, a.CanonicalURL)
			}
			hashes = append(hashes, hashKey(a))
			switch {
			case a.StoryID > 0:
				joins = append(joins, a.StoryID)
			case a.StoryID == 0 || !provisional[a.StoryID]:
				provisional[a.StoryID] = a.StoryID < 0
				newStories++
			}
		}
	}
	rows, err := b.tx.QueryContext(ctx, readGroupSQL, sources, guids, urls, hashes, joins, articles, newStories)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind int
		var k storedKeys
		if err := rows.Scan(&kind, &k.id, &k.storyID, &k.source, &k.guid, &k.canonical, &k.hash, &k.lastSeen); err != nil {
			return err
		}
		switch kind {
		case 0:
			b.cands.add(k)
		case 1:
			b.tombs = append(b.tombs, k)
		case 2: // a story's id, tags and outlets
			b.stories[k.id] = &joinFacts{tags: k.source, outlets: k.guid}
		case 3:
			b.ids = append(b.ids, k.id)
		case 4:
			b.storyIDs = append(b.storyIDs, k.id)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range joins {
		if _, ok := b.stories[id]; !ok {
			b.stories[id] = nil // gone: retention pruned it since it was decided
		}
	}
	slices.Sort(b.ids)
	slices.Sort(b.storyIDs)
	return nil
}

// find answers an item's lookup from what read returned and what the
// group inserted; ok is false when the database must be asked instead (the
// pending writes are then sent).
func (b *pgBatch) find(ctx context.Context, a *model.Article) (m match, ok bool, err error) {
	if b.stale {
		return m, false, b.flush(ctx)
	}
	m, found := b.cands.find(a)
	if !found {
		return m, true, sql.ErrNoRows
	}
	return m, true, nil
}

// lastSeen is the tombstone lookup from the prefetched rows: the latest
// last_seen of the tombstones matching the item.
func (b *pgBatch) lastSeen(a *model.Article) sql.NullInt64 {
	var last sql.NullInt64
	for _, k := range b.tombs {
		if keysMatch(k, a) && (!last.Valid || k.lastSeen > last.Int64) {
			last = sql.NullInt64{Int64: k.lastSeen, Valid: true}
		}
	}
	return last
}

// drawMore is how many ids a draw takes when read's ran out (an item
// joining a story that is gone needs a story id read did not count).
const drawMore = 16

// next takes the next id from pool, drawing more from seq's sequence when
// none is left.
func (b *pgBatch) next(ctx context.Context, pool *[]int64, table string) (int64, error) {
	if len(*pool) == 0 {
		rows, err := b.tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?::int)`, table, drawMore)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return 0, err
			}
			*pool = append(*pool, id)
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
		slices.Sort(*pool)
		if len(*pool) == 0 {
			return 0, sql.ErrNoRows
		}
	}
	id := (*pool)[0]
	*pool = (*pool)[1:]
	return id, nil
}

// newID is the next article id.
func (b *pgBatch) newID(ctx context.Context) (int64, error) { return b.next(ctx, &b.ids, "articles") }

// newStory starts a story led by a, written by the next flush, and returns
// its id.
func (b *pgBatch) newStory(ctx context.Context, a *model.Article, now int64) (int64, error) {
	id, err := b.next(ctx, &b.storyIDs, "stories")
	if err != nil {
		return 0, err
	}
	tags, outlets := encodeTags(a.Tags), outletWord(a)
	b.fresh[id] = len(b.newStories)
	b.newStories = append(b.newStories, []any{id, StoryKey(a.SourceID, a.GUID), a.Title, a.ID, now, now, tags, outlets})
	b.stories[id] = &joinFacts{tags: tags, outlets: outlets}
	return id, nil
}

// added queues a new article's row; later items of the group find it.
func (b *pgBatch) added(a *model.Article, row []any) {
	b.rows = append(b.rows, row)
	k := keysOf(a)
	k.id, k.storyID = a.ID, a.StoryID
	b.cands.add(k)
}

// keysOf are an article's keys as stored.
func keysOf(a *model.Article) storedKeys {
	return storedKeys{source: a.SourceID, guid: a.GUID, canonical: a.CanonicalURL, hash: a.ContentHash}
}

// sighting queues an exact duplicate's sighting.
func (b *pgBatch) sighting(row []any) { b.sightings = append(b.sightings, row) }

// forget drops what was read before an edit of stored rows: the stories'
// facts and the prefetched lookups (the next items ask the database). The
// caller flushed first.
func (b *pgBatch) forget() {
	clear(b.stories)
	b.stale = true
}
