package textfold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Latin is the form in which the config counts two aliases as the same word:
// lower case, diacritics removed (Erdoğan = Erdogan, Côngo = Congo),
// combining marks dropped (Arabic vowel signs), white space collapsed. Only
// Latin letters are decomposed; other scripts keep their letters (Russian й
// stays й, where Table would make it и), because in them a letter with a
// mark is often a letter of its own, and the config must not report two
// different names as a clash.
func Latin(s string) string {
	var b strings.Builder
	space := false
	write := func(r rune) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
		case r < 0x80:
			write(r)
		case unicode.Is(unicode.Mn, r):
		case r >= 0xC0 && r <= 0x24F || r >= 0x1E00 && r <= 0x1EFF: // Latin with diacritics
			for _, d := range norm.NFKD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					write(d)
				}
			}
		default:
			write(r)
		}
	}
	return b.String()
}

// Slug turns a name into an id of lowercase ASCII letters, digits and single
// dashes ("BBC News – World" → "bbc-news-world", "Le Monde.fr" →
// "le-monde-fr"), folding diacritics ("Türkçe" → "turkce"), at most max bytes
// long and cut at a dash. Names without Latin letters or digits give "".
// The OPML import makes source ids and tags with it.
func Slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // combining mark left by the decomposition
		case r == 'ß':
			b.WriteString("ss")
			dash = false
		case r == 'ı':
			b.WriteByte('i')
			dash = false
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case r == '&':
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
			}
			b.WriteString("and-")
			dash = true
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > max {
		cutMidWord := out[max] != '-'
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); cutMidWord && i > max/2 {
			out = out[:i]
		}
		out = strings.Trim(out, "-")
	}
	return out
}
