package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// TopicStories returns the newest stories of a topic, each with its articles and
// tags, newest change first.
func (s *Store) TopicStories(ctx context.Context, slug string, limit int) ([]model.Story, error) {
	ids, err := s.ids(ctx, `SELECT story_id FROM topic_stories WHERE topic = ? ORDER BY updated DESC, story_id DESC LIMIT ?`, slug, limit)
	if err != nil {
		return nil, fmt.Errorf("store: topic %s: %w", slug, err)
	}
	return s.storiesByID(ctx, ids)
}

// RecentStories returns the newest stories overall.
func (s *Store) RecentStories(ctx context.Context, limit int) ([]model.Story, error) {
	ids, err := s.ids(ctx, `SELECT id FROM stories ORDER BY updated DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: recent stories: %w", err)
	}
	return s.storiesByID(ctx, ids)
}

// StoryIDsSince lists the ids of stories updated at or after since, newest first,
// for recomputing topic membership after a rule change.
func (s *Store) StoryIDsSince(ctx context.Context, since time.Time) ([]int64, error) {
	ids, err := s.ids(ctx, `SELECT id FROM stories WHERE updated >= ? ORDER BY updated DESC, id DESC`, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: stories since: %w", err)
	}
	return ids, nil
}

// Story returns one story by id.
func (s *Store) Story(ctx context.Context, id int64) (model.Story, error) {
	st, err := s.storiesByID(ctx, []int64{id})
	if err != nil {
		return model.Story{}, err
	}
	if len(st) == 0 {
		return model.Story{}, fmt.Errorf("store: story %d: %w", id, ErrNotFound)
	}
	return st[0], nil
}

// FindStory finds a story by its numeric id, public key, or the URL of one of
// its articles.
func (s *Store) FindStory(ctx context.Context, ref string) (model.Story, error) {
	if s.d.postgres {
		ref = pgText(ref) // as stored: any text is a reference, found or not
	}
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT id FROM stories WHERE key = ? OR CAST(id AS TEXT) = ?
		UNION ALL SELECT story_id FROM articles WHERE canonical_url = ? AND canonical_url <> ''
		UNION ALL SELECT story_id FROM articles WHERE url = ? LIMIT 1`, ref, ref, ref, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Story{}, fmt.Errorf("store: story %q: %w", ref, ErrNotFound)
	}
	if err != nil {
		return model.Story{}, fmt.Errorf("store: find story: %w", err)
	}
	return s.Story(ctx, id)
}

// Membership is the set of topics one story belongs to now (see
// model.Membership).
type Membership = model.Membership

// SetTopics records the topics of several stories in one transaction,
// replacing their old membership, and returns the topics whose feeds changed.
func (s *Store) SetTopics(ctx context.Context, ms []Membership) ([]string, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	// Prepared once per process, before the transaction (see
	// SaveFetchStates): the writer updates membership once per write group.
	var stmts [3]*sql.Stmt
	for i, q := range []string{
		`SELECT story_id, topic, updated FROM topic_stories WHERE ` + s.d.inIDs("story_id"),
		`INSERT INTO topic_stories (topic, story_id, updated) VALUES (?, ?, ?)
		ON CONFLICT(topic, story_id) DO UPDATE SET updated = excluded.updated`,
		`DELETE FROM topic_stories WHERE topic = ? AND story_id = ?`,
	} {
		st, own, err := s.stmts.prepared(ctx, s.w, q)
		if err != nil {
			return nil, fmt.Errorf("store: set topics: %w", err)
		}
		if own {
			defer st.Close()
		}
		stmts[i] = st
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: set topics: %w", err)
	}
	defer tx.Rollback()
	sel, upsert, del := tx.StmtContext(ctx, stmts[0]), tx.StmtContext(ctx, stmts[1]), tx.StmtContext(ctx, stmts[2])
	defer sel.Close()
	defer upsert.Close()
	defer del.Close()
	current, err := currentTopics(ctx, s.d, sel, ms)
	if err != nil {
		return nil, fmt.Errorf("store: set topics: %w", err)
	}
	changed := map[string]bool{}
	for _, m := range ms {
		old := current[m.StoryID]
		if m.New {
			old = nil
		}
		want := map[string]bool{}
		for _, t := range m.Topics {
			want[t] = true
			if u, ok := old[t]; ok && u == m.Updated.Unix() {
				continue
			}
			changed[t] = true
			if _, err := upsert.ExecContext(ctx, t, m.StoryID, m.Updated.Unix()); err != nil {
				return nil, fmt.Errorf("store: set topics: %w", err)
			}
		}
		for t := range old {
			if !want[t] {
				changed[t] = true
				if _, err := del.ExecContext(ctx, t, m.StoryID); err != nil {
					return nil, fmt.Errorf("store: set topics: %w", err)
				}
			}
		}
		now := make(map[string]int64, len(m.Topics)) // what a later entry of the same story finds
		for _, t := range m.Topics {
			now[t] = m.Updated.Unix()
		}
		current[m.StoryID] = now
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: set topics: %w", err)
	}
	out := make([]string, 0, len(changed))
	for t := range changed {
		out = append(out, t)
	}
	sort.Strings(out)
	return out, nil
}

