package tag

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// naiveFirst is what markSet.first promises: the least strings.Index(s,
// mark) > 0 over the marks, at most limit, and the first mark listed of
// those found there.
func naiveFirst(ms *markSet, s string, limit int) (int, int) {
	best, bestM := -1, -1
	for m, mark := range ms.marks {
		if k := strings.Index(s, mark); k > 0 && k <= limit && (best < 0 || k < best) {
			best, bestM = k, m
		}
	}
	return best, bestM
}

// first finds what a search for each mark finds, on texts made of the
// marks' pieces, so that near misses (" -x", "—" at 0, " –" cut short) occur.
func TestMarkSetFirstIsIndex(t *testing.T) {
	pieces := []string{" ", "-", " - ", " -- ", "(", "—", "–", "（", "：", ":", ". ", ".", "। ", "A", "ab", "\xe2", "\xe2\x80"}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, ms := range []*markSet{wireMarks, caselessMarks} {
		for n := 0; n < 20000; n++ {
			var b strings.Builder
			for k := rng.IntN(12); k >= 0; k-- {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			s, limit := b.String(), rng.IntN(40)
			k, m := ms.first(s, limit)
			if wk, wm := naiveFirst(ms, s, limit); k != wk || m != wm {
				t.Fatalf("first(%q, %d) = %d, %d; want %d, %d", s, limit, k, m, wk, wm)
			}
		}
	}
}
