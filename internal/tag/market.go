package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// marketCity reports whether a city named at start:end stands for a market
// or for where someone spoke rather than for its country, as wire copy
// writes both: the city before a market word, alone or in a list ("London
// traders said", "if the London and New York exchanges close", "Chicago
// futures"), or after a verb of speaking ("lead manager Hambros said in
// London", "told reporters in Brussels"). Such a city weighs as a currency
// unit does (fUnit): a story on Indian sugar buying quoted by London traders
// is not about Britain.
func marketCity(full string, start, end int) bool {
	return marketAfter(full, end) || spokenIn(full, start, end)
}

// marketSources are the words after a city that make it the market quoted:
// its traders, its exchanges (plural: "the London Stock Exchange" is an
// actor), its hours.
var marketSources = map[string]bool{
	"traders": true, "trader": true, "dealers": true, "dealer": true, "trade": true, "brokers": true,
	"broker": true, "bankers": true, "analysts": true, "exchanges": true, "bourses": true, "markets": true,
	"futures": true, "time": true, "fixing": true, "bullion": true, "interbank": true, "metal": true,
	"metals": true, "dealing": true, "desks": true, "houses": true, "shipbrokers": true, "banks": true,
	"underwriters": true, "insurers": true,
}

// marketAfter reports whether, after the city ending at end, the next
// lower-case word is a market word, with at most four capitalized words or
// list joiners between ("London and New York exchanges").
func marketAfter(full string, end int) bool {
	rest := full[end:min(len(full), end+64)]
	for i := 0; i < 6; i++ {
		rest = strings.TrimLeft(rest, " ,")
		if rest == "" {
			return false
		}
		j := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
		if j < 0 {
			j = len(rest)
		}
		if j == 0 {
			return false
		}
		w := rest[:j]
		rest = rest[j:]
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case w == "and" || w == "or" || w == "&":
			continue
		case unicode.IsUpper(r):
			continue
		default:
			return marketSources[w]
		}
	}
	return false
}

// speakingWords end the phrases that put a city after a verb of speaking:
// where the words were said, not what they are about.
var speakingWords = []string{"said in", "says in", "told reporters in", "told a news conference in",
	"told journalists in", "speaking in", "said from", "announced in", "reported from", "told reporters at"}

// speakingVerbs follow the sources of a story: "diplomats in Islamabad said".
var speakingVerbs = map[string]bool{"said": true, "say": true, "says": true, "told": true, "reported": true}

// spokenIn reports whether the city starting at start follows one of the
// speakingWords, or stands between "in" and a verb of speaking: where the
// sources of the story sit ("Western diplomats in Islamabad said",
// "officials in Washington say").
func spokenIn(full string, start, end int) bool {
	if start < 8 || full[start-1] != ' ' {
		return false
	}
	if strings.HasSuffix(full[:start], " in ") && speakingVerbs[wordAfter(full, end)] {
		return true
	}
	before := strings.TrimRight(full[max(0, start-28):start], " ")
	for _, w := range speakingWords {
		if n := len(before); n >= len(w) && strings.EqualFold(before[n-len(w):], w) {
			return true
		}
	}
	return false
}