// currentTopics reads the stored membership of the stories of ms that are
// not new, in one statement (sel): story → topic → updated.
func currentTopics(ctx context.Context, d *dialect, sel *sql.Stmt, ms []Membership) (map[int64]map[string]int64, error) {
	out := map[int64]map[string]int64{}
	var ids []int64
	for _, m := range ms {
		if !m.New {
			ids = append(ids, m.StoryID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := sel.QueryContext(ctx, d.idsArg(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t string
		var u int64
		if err := rows.Scan(&id, &t, &u); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string]int64{}
		}
		out[id][t] = u
	}
	return out, rows.Err()
}

// DropTopicsExcept removes membership rows of topics no longer configured.
func (s *Store) DropTopicsExcept(ctx context.Context, keep []string) error {
	q := `DELETE FROM topic_stories`
	var args []any
	if len(keep) > 0 {
		var in string
		in, args = inList(keep)
		q += ` WHERE topic NOT IN ` + in
	}
	if _, err := s.w.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("store: drop topics: %w", err)
	}
	return nil
}

func (s *Store) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func inList[T any](ids []T) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "(?" + strings.Repeat(",?", len(ids)-1) + ")", args
}

const articleCols = `id, source_id, guid, url, canonical_url, title, summary, content_html, text, author,
	language, image_url, enclosures, mentions, published, updated, fetched_at, content_hash, story_id, tags, join_info`

func scanArticle(sc interface{ Scan(...any) error }) (model.Article, error) {
	var a model.Article
	var encl, mentions, tags, join string
	var pub, upd, fetched int64
	err := sc.Scan(&a.ID, &a.SourceID, &a.GUID, &a.URL, &a.CanonicalURL, &a.Title, &a.Summary, &a.ContentHTML,
		&a.Text, &a.Author, &a.Language, &a.ImageURL, &encl, &mentions, &pub, &upd, &fetched, &a.ContentHash, &a.StoryID, &tags, &join)
	if err != nil {
		return a, err
	}
	a.Tags = decodeTags(tags)
	a.Published, a.Updated, a.FetchedAt = fromUnix(pub), fromUnix(upd), fromUnix(fetched)
	_ = json.Unmarshal([]byte(encl), &a.Enclosures)
	_ = json.Unmarshal([]byte(mentions), &a.Mentions)
	if join != "" {
		_ = json.Unmarshal([]byte(join), &a.Join)
	}
	return a, nil
}

// StoryFacts loads what topic rules look at, in the order of ids: each
// story's tags (the union over its articles) and its outlets (Carriers: a
// source and a language each; no Articles). It reads one row per story however many
// articles it has; keyword rules ask the full-text index.
func (s *Store) StoryFacts(ctx context.Context, ids []int64) ([]model.Story, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.r.QueryContext(ctx, storyFactsSQL(s.d), s.d.idsArg(ids))
	if err != nil {
		return nil, fmt.Errorf("store: story facts: %w", err)
	}
	return scanStoryFacts(rows, ids)
}

