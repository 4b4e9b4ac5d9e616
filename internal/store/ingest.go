package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
	res, err := s.IngestGroup(ctx, []model.FeedWrite{{State: st, Articles: arts}})
	if len(res) == 0 {
		return IngestResult{}, err
	}
	return res[0], err
}

// IngestGroup stores several fetched feeds in one transaction, feed after
// feed as Ingest would store each (a later feed's lookups see what an
// earlier one inserted), and returns each feed's result. Either all of it
// lands or none: the caller retries a failed group feed by feed, so that one
// bad feed does not lose the others'. One transaction per group instead of
// one per feed is the point (the pipeline's group commit): a commit, a
// statement binding and, on PostgreSQL, the round trips of a transaction
// are paid once for all the feeds a round's workers handed the writer.
//
// Provisional story ids (negative) are shared by the whole group: an
// article of a later feed may join the story an earlier feed's article
// started, and every result's Provisional is the group's one map.
//
// On PostgreSQL, where other processes write at once, a transaction that
// lost a race (a deadlock over two stories' rows, or the same item inserted
// by another process first) is run again from the articles as given: the
// second time it sees what the other committed.
func (s *Store) IngestGroup(ctx context.Context, feeds []model.FeedWrite) ([]IngestResult, error) {
	if !s.d.postgres {
		return s.ingestOnce(ctx, &feeds, nil, nil)
	}
	return s.ingestPostgres(ctx, feeds, nil)
}

// assignHooks are what IngestAssigned runs holding the assignment lock.
type assignHooks struct {
	more   func() []model.FeedWrite // the feeds that joined the group while it waited; called once
	decide func(ctx context.Context, group []model.FeedWrite, held bool) error
}

// ingestPostgres is IngestGroup on PostgreSQL; with hooks, each attempt's
// transaction first takes the assignment lock and runs them holding it
// (see IngestAssigned).
func (s *Store) ingestPostgres(ctx context.Context, feeds []model.FeedWrite, h *assignHooks) ([]IngestResult, error) {
	var given [][]model.Article
	keep := func(fs []model.FeedWrite) {
		for k := range fs {
			s.d.cleanState(&fs[k].State)
			for i := range fs[k].Articles {
				s.d.cleanArticle(&fs[k].Articles[i])
			}
			given = append(given, slices.Clone(fs[k].Articles))
		}
	}
	keep(feeds)
	for attempt := 1; ; attempt++ {
		res, err := s.ingestOnce(ctx, &feeds, h, keep)
		if err == nil || attempt == maxIngestAttempts || !lostRace(err) {
			return res, err
		}
		for k := range feeds {
			copy(feeds[k].Articles, given[k])
		}
	}
}

// maxIngestAttempts bounds the runs of one ingest that lost races.
const maxIngestAttempts = 4

// ingestOnce is one transaction of IngestGroup. With hooks (PostgreSQL),
// the transaction first takes the assignment lock, which its end releases,
// and runs them holding it: the group grows by what more gives (kept, for
// a run again, by keep), then decide decides its stories.
func (s *Store) ingestOnce(ctx context.Context, group *[]model.FeedWrite, h *assignHooks, keep func([]model.FeedWrite)) ([]IngestResult, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: ingest %s: %w", (*group)[0].State.SourceID, err)
	}
	defer tx.Rollback()
	if h != nil {
		if err := lockAssignment(ctx, tx, h.decide); err != nil {
			return nil, fmt.Errorf("store: assignment lock: %w", err)
		}
		if h.more != nil {
			extra := h.more()
			h.more = nil
			keep(extra)
			*group = append(*group, extra...)
		}
		if err := h.decide(ctx, *group, true); err != nil {
			return nil, err
		}
	}
	feeds := *group
	what := feeds[0].State.SourceID
	if len(feeds) > 1 {
		what = fmt.Sprintf("%d feeds", len(feeds))
	}
	w, err := s.writerFor(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("store: ingest %s: %w", what, err)
	}
	defer w.close()
	if w.pg != nil {
		err = w.pg.read(ctx, feeds)
	} else {
		err = w.readCandidates(ctx, feeds)
	}
	if err != nil {
		return nil, fmt.Errorf("store: ingest %s: look up: %w", what, err)
	}
	// On SQLite the statements run under a context that never ends: the
	// driver watches a context that can end with a goroutine and a
	// progress handler per statement (a cold round runs a hundred thousand
	// of them). The transaction, begun under ctx, is still rolled back when
	// ctx ends, and ctx is checked between feeds.
	sctx := ctx
	if w.pg == nil {
		sctx = context.WithoutCancel(ctx)
	}
	provisional := map[int64]int64{}
	out := make([]IngestResult, 0, len(feeds))
	for k := range feeds {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("store: ingest %s: %w", what, err)
		}
		res, err := w.ingestFeed(sctx, tx, feeds[k].State, feeds[k].Articles, provisional)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	if w.pg != nil {
		// The group's rows and fetch states, in one statement.
		if err := w.pg.flush(ctx); err != nil {
			return nil, fmt.Errorf("store: ingest %s: write: %w", what, err)
		}
	} else if err := w.indexNew(sctx); err != nil {
		return nil, fmt.Errorf("store: ingest %s: index text: %w", what, err)
	} else if err := w.flushJoins(sctx); err != nil {
		return nil, fmt.Errorf("store: ingest %s: join stories: %w", what, err)
	} else if err := w.flushSightings(sctx); err != nil {
		return nil, fmt.Errorf("store: ingest %s: sightings: %w", what, err)
	}
	// After every feed's articles are written: a merge unites the stories'
	// tags and outlets as stored.
	if err := w.applyMerges(ctx, tx, feeds, out); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: ingest %s: commit: %w", what, err)
	}
	return out, nil
}

