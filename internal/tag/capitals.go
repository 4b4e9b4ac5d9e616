package tag

import "unicode"

// allCapitals reports whether a title is written in capitals throughout, as
// wire services long set their headlines ("BUNDESBANK LEAVES RATES
// UNCHANGED"). In such a title the letter case that tells "WHO" the agency
// from "who", or "US" from "us", says nothing, so case-sensitive names in it
// need support from the text. Titles with fewer than eight letters (an
// acronym alone) do not count as shouting.
func allCapitals(title string) bool {
	upper, lower := 0, 0
	for _, r := range title {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	return upper >= 8 && lower == 0
}
