package dedupe

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FNV-1a 64-bit constants, used to hash tokens without allocating.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// token is one normalized token: the hash of its lower-cased letters and
// digits, whether it is a single character of a script written without
// spaces (Han, kana, Hangul, Thai, …), and whether it holds a digit.
type token struct {
	h     uint64
	char  bool
	digit bool
}

// isCharScript reports whether r belongs to a script that is written without
// spaces between words, where a word tokenizer would see a whole sentence as
// one token. Such text is cut into characters, and shingles over consecutive
// characters become character n-grams.
func isCharScript(r rune) bool {
	if r < 0x0E00 { // below Thai: Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari…
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// isASCII reports whether s is plain ASCII, which needs no Unicode
// normalization.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendTokens appends the tokens of s to dst, stopping once dst holds max
// tokens (max <= 0: no limit). Text is normalized to NFKC (so full-width and
// compatibility forms fold to their plain forms) and lower-cased; letters,
// digits and combining marks form words, everything else separates them.
func appendTokens(dst []token, s string, max int) []token {
	if !isASCII(s) {
		s = norm.NFKC.String(s)
	}
	var h uint64 = fnvOffset
	inWord, digit := false, false
	flush := func() {
		if inWord {
			dst = append(dst, token{h: h, digit: digit})
			h, inWord, digit = fnvOffset, false, false
		}
	}
	for _, r := range s {
		if max > 0 && len(dst) >= max {
			return dst
		}
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') {
				h = (h ^ uint64(c)) * fnvPrime
				inWord = true
				digit = digit || c <= '9'
				continue
			}
			flush()
		case isCharScript(r):
			flush()
			dst = append(dst, token{h: hashRune(fnvOffset, r), char: true})
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			h = hashRune(h, unicode.ToLower(r))
			inWord = true
			digit = digit || unicode.IsDigit(r)
		default:
			flush()
		}
	}
	if max <= 0 || len(dst) < max {
		flush()
	}
	return dst
}

// hashRune folds the UTF-8 bytes of r into the FNV-1a state h.
func hashRune(h uint64, r rune) uint64 {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	for _, b := range buf[:n] {
		h = (h ^ uint64(b)) * fnvPrime
	}
	return h
}

// NormalizeText returns s as the duplicate detector sees it: NFKC,
// lower-cased, punctuation removed, words separated by single spaces, and
// characters of scripts written without spaces (Chinese, Japanese, Korean,
// Thai, …) separated too. ContentHash hashes this form.
func NormalizeText(s string) string {
	if !isASCII(s) {
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
		case isCharScript(r):
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
	t, x := NormalizeText(title), NormalizeText(text)
	if t == "" && x == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(t + "\n" + x))
	return hex.EncodeToString(sum[:])
}
