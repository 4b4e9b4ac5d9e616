package tag

import (
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
