package story

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestHeaviestSelectsAsASortWould checks the selection of the heaviest
// signals against sorting them all, on random vectors with ties.
func TestHeaviestSelectsAsASortWould(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 200; round++ {
		var v vector
		for i := r.IntN(60); i > 0; i-- {
			v.f = append(v.f, feature(r.Uint64()))
			v.w = append(v.w, float32(r.IntN(8))) // few weights: many ties
		}
		for _, n := range []int{1, 8, 12} {
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
			var want []feature
			for _, i := range idx[:min(n, len(idx))] {
				want = append(want, v.f[i])
			}
			if got := heaviest(nil, v, n); !slices.Equal(got, want) {
				t.Fatalf("round %d, n %d: got %v, want %v", round, n, got, want)
			}
		}
	}
}
