package tag

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// checkLanes fails when scanLanes and scan disagree on text (occurrences
// and their order).
func checkLanes(t *testing.T, a *automaton, text []byte, ln *lanes) {
	t.Helper()
	want := a.scan(text, nil)
	got := a.scanLanes(text, nil, ln)
	if !slices.Equal(got, want) {
		t.Fatalf("%d bytes: two lanes give %d occurrences, one lane %d\ngot  %v\nwant %v", len(text), len(got), len(want), got, want)
	}
}

// TestLanesCorpus compares the two-lane scan with the one-lane scan on every
// corpus item (or the written cases) with the shipped taxonomy, on every
// length of a few of them, and on texts cut at every byte around laneMin.
func TestLanesCorpus(t *testing.T) {
	tg := shippedTagger(t)
	var nt normText
	var ln lanes
	n := 0
	for _, it := range benchCorpus(t) {
		tg.ft.normalize(it.title+"\n"+it.text, &nt)
		checkLanes(t, tg.ac, nt.b, &ln)
		if n++; n%50 == 0 {
			for k := laneMin - 2; k <= len(nt.b); k += 7 {
				checkLanes(t, tg.ac, nt.b[:k], &ln)
			}
		}
	}
}

// TestLanesLongPatterns makes the lanes disagree for long: patterns far
// longer than laneWarm, repeated, so that lane B starts inside one and must
// be caught up with, or (past the log) not trusted at all.
func TestLanesLongPatterns(t *testing.T) {
	long := strings.Repeat("ab", 200) // longer than laneWarm + laneLog
	pats := []string{long, "abab", "ba", strings.Repeat("ab", 40) + "c", "bc", "c"}
	a := buildAutomaton(pats)
	var ln lanes
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		var sb strings.Builder
		for sb.Len() < 200+rng.IntN(1200) {
			sb.WriteString(strings.Repeat("ab", rng.IntN(300)))
			sb.WriteString([]string{"c", "x", "", "a"}[rng.IntN(4)])
		}
		checkLanes(t, a, []byte(sb.String()), &ln)
	}
}

// TestLanesRandom compares the lanes on random text over the alphabet of
// many random patterns, most of whose states are deep ones.
func TestLanesRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	letters := []string{"a", "b", "c", "é", "ж", " "}
	word := func(n int) string {
		var sb strings.Builder
		for range n {
			sb.WriteString(letters[rng.IntN(len(letters))])
		}
		return sb.String()
	}
	var pats []string
	seen := map[string]bool{}
	for len(pats) < 5000 {
		if p := word(2 + rng.IntN(40)); !seen[p] {
			seen[p] = true
			pats = append(pats, p)
		}
	}
	a := buildAutomaton(pats)
	var ln lanes
	for range 500 {
		checkLanes(t, a, []byte(word(rng.IntN(900))), &ln)
	}
}