// indexNew puts the articles the group inserted into SQLite's full-text
// index, in one statement at the group's end. FTS5 writes a segment of its
// index for every statement that changes it, and merges the segments as
// they pile up: one statement a feed (a changed round of 1,000 feeds, one
// new item each) cost 0.05 CPU-s of the round in those flushes.
func (w *writer) indexNew(ctx context.Context) error {
	if w.ftsInsertNew == nil || w.nextID <= w.indexedTo {
		return nil
	}
	if _, err := w.ftsInsertNew.ExecContext(ctx, w.indexedTo); err != nil {
		return err
	}
	w.indexedTo = w.nextID
	return nil
}

// ingestFeed writes one feed of a group in the group's transaction;
// provisional is the group's map of provisional story ids.
func (w *writer) ingestFeed(ctx context.Context, tx *tx, st model.FetchState, arts []model.Article, provisional map[int64]int64) (IngestResult, error) {
	res := IngestResult{Provisional: provisional}
	touched := map[int64]bool{}
	for i := range arts {
		a := &arts[i]
		a.SourceID = st.SourceID
		decided := a.StoryID
		if decided < 0 {
			if id, ok := provisional[decided]; ok {
				a.StoryID = id // an earlier article of the group started the story
			}
		}
		outcome, err := w.put(ctx, a)
		if err != nil {
			return res, fmt.Errorf("store: ingest %s item %q: %w", st.SourceID, a.GUID, err)
		}
		if decided < 0 {
			if _, ok := provisional[decided]; !ok {
				provisional[decided] = a.StoryID
			}
		}
		count(&res, outcome, a, touched)
	}
	if w.pg != nil {
		w.pg.states = append(w.pg.states, st) // written with the group's rows
	} else if _, err := w.saveState.ExecContext(ctx, saveStateArgs(st)...); err != nil {
		return res, fmt.Errorf("store: ingest %s: save state: %w", st.SourceID, err)
	}
	for id := range touched {
		res.Stories = append(res.Stories, id)
	}
	return res, nil
}

