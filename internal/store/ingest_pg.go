package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/intlwire/aggregator/internal/model"
)

// pgBatch is how one feed's ingest (one feed of a group, see next) talks to PostgreSQL, where every
// statement is a round trip to the server (SQLite's are function calls):
// the reads the items need are made once for the whole feed, and the writes
// nothing waits for are sent together when the feed is done. Per new
// article that is a few rows in three statements instead of the seven
// round trips of lookup, tombstone lookup, id, story read, story write,
// insert and text index — and the assignment lock, held around the ingest
// (docs/scaling.md), is held that much shorter.
//
// The results are those of the statements it replaces, item by item:
//   - the lookups come from one query over every item's keys, matched in Go
//     as the lookup statement matches (the item itself first, then the
//     lowest id); an item that matches an article this feed inserted, or any
//     item after an edit of a stored article, is looked up in the database
//     instead, after the pending writes went out;
//   - a story's facts (tags, outlets) are read once — with the row locks of
//     lockStories, or by the first join — and kept here as the feed's joins
//     extend them; each story touched is written once;
//   - article ids are drawn from the sequence at once for the items of the
//     feed that look new (an id an item did not need after all is skipped,
//     as a rolled-back insert skips one).
type pgBatch struct {
	tx *tx
	at int // the item being put
	// looksNew says, per item, whether no stored article, tombstone or
	// earlier item of the feed matches its keys: how many ids to draw.
	looksNew []bool

	ids     []int64              // drawn from the sequence, not yet used
	stories map[int64]*joinFacts // read or written by this feed; nil: the story is gone
	rows    [][]any              // articles to insert, in insertArticle's column order
	fts     []ftsRow             // text index rows to write
	mine    []model.Article      // articles this feed inserted (their keys)
	cands   []storedKeys         // stored articles matching some item's keys
	tombs   []storedKeys         // tombstones matching some item's keys
	stale   bool                 // an edit changed stored articles since cands was read
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
	return &pgBatch{tx: t, stories: map[int64]*joinFacts{}}
}

// next is the batch of the group's next feed in the same transaction: the
// stories' facts read and extended so far stay (a flush wrote them), the
// feed's reads and writes start afresh.
func (b *pgBatch) next() *pgBatch {
	return &pgBatch{tx: b.tx, stories: b.stories}
}

// keysMatch is the lookup statements' WHERE clause (see ingestSQL and
// tombstoneMatch) for one stored row and one item.
func keysMatch(k storedKeys, a *model.Article) bool {
	return (k.source == a.SourceID && k.guid == a.GUID) || (k.canonical == a.CanonicalURL && k.canonical != "") ||
		k.hash == hashKey(a)
}

// prefetch reads the stored articles and tombstones that match any of the
// feed's items, in one query each.
func (b *pgBatch) prefetch(ctx context.Context, source string, arts []model.Article) error {
	guids, urls, hashes := make([]string, 0, len(arts)), make([]string, 0, len(arts)), make([]string, 0, len(arts))
	for i := range arts {
		a := &arts[i]
		a.SourceID = source
		guids = append(guids, a.GUID)
		if a.CanonicalURL != "" {
			urls = append(urls, a.CanonicalURL)
		}
		hashes = append(hashes, hashKey(a))
	}
	const where = ` WHERE (source_id = ?1 AND guid = ANY(?2)) OR (canonical_url = ANY(?3) AND canonical_url <> '') OR content_hash = ANY(?4)`
	if err := b.keys(ctx, `SELECT false, id, story_id, source_id, guid, canonical_url, content_hash, 0 FROM articles`+where+
		` UNION ALL SELECT true, 0, 0, source_id, guid, canonical_url, content_hash, last_seen FROM tombstones`+where,
		source, guids, urls, hashes); err != nil {
		return err
	}
	b.looksNew = make([]bool, len(arts))
	for i := range arts {
		a := &arts[i]
		matches := func(k storedKeys) bool { return keysMatch(k, a) }
		b.looksNew[i] = !slices.ContainsFunc(b.cands, matches) && !slices.ContainsFunc(b.tombs, matches) &&
			!slices.ContainsFunc(arts[:i], func(x model.Article) bool { return keysMatch(keysOf(&x), a) })
	}
	return nil
}

