package tag

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWordRunesTable checks the scan's table of word runes against
// isWordRune, on every rune.
func TestWordRunesTable(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune+1; r++ {
		if isWordRuneFast(r) != isWordRune(r) {
			t.Fatalf("U+%04X: table says %v, isWordRune %v", r, isWordRuneFast(r), isWordRune(r))
		}
	}
}

// TestAnchoredFindsWordStarts checks an automaton with anchored patterns
// against a naive search: every occurrence of a free pattern, every one of
// an anchored pattern that starts a word as wordBounds reads it (the rune
// before, decoded backwards, is no word rune), in one lane and in two, on
// text with spaces, punctuation, scripts without spaces and invalid bytes.
func TestAnchoredFindsWordStarts(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	letters := []string{"a", "b", "é", "ж", "中", "ก", " ", ".", "1"}
	noise := []string{"\xff", "\xe4", "\x80", "\xe4\xb8", "\u00ad", "文"}
	word := func(n int, extra []string) string {
		var sb strings.Builder
		for range n {
			if extra != nil && rng.IntN(12) == 0 {
				sb.WriteString(extra[rng.IntN(len(extra))])
				continue
			}
			sb.WriteString(letters[rng.IntN(len(letters))])
		}
		return sb.String()
	}
	seen := map[string]bool{}
	var pats []string
	for len(pats) < 3000 {
		if p := word(1+rng.IntN(6), nil); !seen[p] {
			seen[p] = true
			pats = append(pats, p)
		}
	}
	anchored := func(i int) bool { return i%4 != 0 }
	a := buildAutomaton(pats, anchored)
	if a.startClass == 0 {
		t.Fatal("no word-start mark: the test checks nothing")
	}
	var ln lanes
	for range 200 {
		text := []byte(word(rng.IntN(700), noise))
		want := naiveWordStarts(pats, anchored, text)
		got := a.scan(text, nil)
		sortMatches(got)
		if !slices.Equal(got, want) {
			t.Fatalf("text %q:\ngot  %v\nwant %v", text, got, want)
		}
		checkLanes(t, a, text, &ln)
	}
}

// naiveWordStarts is every occurrence of every pattern in text, those of
// anchored patterns that begin with a word rune only where a word starts.
func naiveWordStarts(pats []string, anchored func(int) bool, text []byte) []rawMatch {
	var out []rawMatch
	for pi, p := range pats {
		first, _ := utf8.DecodeRuneInString(p)
		for i := 0; i+len(p) <= len(text); i++ {
			if string(text[i:i+len(p)]) != p {
				continue
			}
			if anchored(pi) && isWordRune(first) && i > 0 {
				if r, _ := utf8.DecodeLastRune(text[:i]); isWordRune(r) {
					continue
				}
			}
			out = append(out, rawMatch{pat: int32(pi), start: int32(i), end: int32(i + len(p))})
		}
	}
	sortMatches(out)
	return out
}

func sortMatches(m []rawMatch) {
	slices.SortFunc(m, func(x, y rawMatch) int {
		if x.end != y.end {
			return int(x.end - y.end)
		}
		return int(x.start - y.start)
	})
}

// TestAnchoredSameTags compares the shipped tagger with the same tagger
// whose automaton anchors no pattern (the scan before anchoring): the same
// word-bounded occurrences, in the same order, and the same tags, on every
// corpus item (or written case), also in capitals and cut mid-word.
func TestAnchoredSameTags(t *testing.T) {
	tg := shippedTagger(t)
	pats, anchored := tg.ac.patterns(t)
	if !slices.Contains(anchored, true) {
		t.Fatal("no anchored pattern: the test checks nothing")
	}
	plain := roundTrip(t, tg)
	plain.ac = buildAutomaton(pats, nil)
	var nt normText
	var ln lanes
	kept := func(a *automaton) []rawMatch {
		var out []rawMatch
		for _, m := range a.scanLanes(nt.b, nil, &ln) {
			if _, _, ok := wordBounds(tg.patFlags[m.pat], nt.b, m); ok {
				out = append(out, m)
			}
		}
		return out
	}
	n := 0
	for _, it := range benchCorpus(t) {
		for _, v := range [][2]string{{it.title, it.text}, {strings.ToUpper(it.title), it.text[len(it.text)/3:]}} {
			tg.ft.normalize(v[0]+"\n"+v[1], &nt)
			if got, want := kept(tg.ac), kept(plain.ac); !slices.Equal(got, want) {
				t.Fatalf("%q: anchored scan keeps %v, plain %v", v[0], got, want)
			}
			if got, want := tg.Tag(v[0], v[1]), plain.Tag(v[0], v[1]); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: anchored %+v, plain %+v", v[0], got, want)
			}
			n++
		}
	}
	t.Logf("%d texts", n)
}
