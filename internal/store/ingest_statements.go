package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/intlwire/aggregator/internal/model"
)

// The prepared statements of the ingest and the writer that binds them to
// one transaction (the writing itself is in ingest.go).

// writer holds the statements of one ingest transaction. A statement
// the dialect does not use is nil.
type writer struct {
	lookup, insertArticle, updateArticle, insertStory, touchStory,
	storyFacts, joinStory, refreshStory, insertSighting,
	ftsDelete, ftsInsert, ftsInsertNew, tombstone, touchTombstone, saveState, readCands, readStories, maxID *sql.Stmt
	// insertSightings are SQLite's multi-row sighting inserts, one for each
	// of sightingChunks (see flushSightings).
	insertSightings [len(sightingChunks)]*sql.Stmt
	nextID          int64 // SQLite: the highest article id so far
	// indexedTo is, on SQLite, the highest article id in the full-text
	// index: the group's new articles are above it until indexNew.
	indexedTo int64
	// cands are, on SQLite, the group's lookup candidates (see
	// readCandidates); nil once an edit made them stale, or before they
	// are read: the lookup statement answers then.
	cands *candidates
	// sightings are, on SQLite, the arguments of the sightings not yet
	// written, insertSightingCols of each in turn (see flushSightings).
	sightings []any
	// joins are, on SQLite, the facts of the stories the transaction
	// joined (see join) or created (knowStory); updated != 0 marks those
	// not yet written.
	joins map[int64]*joinFacts
	pg    *pgBatch // PostgreSQL: the group's reads made at once, its writes sent together; nil on SQLite
}

// insertArticleCols are the columns of a new article's row, in the order
// insert gives them.
const insertArticleCols = `id, source_id, guid, url, canonical_url, title, summary, content_html,
	text, author, language, image_url, enclosures, mentions, published, updated, fetched_at, content_hash, story_id, tags, join_info, raw_hash`

// ingestStatement is one statement of the ingest, with the field of writer
// that holds it.
type ingestStatement struct {
	field func(*writer) **sql.Stmt
	sql   string
}