// keys reads the rows of the prefetch query into cands (articles) and
// tombs (tombstones, its first column true).
func (b *pgBatch) keys(ctx context.Context, q string, args ...any) error {
	rows, err := b.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k storedKeys
		var tomb bool
		if err := rows.Scan(&tomb, &k.id, &k.storyID, &k.source, &k.guid, &k.canonical, &k.hash, &k.lastSeen); err != nil {
			return err
		}
		if tomb {
			b.tombs = append(b.tombs, k)
		} else {
			b.cands = append(b.cands, k)
		}
	}
	return rows.Err()
}

// find answers an item's lookup from the prefetched rows; ok is false when
// the database must be asked instead (the pending writes are then sent).
func (b *pgBatch) find(ctx context.Context, a *model.Article) (m match, ok bool, err error) {
	if b.stale || slices.ContainsFunc(b.mine, func(x model.Article) bool { return keysMatch(keysOf(&x), a) }) {
		return m, false, b.flush(ctx, nil)
	}
	var best *storedKeys
	for i := range b.cands {
		k := &b.cands[i]
		if !keysMatch(*k, a) {
			continue
		}
		same := k.source == a.SourceID && k.guid == a.GUID
		bestSame := best != nil && best.source == a.SourceID && best.guid == a.GUID
		if best == nil || (same && !bestSame) || (same == bestSame && k.id < best.id) {
			best = k
		}
	}
	if best == nil {
		return m, true, sql.ErrNoRows
	}
	return match{id: best.id, storyID: best.storyID, hash: best.hash,
		same: best.source == a.SourceID && best.guid == a.GUID, own: best.source == a.SourceID}, true, nil
}

