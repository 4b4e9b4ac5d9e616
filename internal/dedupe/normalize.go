package dedupe

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/intlwire/aggregator/internal/textfold"
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

// appendTokens appends the tokens of s to dst, stopping once dst holds max
// tokens (max <= 0: no limit). Text is normalized to NFKC (so full-width and
// compatibility forms fold to their plain forms) and lower-cased; letters,
// digits and combining marks form words, everything else separates them.
func appendTokens(dst []token, s string, max int) []token {
	if !textfold.IsASCII(s) {
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
		case textfold.InNoSpaceScript(r):
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
