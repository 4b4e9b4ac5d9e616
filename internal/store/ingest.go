package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// ClusterFunc picks the story a new article joins: an existing story id, or 0
// for a new story. The pipeline passes the near-duplicate index here; it is
// called inside the write transaction, so it must not touch the store.
type ClusterFunc func(a *model.Article) int64

// IngestResult says what one feed's articles did to the store.
type IngestResult struct {
	New        int     // articles stored for the first time
	Updated    int     // articles whose title or text changed (same source and GUID)
	Duplicates int     // exact duplicates of stored articles (same canonical URL or content), recorded as sightings
	Unchanged  int     // items already stored as they are
	NewStories int     // stories created
	Stories    []int64 // stories created or changed, for topic membership
	// Added holds the new articles with their ids and story ids, for the
	// near-duplicate index.
	Added []model.Article
	// Created marks the stories this ingest created (their only article is in
	// Added), so topic rules can be evaluated without reading them back.
	Created map[int64]bool
}

// Ingest stores one fetched feed in a single transaction: the articles (exact
// duplicates recorded as sightings, changed articles updated in place and kept in
// their story) and the source's fetch state. Either all of it lands or none.
func (s *Store) Ingest(ctx context.Context, st model.FetchState, arts []model.Article, cluster ClusterFunc) (IngestResult, error) {
	var res IngestResult
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("store: ingest %s: %w", st.SourceID, err)
	}
	defer tx.Rollback()
	w, err := prepareWriter(ctx, tx)
	if err != nil {
		return res, fmt.Errorf("store: ingest %s: %w", st.SourceID, err)
	}
	defer w.close()
	touched := map[int64]bool{}
	for i := range arts {
		a := &arts[i]
		a.SourceID = st.SourceID
		outcome, err := w.put(ctx, a, cluster)
		if err != nil {
			return res, fmt.Errorf("store: ingest %s item %q: %w", st.SourceID, a.GUID, err)
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
)

// writer holds the prepared statements of one ingest transaction.
type writer struct {
	byGUID, byCanonical, byHash, insertArticle, updateArticle, insertStory,
	setLead, touchStory, insertSighting, deleteTags, insertTag *sql.Stmt
}

func prepareWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	w := &writer{}
	stmts := []struct {
		dst **sql.Stmt
		sql string
	}{
		{&w.byGUID, `SELECT id, story_id, content_hash FROM articles WHERE source_id = ? AND guid = ?`},
		{&w.byCanonical, `SELECT id, story_id FROM articles WHERE canonical_url = ? AND canonical_url <> '' LIMIT 1`},
		{&w.byHash, `SELECT id, story_id FROM articles WHERE content_hash = ? LIMIT 1`},
		{&w.insertArticle, `INSERT INTO articles (source_id, guid, url, canonical_url, title, summary, content_html,
			text, author, language, image_url, enclosures, mentions, published, updated, fetched_at, content_hash, story_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.updateArticle, `UPDATE articles SET url = ?, canonical_url = ?, title = ?, summary = ?, content_html = ?,
			text = ?, author = ?, image_url = ?, enclosures = ?, mentions = ?, updated = ?, content_hash = ? WHERE id = ?`},
		{&w.insertStory, `INSERT INTO stories (key, title, first_seen, updated) VALUES (?, ?, ?, ?)`},
		{&w.setLead, `UPDATE stories SET lead_article_id = ? WHERE id = ?`},
		{&w.touchStory, `UPDATE stories SET updated = max(updated, ?),
			title = CASE WHEN lead_article_id = ? THEN ? ELSE title END WHERE id = ?`},
		{&w.insertSighting, `INSERT OR IGNORE INTO sightings (article_id, source_id, url, seen_at) VALUES (?, ?, ?, ?)`},
		{&w.deleteTags, `DELETE FROM article_tags WHERE article_id = ?`},
		{&w.insertTag, `INSERT OR IGNORE INTO article_tags (article_id, kind, tag) SELECT ?, value->>0, value->>1 FROM json_each(?)`},
	}
	for _, st := range stmts {
		p, err := tx.PrepareContext(ctx, st.sql)
		if err != nil {
			w.close()
			return nil, err
		}
		*st.dst = p
	}
	return w, nil
}

func (w *writer) close() {
	for _, s := range []*sql.Stmt{w.byGUID, w.byCanonical, w.byHash, w.insertArticle, w.updateArticle,
		w.insertStory, w.setLead, w.touchStory, w.insertSighting, w.deleteTags, w.insertTag} {
		if s != nil {
			s.Close()
		}
	}
}

func (w *writer) put(ctx context.Context, a *model.Article, cluster ClusterFunc) (outcome, error) {
	now := a.FetchedAt
	if now.IsZero() {
		now = time.Now().UTC()
		a.FetchedAt = now
	}
	var id, storyID int64
	var hash string
	err := w.byGUID.QueryRowContext(ctx, a.SourceID, a.GUID).Scan(&id, &storyID, &hash)
	switch {
	case err == nil:
		a.ID, a.StoryID = id, storyID
		if hash == a.ContentHash {
			return outcomeUnchanged, nil
		}
		return outcomeUpdated, w.update(ctx, a, now)
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	// Same page or same text elsewhere: one article, another sighting.
	if a.CanonicalURL != "" {
		err = w.byCanonical.QueryRowContext(ctx, a.CanonicalURL).Scan(&id, &storyID)
	} else {
		err = sql.ErrNoRows
	}
	if errors.Is(err, sql.ErrNoRows) && a.ContentHash != "" {
		err = w.byHash.QueryRowContext(ctx, a.ContentHash).Scan(&id, &storyID)
	}
	switch {
	case err == nil:
		a.ID, a.StoryID = id, storyID
		if _, err := w.insertSighting.ExecContext(ctx, id, a.SourceID, a.URL, now.Unix()); err != nil {
			return 0, err
		}
		_, err := w.touchStory.ExecContext(ctx, now.Unix(), -1, "", storyID)
		return outcomeDuplicate, err
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	return w.insert(ctx, a, now, cluster)
}

func (w *writer) insert(ctx context.Context, a *model.Article, now time.Time, cluster ClusterFunc) (outcome, error) {
	out := outcomeNew
	storyID := int64(0)
	if cluster != nil {
		storyID = cluster(a)
	}
	if storyID == 0 {
		res, err := w.insertStory.ExecContext(ctx, StoryKey(a.SourceID, a.GUID), a.Title, now.Unix(), now.Unix())
		if err != nil {
			return 0, err
		}
		storyID, _ = res.LastInsertId()
		out = outcomeNewStory
	}
	encl, mentions := jsonOf(a.Enclosures), jsonOf(a.Mentions)
	res, err := w.insertArticle.ExecContext(ctx, a.SourceID, a.GUID, a.URL, a.CanonicalURL, a.Title, a.Summary,
		a.ContentHTML, a.Text, a.Author, a.Language, a.ImageURL, encl, mentions, unix(a.Published),
		unix(a.Updated), now.Unix(), a.ContentHash, storyID)
	if err != nil {
		return 0, err
	}
	a.ID, _ = res.LastInsertId()
	a.StoryID = storyID
	if out == outcomeNewStory {
		if _, err := w.setLead.ExecContext(ctx, a.ID, storyID); err != nil {
			return 0, err
		}
	} else if _, err := w.touchStory.ExecContext(ctx, now.Unix(), -1, "", storyID); err != nil {
		return 0, err
	}
	return out, w.tags(ctx, a)
}

func (w *writer) update(ctx context.Context, a *model.Article, now time.Time) error {
	if _, err := w.updateArticle.ExecContext(ctx, a.URL, a.CanonicalURL, a.Title, a.Summary, a.ContentHTML,
		a.Text, a.Author, a.ImageURL, jsonOf(a.Enclosures), jsonOf(a.Mentions), unix(a.Updated), a.ContentHash, a.ID); err != nil {
		return err
	}
	if _, err := w.touchStory.ExecContext(ctx, now.Unix(), a.ID, a.Title, a.StoryID); err != nil {
		return err
	}
	if _, err := w.deleteTags.ExecContext(ctx, a.ID); err != nil {
		return err
	}
	return w.tags(ctx, a)
}

// tags stores an article's tags in one statement (a JSON array of
// [kind, tag] pairs) rather than one round trip per tag.
func (w *writer) tags(ctx context.Context, a *model.Article) error {
	rows := tagRows(a.Tags)
	if len(rows) == 0 {
		return nil
	}
	_, err := w.insertTag.ExecContext(ctx, a.ID, jsonOf(rows))
	return err
}

// tagRows flattens a TagSet into (kind, tag) pairs.
func tagRows(t model.TagSet) [][2]string {
	var out [][2]string
	for _, g := range []struct {
		kind string
		ids  []string
	}{
		{model.KindCountry, t.Countries}, {model.KindRegion, t.Regions}, {model.KindPlace, t.Places},
		{model.KindActor, t.Actors}, {model.KindTopic, t.Topics},
	} {
		for _, id := range g.ids {
			out = append(out, [2]string{g.kind, id})
		}
	}
	return out
}

// StoryKey derives a story's stable public id from its first article, so the
// same story gets the same id even when the database is rebuilt from the feeds.
func StoryKey(sourceID, guid string) string {
	h := sha256.Sum256([]byte(sourceID + "\x00" + guid))
	return hex.EncodeToString(h[:10])
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	return string(b)
}
