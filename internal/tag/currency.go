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
	if len(rest) > 2 && rest[0] == ' ' && unitInitial[rest[1]|0x20] {
		if unit := strings.ToLower(wordAfter(full, end)); dollarWords[unit] || currencyWords[unit] {
			return amountBefore(full[:start]) || rateBefore(full[:start]) ||
				instrumentWords[strings.ToLower(wordAfter(full, end+1+len(unit)))]
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

// currencyWords are the units other than the dollar that the wire names
// after a country's adjective ("Swiss franc", "Norwegian crowns", "Turkish
// lira", "sterling" aside).
var currencyWords = map[string]bool{
	"franc": true, "francs": true, "crown": true, "crowns": true, "mark": true, "marks": true,
	"yen": true, "lira": true, "lire": true, "peso": true, "pesos": true, "rand": true, "rupee": true,
	"rupees": true, "rouble": true, "roubles": true, "ruble": true, "rubles": true, "yuan": true,
	"pound": true, "pounds": true, "guilder": true, "guilders": true, "krona": true, "kronor": true,
	"krone": true, "kroner": true, "real": true, "won": true, "baht": true, "ringgit": true, "rupiah": true,
	"shekel": true, "shekels": true, "zloty": true, "forint": true, "escudo": true, "escudos": true,
	"peseta": true, "pesetas": true, "schilling": true, "schillings": true, "drachma": true, "drachmas": true,
}

// unitInitial are the first letters of the dollarWords and currencyWords,
// so that most names are passed over without reading the word after them.
var unitInitial = func() [256]bool {
	var t [256]bool
	for _, m := range []map[string]bool{dollarWords, currencyWords} {
		for w := range m {
			t[w[0]] = true
		}
	}
	return t
}()

// instrumentWords follow a currency that is the unit of a debt or a deposit
// ("Swiss franc mortgages", "Australian dlr bond", "yen loans"): the money's
// denomination, not the country.
var instrumentWords = map[string]bool{
	"bond": true, "bonds": true, "eurobond": true, "eurobonds": true, "issue": true, "issues": true,
	"mortgage": true, "mortgages": true, "loan": true, "loans": true, "notes": true, "paper": true,
	"deposit": true, "deposits": true, "debt": true, "debts": true, "denominated": true, "borrowers": true,
	"credit": true, "credits": true, "swap": true, "swaps": true, "facility": true, "placement": true,
}

// dollarWords name the unit after "U.S." in amounts; "dlrs" is the old
// Reuters abbreviation ("50 mln U.S. dlrs").
var dollarWords = map[string]bool{"dollar": true, "dollars": true, "dlr": true, "dlrs": true, "cent": true, "cents": true}

// rateBefore reports whether the text just before a name ends with the words
// that quote another currency in it: "30.50 to the U.S. dollar", "fell
// against the U.S. dollar", "per U.S. dollar", or that say what money is
// counted in ("loans denominated in Swiss francs", "priced in U.S. dollars").
func rateBefore(before string) bool {
	b := strings.TrimRight(before, " ")
	b = strings.ToLower(b[max(0, len(b)-16):]) // the phrases are short: no need to lower the whole text
	return strings.HasSuffix(b, " to the") || strings.HasSuffix(b, " against the") || strings.HasSuffix(b, " per") || strings.HasSuffix(b, " versus the") || strings.HasSuffix(b, " in")
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
