// Package story is the story stage of the pipeline: for each fetched item it
// answers "is this new, and which story is it part of?".
//
// Order of work for one fetched feed (the pipeline calls these in turn):
//
//  0. Before parsing, the hashes of the feed's items as bytes are compared
//     with those of the source's last stored fetch, which its fetch state
//     keeps (the pipeline does this); Seen, one batched, indexed lookup, when
//     the state has none. An item re-sent byte for byte stops here: it is
//     not even parsed.
//  1. Fresh, after parsing the rest: one batched, indexed lookup of their
//     GUIDs. An item already stored with the same title and text (its bytes
//     differed: a new date format, a counter) stops here: it is not tagged,
//     sketched or written. A new item whose text the stage knows to be
//     stored under another item (a wire copy an outlet carried before) will
//     be a sighting of that article, in its story: the steps below skip it
//     but for tagging.
//  2. (the pipeline tags what is new or changed)
//  3. Prepare: the MinHash sketch and the event signals of each new article,
//     computed without any lock.
//  4. Assign (AssignGroup for the feeds the writer stores together), under
//     the pipeline's single-writer lock: a near-verbatim copy
//     of a story's article (MinHash/LSH, the syndicated wire copy) joins it;
//     else another outlet's write-up of the same event (TF-IDF over title and
//     lead, taxonomy ids, numbers, time: see Events) joins it; else the
//     article starts a story. The decision goes on the article (StoryID,
//     Join); the store follows it and calls nothing back.
//  5. Commit (after the store's transaction) adds the stored articles to both
//     indexes under their real story ids; Abort forgets a feed that was not
//     stored.
//
// When several processes ingest into one database, CatchUp, before Assign,
// adds the articles the others stored since the stage last looked, all
// under the store's assignment lock (see docs/scaling.md).
package story

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/dedupe"
	"github.com/intlwire/aggregator/internal/model"
)

// Known is what the stage asks of storage: which of a source's raw item
// hashes are stored, and the stored content hash of each of its GUIDs that
// is stored.
type Known interface {
	KnownRawItems(ctx context.Context, sourceID string, hashes []string) (map[string]bool, error)
	KnownItems(ctx context.Context, sourceID string, guids []string) (map[string]string, error)
}

// Options configures the stage.
type Options struct {
	Copies dedupe.Options // the near-verbatim copy index
	Events EventOptions   // the event index
}

// Stage holds the two indexes over the articles in the window. Fresh and
// Prepare are safe for concurrent use; Assign, Commit and Abort must be
// serialized by the caller together with the store write, so that an article
// committed by one feed is in the indexes before the next feed is assigned.
type Stage struct {
	known  Known
	copies *dedupe.Index
	events *Events
	// texts are the content keys of the stored articles in the window.
	texts storedTexts
	// group is the copy index of one write group's articles (AssignGroup),
	// emptied and reused group after group.
	group *dedupe.Index
	// latest is the highest article id in the indexes (rebuilt, committed
	// or caught up with): CatchUp reads the stored articles above it.
	latest int64
	// merged maps a story merged into an earlier one to that story, for
	// the copy indexes, which still name the later one (see merge.go).
	merged map[int64]merged
	// unsaved are merges decided for feeds whose write failed: the next
	// assignment hands them to the store again.
	unsaved []model.Merge
}

// NewStage returns a stage with empty indexes; Rebuild fills them.
func NewStage(known Known, o Options) *Stage {
	return &Stage{known: known, copies: dedupe.NewIndex(o.Copies), events: NewEvents(o.Events)}
}

// Batch is one fetched feed on its way through the stage.
type Batch struct {
	Source string
	// Articles are the feed's new and changed items, in feed order: the only
	// ones to tag and store.
	Articles []model.Article
	// Unchanged counts the items already stored as they are.
	Unchanged int
	changed   map[string]bool // GUIDs stored with other content: updates, not new articles
	// elsewhere are the GUIDs of new items whose text is stored already,
	// under another item: the store records them as sightings of that
	// article, so they are neither sketched nor weighed nor assigned.
	elsewhere map[string]bool
	sketches  []dedupe.Sketch
	features  []*Features
	pending   []int64 // provisional story ids given by Assign
	observed  bool    // counted in the document frequencies (an assignment again after Abort does not count it twice)
	// Merges are the stored stories Assign found to report the event of
	// earlier ones (see merge.go): the store records them with the feed.
	Merges []model.Merge
}

