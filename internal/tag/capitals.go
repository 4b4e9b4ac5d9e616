package tag

import (
	"strings"
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
		case isHan(r):
			// No case: a Chinese title is read without the tables.
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			upper++
		}
		i += size
	}
	return upper >= 8
}

// headlineCase reports whether a title capitalizes its words as US headlines
// do ("Jordan Warns Israel Over Gaza"): then a capital says nothing about a
// name. Short function words ("of", "to", "a") are not counted.
func headlineCase(title string) bool {
	words, capital := 0, 0
	for w := range strings.FieldsSeq(title) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) || len(w) <= 3 && unicode.IsLower(r) {
			continue
		}
		words++
		if unicode.IsUpper(r) {
			capital++
		}
	}
	return words >= 3 && capital*5 >= words*4
}