// StoryFactsToUpdate is StoryFacts read on the write connection, for the
// caller about to write those stories' topic membership (the ingest path,
// under the single writer). A reader's page cache is dropped whenever
// another connection has written, so after every ingest a reader pays for
// re-reading its pages (a third of a steady-state round, profiled); the
// writer's cache stays current.
// The statement is prepared once on the writer (see stmtCache).
func (s *Store) StoryFactsToUpdate(ctx context.Context, ids []int64) ([]model.Story, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	st, own, err := s.stmts.prepared(ctx, s.w, storyFactsSQL(s.d))
	if err != nil {
		return nil, fmt.Errorf("store: story facts: %w", err)
	}
	if own {
		defer st.Close()
	}
	rows, err := st.QueryContext(ctx, s.d.idsArg(ids))
	if err != nil {
		return nil, fmt.Errorf("store: story facts: %w", err)
	}
	return scanStoryFacts(rows, ids)
}

// storyFactsSQL reads what StoryFacts gives of the stories of one
// parameter (see dialect.inIDs).
func storyFactsSQL(d *dialect) string {
	return `SELECT id, key, title, first_seen, updated, tags, outlets, ` + newsTimeCol + ` FROM stories WHERE ` + d.inIDs("id")
}

// scanStoryFacts reads storyFactsSQL's rows, and closes them; the stories
// come in the order of ids.
func scanStoryFacts(rows *sql.Rows, ids []int64) ([]model.Story, error) {
	defer rows.Close()
	byID := make(map[int64]*model.Story, len(ids))
	seen := map[string]bool{} // the outlets of the story being read, emptied story after story
	for rows.Next() {
		st := &model.Story{}
		var first, upd, news int64
		var tags, outlets string
		if err := rows.Scan(&st.ID, &st.Key, &st.Title, &first, &upd, &tags, &outlets, &news); err != nil {
			return nil, fmt.Errorf("store: story facts: %w", err)
		}
		st.FirstSeen, st.Updated, st.Tags, st.Published = fromUnix(first), fromUnix(upd), decodeTags(tags), fromUnix(news)
		// One carrier per outlet, allocated once: a story carried by fifty
		// outlets is read again as each joins (an Article per outlet, as
		// before, was a fifth of a cold round's allocations). The words are
		// walked, not split into a slice, and one set serves every story:
		// a cold round's stories carry hundreds of outlets each, and the
		// slice and a set per story were 8 % of its allocated bytes.
		st.Carriers = make([]model.Outlet, 0, strings.Count(outlets, " ")+1)
		clear(seen)
		for w := range strings.FieldsSeq(outlets) {
			if seen[w] {
				continue
			}
			seen[w] = true
			src, lang, _ := strings.Cut(w, "/")
			st.Carriers = append(st.Carriers, model.Outlet{Source: src, Language: lang})
		}
		byID[st.ID] = st
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: story facts: %w", err)
	}
	out := make([]model.Story, 0, len(ids))
	for _, id := range ids {
		if st, ok := byID[id]; ok {
			out = append(out, *st)
		}
	}
	return out, nil
}

func (s *Store) storiesByID(ctx context.Context, ids []int64) ([]model.Story, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := inList(ids)
	byID := make(map[int64]*model.Story, len(ids))
	lead := map[int64]int64{}
	rows, err := s.r.QueryContext(ctx, `SELECT id, key, title, coalesce(lead_article_id, 0), first_seen, updated FROM stories WHERE id IN `+in, args...)
	if err != nil {
		return nil, fmt.Errorf("store: stories: %w", err)
	}
	for rows.Next() {
		st := &model.Story{}
		var leadID, first, upd int64
		if err := rows.Scan(&st.ID, &st.Key, &st.Title, &leadID, &first, &upd); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: stories: %w", err)
		}
		st.FirstSeen, st.Updated = fromUnix(first), fromUnix(upd)
		byID[st.ID] = st
		lead[st.ID] = leadID
	}
	rows.Close()
	if err := s.mergedRefs(ctx, in, args, byID); err != nil {
		return nil, err
	}
	// A story is read with the articles of the stories merged into it.
	from, err := s.mergedFrom(ctx, in, args, byID)
	if err != nil {
		return nil, err
	}
	read := slices.Clone(ids)
	for id := range from {
		read = append(read, id)
	}
	in, args = inList(read)
	if err := s.loadArticles(ctx, in, args, byID, lead, from); err != nil {
		return nil, err
	}
	if err := s.loadSightings(ctx, in, args, byID, from); err != nil {
		return nil, err
	}
	out := make([]model.Story, 0, len(ids))
	for _, id := range ids {
		if st, ok := byID[id]; ok {
			out = append(out, *st)
		}
	}
	return out, nil
}

