package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// inPersonName reports whether a one-word name that is also a given name or
// a surname ("Chad", "Jordan", "Mali") stands, in running text, beside another
// capitalized word that makes it part of a person's or a company's name:
// "Chad Everett", "Jordan Marsh", "Hamilton Jordan". A role word after it
// ("Jordan's King", "Chad President") or a title or direction before it
// ("King", "northern") keeps it the country; so does the start of a sentence.
func inPersonName(full string, start, end int) bool {
	if w := wordAfter(full, end); w != "" && isCapitalized(w) && !roleWords[strings.ToLower(w)] && !geoWords[w] {
		return true
	}
	w, at := wordBefore(full, start)
	if w == "" || !isCapitalized(w) || titleWords[w] {
		return false
	}
	// The word before must not itself start the sentence.
	before := strings.TrimRight(full[:at], " ")
	if before == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(before)
	return unicode.IsLetter(last) || last == ','
}

// geoWords follow a country's name in the names of its geography ("Jordan
// River", "Lake Chad Basin").
var geoWords = map[string]bool{"River": true, "Valley": true, "Basin": true, "Rift": true, "Sea": true, "Lake": true}

// titleWords come before a country's name in running text without making it a
// person's ("King Abdullah of Jordan" has "of"; these are the capitalized ones).
var titleWords = map[string]bool{"Lake": true, "Northern": true, "Southern": true, "Eastern": true, "Western": true,
	"Central": true, "Upper": true, "Lower": true, "Hashemite": true, "Republic": true, "Kingdom": true, "The": true}

// wordAfter returns the word of letters after one space at end, or "".
func wordAfter(full string, end int) string {
	if end+1 >= len(full) || full[end] != ' ' {
		return ""
	}
	rest := full[end+1:]
	i := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		i = len(rest)
	}
	return rest[:i]
}

// wordBefore returns the word of letters before one space at start, and
// where it begins, or "".
func wordBefore(full string, start int) (string, int) {
	if start < 2 || full[start-1] != ' ' {
		return "", 0
	}
	head := full[:start-1]
	i := strings.LastIndexFunc(head, func(r rune) bool { return !unicode.IsLetter(r) })
	_, size := utf8.DecodeRuneInString(head[max(i, 0):])
	if i < 0 {
		size, i = 0, 0
	}
	return head[i+size:], i + size
}

// isCapitalized reports whether a word starts with a capital and goes on in
// lower case ("Everett", not "NATO" or "said").
func isCapitalized(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && size < len(w) && strings.ToLower(w[size:]) == w[size:]
}
