package story

import (
	"cmp"
	"slices"
	"sort"
)

// heaviest returns the n heaviest features of v.
func heaviest(v vector, n int) []feature {
	if len(v.f) <= n {
		return v.f
	}
	idx := make([]int, len(v.f))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool {
		if v.w[idx[a]] != v.w[idx[b]] {
			return v.w[idx[a]] > v.w[idx[b]]
		}
		return v.f[idx[a]] < v.f[idx[b]]
	})
	out := make([]feature, n)
	for i := range out {
		out[i] = v.f[idx[i]]
	}
	return out
}

// candidates returns the stories that share the most of the article's
// heaviest signals, or of its heaviest language-independent ones (so that a
// write-up in another language finds the story through its taxonomy ids and
// numbers). A signal that more than maxProbePosting stories carry is too
// common to tell them apart and is skipped.
func (e *Events) candidates(all, li vector) []int64 {
	hits := make(map[int64]int, 64)
	for _, k := range probes(all, li) {
		p := e.postings[k]
		if len(p) > maxProbePosting {
			continue
		}
		for _, id := range p {
			hits[id]++
		}
	}
	type hit struct {
		id int64
		n  int
	}
	ranked := make([]hit, 0, len(hits))
	for id, n := range hits {
		ranked = append(ranked, hit{id, n})
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

// probes are the signals an article is looked up and posted under.
func probes(all, li vector) []feature {
	out := heaviest(all, probeFeatures)
	for _, k := range heaviest(li, probeLangIndependent) {
		if !slices.Contains(out, k) {
			out = append(out[:len(out):len(out)], k)
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
