package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/intlwire/aggregator/internal/model"
)

// The ingest's reads that decide what an item is (find) and what a story
// it joins holds (joined), with the row locks PostgreSQL's concurrent
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
// when the story is gone. The extended facts are kept for the rest of the
// transaction and written once: on PostgreSQL by the group's flush, on
// SQLite by flushJoins (a story that twenty copies of a report join in one
// group is read once and written once, not twenty times each: a cold
// round's copies made the join's read and write a fifth of the ingest).
func (w *writer) join(ctx context.Context, storyID int64, a *model.Article, now time.Time) error {
	f, err := w.joined(ctx, storyID)
	if err != nil {
		return err
	}
	f.extend(a)
	f.updated = max(f.updated, now.Unix())
	return nil
}

// joined returns the facts of a story that the transaction keeps, reading
// them the first time; sql.ErrNoRows when the story is gone.
func (w *writer) joined(ctx context.Context, storyID int64) (*joinFacts, error) {
	if w.pg == nil && w.joins == nil {
		w.joins = map[int64]*joinFacts{}
	}
	pending := w.joins
	if w.pg != nil {
		pending = w.pg.stories
	}
	if f, ok := pending[storyID]; ok {
		if f == nil {
			return nil, sql.ErrNoRows // PostgreSQL: gone since it was decided
		}
		return f, nil
	}
	f := &joinFacts{}
	if err := w.storyFacts.QueryRowContext(ctx, storyID).Scan(&f.tags, &f.outlets); err != nil {
		return nil, err
	}
	pending[storyID] = f
	return f, nil
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
	// set is the tags decoded, once a join extended them: most joins add
	// nothing to the tags, which decoding and encoding again at every join
	// cost a third of the join's own time.
	set *model.TagSet
}

// extend adds an article's tags and outlet to the facts, as decoding them,
// adding and encoding again would.
func (f *joinFacts) extend(a *model.Article) {
	f.extendTags(tagRows(a.Tags))
	if word := outletWord(a); !hasWord(f.outlets, word) {
		f.outlets = strings.TrimSpace(f.outlets + " " + word)
	}
}

// extendTags adds tag rows to the facts' tags, keeping them decoded. A tag
// holding white space (which the stored words cannot: they are
// space-separated) is added by decoding, adding and encoding again,
// literally, and the tags decoded before are dropped.
func (f *joinFacts) extendTags(rows [][2]string) {
	if slices.ContainsFunc(rows, func(kt [2]string) bool { return hasSpace(kt[0]) || hasSpace(kt[1]) }) {
		f.set = nil
		t := decodeTags(f.tags)
		for _, kt := range rows {
			addTag(&t, kt[0], kt[1])
		}
		f.tags = encodeTags(t)
		return
	}
	if f.set == nil {
		t := decodeTags(f.tags)
		f.set = &t
		f.tags = encodeTags(t) // as a join stores them, whatever was stored before
	}
	before := tagCount(f.set)
	for _, kt := range rows {
		addTag(f.set, kt[0], kt[1])
	}
	if tagCount(f.set) != before {
		f.tags = encodeTags(*f.set)
	}
}

// hasWord reports whether word is one of the space-separated words of s
// (a run of s between spaces or its ends), as
// strings.Contains(" "+s+" ", " "+word+" ") does without building the two
// strings: a story's outlets run to hundreds
// of words, and a set of them built per transaction cost more than it saved
// (most stories are joined once or twice a group).
func hasWord(s, word string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(word)
		if (i == 0 || s[i-1] == ' ') && (end == len(s) || s[end] == ' ') {
			return true
		}
		from = i + 1
	}
}

// tagCount is how many tags a set holds (addTag only adds).
func tagCount(t *model.TagSet) int {
	n := len(t.Countries) + len(t.Regions) + len(t.Places) + len(t.Actors) + len(t.Topics) + len(t.Keywords)
	if t.Venue != "" {
		n++
	}
	return n
}

// hasSpace reports whether s holds white space.
func hasSpace(s string) bool { return strings.IndexFunc(s, unicode.IsSpace) >= 0 }

// outletWord is an article's entry in a story's outlets: "source/language".
func outletWord(a *model.Article) string { return a.SourceID + "/" + a.Language }
