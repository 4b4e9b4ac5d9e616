package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// IngestResult says what one feed's articles did to the store (see
// model.IngestResult).
type IngestResult = model.IngestResult

// Ingest stores one fetched feed in a single transaction: the articles (exact
// duplicates recorded as sightings, changed articles updated in place and kept in
// their story) and the source's fetch state. Either all of it lands or none.
//
// A new article's StoryID is the story stage's decision (see
// model.Article.StoryID): the store follows it and calls nothing back.
func (s *Store) Ingest(ctx context.Context, st model.FetchState, arts []model.Article) (IngestResult, error) {
	res := IngestResult{Provisional: map[int64]int64{}}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("store: ingest %s: %w", st.SourceID, err)
	}
	defer tx.Rollback()
	w, err := s.writerFor(ctx, tx)
	if err != nil {
		return res, fmt.Errorf("store: ingest %s: %w", st.SourceID, err)
	}
	defer w.close()
	firstID := w.nextID
	touched := map[int64]bool{}
	for i := range arts {
		a := &arts[i]
		a.SourceID = st.SourceID
		decided := a.StoryID
		if decided < 0 {
			if id, ok := res.Provisional[decided]; ok {
				a.StoryID = id // an earlier article of this feed started the story
			}
		}
		outcome, err := w.put(ctx, a)
		if err != nil {
			return res, fmt.Errorf("store: ingest %s item %q: %w", st.SourceID, a.GUID, err)
		}
		if decided < 0 {
			if _, ok := res.Provisional[decided]; !ok {
				res.Provisional[decided] = a.StoryID
			}
		}
		switch outcome {
		case outcomeNew:
			res.New++
			res.Added = append(res.Added, *a)
			touched[a.StoryID] = true
		case outcomeNewStory:
			if res.Created == nil {
				res.Created = map[int64]bool{}
			}
			res.Created[a.StoryID] = true
			res.New++
			res.NewStories++
			res.Added = append(res.Added, *a)
			touched[a.StoryID] = true
		case outcomeUpdated:
			res.Updated++
			touched[a.StoryID] = true
		case outcomeDuplicate:
			res.Duplicates++
			touched[a.StoryID] = true
		case outcomeUnchanged:
			res.Unchanged++
		case outcomePruned:
			res.Pruned++
		case outcomeRotated:
			res.Rotated++
		}
	}
	// The new articles enter the full-text index in one statement.
	if w.nextID > firstID {
		if _, err := w.ftsInsertNew.ExecContext(ctx, firstID); err != nil {
			return res, fmt.Errorf("store: ingest %s: index text: %w", st.SourceID, err)
		}
	}
	if err := saveState(ctx, tx, st); err != nil {
		return res, fmt.Errorf("store: ingest %s: save state: %w", st.SourceID, err)
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("store: ingest %s: commit: %w", st.SourceID, err)
	}
	for id := range touched {
		res.Stories = append(res.Stories, id)
	}
	return res, nil
}

type outcome int

const (
	outcomeNew outcome = iota
	outcomeNewStory
	outcomeUpdated
	outcomeDuplicate
	outcomeUnchanged
	outcomePruned
	outcomeRotated
)

// writer holds the statements of one ingest transaction.
type writer struct {
	lookup, insertArticle, updateArticle, insertStory, touchStory,
	storyFacts, joinStory, refreshStory, insertSighting,
	ftsDelete, ftsInsert, ftsInsertNew, tombstone, touchTombstone *sql.Stmt
	nextID int64 // the highest article id so far
}

