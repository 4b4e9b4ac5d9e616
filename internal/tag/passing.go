package tag

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Wire copy names countries in the lead that the story is not about: the
// governments that reacted ("prompting condemnation from the United
// States"), the city a meeting was held in ("oil ministers meeting in
// Kuwait", "quota talks in London"), the ethnicity of people elsewhere
// ("ethnic Albanian mayors" in Kosovo). Each of these weighs as a currency
// unit does (fUnit); see docs/taxonomy.md, "Wire copy". The words of each
// rule are the taxonomy's context entries (contextWords).

// passingMention reports whether the name starting at start follows a
// phrase of who reacted, where a meeting was held or an example ("condemned
// by", "talks in", "including"), directly or as a later item of a list that
// follows one.
func (c *contextWords) passingMention(full string, start int) bool {
	if start < 8 || full[start-1] != ' ' {
		return false
	}
	before := listHead(full[max(0, start-96):start])
	last, _ := utf8.DecodeLastRuneInString(before)
	for _, w := range c.leadByLast[foldRune(last)] {
		// The word boundary first: one byte, and it fails for most phrases.
		if n := len(before); n >= len(w) && (n == len(w) || before[n-len(w)-1] == ' ') &&
			strings.EqualFold(before[n-len(w):], w) {
			return true
		}
	}
	return false
}

// listHead trims from the end of before the list a name stands in: the
// earlier items of the list (capitalized words joined by commas or a
// listJoiner) and a leading "the", so that what remains ends with the words
// before the list.
func listHead(before string) string {
	b := strings.TrimRight(before, " ")
	comma := false // a comma stands between this word and the name
	for {
		w, rest := cutLastWord(b)
		switch {
		case w == "":
			return b
		case strings.EqualFold(w, "the"):
			b = strings.TrimRight(rest, " ")
			continue
		case w == ",":
			comma = true
		case listJoiners[w] && !notJoinerHere[w]:
			// "and" or "or" in a language of the news ("Auch in
			// Tschechien und Polen"); "with" names a party ("talks in
			// Geneva with Iran"), not a later item. Only after an item,
			// and only as the list's last joiner: in "mediated by Qatar
			// and Egypt, Israeli officials said" the name after the comma
			// is not in the list.
			if comma {
				return b
			}
			prev, _ := cutLastWord(strings.TrimRight(rest, " "))
			if r, _ := utf8.DecodeRuneInString(prev); !unicode.IsUpper(r) {
				return b
			}
		case strings.HasSuffix(w, ".") && strings.Count(w, ".") < 2:
			return b // a sentence ends here ("... in Geneva. Iran said")
		default:
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) {
				return b
			}
			// A capitalized word is an earlier item only when a joiner or
			// another capitalized word follows it, which the caller's name
			// always is.
		}
		b = strings.TrimRight(rest, " ")
	}
}

// notJoinerHere are the list joiners that do not join a list before a
// passing-mention phrase's name: "with" names a party ("talks in Geneva with
// Iran"), and "a", "o", "u" are also "to", "the" and "in" in other
// languages ("Vertice a Bruxelles", "sastanak u Beogradu").
var notJoinerHere = map[string]bool{"with": true, "ile": true, "a": true, "o": true, "u": true}

// cutLastWord splits the last word (letters, dots, apostrophes, hyphens),
// or a trailing comma, off s.
func cutLastWord(s string) (word, rest string) {
	if s == "" {
		return "", s
	}
	if s[len(s)-1] == ',' {
		return ",", s[:len(s)-1]
	}
	// ASCII words byte by byte; at the first other byte, the rune test.
	for j := len(s); j > 0; j-- {
		c := s[j-1]
		if c >= utf8.RuneSelf {
			break
		}
		if !isASCIILetter(c) && c != '.' && c != '\'' && c != '-' {
			return s[j:], s[:j]
		}
		if j == 1 {
			return s, ""
		}
	}
	i := strings.LastIndexFunc(s, func(r rune) bool {
		return !isLetter(r) && r != '.' && r != '\'' && r != '-'
	})
	return s[i+1:], s[:i+1]
}

