package story

import (
	"math"
	"math/bits"
	"slices"
)

// vector is a sparse vector: features in ascending order and their weights,
// so that two vectors meet in one merge pass, without hashing.
type vector struct {
	f []feature
	w []float32
	c []compact // the compact form of each feature, for the story sums it meets
	// at, when set, indexes the vector's compact forms (the article's
	// table, built once per Match): a story sum then meets it by looking
	// each of its own signals up, instead of merging the two lists. col is
	// which of the table's weights are this vector's.
	at  *table
	col int
}

// scale scales v, sorted by feature, to unit length and computes the
// compact forms of its features.
func (v *vector) scale() {
	v.c = v.c[:0]
	for _, f := range v.f {
		v.c = append(v.c, compactOf(f))
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

// mergeBuf is the room sparse.add merges in before it keeps the result in
// slices of exactly its size: most stories stay small.
type mergeBuf struct {
	f   []compact
	w   []float32
	cut []float32
}

// add adds v (sorted by feature) to the sum, keeping at most limit signals;
// buf is room to merge in (nil: allocated here).
func (s *sparse) add(v vector, limit int, buf *mergeBuf) {
	if buf == nil {
		buf = &mergeBuf{}
	}
	of, ow := buf.f[:0], buf.w[:0]
	i, j := 0, 0
	for i < len(s.f) || j < len(v.f) {
		var vf compact
		if j < len(v.f) {
			vf = compactOf(v.f[j])
		}
		switch {
		case j == len(v.f) || (i < len(s.f) && s.f[i] < vf):
			of, ow = append(of, s.f[i]), append(ow, s.w[i])
			i++
		case i == len(s.f) || vf < s.f[i]:
			if n := len(of); n > 0 && of[n-1] == vf {
				ow[n-1] += v.w[j] // two features with one compact form
			} else {
				of, ow = append(of, vf), append(ow, v.w[j])
			}
			j++
		default:
			of, ow = append(of, s.f[i]), append(ow, s.w[i]+v.w[j])
			i, j = i+1, j+1
		}
	}
	buf.f, buf.w = of, ow
	if len(of) > limit {
		buf.cut = append(buf.cut[:0], ow...)
		cut := kthSmallest(buf.cut, len(ow)-limit)
		k := 0
		for i := range of {
			if ow[i] >= cut && k < limit {
				of[k], ow[k] = of[i], ow[i]
				k++
			}
		}
		of, ow = of[:k], ow[:k]
	}
	// Kept in slices of exactly its size: most stories stay small.
	var o sparse
	o.f, o.w = slices.Clone(of), slices.Clone(ow)
	for _, w := range o.w {
		o.norm += float64(w) * float64(w)
	}
	o.norm = math.Sqrt(o.norm)
	*s = o
}

// kthSmallest returns the value a sort of xs ascending would put at index k
// (xs is reordered): a selection, cheaper than the sort.
func kthSmallest(xs []float32, k int) float32 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		// Median of three as the pivot; Hoare's partition.
		mid := lo + (hi-lo)/2
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for pivot < xs[j] {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i, j = i+1, j-1
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k]
		}
	}
	return xs[k]
}

// merge adds another story's sum.
func (s *sparse) merge(o sparse, limit int) {
	v := vector{f: make([]feature, len(o.f)), w: o.w}
	for i, c := range o.f {
		v.f[i] = feature(c) << 32
	}
	s.add(v, limit, nil)
}

// dot is the dot product with v (sorted by feature) and how many signals
// they share: the products of the shared signals summed in ascending
// order, whichever way they are found, so that the result is the same to
// the last bit. A signal v carries twice in one compact form meets the sum
// once, by its first (smaller) feature.
func (s *sparse) dot(v vector) (d float64, shared int) {
	if len(v.c) == 0 || len(s.f) == 0 {
		return 0, 0
	}
	// A short vector looks its signals up in the sum; a long one is met by
	// the sum's signals looked up in its table, else merged with it.
	if len(v.c)*bits.Len(uint(len(s.f))) < len(s.f) {
		return s.dotSearch(v)
	}
	if v.at != nil {
		return v.at.dot(s, v.col)
	}
	return mergeProduct(s.f, s.w, v.c, v.w)
}

// mergeProduct is the dot product of two sparse vectors given as ascending
// signals and their weights, in one merge pass, and how many signals they
// share: the products summed in ascending order of signal.
func mergeProduct(af []compact, aw []float32, bf []compact, bw []float32) (d float64, shared int) {
	i, j := 0, 0
	for i < len(af) && j < len(bf) {
		switch {
		case af[i] < bf[j]:
			i++
		case bf[j] < af[i]:
			j++
		default:
			d += float64(aw[i]) * float64(bw[j])
			shared++
			i, j = i+1, j+1
		}
	}
	return d, shared
}

// dotSearch is dot by a binary search of the sum for each of v's signals.
func (s *sparse) dotSearch(v vector) (d float64, shared int) {
	lo := 0
	for j, x := range v.c {
		if j > 0 && x == v.c[j-1] {
			continue // met by the first feature of this compact form
		}
		i, found := slices.BinarySearch(s.f[lo:], x)
		lo += i
		if found {
			d += float64(s.w[lo]) * float64(v.w[j])
			shared++
			lo++
		}
		if lo == len(s.f) {
			break
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
