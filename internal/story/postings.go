package story

import (
	"cmp"
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

// candidates returns the stories that share the most of the article's
// heaviest signals, or of its heaviest language-independent ones (so that a
// write-up in another language finds the story through its taxonomy ids and
// numbers). A signal that more than maxProbePosting stories carry is too
// common to tell them apart and is skipped.
func (e *Events) candidates(all, li vector) []int64 {
	// Counting by sorting the hits: a few hundred ids sort faster than
	// they hash into a map.
	ids := make([]int64, 0, 256)
	for _, k := range probes(all, li) {
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

// probes are the signals an article is looked up and posted under: its
// probeFeatures heaviest, and its probeLangIndependent heaviest taxonomy
// ids and numbers not among them.
func probes(all, li vector) []feature {
	out := heaviest(make([]feature, 0, probeFeatures+probeLangIndependent), all, probeFeatures)
	n := len(out)
	for _, k := range heaviest(nil, li, probeLangIndependent) {
		if !slices.Contains(out[:n], k) {
			out = append(out, k)
		}
	}
	return out
}

// post records that a story carries a signal, newest first, bounded; it
// reports whether the signal is new to the story.
func (e *Events) post(k feature, storyID int64) bool {
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