// Seen is the first question, asked before a feed is parsed: which of its
// items' raw hashes (see ingest.SplitItems) are stored. Those items were
// stored from these very bytes and are left out of the parse.
func (s *Stage) Seen(ctx context.Context, sourceID string, rawHashes []string) (map[string]bool, error) {
	if len(rawHashes) == 0 {
		return nil, nil
	}
	known, err := s.known.KnownRawItems(ctx, sourceID, rawHashes)
	if err != nil {
		return nil, fmt.Errorf("story: %w", err)
	}
	return known, nil
}

// Fresh looks the feed's items up in one batch and keeps those that are new
// or changed; of the new ones, it marks those whose text the stage knows to
// be stored under another item (a syndicated copy an outlet carried
// before: see storedTexts), which need nothing of the stage but their tags.
func (s *Stage) Fresh(ctx context.Context, sourceID string, arts []model.Article) (*Batch, error) {
	b := &Batch{Source: sourceID}
	if len(arts) == 0 {
		return b, nil
	}
	guids := make([]string, len(arts))
	for i, a := range arts {
		guids[i] = a.GUID
	}
	stored, err := s.known.KnownItems(ctx, sourceID, guids)
	if err != nil {
		return nil, fmt.Errorf("story: %w", err)
	}
	for _, a := range arts {
		hash, ok := stored[a.GUID]
		switch {
		case ok && hash == a.ContentHash:
			b.Unchanged++
			continue
		case ok:
			if b.changed == nil {
				b.changed = map[string]bool{}
			}
			b.changed[a.GUID] = true
		case s.texts.has(a.ContentKey()):
			if b.elsewhere == nil {
				b.elsewhere = map[string]bool{}
			}
			b.elsewhere[a.GUID] = true
		}
		b.Articles = append(b.Articles, a)
	}
	return b, nil
}

// Prepare computes each article's sketch and signals, after tagging (the
// event signals include the taxonomy ids the tagger found).
func (s *Stage) Prepare(b *Batch) {
	b.sketches = make([]dedupe.Sketch, len(b.Articles))
	b.features = make([]*Features, len(b.Articles))
	for i := range b.Articles {
		a := &b.Articles[i]
		if b.changed[a.GUID] || b.elsewhere[a.GUID] {
			continue
		}
		b.sketches[i] = s.copies.Sketch(a.Title, a.Text)
		b.features[i] = Read(docOf(a))
	}
}

// Assign decides the story of each new article of the batch, on the
// article: StoryID (a stored story, or a negative provisional id shared by
// the articles of this feed that start a story together) and Join (why).
func (s *Stage) Assign(b *Batch) { s.AssignGroup([]*Batch{b}) }

// AssignGroup is Assign for several feeds stored together in one
// transaction (the pipeline's group commit), in order: each feed is
// assigned as if the ones before it had been committed already. Their new
// articles are in the event index (under provisional ids, unique within
// the group) and in a copy index of the group's own, so that two outlets'
// copies of one event in one group end in one story, as they would if the
// feeds were written one after the other.
func (s *Stage) AssignGroup(bs []*Batch) {
	var group *dedupe.Index
	if len(bs) > 1 {
		if s.group == nil {
			s.group = dedupe.NewIndex(s.copies.Options())
		}
		group = s.group
		group.Clear()
	}
	s.forgetProvisional()
	if len(s.unsaved) > 0 && len(bs) > 0 {
		bs[0].Merges = append(bs[0].Merges, s.unsaved...)
		s.unsaved = nil
	}
	next := int64(0)
	for k, b := range bs {
		s.assign(bs, k, &next, group)
		if group != nil && k < len(bs)-1 {
			for i := range b.Articles {
				if b.features[i] != nil {
					group.AddSketch(copyDoc(&b.Articles[i]), b.sketches[i])
				}
			}
		}
	}
}

