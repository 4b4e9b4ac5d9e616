package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// currencyUnit reports whether the name at start:end is the country part of a
// currency unit in an amount: "50 доларів США", "2 billion U.S. dollars",
// "US$5". Such a name measures money; it says nothing about the country (an
// oil price "above 50 US dollars a barrel" is not news about the United
// States). The currency as a subject ("the Canadian dollar fell") has no
// amount before it and still counts.
func currencyUnit(full string, start, end int) bool {
	rest := full[end:]
	if strings.HasPrefix(rest, "$") {
		return true // "US$5", "HK$2 billion"
	}
	// Cheap tests first: this runs for every name in every text.
	if len(rest) > 2 && rest[0] == ' ' && (rest[1]|0x20 == 'd' || rest[1]|0x20 == 'c') {
		if dollarWords[strings.ToLower(wordAfter(full, end))] {
			return amountBefore(full[:start]) || rateBefore(full[:start])
		}
	}
	// Slavic languages put the country after the unit: "доларів США",
	// "долларов США"; the unit itself follows a number.
	before, ok := strings.CutSuffix(full[max(0, start-24):start], " ")
	if !ok {
		return false // the unit is the word just before, on the same line
	}
	prev := before[strings.LastIndexAny(before, " \n\t(«\"")+1:]
	for _, unit := range slavicDollar {
		if strings.HasPrefix(prev, unit) {
			return true
		}
	}
	return false
}

// slavicDollar are the stems of "dollar" in Russian and Ukrainian, as a word
// starts with them in running text.
var slavicDollar = []string{"долар", "доллар", "Долар", "Доллар"}

// dollarWords name the unit after "U.S." in amounts; "dlrs" is the old
// Reuters abbreviation ("50 mln U.S. dlrs").
var dollarWords = map[string]bool{"dollar": true, "dollars": true, "dlr": true, "dlrs": true, "cent": true, "cents": true}

// rateBefore reports whether the text just before a name ends with the words
// that quote another currency in it: "30.50 to the U.S. dollar", "fell
// against the U.S. dollar", "per U.S. dollar".
func rateBefore(before string) bool {
	b := strings.TrimRight(before, " ")
	b = strings.ToLower(b[max(0, len(b)-16):]) // the phrases are short: no need to lower the whole text
	return strings.HasSuffix(b, " to the") || strings.HasSuffix(b, " against the") || strings.HasSuffix(b, " per") || strings.HasSuffix(b, " versus the")
}

// amountBefore reports whether the text just before a name ends with a number,
// optionally followed by a scale word: "50", "2 billion", "3.5 mln".
func amountBefore(before string) bool {
	w, ok := lastWord(before)
	if !ok {
		return false
	}
	switch strings.ToLower(w) {
	case "million", "billion", "trillion", "mln", "bln", "bn", "m", "thousand":
		before = strings.TrimRight(before, " ")
		before = before[:len(before)-len(w)]
		if w, ok = lastWord(before); !ok {
			return false
		}
	}
	r, _ := utf8.DecodeLastRuneInString(w)
	return unicode.IsDigit(r) || numberWords[strings.ToLower(w)]
}

// numberWords are the amounts the wire spells out ("two U.S. cents").
var numberWords = map[string]bool{"a": true, "one": true, "two": true, "three": true, "four": true, "five": true,
	"six": true, "seven": true, "eight": true, "nine": true, "ten": true, "several": true, "few": true}

// lastWord returns the last word (letters, digits, dots and commas of a
// number) before the spaces at the end of s.
func lastWord(s string) (string, bool) {
	s = strings.TrimRight(s, " ")
	i := strings.LastIndexFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != ','
	})
	w := s
	if i >= 0 {
		_, size := utf8.DecodeRuneInString(s[i:])
		w = s[i+size:]
	}
	return w, w != ""
}
