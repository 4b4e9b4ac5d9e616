// Package textfold is the one home of the text folding the aggregator does
// before it compares words: lower case, compatibility forms, diacritics,
// punctuation and spacing. It imports nothing of the module, so the tagger,
// the rule language, the duplicate detector, the config checks and the OPML
// import all use it without importing each other.
//
// The forms differ on purpose, each for a reason given at its function, and
// none may change without a migration of what is stored in its form:
//
//   - Table (Rune): the tagger's matching fold, one rune at a time so that
//     the tagger can map every folded byte back to the original text.
//   - Words: the words SQLite's FTS5 unicode61 tokenizer sees, for topic-rule
//     keywords that the full-text index must find again.
//   - Exact and ContentHash: the duplicate detector's form, which keeps
//     diacritics; stored content hashes are made from it.
//   - Latin: the config's test of whether two aliases are the same word.
//   - Slug: ids of lowercase ASCII letters, digits and dashes.
package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// IsASCII reports whether s is plain ASCII, which needs no Unicode
// normalization.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Words splits text into lower-case words with diacritics removed, the way
// SQLite's FTS5 unicode61 tokenizer does: letters and digits make words,
// everything else separates them. Topic-rule keywords are folded this way so
// that the full-text index finds, in stored text, the same phrases the rule
// finds at ingest; that is why it decomposes canonically (NFD, not NFKD) and
// lower-cases rather than case-folds (ß stays ß), unlike Table.
func Words(s string) []string {
	folded := s
	// ASCII has no marks and is its own NFD and NFC: skip the transform
	// chain, whose buffers were a tenth of a cold round's allocations (it
	// runs on every ingested article, for the topic rules' keywords).
	if !isASCII(s) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if f, _, err := transform.String(t, s); err == nil {
			folded = f
		}
	}
	return strings.FieldsFunc(strings.ToLower(folded), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// isASCII reports whether s is all 7-bit ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
