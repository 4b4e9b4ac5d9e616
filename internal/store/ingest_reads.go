package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// The ingest's reads that decide what an item is (find) and what a story
// it joins holds (facts), with the row locks PostgreSQL's concurrent
// ingests need; on PostgreSQL both are answered from pgBatch when it can.

// match is the stored article an item's lookup found.
type match struct {
	id, storyID int64
	hash        string
	same, own   bool // the item itself (source and GUID); an article of its source
}

// find looks an item up as the lookup statement does: the same item, the
// same page or the same text; sql.ErrNoRows when none is stored.
func (w *writer) find(ctx context.Context, a *model.Article) (match, error) {
	if w.pg != nil {
		if m, ok, err := w.pg.find(ctx, a); ok || err != nil {
			return m, err
		}
	}
	if w.cands != nil {
		if m, found := w.cands.find(a); found {
			return m, nil
		}
		return match{}, sql.ErrNoRows
	}
	var m match
	err := w.lookup.QueryRowContext(ctx, a.SourceID, a.GUID, a.CanonicalURL, hashKey(a)).Scan(&m.id, &m.storyID, &m.hash, &m.same, &m.own)
	return m, err
}

// join adds an article's tags and outlet to the story it joins; sql.ErrNoRows
// when the story is gone.
func (w *writer) join(ctx context.Context, storyID int64, a *model.Article, now time.Time) error {
	f, err := w.facts(ctx, storyID)
	if err != nil {
		return err
	}
	t := decodeTags(f.tags)
	for _, kt := range tagRows(a.Tags) {
		addTag(&t, kt[0], kt[1])
	}
	outlets := f.outlets
	if word := outletWord(a); !strings.Contains(" "+outlets+" ", " "+word+" ") {
		outlets = strings.TrimSpace(outlets + " " + word)
	}
	f = joinFacts{tags: encodeTags(t), outlets: outlets}
	if w.pg != nil {
		keepJoin(w.pg.stories, storyID, f, now.Unix()) // written by the group's flush
		return nil
	}
	// On SQLite the facts are kept for the rest of the transaction and
	// written by flushJoins: a story that twenty copies of a report join in
	// one group is read once and written once, not twenty times each (a
	// cold round's copies made the join's read and write a fifth of the
	// ingest).
	if w.joins == nil {
		w.joins = map[int64]*joinFacts{}
	}
	keepJoin(w.joins, storyID, f, now.Unix())
	return nil
}

// keepJoin keeps a story's extended facts f in pending, joined at at: its
// updated time is the latest join's not yet written.
func keepJoin(pending map[int64]*joinFacts, storyID int64, f joinFacts, at int64) {
	f.updated = at
	if old := pending[storyID]; old != nil {
		f.updated = max(old.updated, at)
	}
	pending[storyID] = &f
}

// flushJoins writes, on SQLite, the facts of the stories joined since the
// last flush, in id order, and keeps them known to the transaction.
func (w *writer) flushJoins(ctx context.Context) error {
	ids := make([]int64, 0, len(w.joins))
	for id, f := range w.joins {
		if f.updated != 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		f := w.joins[id]
		if _, err := w.joinStory.ExecContext(ctx, f.updated, f.tags, f.outlets, id); err != nil {
			return err
		}
		f.updated = 0
	}
	return nil
}

// knowStory keeps, on SQLite, the facts of a story the transaction created,
// so that the items of the group joining it do not read them back.
func (w *writer) knowStory(storyID int64, tags, outlets string) {
	if w.joins == nil {
		w.joins = map[int64]*joinFacts{}
	}
	w.joins[storyID] = &joinFacts{tags: tags, outlets: outlets}
}

// forgetJoin writes a story's pending facts and forgets them, before a
// statement that rebuilds the story's facts from its articles.
func (w *writer) forgetJoin(ctx context.Context, storyID int64) error {
	if err := w.flushJoins(ctx); err != nil {
		return err
	}
	delete(w.joins, storyID)
	return nil
}

// joinFacts are what a join extends of a story: its tags and outlets, as stored.
type joinFacts struct {
	tags, outlets string
	updated       int64 // the latest join time not yet written; 0 when none
}

// facts reads a story's facts (on PostgreSQL, once per ingest).
func (w *writer) facts(ctx context.Context, storyID int64) (joinFacts, error) {
	if w.pg != nil {
		if f, ok := w.pg.stories[storyID]; ok {
			if f == nil {
				return joinFacts{}, sql.ErrNoRows
			}
			return *f, nil
		}
	}
	if f := w.joins[storyID]; f != nil {
		return joinFacts{tags: f.tags, outlets: f.outlets}, nil
	}
	var f joinFacts
	err := w.storyFacts.QueryRowContext(ctx, storyID).Scan(&f.tags, &f.outlets)
	if w.pg != nil && err == nil {
		w.pg.stories[storyID] = &f
	}
	return f, err
}

// outletWord is an article's entry in a story's outlets: "source/language".
func outletWord(a *model.Article) string { return a.SourceID + "/" + a.Language }