// count adds one item's outcome to a feed's result; touched collects the
// stories the feed created or changed.
func count(res *IngestResult, o outcome, a *model.Article, touched map[int64]bool) {
	switch o {
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

func (w *writer) put(ctx context.Context, a *model.Article) (outcome, error) {
	now := a.FetchedAt
	if now.IsZero() {
		now = time.Now().UTC()
		a.FetchedAt = now
	}
	// One lookup finds the same item (source + GUID), the same page
	// (canonical URL) or the same text (content hash); the item itself wins.
	m, err := w.find(ctx, a)
	switch {
	case err == nil && m.same:
		a.ID, a.StoryID, a.Join = m.id, m.storyID, model.Join{}
		if m.hash == a.ContentHash {
			return outcomeUnchanged, nil
		}
		return outcomeUpdated, w.update(ctx, a, now)
	case err == nil && m.own:
		// The source's own article under a new GUID or URL: nothing to add.
		a.ID, a.StoryID = m.id, m.storyID
		return outcomeRotated, nil
	case err == nil:
		// Same page or same text elsewhere: one article, another sighting.
		a.ID, a.StoryID, a.Join = m.id, m.storyID, model.Join{Path: model.JoinExact}
		if w.pg != nil {
			w.pg.sighting([]any{m.id, a.SourceID, a.URL, now.Unix(), a.GUID, a.RawHash})
		} else {
			w.sighting(m.id, a.SourceID, a.URL, now.Unix(), a.GUID, a.RawHash) // written by the group's flushSightings
		}
		// Its outlet carried the story too: it counts for outlets>=N rules.
		return outcomeDuplicate, w.join(ctx, m.storyID, a, now)
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
	// The article's id is known before it is inserted, so a new story can
	// name its lead in the same statement.
	id, err := w.newArticleID(ctx)
	if err != nil {
		return 0, err
	}
	a.ID = id
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
		if w.pg != nil {
			storyID, err = w.pg.newStory(ctx, a, now.Unix()) // written with the group's rows
		} else {
			tags, outlets := encodeTags(a.Tags), outletWord(a)
			err = w.insertStory.QueryRowContext(ctx, StoryKey(a.SourceID, a.GUID), a.Title, a.ID, now.Unix(), now.Unix(),
				tags, outlets).Scan(&storyID)
			if err == nil {
				w.knowStory(storyID, tags, outlets)
			}
		}
		if err != nil {
			return 0, err
		}
		out = outcomeNewStory
		a.Join = model.Join{Path: model.JoinFirst}
	}
	encl, mentions := jsonOf(a.Enclosures), jsonOf(a.Mentions)
	row := []any{a.ID, a.SourceID, a.GUID, a.URL, a.CanonicalURL, a.Title, a.Summary,
		a.ContentHTML, a.Text, a.Author, a.Language, a.ImageURL, encl, mentions, unix(a.Published),
		unix(a.Updated), now.Unix(), a.ContentHash, storyID, encodeTags(a.Tags), joinJSON(a.Join), a.RawHash}
	a.StoryID = storyID
	if w.pg != nil {
		w.pg.added(a, row)
		w.index(a)
		return out, nil
	}
	if _, err := w.insertArticle.ExecContext(ctx, row...); err != nil {
		return 0, err
	}
	w.nextID = a.ID
	if w.cands != nil { // later items of the group find it
		k := keysOf(a)
		k.id, k.storyID = a.ID, a.StoryID
		w.cands.add(k)
	}
	return out, nil
}

func (w *writer) update(ctx context.Context, a *model.Article, now time.Time) error {
	if w.pg != nil {
		// The edit reads the stored rows (the story's articles): what the
		// feed wrote so far goes first, and what was read before is stale after.
		if err := w.pg.flush(ctx); err != nil {
			return err
		}
		defer w.pg.forget()
	} else if err := w.forgetJoin(ctx, a.StoryID); err != nil {
		return err // SQLite: pending joins are written first, as refreshStory below rebuilds the story from its rows
	} else {
		w.cands = nil // the edit changes the article's keys: the group's later items ask the database
	}
	// An article the group inserted is not in the full-text index yet: it
	// enters it with its last text (indexNew).
	indexed := w.ftsDelete != nil && a.ID <= w.indexedTo
	if indexed {
		if _, err := w.ftsDelete.ExecContext(ctx, a.ID); err != nil {
			return err
		}
	}
	if _, err := w.updateArticle.ExecContext(ctx, a.URL, a.CanonicalURL, a.Title, a.Summary, a.ContentHTML,
		a.Text, a.Author, a.ImageURL, jsonOf(a.Enclosures), jsonOf(a.Mentions), unix(a.Updated), a.ContentHash,
		encodeTags(a.Tags), a.RawHash, a.ID); err != nil {
		return err
	}
	if indexed {
		if _, err := w.ftsInsert.ExecContext(ctx, a.ID); err != nil {
			return err
		}
	}
	w.index(a)
	if err := w.pg.flush(ctx); err != nil {
		return err
	}
	if _, err := w.touchStory.ExecContext(ctx, now.Unix(), a.ID, a.Title, a.StoryID); err != nil {
		return err
	}
	// Tags may have gone as well as come: rebuild the story's from its articles.
	_, err := w.refreshStory.ExecContext(ctx, a.StoryID)
	return err
}

// hashKey is the content hash to look duplicates up by (model.Article's
// ContentKey), or a value that matches nothing when the text is too short to
// identify the article.
func hashKey(a *model.Article) string {
	if k := a.ContentKey(); k != "" {
		return k
	}
	return "-"
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