// keysOf are an article's keys as stored.
func keysOf(a *model.Article) storedKeys {
	return storedKeys{source: a.SourceID, guid: a.GUID, canonical: a.CanonicalURL, hash: a.ContentHash}
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

// newID is the next article id, drawing ids for this item and the feed's
// later ones that look new when none is left.
func (b *pgBatch) newID(ctx context.Context) (int64, error) {
	if len(b.ids) == 0 {
		n := 1
		for i := b.at + 1; i < len(b.looksNew); i++ {
			if b.looksNew[i] {
				n++
			}
		}
		rows, err := b.tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('articles', 'id')) FROM generate_series(1, ?)`, n)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return 0, err
			}
			b.ids = append(b.ids, id)
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
		slices.Sort(b.ids)
		if len(b.ids) == 0 {
			return 0, sql.ErrNoRows
		}
	}
	id := b.ids[0]
	b.ids = b.ids[1:]
	return id, nil
}

// added queues a new article's row.
func (b *pgBatch) added(a *model.Article, row []any) {
	b.rows = append(b.rows, row)
	b.mine = append(b.mine, *a)
}

// joined keeps a story's extended facts, written by the next flush.
func (b *pgBatch) joined(storyID int64, f joinFacts, at int64) {
	if old := b.stories[storyID]; old != nil {
		f.updated = max(old.updated, at)
	} else {
		f.updated = at
	}
	b.stories[storyID] = &f
}

// forget drops what was read before an edit of stored rows: the stories'
// facts and the prefetched lookups (the next items ask the database).
func (b *pgBatch) forget() {
	clear(b.stories)
	b.stale = true
}

// maxRowsPerInsert keeps a multi-row INSERT under PostgreSQL's 65,535
// parameters (22 per article).
const maxRowsPerInsert = 1000

// flush sends the pending writes in one statement: the new articles, their
// text index rows, the stories the feed joined and, when state is given
// (the end of the ingest), the source's fetch state — data-modifying WITH
// parts of one statement, whose foreign keys are checked at its end. A nil
// batch (SQLite) has nothing to send.
func (b *pgBatch) flush(ctx context.Context, state *model.FetchState) error {
	if b == nil {
		return nil
	}
	var parts []string
	var args []any
	add := func(q string, a ...any) {
		parts = append(parts, shiftNumbered(q, len(args)))
		args = append(args, a...)
	}
	insertArticles := `INSERT INTO articles (` + insertArticleCols + `) VALUES `
	rows := b.rows
	for len(rows) > maxRowsPerInsert { // a feed of more than 1,000 new items: the first ones alone
		q, a := valuesSQL(insertArticles, rows[:maxRowsPerInsert], "")
		if _, err := b.tx.ExecContext(ctx, q, a...); err != nil {
			return err
		}
		rows = rows[maxRowsPerInsert:]
	}
	if len(rows) > 0 {
		q, a := valuesSQL(insertArticles, rows, "")
		add(q, a...)
	}
	b.rows = b.rows[:0]
	// One row per article: an article inserted and edited by this feed
	// would otherwise be twice in one statement.
	seen := map[int64]bool{}
	var fts [][]any
	for i := len(b.fts) - 1; i >= 0; i-- {
		if !seen[b.fts[i].id] {
			seen[b.fts[i].id] = true
			fts = append(fts, []any{b.fts[i].id, b.fts[i].doc})
		}
	}
	for len(fts) > maxRowsPerInsert {
		q, a := valuesSQL(insertFTS, fts[:maxRowsPerInsert], upsertFTS)
		if _, err := b.tx.ExecContext(ctx, q, a...); err != nil {
			return err
		}
		fts = fts[maxRowsPerInsert:]
	}
	if len(fts) > 0 {
		q, a := valuesSQL(insertFTS, fts, upsertFTS)
		add(q, a...)
	}
	b.fts = b.fts[:0]
	if q, a := b.storiesSQL(); q != "" {
		add(q, a...)
	}
	if state != nil {
		add(saveStateSQL, saveStateArgs(*state)...)
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

// shiftNumbered adds by to every numbered placeholder (?14) of q outside
// quotes: a statement written with its own numbering (saveStateSQL) that
// becomes a part of flush's one statement, after by arguments of the
// parts before it, must name its own arguments. Plain placeholders need no
// change: rebind numbers them on from the highest before them.
func shiftNumbered(q string, by int) string {
	if by == 0 || !strings.Contains(q, "?") {
		return q
	}
	return rewriteParams(q, func(n int) string {
		if n == 0 {
			return "?"
		}
		return "?" + strconv.Itoa(n+by)
	})
}

// The text index rows of new and edited articles.
const (
	insertFTS = `INSERT INTO articles_fts (id, doc) VALUES `
	upsertFTS = ` ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`
)

// valuesSQL is head followed by one VALUES tuple per row, then tail, and
// the rows' values; an articles_fts row's second value is a document for
// to_tsvector.
func valuesSQL(head string, rows [][]any, tail string) (string, []any) {
	n := len(rows[0])
	one := "(?" + strings.Repeat(",?", n-1) + ")"
	if head == insertFTS {
		one = "(?, to_tsvector('simple', ?))"
	}
	var q strings.Builder
	q.WriteString(head)
	args := make([]any, 0, n*len(rows))
	for i, r := range rows {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(one)
		args = append(args, r...)
	}
	q.WriteString(tail)
	return q.String(), args
}

// storiesSQL writes the facts of the stories joined since the last flush,
// in one statement, as joinStory would one by one; "" when none was.
func (b *pgBatch) storiesSQL() (string, []any) {
	var ids, at []int64
	var tags, outlets []string
	for _, id := range slices.Sorted(maps.Keys(b.stories)) { // in id order, as lockStories locks
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
