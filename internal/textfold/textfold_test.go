package textfold

import (
	"slices"
	"strings"
	"testing"
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