// assign is Assign of the k-th batch of a group: next is the last
// provisional id given in the group, group the copy index of the group's
// earlier feeds (nil alone).
func (s *Stage) assign(bs []*Batch, k int, next *int64, group *dedupe.Index) {
	b := bs[k]
	var fresh []*Features
	for _, f := range b.features {
		if f != nil {
			fresh = append(fresh, f)
		}
	}
	if !b.observed {
		s.events.Observe(fresh...)
		b.observed = true
	}
	b.pending = b.pending[:0]
	for i := range b.Articles {
		a := &b.Articles[i]
		f := b.features[i]
		if f == nil {
			continue // a changed article keeps its story; a copy of a stored one joins it in the store
		}
		if id, score, ok := s.matchCopy(a, b.sketches[i], group); ok {
			a.StoryID = id
			a.Join = model.Join{Path: model.JoinCopy, Score: round(score)}
			continue
		}
		m := s.events.Match(f)
		if m.StoryID != 0 {
			a.StoryID = m.StoryID
			a.Join = model.Join{Path: model.JoinEvent, Score: round(m.Score), Shared: m.Shared,
				GapSeconds: int64(m.Gap / time.Second), CrossLanguage: m.CrossLanguage}
		} else {
			*next--
			a.StoryID = *next
			a.Join = model.Join{Path: model.JoinFirst}
			b.pending = append(b.pending, *next)
		}
		m.Also = s.namesAgree(m)
		// Later articles of this feed may join the story it started or joined.
		s.events.Add(f, a.StoryID)
		if len(m.Also) > 0 {
			// Grown by the article, the story may now be one with another
			// the article would join too (merge.go).
			a.StoryID = s.joinSplit(bs, b, m)
		}
	}
}

// matchCopy finds the story of a near-verbatim copy among the committed
// articles and, in a group, the earlier feeds' new ones: the more similar
// of the two, as one index holding both would give.
func (s *Stage) matchCopy(a *model.Article, sk dedupe.Sketch, group *dedupe.Index) (int64, float64, bool) {
	d := copyDoc(a)
	id, score, ok := s.copies.MatchSketch(d, sk)
	if group != nil {
		if gid, gscore, gok := group.MatchSketch(d, sk); gok && (!ok || gscore > score) {
			id, score, ok = gid, gscore, true
		}
	}
	return s.resolve(id), score, ok
}

// Commit puts the stored new articles (with their ids and real story ids)
// into the indexes; provisional maps the batch's provisional story ids to the
// stories the store gave them.
func (s *Stage) Commit(b *Batch, added []model.Article, provisional map[int64]int64) {
	s.events.Relabel(provisional)
	var orphans []int64
	for _, id := range b.pending {
		if _, ok := provisional[id]; !ok {
			orphans = append(orphans, id)
		}
	}
	s.events.Forget(orphans...)
	byGUID := make(map[string]int, len(b.Articles))
	for i, a := range b.Articles {
		byGUID[a.GUID] = i
	}
	for i := range added {
		a := &added[i]
		s.latest = max(s.latest, a.ID)
		s.texts.add(a.ContentKey(), eventTime(a))
		if k, ok := byGUID[a.GUID]; ok && b.features[k] != nil {
			s.copies.AddSketch(copyDoc(a), b.sketches[k])
		}
	}
}

// Abort forgets what Assign put in the indexes for a feed that was not
// stored; the batch may be assigned again.
func (s *Stage) Abort(b *Batch) {
	s.events.Forget(b.pending...)
	b.pending = b.pending[:0]
	// The index holds the merged stories as one already: the store must
	// still record it, with whatever feed is written next.
	s.unsaved = append(s.unsaved, b.Merges...)
	b.Merges = nil
}

