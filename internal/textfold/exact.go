package textfold

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode"
	"unicode/utf8"

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
func Exact(s string) string { return string(appendExact(nil, s)) }

// appendExact appends Exact(s) to b. ASCII text, most of it, takes a loop
// over bytes: the same form, without the rune tests.
func appendExact(b []byte, s string) []byte {
	start := len(b)
	if IsASCII(s) {
		inWord := false
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				inWord = false
				continue
			}
			if !inWord && len(b) > start {
				b = append(b, ' ')
			}
			b = append(b, c)
			inWord = true
		}
		return b
	}
	s = norm.NFKC.String(s)
	inWord := false
	sep := func() {
		if len(b) > start {
			b = append(b, ' ')
		}
	}
	for _, r := range s {
		switch {
		case InNoSpaceScript(r):
			sep()
			b = utf8.AppendRune(b, r)
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if !inWord {
				sep()
			}
			b = utf8.AppendRune(b, unicode.ToLower(r))
			inWord = true
		default:
			inWord = false
		}
	}
	return b
}

// ContentHash returns a hex SHA-256 of the normalized title and text, so
// that the same item re-sent with other markup, case, spacing or
// punctuation is recognized as an exact duplicate. An item with neither
// title nor text hashes to "" (nothing to compare).
func ContentHash(title, text string) string {
	var buf [4096]byte
	b := appendExact(buf[:0], title)
	n := len(b)
	b = appendExact(append(b, '\n'), text)
	if n == 0 && len(b) == 1 {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