// ingestSQL are the ingest statements, prepared once on the writer
// connection (see prepareIngest) and bound to each transaction.
var ingestSQL = []struct {
	field func(*writer) **sql.Stmt
	sql   string
}{
	{func(w *writer) **sql.Stmt { return &w.lookup }, `SELECT id, story_id, content_hash, source_id = ?1 AND guid = ?2 AS same, source_id = ?1 AS own FROM articles
		WHERE (source_id = ?1 AND guid = ?2) OR (canonical_url = ?3 AND canonical_url <> '') OR content_hash = ?4
		ORDER BY same DESC LIMIT 1`},
	{func(w *writer) **sql.Stmt { return &w.insertArticle }, `INSERT INTO articles (id, source_id, guid, url, canonical_url, title, summary, content_html,
		text, author, language, image_url, enclosures, mentions, published, updated, fetched_at, content_hash, story_id, tags, join_info)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
	{func(w *writer) **sql.Stmt { return &w.updateArticle }, `UPDATE articles SET url = ?, canonical_url = ?, title = ?, summary = ?, content_html = ?,
		text = ?, author = ?, image_url = ?, enclosures = ?, mentions = ?, updated = ?, content_hash = ?, tags = ? WHERE id = ?`},
	{func(w *writer) **sql.Stmt { return &w.insertStory }, `INSERT INTO stories (key, title, lead_article_id, first_seen, updated, tags, outlets)
		VALUES (?, ?, ?, ?, ?, ?, ?)`},
	{func(w *writer) **sql.Stmt { return &w.storyFacts }, `SELECT tags, outlets FROM stories WHERE id = ?`},
	{func(w *writer) **sql.Stmt { return &w.joinStory }, `UPDATE stories SET updated = max(updated, ?), tags = ?, outlets = ? WHERE id = ?`},
	{func(w *writer) **sql.Stmt { return &w.refreshStory }, `UPDATE stories SET
		tags = coalesce((SELECT group_concat(tags, ' ') FROM articles WHERE story_id = ?1), ''),
		outlets = coalesce((SELECT group_concat(source_id || '/' || language, ' ') FROM articles WHERE story_id = ?1), '')
		WHERE id = ?1`},
	{func(w *writer) **sql.Stmt { return &w.touchStory }, `UPDATE stories SET updated = max(updated, ?),
		title = CASE WHEN lead_article_id = ? THEN ? ELSE title END WHERE id = ?`},
	{func(w *writer) **sql.Stmt { return &w.ftsDelete }, `INSERT INTO articles_fts(articles_fts, rowid, title, text)
		SELECT 'delete', id, title, text FROM articles WHERE id = ?`},
	{func(w *writer) **sql.Stmt { return &w.ftsInsert }, `INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles WHERE id = ?`},
	{func(w *writer) **sql.Stmt { return &w.ftsInsertNew }, `INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles WHERE id > ?`},
	{func(w *writer) **sql.Stmt { return &w.insertSighting }, `INSERT OR IGNORE INTO sightings (article_id, source_id, url, seen_at, guid) VALUES (?, ?, ?, ?, ?)`},
	{func(w *writer) **sql.Stmt { return &w.tombstone }, tombstoneLookupSQL},
	{func(w *writer) **sql.Stmt { return &w.touchTombstone }, tombstoneTouchSQL},
}

// prepareIngest prepares the ingest statements once on the writer
// connection; parsing them for every fetched feed cost more than some inserts.
func (s *Store) prepareIngest(ctx context.Context) error {
	s.ingest = &writer{}
	for _, st := range ingestSQL {
		p, err := s.w.PrepareContext(ctx, st.sql)
		if err != nil {
			return fmt.Errorf("store: prepare: %w", err)
		}
		*st.field(s.ingest) = p
	}
	return nil
}

// writerFor binds the prepared ingest statements to a transaction.
func (s *Store) writerFor(ctx context.Context, tx *sql.Tx) (*writer, error) {
	w := &writer{}
	for _, st := range ingestSQL {
		*st.field(w) = tx.StmtContext(ctx, *st.field(s.ingest))
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM articles`).Scan(&w.nextID); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *writer) close() {
	for _, st := range ingestSQL {
		if p := *st.field(w); p != nil {
			p.Close()
		}
	}
}