// Rebuild fills the indexes from the stored articles of the window, oldest
// first, as they were assigned.
func (s *Stage) Rebuild(ctx context.Context, recent func(ctx context.Context, since time.Time, fn func(model.Article) error) error, since time.Time) error {
	return recent(ctx, since, s.add)
}

// CatchUp adds to the indexes the stored articles of the window whose id is
// above the highest the stage holds: those other processes stored since it
// last looked (docs/scaling.md). It is serialized with Assign and Commit,
// and across processes by the caller's assignment lock, under which no other
// process stores articles. It returns how many it added.
func (s *Stage) CatchUp(ctx context.Context, after func(ctx context.Context, afterID int64, since time.Time, fn func(model.Article) error) error, since time.Time) (int, error) {
	n := 0
	err := after(ctx, s.latest, since, func(a model.Article) error {
		n++
		return s.add(a)
	})
	return n, err
}

// add puts one stored article into both indexes under its story.
func (s *Stage) add(a model.Article) error {
	s.latest = max(s.latest, a.ID)
	s.texts.add(a.ContentKey(), eventTime(&a))
	s.copies.Add(copyDoc(&a))
	f := Read(docOf(&a))
	s.events.Observe(f)
	s.events.Add(f, a.StoryID)
	return nil
}

// Prune drops the articles older than before from both indexes.
func (s *Stage) Prune(before time.Time) {
	s.copies.Prune(before)
	s.events.Prune(before)
	s.texts.prune(before)
	s.pruneMerged(before)
}

// isDated reports whether the feed gave the article a publication time:
// ingest dates an undated item by its fetch time, which no feed's own date
// matches to the nanosecond (nor, once stored, to the second, in practice).
func isDated(a *model.Article) bool {
	return !a.Published.IsZero() && !a.Published.Equal(a.FetchedAt)
}

// eventTime is when an article happened as far as the stage can tell: its
// publication time, or when it was first seen if the feed gave none or a
// time after that.
func eventTime(a *model.Article) time.Time {
	t := a.Published
	if t.IsZero() || t.After(a.FetchedAt) {
		t = a.FetchedAt
	}
	return t
}

func copyDoc(a *model.Article) dedupe.Doc {
	return dedupe.Doc{ArticleID: a.ID, StoryID: a.StoryID, Source: a.SourceID, Time: eventTime(a), Title: a.Title, Text: a.Text}
}

func docOf(a *model.Article) Doc {
	d := Doc{ArticleID: a.ID, Source: a.SourceID, Lang: primaryLang(a.Language), Time: eventTime(a), Dated: isDated(a),
		Title: a.Title, Text: a.Text}
	d.Entities, d.TitleEntities, d.Named = entities(a.Title, a.Mentions)
	d.Topics = topics(a.Mentions)
	d.Countries = a.Tags.Countries
	return d
}

// topics lists the taxonomy topics (conflict, elections, economy …) the
// tagger found in an article.
func topics(ms []model.Mention) []string {
	var out []string
	for _, m := range ms {
		if m.Kind == model.KindTopic && !slices.Contains(out, m.Tag) {
			out = append(out, m.Tag)
		}
	}
	return out
}

// entities lists the taxonomy ids the tagger found named in an article
// (countries, places, actors), the countries and places of its title, and
// named, those of its ids that are places, people or organizations: its
// entities less the countries, each once.
func entities(title string, ms []model.Mention) (all, inTitle, named []string) {
	for _, m := range ms {
		switch m.Kind {
		case model.KindCountry, model.KindPlace, model.KindActor:
			all = append(all, m.Tag)
			if m.Kind != model.KindCountry && !slices.Contains(named, m.Tag) {
				named = append(named, m.Tag)
			}
			if m.Offset < len(title) && m.Kind != model.KindActor && !slices.Contains(inTitle, m.Tag) {
				inTitle = append(inTitle, m.Tag)
			}
		}
	}
	return all, inTitle, named
}

// primaryLang is the language subtag of a BCP 47 tag: "pt" of "pt-BR".
func primaryLang(tag string) string {
	tag = strings.ToLower(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

func round(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
