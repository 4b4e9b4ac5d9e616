package tag

import (
	"unicode"
	"unicode/utf8"
)

// allCapitals reports whether a title is written in capitals throughout, as
// wire services long set their headlines ("BUNDESBANK LEAVES RATES
// UNCHANGED"). In such a title the letter case that tells "WHO" the agency
// from "who", or "US" from "us", says nothing, so case-sensitive names in it
// need support from the text. Titles with fewer than eight letters (an
// acronym alone) do not count as shouting.
func allCapitals(title string) bool {
	upper := 0
	for i := 0; i < len(title); {
		c := title[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z':
				return false
			case c >= 'A' && c <= 'Z':
				upper++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(title[i:])
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			upper++
		}
		i += size
	}
	return upper >= 8
}
