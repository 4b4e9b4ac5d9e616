package story

// The event index as it was before its data layout was rewritten for speed
// (main at 601c79c): the reference TestIndexDecidesAsTheReference compares
// the index with, decision by decision. It shares the options, constants,
// signal extraction and time discounts with the index, so a change of a
// threshold reaches both; a change of a rule in Match, judge or
// sameLanguage must be made here too (or this reference retired).

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"time"
)

type refFeatures struct {
	Doc
	bag      counts
	entities []string
	weighed  *refWeighed
}

type refWeighed struct {
	docs          float64
	all, spec, li refVector
	snd           refVector
}

type refEvents struct {
	o  EventOptions
	mu sync.RWMutex
	df map[feature]float64
	nd float64

	clusters map[int64]*refCluster
	postings map[feature][]int64
}

func refNewEvents(o EventOptions) *refEvents {
	return &refEvents{o: o.withDefaults(), df: map[feature]float64{}, clusters: map[int64]*refCluster{},
		postings: map[feature][]int64{}}
}

func refRead(d Doc) *refFeatures {
	f := &refFeatures{Doc: d, bag: counts{}}
	extract(d.Title, d.Text, f.bag)
	ents := slices.Clone(d.Entities)
	slices.Sort(ents)
	f.entities = slices.Compact(ents)
	for _, id := range f.entities {
		f.bag[entityFeature(id)]++
	}
	return f
}

func (e *refEvents) Observe(fs ...*refFeatures) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, f := range fs {
		for k := range f.bag {
			e.df[k]++
		}
		e.nd++
	}
	if e.nd > float64(e.o.MaxDocs) {
		for k, v := range e.df {
			if v <= 1 {
				delete(e.df, k)
			} else {
				e.df[k] = v / 2
			}
		}
		e.nd /= 2
	}
}

func (e *refEvents) vectors(f *refFeatures) (all, spec, li refVector) {
	if w := f.weighed; w != nil && w.docs == e.nd {
		return w.all, w.spec, w.li
	}
	all, spec, li, snd := e.weigh(f.bag)
	f.weighed = &refWeighed{docs: e.nd, all: all, spec: spec, li: li, snd: snd}
	return all, spec, li
}

func (e *refEvents) weigh(b counts) (all, spec, li, snd refVector) {
	type weight struct {
		f feature
		w float32
	}
	ws := make([]weight, 0, len(b))
	for k, tf := range b {
		df := max(e.df[k], 1)
		if w := float32((1 + math.Log(tf)) * math.Log(1+e.nd/df)); w > 0 {
			ws = append(ws, weight{k, w})
		}
	}
	slices.SortFunc(ws, func(a, b weight) int { return cmp.Compare(a.f, b.f) })
	for _, x := range ws {
		if x.f.sounds() {
			snd.f, snd.w = append(snd.f, x.f), append(snd.w, x.w)
			continue
		}
		all.f, all.w = append(all.f, x.f), append(all.w, x.w)
		if x.f.specific() {
			spec.f, spec.w = append(spec.f, x.f), append(spec.w, x.w)
		}
		if x.f.langIndependent() {
			li.f, li.w = append(li.f, x.f), append(li.w, liWeight(x.f, x.w))
		}
	}
	all.scale()
	spec.scale()
	li.scale()
	snd.scale()
	return all, spec, li, snd
}

func (e *refEvents) Match(f *refFeatures) Match {
	e.mu.RLock()
	defer e.mu.RUnlock()
	all, spec, li := e.vectors(f)
	t := f.Time.Unix()
	var best Match
	for _, id := range e.candidates(all, li, f.weighed.snd) {
		c := e.clusters[id]
		gap := c.gap(t)
		tf := e.timeFactor(gap)
		if tf <= 0 {
			continue
		}
		if c.byLang[f.Lang] != nil && !c.knowsTitle(f) {
			continue
		}
		m := Match{StoryID: id, Gap: time.Duration(gap) * time.Second}
		var ok bool
		if m.Score, m.CrossLanguage, ok = e.judge(c, f, all, spec, li, gap, tf); !ok {
			continue
		}
		if m.Score > best.Score {
			best = m
		}
	}
	if best.StoryID != 0 {
		best.Shared = intersect(f.entities, e.clusters[best.StoryID].entities)
	}
	return best
}

