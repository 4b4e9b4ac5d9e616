package story

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomVector makes a unit vector of n signals of the article's three
// kinds, some of them sharing a compact form (the same top 32 bits), as a
// 30-bit hash collision would.
func randomVector(r *rand.Rand, n int) vector {
	var v vector
	for range n {
		f := feature(r.Uint64()) & (kindMask | 0x3f_ffff_ffff) // few high bits: compact forms collide
		v.f = append(v.f, f)
		if r.IntN(8) == 0 { // the same compact form again, another feature
			v.f = append(v.f, f^1)
		}
	}
	slices.Sort(v.f)
	v.f = slices.Compact(v.f)
	for range v.f {
		v.w = append(v.w, r.Float32()+0.01)
	}
	v.scale()
	return v
}

// TestDotIsTheMergeToTheLastBit checks the three ways a story sum meets an
// article's vector (the merge, a binary search of the sum, the article's
// table) against each other: the same product and count, bit for bit, on
// random sums and vectors whose compact forms collide.
func TestDotIsTheMergeToTheLastBit(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 500 {
		var s sparse
		for range 1 + r.IntN(4) {
			s.add(randomVector(r, r.IntN(300)), 1+r.IntN(200), nil)
		}
		all := randomVector(r, r.IntN(300))
		spec, li := newVector(0), newVector(0)
		for i, f := range all.f {
			if f.specific() {
				spec.f, spec.w = append(spec.f, f), append(spec.w, all.w[i])
			}
			if f.langIndependent() {
				li.f, li.w = append(li.f, f), append(li.w, all.w[i])
			}
		}
		spec.scale()
		li.scale()
		plain := [...]vector{all, spec, li}
		var tab table
		tab.build(&all, &spec, &li)
		for col, v := range [...]vector{all, spec, li} {
			want, wantShared := mergeDot(&s, plain[col])
			got, shared := tab.dot(&s, col)
			if math.Float64bits(got) != math.Float64bits(want) || shared != wantShared {
				t.Fatalf("round %d, column %d: table %v (%d shared), merge %v (%d)", round, col, got, shared, want, wantShared)
			}
			got, shared = s.dotSearch(v)
			if math.Float64bits(got) != math.Float64bits(want) || shared != wantShared {
				t.Fatalf("round %d, column %d: search %v (%d shared), merge %v (%d)", round, col, got, shared, want, wantShared)
			}
			if got, shared = s.dot(v); math.Float64bits(got) != math.Float64bits(want) || shared != wantShared {
				t.Fatalf("round %d, column %d: dot %v (%d shared), merge %v (%d)", round, col, got, shared, want, wantShared)
			}
		}
	}
}

// mergeDot is the merge of the sorted sum and vector sparse.dot was before
// it learnt the table and the search.
func mergeDot(s *sparse, v vector) (d float64, shared int) {
	i, j := 0, 0
	for i < len(s.f) && j < len(v.c) {
		switch vf := v.c[j]; {
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

// TestKthSmallestIsTheSortedValue checks the selection sparse.add cuts a
// story's signals with against a sort, on values with many ties.
func TestKthSmallestIsTheSortedValue(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for round := range 2000 {
		xs := make([]float32, 1+r.IntN(400))
		for i := range xs {
			xs[i] = float32(r.IntN(1 + round%50))
		}
		k := r.IntN(len(xs))
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		if got := kthSmallest(xs, k); got != sorted[k] {
			t.Fatalf("round %d: kthSmallest(%d) = %v, sorted %v", round, k, got, sorted[k])
		}
	}
}