// ingestSQL are the ingest statements of a dialect, prepared once on the
// writer (see prepareIngest) and bound to each transaction.
//
// The full-text index differs: SQLite's FTS5 table is fed from the articles
// rows once per write group (ftsInsertNew) and on edits (ftsDelete, ftsInsert);
// PostgreSQL's is written with the feed's other rows, the text folded in Go
// (pgBatch). Article ids: SQLite's single writer knows the next one
// (nextID); PostgreSQL's writers, possibly several processes, draw them from the
// sequence (pgBatch.newID). The lookup's tie-break (the lowest id) is
// pgBatch.find's.
func ingestSQL(d *dialect) []ingestStatement {
	st := []ingestStatement{
		{func(w *writer) **sql.Stmt { return &w.lookup }, `SELECT id, story_id, content_hash, source_id = ?1 AND guid = ?2 AS same, source_id = ?1 AS own FROM articles
		WHERE (source_id = ?1 AND guid = ?2) OR (canonical_url = ?3 AND canonical_url <> '') OR content_hash = ?4
		ORDER BY same DESC, id LIMIT 1`},
		{func(w *writer) **sql.Stmt { return &w.insertArticle }, `INSERT INTO articles (` + insertArticleCols + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{func(w *writer) **sql.Stmt { return &w.updateArticle }, `UPDATE articles SET url = ?, canonical_url = ?, title = ?, summary = ?, content_html = ?,
		text = ?, author = ?, image_url = ?, enclosures = ?, mentions = ?, updated = ?, content_hash = ?, tags = ?, raw_hash = ? WHERE id = ?`},
		{func(w *writer) **sql.Stmt { return &w.insertStory }, `INSERT INTO stories (key, title, lead_article_id, first_seen, updated, tags, outlets)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`},
		// Locked on PostgreSQL: the story's tags and outlets are read,
		// extended and written back, and another process may join it too.
		{func(w *writer) **sql.Stmt { return &w.storyFacts }, `SELECT tags, outlets FROM stories WHERE id = ?` + d.forUpdate},
		{func(w *writer) **sql.Stmt { return &w.joinStory }, `UPDATE stories SET updated = CASE WHEN updated > ?1 THEN updated ELSE ?1 END,
		tags = ?2, outlets = ?3 WHERE id = ?4`},
		// In article order, so that both databases rebuild the same words.
		{func(w *writer) **sql.Stmt { return &w.refreshStory }, `UPDATE stories SET
		tags = coalesce((SELECT ` + d.groupConcat + `(tags, ' ' ORDER BY id) FROM articles WHERE story_id = ?1), ''),
		outlets = coalesce((SELECT ` + d.groupConcat + `(source_id || '/' || language, ' ' ORDER BY id) FROM articles WHERE story_id = ?1), '')
		WHERE id = ?1`},
		{func(w *writer) **sql.Stmt { return &w.touchStory }, `UPDATE stories SET updated = CASE WHEN updated > ?1 THEN updated ELSE ?1 END,
		title = CASE WHEN lead_article_id = ?2 THEN ?3 ELSE title END WHERE id = ?4`},
		{func(w *writer) **sql.Stmt { return &w.insertSighting }, `INSERT INTO sightings (article_id, source_id, url, seen_at, guid, raw_hash) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`},
		{func(w *writer) **sql.Stmt { return &w.tombstone }, tombstoneLookupSQL},
		{func(w *writer) **sql.Stmt { return &w.touchTombstone }, tombstoneTouchSQL},
	}
	if d.postgres {
		return st
	}
	st = append(st,
		ingestStatement{func(w *writer) **sql.Stmt { return &w.ftsDelete }, `INSERT INTO articles_fts(articles_fts, rowid, title, text)
		SELECT 'delete', id, title, text FROM articles WHERE id = ?`},
		ingestStatement{func(w *writer) **sql.Stmt { return &w.ftsInsert }, `INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles WHERE id = ?`},
		ingestStatement{func(w *writer) **sql.Stmt { return &w.ftsInsertNew }, `INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles WHERE id > ?`},
		ingestStatement{func(w *writer) **sql.Stmt { return &w.saveState }, saveStateSQL},
		ingestStatement{func(w *writer) **sql.Stmt { return &w.readCands }, readCandidatesSQL},
		ingestStatement{func(w *writer) **sql.Stmt { return &w.readStories }, readStoriesSQL},
		ingestStatement{func(w *writer) **sql.Stmt { return &w.maxID }, `SELECT coalesce(max(id), 0) FROM articles`},
	)
	for i, n := range sightingChunks {
		st = append(st, ingestStatement{func(w *writer) **sql.Stmt { return &w.insertSightings[i] }, insertSightingsRowsSQL(n)})
	}
	return st
}

// prepareIngest prepares the ingest statements once on the writer
// connection; parsing them for every fetched feed cost more than some inserts.
func (s *Store) prepareIngest(ctx context.Context) error {
	s.ingest = &writer{}
	for _, st := range ingestSQL(s.d) {
		p, err := s.w.PrepareContext(ctx, st.sql)
		if err != nil {
			return fmt.Errorf("store: prepare: %w", err)
		}
		*st.field(s.ingest) = p
	}
	return nil
}

// writerFor binds the prepared ingest statements to a transaction.
func (s *Store) writerFor(ctx context.Context, tx *tx) (*writer, error) {
	w := &writer{}
	for _, st := range ingestSQL(s.d) {
		*st.field(w) = tx.StmtContext(ctx, *st.field(s.ingest))
	}
	if s.d.postgres {
		w.pg = newPGBatch(tx)
		return w, nil
	}
	if err := w.maxID.QueryRowContext(ctx).Scan(&w.nextID); err != nil {
		w.close()
		return nil, err
	}
	w.indexedTo = w.nextID
	return w, nil
}

func (w *writer) close() {
	for _, p := range []*sql.Stmt{w.lookup, w.insertArticle, w.updateArticle, w.insertStory, w.touchStory,
		w.storyFacts, w.joinStory, w.refreshStory, w.insertSighting,
		w.ftsDelete, w.ftsInsert, w.ftsInsertNew, w.tombstone, w.touchTombstone, w.saveState, w.readCands, w.readStories, w.maxID} {
		if p != nil {
			p.Close()
		}
	}
	for _, p := range w.insertSightings {
		if p != nil {
			p.Close()
		}
	}
}

// newArticleID is the id the next inserted article gets.
func (w *writer) newArticleID(ctx context.Context) (int64, error) {
	if w.pg == nil {
		return w.nextID + 1, nil
	}
	return w.pg.newID(ctx)
}

// index puts an inserted or edited article into PostgreSQL's full-text
// index, with the feed's other writes (SQLite's is fed from the rows; see
// ingestSQL).
func (w *writer) index(a *model.Article) {
	if w.pg != nil {
		w.pg.fts = append(w.pg.fts, ftsRow{a.ID, searchDoc(a.Title, a.Text)})
	}
}