func (e *refEvents) Add(f *refFeatures, storyID int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	all, spec, li := e.vectors(f)
	snd := f.weighed.snd
	f.weighed = nil
	t := f.Time.Unix()
	c := e.clusters[storyID]
	if c == nil {
		c = &refCluster{story: storyID, byLang: map[string]*refLangPart{}, first: t, last: t, dated: f.Dated}
		e.clusters[storyID] = c
	}
	c.n++
	c.first, c.last = min(c.first, t), max(c.last, t)
	c.dated = c.dated && f.Dated
	p := c.part(f.Lang)
	p.widen(t, t)
	p.n++
	c.entities = addUnique(c.entities, f.entities...)
	c.topics = addUnique(c.topics, f.Topics...)
	c.countries = addUnique(c.countries, f.Countries...)
	p.sum.add(all, maxSum)
	p.sumSpec.add(spec, maxSpec)
	c.sumLI.add(li, maxLI)
	c.sumSpec.add(spec, maxSpec)
	if len(snd.f) > 0 {
		c.sumSnd.add(snd, maxSnd)
	}
	for _, k := range refProbes(all, li, snd) {
		if e.post(k, storyID) {
			c.posted = append(c.posted, k)
		}
	}
}

func (e *refEvents) Relabel(ids map[int64]int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for from, to := range ids {
		c := e.clusters[from]
		if c == nil || from == to {
			continue
		}
		delete(e.clusters, from)
		for _, k := range c.posted {
			p := e.postings[k]
			if i := slices.Index(p, from); i >= 0 {
				p[i] = to
				e.postings[k] = slices.Compact(p)
			}
		}
		if into := e.clusters[to]; into != nil {
			into.absorb(c)
			continue
		}
		c.story = to
		e.clusters[to] = c
	}
}

func (e *refEvents) Forget(ids ...int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, id := range ids {
		c := e.clusters[id]
		if c == nil {
			continue
		}
		delete(e.clusters, id)
		for _, k := range c.posted {
			e.postings[k] = slices.DeleteFunc(e.postings[k], func(x int64) bool { return x == id })
		}
	}
}

func (e *refEvents) Prune(before time.Time) {
	cut := before.Unix()
	e.mu.Lock()
	defer e.mu.Unlock()
	for id, c := range e.clusters {
		if c.last < cut {
			delete(e.clusters, id)
		}
	}
	for k, p := range e.postings {
		p = slices.DeleteFunc(p, func(id int64) bool { return e.clusters[id] == nil })
		if len(p) == 0 {
			delete(e.postings, k)
		} else {
			e.postings[k] = p
		}
	}
}

func (e *refEvents) Len() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return len(e.clusters)
}

func refHeaviest(out []feature, v refVector, n int) []feature {
	heavier := func(i, j int) bool {
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

func (e *refEvents) candidates(all, li, snd refVector) []int64 {
	ids := make([]int64, 0, 256)
	for _, k := range refProbes(all, li, snd) {
		p := e.postings[k]
		if len(p) > maxProbePosting {
			continue
		}
		ids = append(ids, p...)
	}
	slices.Sort(ids)
	type hit struct {
		id int64
		n  int
	}
	var ranked []hit
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[i] {
			j++
		}
		ranked = append(ranked, hit{ids[i], j - i})
		i = j
	}
	if len(ranked) > maxCandidates {
		slices.SortFunc(ranked, func(a, b hit) int {
			if a.n != b.n {
				return b.n - a.n
			}
			return cmp.Compare(b.id, a.id)
		})
		ranked = ranked[:maxCandidates]
	}
	out := make([]int64, len(ranked))
	for i, h := range ranked {
		out[i] = h.id
	}
	return out
}

func refProbes(all, li, snd refVector) []feature {
	out := refHeaviest(make([]feature, 0, probeFeatures+probeLangIndependent+probeSounds), all, probeFeatures)
	n := len(out)
	for _, k := range refHeaviest(nil, li, probeLangIndependent) {
		if !slices.Contains(out[:n], k) {
			out = append(out, k)
		}
	}
	return refHeaviest(out, snd, probeSounds)
}

func (e *refEvents) post(k feature, storyID int64) bool {
	p := e.postings[k]
	if len(p) > 0 && p[0] == storyID {
		return false
	}
	if i := slices.Index(p, storyID); i >= 0 {
		p = slices.Delete(p, i, i+1)
	}
	if len(p) >= maxPosting {
		p = p[:maxPosting-1]
	}
	e.postings[k] = slices.Insert(p, 0, storyID)
	return true
}
