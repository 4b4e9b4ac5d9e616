package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSearchDoc bounds the folded text of one article given to PostgreSQL's
// full-text index: a tsvector holds at most 1 MB, and positions past 16,383
// words are not told apart anyway.
const maxSearchDoc = 256 << 10

// searchFold folds text as SQLite's FTS5 unicode61 tokenizer (with its
// default remove_diacritics) sees it, for PostgreSQL's full-text index and
// its queries: lower case, the diacritics of Latin letters dropped after
// canonical decomposition ("Erdoğan" is "erdogan"; "й" stays, as in FTS5),
// and words of letters and digits
// separated by single spaces, everything else a separator. PostgreSQL's
// parser then sees only plain words, so "peace-talks" is the two words
// "peace talks" on both sides, as in FTS5.
func searchFold(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	inWord, latin := false, false
	for _, r := range norm.NFD.String(text) {
		switch {
		case unicode.Is(unicode.Mn, r):
			if inWord && !latin {
				b.WriteRune(r) // a mark of another script is part of the word
			}
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if !inWord && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(unicode.ToLower(r))
			inWord, latin = true, unicode.Is(unicode.Latin, r)
		default:
			inWord = false
		}
	}
	return norm.NFC.String(b.String())
}

// searchDoc is what PostgreSQL's full-text index holds of an article: its
// title and text, folded, at most maxSearchDoc bytes (cut at a space).
func searchDoc(title, text string) string {
	doc := searchFold(title + " " + text)
	if len(doc) > maxSearchDoc {
		doc = doc[:maxSearchDoc]
		if i := strings.LastIndexByte(doc, ' '); i > 0 {
			doc = doc[:i]
		}
	}
	return doc
}
