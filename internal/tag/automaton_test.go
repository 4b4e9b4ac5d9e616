package tag

import (
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

// TestAutomatonFindsAll checks the automaton against a naive search: every
// occurrence of every pattern, overlapping ones included.
func TestAutomatonFindsAll(t *testing.T) {
	pats := []string{"he", "she", "his", "hers", "h", "sh", "ershe", "a b", "b"}
	text := "ushers and his sheep ersher a b"
	a := buildAutomaton(pats)
	var got []string
	for _, m := range a.scan([]byte(text), nil) {
		got = append(got, pats[m.pat]+"@"+itoa(int(m.start)))
		if text[m.start:m.end] != pats[m.pat] {
			t.Errorf("span %q is not pattern %q", text[m.start:m.end], pats[m.pat])
		}
	}
	var want []string
	for i := range text {
		for _, p := range pats {
			if strings.HasPrefix(text[i:], p) {
				want = append(want, p+"@"+itoa(i))
			}
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("got  %v\nwant %v", got, want)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// TestAutomatonFindsAllDeep checks the automaton against a naive search with
// enough patterns that most states lie beyond the dense rows (sorted edge
// lists and failure links), over text with bytes no pattern holds.
func TestAutomatonFindsAllDeep(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	letters := []string{"a", "b", "c", "d", "é", "ж", "ب", " "}
	word := func(n int) string {
		var sb strings.Builder
		for range n {
			sb.WriteString(letters[rng.IntN(len(letters))])
		}
		return sb.String()
	}
	seen := map[string]bool{}
	var pats []string
	for len(pats) < 6000 {
		if p := word(2 + rng.IntN(10)); !seen[p] {
			seen[p] = true
			pats = append(pats, p)
		}
	}
	a := buildAutomaton(pats)
	if int(a.nDense) >= len(a.info) {
		t.Fatalf("all %d states are dense: the test does not reach the sparse ones", len(a.info))
	}
	var sb strings.Builder
	for range 4000 {
		sb.WriteString(word(1 + rng.IntN(6)))
		sb.WriteString([]string{"x", "Q", ".", "9", "", "€"}[rng.IntN(6)])
	}
	checkAgainstNaive(t, a, pats, sb.String())
}

// TestDeepStatesDepthFirst checks the numbering of the deep states: a deep
// state with one edge leads to the state numbered right after it, so that
// the scan reads a name's states from neighbouring memory.
func TestDeepStatesDepthFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	var pats []string
	seen := map[string]bool{}
	for len(pats) < 8000 {
		var sb strings.Builder
		for range 2 + rng.IntN(12) {
			sb.WriteByte("abcdefgh"[rng.IntN(8)])
		}
		if p := sb.String(); !seen[p] {
			seen[p] = true
			pats = append(pats, p)
		}
	}
	a := buildAutomaton(pats)
	single := 0
	for st := int(a.nDense); st < len(a.info); st++ {
		if in := a.info[st]; in.n == 1 {
			single++
			if next := in.off &^ outFlag; next != int32(st+1) {
				t.Fatalf("deep state %d's only edge leads to %d, not %d", st, next, st+1)
			}
		}
	}
	if single == 0 {
		t.Fatal("no deep state with one edge: the test checks nothing")
	}
}

// TestAutomatonEveryByte checks an automaton whose patterns use all 256 byte
// values, so that no dense column is shared.
func TestAutomatonEveryByte(t *testing.T) {
	var pats []string
	for c := range 256 {
		pats = append(pats, string([]byte{byte(c), byte(255 - c)}))
	}
	text := make([]byte, 0, 2048)
	for i := range 2048 {
		text = append(text, byte(i*7))
	}
	checkAgainstNaive(t, buildAutomaton(pats), pats, string(text))
}

// checkAgainstNaive compares the automaton's occurrences in text with a
// search for every pattern at every offset.
func checkAgainstNaive(t *testing.T, a *automaton, pats []string, text string) {
	t.Helper()
	got := map[[2]int32]int{}
	for _, m := range a.scan([]byte(text), nil) {
		if text[m.start:m.end] != pats[m.pat] {
			t.Fatalf("span %q at %d is not pattern %q", text[m.start:m.end], m.start, pats[m.pat])
		}
		got[[2]int32{m.pat, m.start}]++
	}
	want := 0
	for pi, p := range pats {
		for i := 0; ; {
			j := strings.Index(text[i:], p)
			if j < 0 {
				break
			}
			want++
			if got[[2]int32{int32(pi), int32(i + j)}] != 1 {
				t.Fatalf("pattern %q at %d: found %d times", p, i+j, got[[2]int32{int32(pi), int32(i + j)}])
			}
			i += j + 1
		}
	}
	if len(got) != want {
		t.Fatalf("automaton reports %d occurrences, naive search %d", len(got), want)
	}
	if want == 0 {
		t.Fatal("no occurrences at all: the test checks nothing")
	}
}
