package opml

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// slug turns a name into an id of lowercase ASCII letters, digits and single
// dashes ("BBC News – World" → "bbc-news-world", "Le Monde.fr" →
// "le-monde-fr"), folding diacritics ("Türkçe" → "turkce"), at most max bytes
// long and cut at a dash. Names without Latin letters or digits give "".
func slug(s string, max int) string {
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