func (w *writer) put(ctx context.Context, a *model.Article) (outcome, error) {
	now := a.FetchedAt
	if now.IsZero() {
		now = time.Now().UTC()
		a.FetchedAt = now
	}
	// One lookup finds the same item (source + GUID), the same page
	// (canonical URL) or the same text (content hash); the item itself wins.
	var id, storyID int64
	var hash string
	var same, own bool
	err := w.lookup.QueryRowContext(ctx, a.SourceID, a.GUID, a.CanonicalURL, hashKey(a)).Scan(&id, &storyID, &hash, &same, &own)
	switch {
	case err == nil && same:
		a.ID, a.StoryID, a.Join = id, storyID, model.Join{}
		if hash == a.ContentHash {
			return outcomeUnchanged, nil
		}
		return outcomeUpdated, w.update(ctx, a, now)
	case err == nil && own:
		// The source's own article under a new GUID or URL: nothing to add.
		a.ID, a.StoryID = id, storyID
		return outcomeRotated, nil
	case err == nil:
		// Same page or same text elsewhere: one article, another sighting.
		a.ID, a.StoryID, a.Join = id, storyID, model.Join{Path: model.JoinExact}
		if _, err := w.insertSighting.ExecContext(ctx, id, a.SourceID, a.URL, now.Unix(), a.GUID); err != nil {
			return 0, err
		}
		// Its outlet carried the story too: it counts for outlets>=N rules.
		return outcomeDuplicate, w.join(ctx, storyID, a, now)
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	if gone, err := w.pruned(ctx, a, now); err != nil || gone {
		return outcomePruned, err
	}
	return w.insert(ctx, a, now)
}

func (w *writer) insert(ctx context.Context, a *model.Article, now time.Time) (outcome, error) {
	out := outcomeNew
	storyID := max(a.StoryID, 0)
	// The writer is the only one, so the article's id is known before it is
	// inserted, and a new story can name its lead in the same statement.
	a.ID = w.nextID + 1
	if storyID > 0 {
		// The decided story may be gone (retention pruned it since):
		// then the article starts a story of its own, nothing is lost.
		switch err := w.join(ctx, storyID, a, now); {
		case errors.Is(err, sql.ErrNoRows):
			storyID = 0
		case err != nil:
			return 0, err
		}
	}
	if storyID == 0 {
		res, err := w.insertStory.ExecContext(ctx, StoryKey(a.SourceID, a.GUID), a.Title, a.ID, now.Unix(), now.Unix(),
			encodeTags(a.Tags), outletWord(a))
		if err != nil {
			return 0, err
		}
		storyID, _ = res.LastInsertId()
		out = outcomeNewStory
		a.Join = model.Join{Path: model.JoinFirst}
	}
	encl, mentions := jsonOf(a.Enclosures), jsonOf(a.Mentions)
	if _, err := w.insertArticle.ExecContext(ctx, a.ID, a.SourceID, a.GUID, a.URL, a.CanonicalURL, a.Title, a.Summary,
		a.ContentHTML, a.Text, a.Author, a.Language, a.ImageURL, encl, mentions, unix(a.Published),
		unix(a.Updated), now.Unix(), a.ContentHash, storyID, encodeTags(a.Tags), joinJSON(a.Join)); err != nil {
		return 0, err
	}
	w.nextID = a.ID
	a.StoryID = storyID
	return out, nil
}

func (w *writer) update(ctx context.Context, a *model.Article, now time.Time) error {
	if _, err := w.ftsDelete.ExecContext(ctx, a.ID); err != nil {
		return err
	}
	if _, err := w.updateArticle.ExecContext(ctx, a.URL, a.CanonicalURL, a.Title, a.Summary, a.ContentHTML,
		a.Text, a.Author, a.ImageURL, jsonOf(a.Enclosures), jsonOf(a.Mentions), unix(a.Updated), a.ContentHash,
		encodeTags(a.Tags), a.ID); err != nil {
		return err
	}
	if _, err := w.ftsInsert.ExecContext(ctx, a.ID); err != nil {
		return err
	}
	if _, err := w.touchStory.ExecContext(ctx, now.Unix(), a.ID, a.Title, a.StoryID); err != nil {
		return err
	}
	// Tags may have gone as well as come: rebuild the story's from its articles.
	_, err := w.refreshStory.ExecContext(ctx, a.StoryID)
	return err
}

// join adds an article's tags and outlet to the story it joins.
func (w *writer) join(ctx context.Context, storyID int64, a *model.Article, now time.Time) error {
	var tags, outlets string
	if err := w.storyFacts.QueryRowContext(ctx, storyID).Scan(&tags, &outlets); err != nil {
		return err
	}
	t := decodeTags(tags)
	for _, kt := range tagRows(a.Tags) {
		addTag(&t, kt[0], kt[1])
	}
	if word := outletWord(a); !strings.Contains(" "+outlets+" ", " "+word+" ") {
		outlets = strings.TrimSpace(outlets + " " + word)
	}
	_, err := w.joinStory.ExecContext(ctx, now.Unix(), encodeTags(t), outlets, storyID)
	return err
}

// outletWord is an article's entry in a story's outlets: "source/language".
func outletWord(a *model.Article) string { return a.SourceID + "/" + a.Language }

// minHashedText is the shortest title+text whose content hash identifies an
// article: shorter ones ("Live updates", an empty item) are too common to say
// that two items are the same report.
const minHashedText = 40

// hashKey is the content hash to look duplicates up by, or a value that
// matches nothing when the text is too short to identify the article.
func hashKey(a *model.Article) string {
	if len(a.Title)+len(a.Text) < minHashedText {
		return "-"
	}
	return a.ContentHash
}

// StoryKey derives a story's stable public id from its first article, so the
// same story gets the same id even when the database is rebuilt from the feeds.
func StoryKey(sourceID, guid string) string {
	h := sha256.Sum256([]byte(sourceID + "\x00" + guid))
	return hex.EncodeToString(h[:10])
}

// joinJSON is the stored form of why an article is in its story.
func joinJSON(j model.Join) string {
	if j.Path == "" {
		return ""
	}
	b, _ := json.Marshal(j)
	return string(b)
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	return string(b)
}
