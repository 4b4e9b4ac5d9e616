package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
)

// contextWords are the words of the taxonomy's context entries (kind
// context, config/taxonomy/context.yaml), by rule: the phrases around a
// place's name in wire copy that say the story is not about that place
// (docs/taxonomy.md, "Wire copy"). Editors change them without code.
type contextWords struct {
	// lead: phrases before a name, or before the list it stands in, that
	// make it a passing mention: who reacted, where a meeting was held,
	// one example of many.
	lead []string
	// ethnicWords: words before a demonym that make it an ethnicity.
	ethnicWords []string
	// press: words after a demonym that make it the press quoted.
	press []string
	// awayWords: phrases before a name that make it where someone fled or was
	// heading.
	awayWords []string
	// sweeps: the two words around the ends of a sweep across places.
	sweeps []sweepWords
	// formerWords: words before a name or demonym, directly or with one
	// word between ("former Soviet leader", "бывший президент СССР"), that
	// make it an office held before.
	formerWords []string
	// reacted: word stems (in matching form) that make a sentence after the
	// lead a reaction ("condemned", "осудил", "odsoudilo").
	reacted []string

	// The same words indexed by prepare (the reaction stems in matching
	// form), so that a match is compared with the few that can equal it,
	// not with every word of its rule (a sentence with a dozen names asked
	// each of the 241 lead phrases twelve times): the lead and away
	// phrases by the fold of their last rune, the former words by the fold
	// of their first (foldRune: two strings equal under strings.EqualFold
	// have those runes in one fold orbit), the reaction stems by their
	// first two bytes (reactedAt), and the one-byte stems apart.
	leadByLast    map[rune][]string
	awayByLast    map[rune][]string
	formerByFirst map[rune][]string
	reactedAt     map[uint16]stemsAt
	reactedShort  [][]byte
	// reactedKeys has bit k set when reactedAt has key k: a sentence is
	// read byte by byte, and only the two bytes that may begin a stem
	// are looked up in the map.
	reactedKeys *[1 << 16 / 64]uint64
}

// stemsAt are the reaction stems that begin with two given bytes: atWord
// must start a word; anywhere are in a script written without spaces
// (Chinese, Japanese, Thai), so they need not.
type stemsAt struct{ atWord, anywhere [][]byte }

// prepare puts the reaction stems in the matching form of ft and builds
// the indexes of the lead and away phrases, former words and reaction
// stems.
func (c *contextWords) prepare(ft *foldTable) {
	c.reactedAt, c.reactedShort = map[uint16]stemsAt{}, nil
	c.reactedKeys = new([1 << 16 / 64]uint64)
	for _, w := range c.reacted {
		n := ft.normalizeString(w)
		if n == "" {
			continue
		}
		if len(n) < 2 {
			c.reactedShort = append(c.reactedShort, []byte(n))
			continue
		}
		r, _ := utf8.DecodeRuneInString(n)
		k := pairKey([]byte(n))
		at := c.reactedAt[k]
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai) {
			at.anywhere = append(at.anywhere, []byte(n))
		} else {
			at.atWord = append(at.atWord, []byte(n))
		}
		c.reactedAt[k] = at
		c.reactedKeys[k>>6] |= 1 << (k & 63)
	}
	c.leadByLast = byLastRune(c.lead)
	c.awayByLast = byLastRune(c.awayWords)
	c.formerByFirst = map[rune][]string{}
	for _, w := range c.formerWords {
		r, _ := utf8.DecodeRuneInString(w)
		c.formerByFirst[foldRune(r)] = append(c.formerByFirst[foldRune(r)], w)
	}
}

// byLastRune indexes phrases by the fold (foldRune) of their last rune.
func byLastRune(phrases []string) map[rune][]string {
	m := map[rune][]string{}
	for _, w := range phrases {
		r, _ := utf8.DecodeLastRuneInString(w)
		m[foldRune(r)] = append(m[foldRune(r)], w)
	}
	return m
}

// foldRune is the least rune of r's case-fold orbit (unicode.SimpleFold):
// the same for every rune strings.EqualFold takes for r ("k", "K" and the
// Kelvin sign; "σ", "ς" and "Σ").
func foldRune(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// pairKey is the index key of a reaction stem, or of a text at a word
// start: its first two bytes (b holds at least two).
func pairKey(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }

// sweepWords are the words of one sweep ("from" … "to").
type sweepWords struct{ from, to string }

// add files the words of context entry e under its rule.
func (c *contextWords) add(e config.TaxonomyEntry) {
	for _, a := range e.Aliases {
		w := strings.TrimSpace(a.Text)
		switch e.Type {
		case model.ContextReaction, model.ContextMeeting, model.ContextExample:
			c.lead = append(c.lead, w)
		case model.ContextEthnic:
			c.ethnicWords = append(c.ethnicWords, w)
		case model.ContextPress:
			c.press = append(c.press, w)
		case model.ContextRefuge, model.ContextDestination:
			c.awayWords = append(c.awayWords, w)
		case model.ContextFormer:
			c.formerWords = append(c.formerWords, w)
		case model.ContextReacted:
			c.reacted = append(c.reacted, w)
		case model.ContextSweep:
			if from, to, ok := strings.Cut(w, "…"); ok {
				c.sweeps = append(c.sweeps, sweepWords{strings.TrimSpace(from), strings.TrimSpace(to)})
			}
		}
	}
}
