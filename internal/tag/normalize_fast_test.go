package tag

import (
	"testing"
	"unicode/utf8"
)

// copyHan copies U+4000–U+9FFF as they are: it holds only while the fold
// leaves every one of them alone and none ends a sentence.
func TestCopyHanRunesAreLeftAlone(t *testing.T) {
	ft := newFoldTable()
	for r := rune(0x4000); r <= 0x9FFF; r++ {
		if f, changed := ft.Rune(r); changed || sentenceMark(r) {
			t.Fatalf("U+%04X folds to %q or ends a sentence: copyHan must not copy it", r, f)
		}
	}
}

// decodeRune decodes every one- and two-byte prefix as utf8 does, valid
// or not.
func TestDecodeRuneIsUTF8s(t *testing.T) {
	for a := 0; a < 256; a++ {
		for b := 0; b < 256; b++ {
			for _, s := range []string{string([]byte{byte(a), byte(b)}), string([]byte{byte(a)}), string([]byte{byte(a), byte(b), 0x80})} {
				r, n := decodeRune(s, 0)
				wr, wn := utf8.DecodeRuneInString(s)
				if r != wr || n != wn {
					t.Fatalf("decodeRune(% x) = %U, %d; utf8 says %U, %d", s, r, n, wr, wn)
				}
			}
		}
	}
}

// normalize reads Han text through copyHan and the general path alike.
func TestNormalizeHanRuns(t *testing.T) {
	ft := newFoldTable()
	var nt normText
	s := "新华社北京3月5日电 中国\xe4\xb8 外交部。Ｔｅｓｔ 中"
	ft.normalize(s, &nt)
	want := "新华社北京3月5日电 中国\xe4\xb8 外交部。test 中" // bytes that are not UTF-8 are copied as they are
	if got := string(nt.b); got != want {
		t.Fatalf("normalize(%q) = %q, want %q", s, got, want)
	}
	if len(nt.orig) != len(nt.b)+1 || nt.orig[2] != 0 || nt.orig[3] != 3 {
		t.Fatalf("offsets %v", nt.orig)
	}
}
