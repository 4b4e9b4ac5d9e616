package tag

import (
	"testing"
	"unicode"
)

// isHan's runes are letters without case, as the shortcuts of isLetter and
// allCapitals assume: a Unicode version that changed that fails here.
func TestHanIsCaselessLetter(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if isLetter(r) != unicode.IsLetter(r) {
			t.Fatalf("isLetter(U+%04X) = %v, unicode says %v", r, isLetter(r), unicode.IsLetter(r))
		}
		if isHan(r) && (unicode.IsUpper(r) || unicode.IsLower(r)) {
			t.Fatalf("U+%04X has a case", r)
		}
	}
}