// ethnic reports whether the name starting at start follows one of the
// ethnic words and a space ("ethnic Albanian mayors" in Kosovo, "ethnic
// Russians" in Latvia): an ethnicity rather than a country's people.
func (c *contextWords) ethnic(full string, start int) bool {
	for _, w := range c.ethnicWords {
		if n := len(w) + 1; start >= n && full[start-1] == ' ' && strings.EqualFold(full[start-n:start-1], w) {
			return true
		}
	}
	return false
}

// pressSource reports whether the demonym ending at end is followed by one
// of the press words and then a verb of speaking or a comma ("Russian news
// agencies said", "Iranian state media reported"): the source of the story,
// where the news was read, as 英媒 is in Chinese (pressOrigin).
func (c *contextWords) pressSource(full string, end int) bool {
	if end >= len(full) || full[end] != ' ' {
		return false
	}
	rest := full[end+1 : min(len(full), end+40)]
	for _, w := range c.press {
		if len(rest) <= len(w) || !strings.EqualFold(rest[:len(w)], w) {
			continue
		}
		after := rest[len(w):]
		if strings.HasPrefix(after, ",") || strings.HasPrefix(after, ".") {
			return true
		}
		if v := wordAfter(rest, len(w)); speakingVerbs[v] || v == "reports" || v == "quoted" || v == "showed" {
			return true
		}
	}
	return false
}

// sweep reports whether the name at start:end is an end of a sweep across
// places ("rattling markets from Manila to Jakarta", "from California to
// Algeria to North Korea and beyond"): the places stand for how far
// something reached, not for what the story is about.
func (c *contextWords) sweep(full string, start, end int) bool {
	if start < 6 || full[start-1] != ' ' {
		return false
	}
	for _, sw := range c.sweeps {
		if sweepEnd(full, start, end, sw) {
			return true
		}
	}
	return false
}

// sweepEnd reports whether the name at start:end is an end of the sweep
// sw.from … sw.to.
func sweepEnd(full string, start, end int, sw sweepWords) bool {
	// The first end: "from X to Y".
	if strings.HasSuffix(full[:start], " "+sw.from+" ") {
		next, ok := strings.CutPrefix(full[end:], " "+sw.to+" ")
		next = strings.TrimPrefix(next, "the ") // "from Cape Verde to the United States"
		r, _ := utf8.DecodeRuneInString(next)
		return ok && unicode.IsUpper(r)
	}
	// A later end: walk back over "to" and the capitalized places before it.
	b := strings.TrimRight(full[max(0, start-96):start], " ")
	sawTo := false
	for {
		w, rest := cutLastWord(b)
		switch {
		case w == sw.to:
			sawTo = true
		case w == "the" && !sawTo:
			// "… to the United States"
		case w == sw.from:
			return sawTo
		case w == "" || !sawTo:
			return false
		default:
			if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
				return false
			}
		}
		b = strings.TrimRight(rest, " ")
	}
}

// away reports whether the name starting at start follows a phrase of
// where someone fled, went into exile or was heading ("fled to India",
// "flew him to Costa Rica", "bound for Toronto"), optionally with "the":
// the story is where they left or where they are.
func (c *contextWords) away(full string, start int) bool {
	if start < 8 || full[start-1] != ' ' {
		return false
	}
	before := strings.TrimRight(full[max(0, start-24):start], " ")
	if n := len(before); n > 4 && strings.EqualFold(before[n-4:], " the") {
		before = before[:n-4]
	}
	last, _ := utf8.DecodeLastRuneInString(before)
	for _, w := range c.awayByLast[foldRune(last)] {
		if n := len(before); n >= len(w) && strings.EqualFold(before[n-len(w):], w) {
			return true
		}
	}
	return false
}

