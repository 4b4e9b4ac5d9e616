package textfold

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Climate-talks, in São Paulo!", []string{"climate", "talks", "in", "sao", "paulo"}},
		{"Erdoğan’s ÉLYSÉE visit", []string{"erdogan", "s", "elysee", "visit"}},
		{"Straße", []string{"straße"}}, // lower case, not case folding: as FTS5 does
		{"Ｇ２０", []string{"ｇ２０"}},       // canonical decomposition only: full-width stays
		{"  --  ", nil},
	}
	for _, tc := range tests {
		if got := Words(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Words(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTableRune(t *testing.T) {
	ft := NewTable()
	fold := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if r < 0x80 {
				b.WriteRune(r)
			} else if f, ok := ft.Rune(r); ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	tests := []struct{ in, want string }{
		{"Ğü", "gu"},
		{"ẞ", "ss"},
		{"’–", "' "},
		{"ＵＳＡ", "usa"},
		{"a\u00adb", "ab"},
		{"Бийск", "бииск"}, // unlike Latin, the matching fold drops the breve
		{"叙利亚", "叙利亚"},
	}
	for _, tc := range tests {
		if got := fold(tc.in); got != tc.want {
			t.Errorf("fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNoSpaceBlockAndScript(t *testing.T) {
	// Both say yes to the letters of scripts without spaces …
	for _, r := range []rune{'叙', 'か', 'カ', '한', 'ท'} {
		if !InNoSpaceBlock(r) || !InNoSpaceScript(r) {
			t.Errorf("%q: block %v, script %v, want both", r, InNoSpaceBlock(r), InNoSpaceScript(r))
		}
	}
	// … and no to other letters; only the block test counts CJK punctuation,
	// which the exact form must keep as a separator.
	for _, r := range []rune{'a', 'й', 'س'} {
		if InNoSpaceBlock(r) || InNoSpaceScript(r) {
			t.Errorf("%q counted as a script without spaces", r)
		}
	}
	if !InNoSpaceBlock('。') || InNoSpaceScript('。') {
		t.Error("。: want in the block, not in the script")
	}
}

// Words on ASCII text takes the fast path: the same words as the transform
// chain gives, without its buffers.
func TestWordsASCIIFastPath(t *testing.T) {
	s := "Talks on a ceasefire in Idlib, the Syrian province -- 3 rounds (G-7) it's over."
	chain := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	slow, _, err := transform.String(chain, s)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.FieldsFunc(strings.ToLower(slow), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if got := Words(s); !slices.Equal(got, want) {
		t.Errorf("Words(%q) = %q, want %q", s, got, want)
	}
	if n := testing.AllocsPerRun(20, func() { Words(s) }); n > 3 {
		t.Errorf("Words on ASCII text: %.0f allocations, want at most 3 (lower-casing and the word list)", n)
	}
	if got := Words("Café Zürich"); !slices.Equal(got, []string{"cafe", "zurich"}) {
		t.Errorf("Words(Café Zürich) = %q, want the marks removed", got)
	}
}
