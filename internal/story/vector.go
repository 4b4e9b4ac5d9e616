package story

import (
	"math"
	"slices"
)

// vector is a sparse vector: features in ascending order and their weights,
// so that two vectors meet in one merge pass, without hashing.
type vector struct {
	f []feature
	w []float32
	c []compact // the compact form of each feature, for the story sums it meets
}

// scale scales v, sorted by feature, to unit length and computes the
// compact forms of its features.
func (v *vector) scale() {
	v.c = make([]compact, len(v.f))
	for i, f := range v.f {
		v.c[i] = compactOf(f)
	}
	var n float64
	for _, w := range v.w {
		n += float64(w) * float64(w)
	}
	if n == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(n))
	for i := range v.w {
		v.w[i] *= inv
	}
}

// compact is the short form of a feature that a story's sums keep: its top
// 32 bits (the kind and 30 bits of hash). It sorts as the feature does, and
// within one story a collision of 30-bit hashes is too rare to matter.
type compact uint32

func compactOf(f feature) compact { return compact(f >> 32) }

// sparse is a story's sum of unit vectors, bounded to its limit heaviest
// signals, with its length kept for cosines. Features are compact and
// ascending.
type sparse struct {
	f    []compact
	w    []float32
	norm float64
}

// add adds v (sorted by feature) to the sum, keeping at most limit signals.
func (s *sparse) add(v vector, limit int) {
	var o sparse
	o.f = make([]compact, 0, len(s.f)+len(v.f))
	o.w = make([]float32, 0, len(s.f)+len(v.f))
	i, j := 0, 0
	for i < len(s.f) || j < len(v.f) {
		var vf compact
		if j < len(v.f) {
			vf = compactOf(v.f[j])
		}
		switch {
		case j == len(v.f) || (i < len(s.f) && s.f[i] < vf):
			o.f, o.w = append(o.f, s.f[i]), append(o.w, s.w[i])
			i++
		case i == len(s.f) || vf < s.f[i]:
			if n := len(o.f); n > 0 && o.f[n-1] == vf {
				o.w[n-1] += v.w[j] // two features with one compact form
			} else {
				o.f, o.w = append(o.f, vf), append(o.w, v.w[j])
			}
			j++
		default:
			o.f, o.w = append(o.f, s.f[i]), append(o.w, s.w[i]+v.w[j])
			i, j = i+1, j+1
		}
	}
	if len(o.f) > limit {
		ws := slices.Clone(o.w)
		slices.Sort(ws)
		cut := ws[len(ws)-limit]
		k := 0
		for i := range o.f {
			if o.w[i] >= cut && k < limit {
				o.f[k], o.w[k] = o.f[i], o.w[i]
				k++
			}
		}
		o.f, o.w = o.f[:k], o.w[:k]
	}
	// Keep exactly what is used: most stories stay small.
	o.f, o.w = slices.Clip(o.f), slices.Clip(o.w)
	for _, w := range o.w {
		o.norm += float64(w) * float64(w)
	}
	o.norm = math.Sqrt(o.norm)
	*s = o
}

// merge adds another story's sum.
func (s *sparse) merge(o sparse, limit int) {
	v := vector{f: make([]feature, len(o.f)), w: o.w}
	for i, c := range o.f {
		v.f[i] = feature(c) << 32
	}
	s.add(v, limit)
}

// dot is the dot product with v (sorted by feature) and how many signals
// they share.
func (s *sparse) dot(v vector) (d float64, shared int) {
	i, j := 0, 0
	for i < len(s.f) && j < len(v.c) {
		vf := v.c[j]
		switch {
		case s.f[i] < vf:
			i++
		case vf < s.f[i]:
			j++
		default:
			d += float64(s.w[i]) * float64(v.w[j])
			shared++
			i, j = i+1, j+1
		}
	}
	return d, shared
}

// cosine compares a unit vector with the sum: how many signals they share,
// and the cosine of the angle between them.
func (s *sparse) cosine(v vector) (shared int, cos float64) {
	if s.norm == 0 {
		return 0, 0
	}
	d, shared := s.dot(v)
	return shared, d / s.norm
}

// has reports whether the sum carries a signal.
func (s *sparse) has(x compact) bool {
	_, ok := slices.BinarySearch(s.f, x)
	return ok
}