// alsoName reports whether the text spells, otherwise than the demonym
// does, another language's name of the demonym's entry that folds like it:
// "Türk hükümeti" is Turkish for the Turkish government, not the English
// "Turk" before a thing.
func (t *Tagger) alsoName(aliases []int32, dem *alias, span string) bool {
	if strings.EqualFold(span, dem.text) {
		return false
	}
	for _, ai := range aliases {
		if a := &t.aliases[ai]; a.entry == dem.entry && a.src != srcDemonym && strings.EqualFold(a.text, span) {
			return true
		}
	}
	return false
}

// former reports whether the name starting at start follows one of the
// former words, directly or with one word between ("former Soviet leader",
// "ex-Soviet", "бывший президент СССР"): an office held before, not the
// country the story is about.
func (c *contextWords) former(full string, start int) bool {
	return c.formerBefore(full, start, 2)
}

// formerBefore reports whether one of the former words is among the n words
// before start (n = 2: the name follows it directly or with one word
// between; an actor's name may follow further, after a demonym and an
// office: "Bývalý sovětský vůdce Michail Gorbačov").
func (c *contextWords) formerBefore(full string, start, n int) bool {
	if len(c.formerWords) == 0 || start < 3 {
		return false
	}
	before := full[max(0, start-64):start]
	if strings.HasSuffix(before, "-") {
		before = strings.TrimSuffix(before, "-") // "ex-Soviet"
	} else if !strings.HasSuffix(before, " ") {
		return false
	}
	b := strings.TrimRight(before, " ")
	for words := 0; words < n; words++ {
		w, rest := cutLastWord(b)
		if w == "" {
			return false
		}
		first, _ := utf8.DecodeRuneInString(w)
		for _, f := range c.formerByFirst[foldRune(first)] {
			if strings.EqualFold(w, f) {
				return true
			}
		}
		b = strings.TrimRight(rest, " ")
		if len(rest) == len(b) {
			return false // no space: not a word before
		}
	}
	return false
}

// reaction reports whether sentence k of nt holds one of the reacted word
// stems at the start of a word ("condemned", "осудили", "přivítal"); stems
// in scripts written without spaces (Chinese, Japanese, Thai) match
// anywhere.
func (c *contextWords) reaction(nt *normText, k int) bool {
	lo := int(nt.breaks[k])
	hi := len(nt.b)
	if k+1 < len(nt.breaks) {
		hi = int(nt.breaks[k+1])
	}
	return c.reactionIn(nt.b[lo:hi])
}

// reactionIn reports whether sent (text in matching form) holds one of the
// reacted word stems, as reaction does for a whole sentence.
func (c *contextWords) reactionIn(sent []byte) bool {
	// Every offset whose two bytes begin a stem; a stem begins with a
	// byte that starts a rune, so the offsets inside a character never
	// do, and the rune before an offset that does is the one a reading
	// from the start would have seen.
	for at := 0; at+1 < len(sent); at++ {
		k := pairKey(sent[at:])
		if c.reactedKeys[k>>6]&(1<<(k&63)) == 0 {
			continue
		}
		stems := c.reactedAt[k]
		if hasPrefixIn(sent[at:], stems.anywhere) {
			return true
		}
		if (at == 0 || !isWordByteBefore(sent, at)) && hasPrefixIn(sent[at:], stems.atWord) {
			return true
		}
	}
	for _, stem := range c.reactedShort {
		for i := 0; ; {
			j := bytes.Index(sent[i:], stem)
			if j < 0 {
				break
			}
			if at := i + j; at == 0 || !isWordByteBefore(sent, at) {
				return true
			}
			i += j + 1
		}
	}
	return false
}

// hasPrefixIn reports whether b begins with one of stems.
func hasPrefixIn(b []byte, stems [][]byte) bool {
	for _, stem := range stems {
		if bytes.HasPrefix(b, stem) {
			return true
		}
	}
	return false
}

// isWordByteBefore reports whether the rune before offset at of b is a
// letter or digit (the stem starts inside a word).
func isWordByteBefore(b []byte, at int) bool {
	r, _ := utf8.DecodeLastRune(b[:at])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\''
}