// loadArticles adds the articles of the stories in, oldest first, to their
// stories of byID and to the stories of byID they were merged into (from).
func (s *Store) loadArticles(ctx context.Context, in string, args []any, byID map[int64]*model.Story, lead map[int64]int64, from map[int64]int64) error {
	rows, err := s.r.QueryContext(ctx, `SELECT `+articleCols+` FROM articles WHERE story_id IN `+in+` ORDER BY fetched_at, id`, args...)
	if err != nil {
		return fmt.Errorf("store: story articles: %w", err)
	}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("store: story articles: %w", err)
		}
		if st := byID[a.StoryID]; st != nil {
			st.Articles = append(st.Articles, a)
		}
		if st := byID[from[a.StoryID]]; st != nil {
			st.Articles = append(st.Articles, a)
		}
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return fmt.Errorf("store: story articles: %w", err)
	}
	rows.Close()
	for id, st := range byID {
		for _, a := range st.Articles {
			if a.ID == lead[id] {
				st.Lead = a
			}
			for _, kt := range tagRows(a.Tags) {
				addTag(&st.Tags, kt[0], kt[1])
			}
		}
		if st.Lead.ID == 0 && len(st.Articles) > 0 {
			st.Lead = st.Articles[0]
		}
		// The story's venue is its lead article's dateline.
		st.Tags.Venue = st.Lead.Tags.Venue
	}
	return nil
}

// loadSightings adds the sightings of the stories' articles, oldest first,
// as loadArticles adds the articles.
func (s *Store) loadSightings(ctx context.Context, in string, args []any, byID map[int64]*model.Story, from map[int64]int64) error {
	rows, err := s.r.QueryContext(ctx, `SELECT a.story_id, g.source_id, g.url, g.seen_at FROM sightings g
		JOIN articles a ON a.id = g.article_id WHERE a.story_id IN `+in+` ORDER BY g.seen_at, g.article_id, g.source_id`+s.d.binary, args...)
	if err != nil {
		return fmt.Errorf("store: sightings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, seen int64
		var g model.Sighting
		if err := rows.Scan(&id, &g.SourceID, &g.URL, &seen); err != nil {
			return fmt.Errorf("store: sightings: %w", err)
		}
		g.SeenAt = fromUnix(seen)
		if st := byID[id]; st != nil {
			st.Sightings = append(st.Sightings, g)
		}
		if st := byID[from[id]]; st != nil {
			st.Sightings = append(st.Sightings, g)
		}
	}
	return rows.Err()
}

// RecentDocs calls fn for every article fetched at or after since, oldest
// first, with only what the story stage's indexes need (no HTML, no tags), so
// rebuilding them at start stays quick.
func (s *Store) RecentDocs(ctx context.Context, since time.Time, fn func(model.Article) error) error {
	merged, err := s.mergedStories(ctx)
	if err != nil {
		return fmt.Errorf("store: recent docs: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+docColumns+` FROM articles WHERE fetched_at >= ? ORDER BY fetched_at, id`, since.Unix())
	if err != nil {
		return fmt.Errorf("store: recent docs: %w", err)
	}
	if err := scanDocs(rows, merged, fn); err != nil {
		return fmt.Errorf("store: recent docs: %w", err)
	}
	return nil
}

// Counts reports how many sources, articles and stories are stored.
func (s *Store) Counts(ctx context.Context) (sources, articles, stories int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)`).Scan(&sources, &articles, &stories)
	if err != nil {
		err = fmt.Errorf("store: counts: %w", err)
	}
	return
}
