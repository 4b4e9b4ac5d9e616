package textfold

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// InNoSpaceScript reports whether r belongs to a script that is written
// without spaces between words (Han, kana, Hangul, Thai, Lao, Khmer,
// Myanmar), where a word tokenizer would see a whole sentence as one token:
// the exact form and the duplicate detector's shingles cut such text into
// characters. It tests the Unicode script of r, so the punctuation of those
// scripts ("。", "、") stays a separator: stored content hashes depend on
// that, which is why it is not InNoSpaceBlock.
func InNoSpaceScript(r rune) bool {
	if r < 0x0E00 { // below Thai: Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari…
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// Exact returns s as the duplicate detector sees it: NFKC, lower-cased,
// punctuation removed, words separated by single spaces, and characters of
// scripts written without spaces (Chinese, Japanese, Korean, Thai, …)
// separated too. It keeps diacritics (and every combining mark): an exact
// duplicate must be the same text, and ContentHash, whose values are stored,
// hashes this form.
func Exact(s string) string {
	if !IsASCII(s) {
		s = norm.NFKC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	inWord := false
	sep := func() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
	}
	for _, r := range s {
		switch {
		case InNoSpaceScript(r):
			sep()
			b.WriteRune(r)
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if !inWord {
				sep()
			}
			b.WriteRune(unicode.ToLower(r))
			inWord = true
		default:
			inWord = false
		}
	}
	return b.String()
}

// ContentHash returns a hex SHA-256 of the normalized title and text, so
// that the same item re-sent with other markup, case, spacing or
// punctuation is recognized as an exact duplicate. An item with neither
// title nor text hashes to "" (nothing to compare).
func ContentHash(title, text string) string {
	t, x := Exact(title), Exact(text)
	if t == "" && x == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(t + "\n" + x))
	return hex.EncodeToString(sum[:])
}
