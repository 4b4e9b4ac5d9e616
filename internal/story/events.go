package story

import (
	"slices"
	"sync"
	"time"
)

// Doc is one article as the event index sees it.
type Doc struct {
	ArticleID int64
	Source    string
	Lang      string    // primary language subtag ("en", "ar"); "" when unknown
	Time      time.Time // publication time (first seen when the feed gave none or a future one)
	// Dated is set when Time is the article's own publication time, not
	// when it was first seen: only then does time tell two events apart.
	Dated bool
	Title string
	Text  string
	// Entities are the taxonomy ids the tagger found named in the text
	// (countries as ISO codes, places, actors): the signal that does not
	// depend on the language an outlet wrote in.
	Entities []string
	// TitleEntities are the countries and places named in the title: what
	// the article says the event is, and where.
	TitleEntities []string
	// Topics are the taxonomy topics the tagger found: too coarse to join
	// articles, but two events of different kinds do not share them.
	Topics []string
	// Countries are the ISO codes of the countries the tagger found the
	// article to be about, including those of the places and actors it
	// names (Bavaria and Söder are Germany): a title naming a place the
	// story does not ("Bayern:" over a Munich story) still names a
	// country the story is about.
	Countries []string
	// Named are the ids of Entities that are places, people or
	// organizations, not countries: what can name one event rather than
	// the region it happened in.
	Named []string
}

// Features is a Doc read into weighted signals, once, outside any lock. One
// goroutine at a time uses a Features (Match keeps its vectors for Add).
type Features struct {
	Doc
	// feats are the article's signals in ascending order and logTF 1 + the
	// log of each one's term frequency: what weighing needs of the bag.
	feats    []feature
	logTF    []float64
	entities []string // distinct, sorted
	// terms are feats' ids in the document-frequency dictionary of
	// termsOf, as Observe interned them in its generation termsGen: while
	// both hold, weighing reads the frequencies by id, without hashing.
	terms    []uint32
	termsOf  *Events
	termsGen uint64
	weighed  weighed // the vectors Match computed, for the Add that follows it
	also     []Also  // the room of Match.Also, reused by the article's next Match
}

// weighed are an article's TF-IDF vectors and the document count they were
// weighed at: while no article is observed they stay right. Their storage
// is the article's own, allocated by Read, so that Match allocates none.
type weighed struct {
	ok            bool
	docs          float64
	all, spec, li vector
	snd           vector // the sounds of its names (sounds.go)
}

// Events is the event index: for a new article, which story in the window
// reports the same event. It is incremental (Add), bounded (Prune, the
// document-frequency halving, the capped postings and centroids) and safe
// for concurrent use.
type Events struct {
	o  EventOptions
	mu sync.RWMutex
	terms
	nd float64 // documents counted in the document frequencies

	clusters map[int64]*cluster // by story id
	// slots are the stories by a small number of their own, which the
	// postings name (newest first): candidates are counted in an array
	// indexed by it. A slot freed by a story that left is reused.
	slots     []*cluster
	slotStory []int64 // the story id of each slot: candidates are ranked by it without visiting the stories
	freeSlots []uint32
	// scratch is Match's working room (candidate counts, the article's
	// table), one per concurrent Match; merge is Add's, under the lock.
	scratch sync.Pool
	merge   mergeBuf
}

// NewEvents returns an empty event index.
func NewEvents(o EventOptions) *Events {
	return &Events{o: o.withDefaults(), terms: terms{dict: map[feature]uint32{}}, clusters: map[int64]*cluster{}}
}

// Match is the event index's answer for one article.
type Match struct {
	StoryID int64   // 0: no story in the window reports this event
	Score   float64 // the similarity that decided, after the time discount
	// CrossLanguage is set when only taxonomy ids, numbers and time joined
	// them: the story had no article in the article's language, or the
	// words of one in its language fell short (sharesEnough).
	CrossLanguage bool
	Shared        []string      // taxonomy ids the article shares with the story
	Gap           time.Duration // from the story's nearest article
	// Also lists the other stories the article would join as well: when
	// they report one event with StoryID, the stage merges them (merge.go).
	// Its room is the article's: the article's next Match reuses it.
	Also []Also
}

// Also is another story an article would join, and its score.
type Also struct {
	StoryID int64
	Score   float64
}

// Match finds the story in the window that reports the same event as f, if
// any: the best-scoring candidate among the stories that share one of f's
// heaviest signals.
func (e *Events) Match(f *Features) Match {
	e.mu.RLock()
	defer e.mu.RUnlock()
	all, spec, li := e.vectors(f)
	sc := e.getScratch()
	defer e.scratch.Put(sc)
	cands := e.rank(sc, f, all, li, f.weighed.snd)
	if len(cands) == 0 {
		return Match{}
	}
	sc.warmed += warm(cands, f.Lang)
	sc.tab.build(&all, &spec, &li)
	t := f.Time.Unix()
	var best Match
	var bestC *cluster
	also := f.also[:0]
	for _, c := range cands {
		gap := c.gap(t)
		tf := e.timeFactor(gap)
		if tf <= 0 {
			continue
		}
		// The title names places the story does not: another event. Only
		// within a language: across languages the tagger finds other places
		// in each ("os chilenos" names no country), and the shared ids decide.
		if c.byLang.get(f.Lang) != nil && !c.knowsTitle(f) {
			continue
		}
		m := Match{StoryID: c.story, Gap: time.Duration(gap) * time.Second}
		var ok bool
		if m.Score, m.CrossLanguage, ok = e.judge(c, f, all, spec, li, gap, tf); !ok {
			continue
		}
		if m.Score <= best.Score {
			also = append(also, Also{c.story, m.Score})
			continue
		}
		if best.StoryID != 0 {
			also = append(also, Also{best.StoryID, best.Score})
		}
		best, bestC = m, c
	}
	if len(also) > 0 {
		best.Also, f.also = also, also
	}
	if bestC != nil {
		best.Shared = intersect(f.entities, bestC.entities)
	}
	return best
}

