package tag

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// A headline often joins two stories: what happened and who answered it
// ("Earthquake kills hundreds in eastern Turkey; Greece sends rescuers",
// "Erdbeben in Marokko: Spanien schickt Helfer", "トルコ大地震、日本の救助隊が
// 現地入り"). The country that opens a later clause holding a reacted stem
// (aid, a reaction, congratulations) is the one that answered: it weighs
// as a reaction's countries do after the lead. The first clause is never
// judged, so a headline that is the reaction itself ("Russia condemns
// strikes") keeps its countries.

// titleClauseSeps end a clause of a headline.
var titleClauseSeps = []string{"; ", ": ", ", ", " - ", ". ", "、", "，", "；", "："}

// clauseArticles may stand before the name that opens a clause ("la
// France propose son aide", "l'Italia invia i soccorritori").
var clauseArticles = []string{"the ", "la ", "le ", "l'", "el ", "il ", "lo ", "o ", "a ", "de ", "het "}

// answeringClause reports whether the title name at [start, end) opens a
// clause after the first one of title, and that clause holds a reacted
// stem. nt is the normalized text the title begins.
func (c *contextWords) answeringClause(title string, start int, nt *normText) bool {
	lo, ok := clauseStart(title, start)
	if !ok {
		return false
	}
	hi := len(title)
	for _, sep := range titleClauseSeps {
		if j := strings.Index(title[start:], sep); j >= 0 && start+j < hi {
			hi = start + j
		}
	}
	// The clause in matching form: the normalized bytes whose runes lie in it.
	nlo := sort.Search(len(nt.b), func(i int) bool { return int(nt.orig[i]) >= lo })
	nhi := sort.Search(len(nt.b), func(i int) bool { return int(nt.orig[i]) >= hi })
	return nlo < nhi && c.reactionIn(nt.b[nlo:nhi])
}

// clauseStart finds the start of the clause the name at start opens: a
// separator, then at most an article, then the name. ok is false when the
// name stands inside a clause or in the first one. Most names in a title
// follow an ordinary word, so the byte before the name decides first.
func clauseStart(title string, start int) (int, bool) {
	before := title[:start]
	if lo, ok := afterSeparator(before); ok {
		return lo, true
	}
	n := len(before)
	if n < 2 {
		return 0, false
	}
	var j int
	switch before[n-1] {
	case ' ': // "la France"
		j = strings.LastIndexAny(before[:n-1], " '") + 1
	case '\'': // "l'Italia"
		j = strings.LastIndexByte(before[:n-1], ' ') + 1
	default:
		return 0, false
	}
	if n-j > 4 || !slices.ContainsFunc(clauseArticles, func(a string) bool { return strings.EqualFold(before[j:], a) }) {
		return 0, false
	}
	return afterSeparator(before[:j])
}

// afterSeparator reports whether before ends with a clause separator that
// does not open the title, and where the clause after it starts.
func afterSeparator(before string) (int, bool) {
	n := len(before)
	if n < 3 {
		return 0, false
	}
	if before[n-1] == ' ' {
		if c := before[n-2]; c != ';' && c != ':' && c != ',' && c != '-' && c != '.' {
			return 0, false
		}
	} else if before[n-1] < utf8.RuneSelf {
		return 0, false
	}
	for _, sep := range titleClauseSeps {
		if len(sep) < n && strings.HasSuffix(before, sep) {
			return n, true
		}
	}
	return 0, false
}
