package story

import (
	"cmp"
	"math"
	"slices"
)

// heaviest appends the n heaviest features of v to out, heaviest first
// (ties: the smaller feature first). It selects by insertion into the n
// kept so far: an article has a few hundred signals and n is small, so
// this costs less than sorting them all.
func heaviest(out []feature, v vector, n int) []feature {
	heavier := func(i, j int) bool { // is v's i-th signal heavier than its j-th?
		return v.w[i] > v.w[j] || (v.w[i] == v.w[j] && v.f[i] < v.f[j])
	}
	var kept [32]int
	n = min(n, len(kept))
	m := 0
	for i := range v.f {
		if m == n && !heavier(i, kept[m-1]) {
			continue
		}
		at := min(m, n-1)
		for at > 0 && heavier(i, kept[at-1]) {
			kept[at] = kept[at-1]
			at--
		}
		kept[at] = i
		if m < n {
			m++
		}
	}
	for _, i := range kept[:m] {
		out = append(out, v.f[i])
	}
	return out
}

// scratch is one Match's working room, reused through the index's pool:
// the candidate counts by slot (zero between uses: only the touched
// entries are reset), the stories touched, the article's probes and
// candidates, and its table.
type scratch struct {
	hits    []uint16
	touched []uint32
	probes  []feature
	lists   [][]uint32 // the postings of the probes rank counts
	keys    []rankKey  // the touched stories' hits and ids, for best
	cands   []*cluster
	tab     table
	warmed  uint32 // what warm read, kept so that its loads are not dropped
}

// warm reads a word of every cache line of each candidate's sums in lang, so
// that the processor fetches them from memory at once, and while the
// article's table is built, instead of one candidate after another as they
// are judged: the window's stories do not fit in the caches, and their
// misses were most of a Match's time.
func warm(cands []*cluster, lang string) (x uint32) {
	for _, c := range cands {
		p := c.byLang.get(lang)
		if p == nil {
			continue
		}
		x += warmSum(&p.sum) + warmSum(&p.sumSpec)
	}
	return x
}

// warmSum reads a word of every cache line of a story's sum, for warm.
func warmSum(s *sparse) (x uint32) {
	const step = 64 / 4 // a cache line of compact forms or weights
	for i := 0; i < len(s.f); i += step {
		x += uint32(s.f[i]) ^ math.Float32bits(s.w[i])
	}
	return x
}

func (e *Events) getScratch() *scratch {
	sc, _ := e.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	return sc
}

// rank returns the stories that share the most of the article's heaviest
// signals, or of its heaviest language-independent ones (so that a
// write-up in another language finds the story through its taxonomy ids and
// numbers). A signal that more than maxProbePosting stories carry is too
// common to tell them apart and is skipped. Up to maxCandidates of them, in
// ascending story id; when more share a signal, the maxCandidates sharing
// the most, most first (ties: the higher story id first). The caller holds
// e.mu; the result is sc's.
func (e *Events) rank(sc *scratch, f *Features, all, li, snd vector) []*cluster {
	if len(sc.hits) < len(e.slots) {
		sc.hits = make([]uint16, max(len(e.slots), 2*len(sc.hits)))
	}
	sc.touched = sc.touched[:0]
	sc.probes = probes(sc.probes[:0], all, li, snd)
	// The postings are found, and the first slot of each read, before any
	// is counted, so that their cache misses overlap; then they are counted
	// in the probes' order.
	lists := sc.lists[:0]
	var x uint32
	for _, k := range sc.probes {
		id, ok := e.termOf(f, k)
		if !ok {
			continue
		}
		if p := e.postings[id]; len(p) > 0 && len(p) <= maxProbePosting {
			lists = append(lists, p)
			x += p[0]
		}
	}
	sc.lists, sc.warmed = lists, sc.warmed+x
	for _, p := range lists {
		for _, s := range p {
			if sc.hits[s] == 0 {
				sc.touched = append(sc.touched, s)
			}
			sc.hits[s]++
		}
	}
	cands := sc.cands[:0]
	if len(sc.touched) <= maxCandidates {
		for _, s := range sc.touched {
			cands = append(cands, e.slots[s])
		}
		slices.SortFunc(cands, func(a, b *cluster) int { return cmp.Compare(a.story, b.story) })
	} else {
		cands = e.best(sc, cands)
	}
	for _, s := range sc.touched {
		sc.hits[s] = 0
	}
	sc.cands = cands
	return cands
}

// best selects the maxCandidates touched stories with the most hits, most
// first (ties: the higher story id first), by insertion into those kept so
// far: a few hundred stories are touched and few enter. Their hits and
// story ids are read into sc.keys first, in one pass of independent loads:
// most touched stories tie on one hit, so nearly every one is compared by
// its story id, and read inside the insertion each id was a cache miss
// waited for alone. The insertion is heaviest's, written out again: one
// generic keepTop for both was not inlined and cost BenchmarkAssign 3–6 %
// (session 8, three pairs).
func (e *Events) best(sc *scratch, out []*cluster) []*cluster {
	keys := sc.keys[:0]
	for _, s := range sc.touched {
		keys = append(keys, rankKey{story: e.slotStory[s], hits: sc.hits[s], slot: s})
	}
	sc.keys = keys
	var kept [maxCandidates]rankKey
	m := 0
	for _, k := range keys {
		if m == maxCandidates && !k.above(kept[m-1]) {
			continue
		}
		at := min(m, maxCandidates-1)
		for at > 0 && k.above(kept[at-1]) {
			kept[at] = kept[at-1]
			at--
		}
		kept[at] = k
		if m < maxCandidates {
			m++
		}
	}
	for _, k := range kept[:m] {
		out = append(out, e.slots[k.slot])
	}
	return out
}

// rankKey is what best ranks a touched story by.
type rankKey struct {
	story int64
	hits  uint16
	slot  uint32
}

// above reports whether k ranks above o: more hits, or as many and the
// higher story id.
func (k rankKey) above(o rankKey) bool {
	if k.hits != o.hits {
		return k.hits > o.hits
	}
	return k.story > o.story
}

// candidates returns the story ids rank gives, in its order.
func (e *Events) candidates(all, li, snd vector) []int64 {
	sc := e.getScratch()
	defer e.scratch.Put(sc)
	var ids []int64
	for _, c := range e.rank(sc, nil, all, li, snd) {
		ids = append(ids, c.story)
	}
	return ids
}

// probes appends to out the signals an article is looked up and posted
// under: its probeFeatures heaviest, and its probeLangIndependent heaviest
// taxonomy ids and numbers not among them, and its probeSounds heaviest
// sounds of names (never among them): a write-up in another script finds
// the story by the names it shares with it.
func probes(out []feature, all, li, snd vector) []feature {
	out = heaviest(out, all, probeFeatures)
	n := len(out)
	var buf [probeLangIndependent]feature
	for _, k := range heaviest(buf[:0], li, probeLangIndependent) {
		if !slices.Contains(out[:n], k) {
			out = append(out, k)
		}
	}
	return heaviest(out, snd, probeSounds)
}

// post records that a story (by its slot) carries a signal (by its term
// id), newest first, bounded; it reports whether the signal is new to the
// story.
func (e *Events) post(id, slot uint32) bool {
	p := e.postings[id]
	if len(p) > 0 && p[0] == slot {
		return false
	}
	if i := slices.Index(p, slot); i >= 0 {
		p = slices.Delete(p, i, i+1)
	}
	if len(p) >= maxPosting {
		p = p[:maxPosting-1]
	}
	e.postings[id] = slices.Insert(p, 0, slot)
	return true
}
