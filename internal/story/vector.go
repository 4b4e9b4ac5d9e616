package story

import (
	"math"
	"slices"
	"sort"
)

// vector is a sparse vector: features in ascending order and their weights,
// so that two vectors meet in one merge pass, without hashing.
type vector struct {
	f []feature
	w []float32
}

// normalize sorts v by feature and scales it to unit length.
func (v *vector) normalize() {
	sort.Sort(byFeature{v})
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

type byFeature struct{ *vector }

func (b byFeature) Len() int           { return len(b.f) }
func (b byFeature) Less(i, j int) bool { return b.f[i] < b.f[j] }
func (b byFeature) Swap(i, j int) {
	b.f[i], b.f[j] = b.f[j], b.f[i]
	b.w[i], b.w[j] = b.w[j], b.w[i]
}

// sparse is a story's sum of unit vectors, bounded to its maxCentroid
// heaviest signals, with its length kept for cosines.
type sparse struct {
	vector
	norm float64
}

// add adds v (sorted by feature) to the sum.
func (s *sparse) add(v vector) {
	out := vector{f: make([]feature, 0, len(s.f)+len(v.f)), w: make([]float32, 0, len(s.f)+len(v.f))}
	i, j := 0, 0
	for i < len(s.f) || j < len(v.f) {
		switch {
		case j == len(v.f) || (i < len(s.f) && s.f[i] < v.f[j]):
			out.f, out.w = append(out.f, s.f[i]), append(out.w, s.w[i])
			i++
		case i == len(s.f) || v.f[j] < s.f[i]:
			out.f, out.w = append(out.f, v.f[j]), append(out.w, v.w[j])
			j++
		default:
			out.f, out.w = append(out.f, s.f[i]), append(out.w, s.w[i]+v.w[j])
			i, j = i+1, j+1
		}
	}
	if len(out.f) > maxCentroid {
		ws := slices.Clone(out.w)
		slices.Sort(ws)
		cut := ws[len(ws)-maxCentroid]
		k := 0
		for i := range out.f {
			if out.w[i] >= cut && k < maxCentroid {
				out.f[k], out.w[k] = out.f[i], out.w[i]
				k++
			}
		}
		out.f, out.w = out.f[:k], out.w[:k]
	}
	s.vector = out
	s.norm = 0
	for _, w := range s.w {
		s.norm += float64(w) * float64(w)
	}
	s.norm = math.Sqrt(s.norm)
}

// dot is the dot product with v (sorted by feature) and how many signals
// they share.
func (s *sparse) dot(v vector) (d float64, shared int) {
	i, j := 0, 0
	for i < len(s.f) && j < len(v.f) {
		switch {
		case s.f[i] < v.f[j]:
			i++
		case v.f[j] < s.f[i]:
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