// Add puts an article into a story: a new cluster when the story is not in
// the index, else the story's sums grow.
func (e *Events) Add(f *Features, storyID int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	all, spec, li := e.vectors(f)
	f.weighed.ok = false // kept from Match for this Add only
	t := f.Time.Unix()
	c := e.clusters[storyID]
	if c == nil {
		c = &cluster{story: storyID, first: t, last: t, dated: f.Dated, slot: e.takeSlot()}
		e.slots[c.slot], e.slotStory[c.slot] = c, storyID
		e.clusters[storyID] = c
	}
	c.n++
	c.first, c.last = min(c.first, t), max(c.last, t)
	c.dated = c.dated && f.Dated
	p := c.part(f.Lang)
	p.widen(t, t)
	p.n++
	c.entities = addUnique(c.entities, f.entities...)
	c.about = addUnique(c.about, f.Topics...)
	c.about = addUnique(c.about, f.Countries...)
	p.sum.add(all, maxSum, &e.merge)
	p.sumSpec.add(spec, maxSpec, &e.merge)
	c.sumLI.add(li, maxLI, &e.merge)
	c.sumSpec.add(spec, maxSpec, &e.merge)
	if snd := f.weighed.snd; len(snd.f) > 0 {
		c.sumSnd.add(snd, maxSnd, &e.merge)
	}
	var buf [probeFeatures + probeLangIndependent + probeSounds]feature
	for _, k := range probes(buf[:0], all, li, f.weighed.snd) {
		id, ok := e.termOf(f, k)
		if !ok {
			id = e.intern(k)
		}
		if e.post(id, c.slot) {
			c.posted = append(c.posted, id)
		}
	}
}

// takeSlot gives a new story a slot, a freed one first.
func (e *Events) takeSlot() uint32 {
	if n := len(e.freeSlots); n > 0 {
		s := e.freeSlots[n-1]
		e.freeSlots = e.freeSlots[:n-1]
		return s
	}
	e.slots, e.slotStory = append(e.slots, nil), append(e.slotStory, 0)
	return uint32(len(e.slots) - 1)
}

// drop takes a story out of the index; its postings are the caller's.
func (e *Events) drop(c *cluster) {
	delete(e.clusters, c.story)
	e.slots[c.slot] = nil
	e.freeSlots = append(e.freeSlots, c.slot)
}

// Relabel renames stories: the provisional ids the stage gave the new
// stories of a feed become the ids the store gave them. A provisional story
// that turned out to be a stored one (its article was an exact duplicate) is
// merged into it.
func (e *Events) Relabel(ids map[int64]int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for from, to := range ids {
		c := e.clusters[from]
		if c == nil || from == to {
			continue
		}
		into := e.clusters[to]
		// The postings that name it name the story it becomes (a renamed
		// story keeps its slot), each once in a row.
		slot := c.slot
		if into != nil {
			slot = into.slot
		}
		for _, id := range c.posted {
			p := e.postings[id]
			if i := slices.Index(p, c.slot); i >= 0 {
				p[i] = slot
				e.postings[id] = slices.Compact(p)
			}
		}
		if into != nil {
			e.drop(c)
			into.absorb(c)
			continue
		}
		delete(e.clusters, from)
		c.story, e.slotStory[c.slot] = to, to
		e.clusters[to] = c
	}
}

// Forget drops stories, for provisional ones whose feed was not stored.
func (e *Events) Forget(ids ...int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, id := range ids {
		c := e.clusters[id]
		if c == nil {
			continue
		}
		for _, id := range c.posted {
			e.postings[id] = slices.DeleteFunc(e.postings[id], func(x uint32) bool { return x == c.slot })
		}
		e.drop(c)
	}
}

// Prune forgets the stories whose newest article is older than before.
func (e *Events) Prune(before time.Time) {
	cut := before.Unix()
	e.mu.Lock()
	defer e.mu.Unlock()
	var freed []uint32
	for id, c := range e.clusters {
		if c.last < cut {
			delete(e.clusters, id)
			e.slots[c.slot] = nil
			freed = append(freed, c.slot)
		}
	}
	for id, p := range e.postings {
		if p = slices.DeleteFunc(p, func(s uint32) bool { return e.slots[s] == nil }); len(p) == 0 {
			p = nil
		}
		e.postings[id] = p
	}
	// Freed only now: no posting names them any more.
	e.freeSlots = append(e.freeSlots, freed...)
}

// Len returns the number of stories in the index.
func (e *Events) Len() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return len(e.clusters)
}

// intersect returns the elements of a that b holds, in a's order (nil when
// none), in one allocation.
func intersect(a, b []string) []string {
	n := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
