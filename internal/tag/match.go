package tag

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/intlwire/aggregator/internal/model"
)

// scratch holds the per-call buffers, pooled to keep tagging allocation-light.
type scratch struct {
	nt      normText
	raw     []rawMatch
	lanes   lanes
	cands   []candidate
	hits    []hintHit
	matches []match
	arena   []int32 // backing store of the matches' alias lists
	an      analysis
}

// candidate is an occurrence that passed the word-boundary check.
type candidate struct {
	rawMatch // start and end take in a prefix and an ending glued to a stem
	topic    bool
	// pre and rest are the bytes of a prefix before the pattern and of an
	// ending after it, in the same word (inflected names), else 0.
	pre, rest int32
}

// hintHit is an occurrence of a near/not_near word.
type hintHit struct {
	hint int32
	pos  int32
}

// match is one accepted occurrence: a span of the original text and the
// aliases (possibly of several entries) that it stands for.
type match struct {
	start, end int // byte offsets in the original text
	nstart     int // offset in the normalized text
	aliases    []int32
	from, to   int32 // aliases is scratch.arena[from:to]
	topic      bool
}

// findMatches runs the automaton over s and returns the accepted matches in
// text order: whole words only, rules applied, leftmost-longest within the
// names layer and within the topic-words layer.
func (t *Tagger) findMatches(s string, sc *scratch) []match {
	nt := &sc.nt
	t.ft.normalize(s, nt)
	sc.raw = t.ac.scanLanes(nt.b, sc.raw[:0], &sc.lanes)
	sc.cands = sc.cands[:0]
	sc.hits = sc.hits[:0]
	for _, m := range sc.raw {
		// Most occurrences fail the word boundaries (a name inside a
		// word): they are judged on the pattern's flags alone, which
		// stay in cache, before its entry is read.
		pre, rest, ok := wordBounds(t.patFlags[m.pat], nt.b, m)
		if !ok {
			continue
		}
		p := &t.pats[m.pat]
		if p.hint >= 0 {
			sc.hits = append(sc.hits, hintHit{p.hint, m.start})
		}
		if len(p.aliases) > 0 {
			c := candidate{rawMatch: m, topic: p.topicLayer, pre: pre, rest: rest}
			c.start -= pre
			c.end += rest
			sc.cands = append(sc.cands, c)
		}
	}
	slices.SortFunc(sc.hits, func(a, b hintHit) int { return cmp.Compare(a.pos, b.pos) })
	slices.SortFunc(sc.cands, func(a, b candidate) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		if a.end != b.end {
			return cmp.Compare(b.end, a.end)
		}
		// A word spelled out in the taxonomy beats the same word read as
		// a stem and an ending: "Egyptian" is the demonym, not Finnish
		// "Egypti" + "an".
		return cmp.Compare(a.pre+a.rest, b.pre+b.rest)
	})
	out := sc.matches[:0]
	sc.arena = sc.arena[:0]
	lastEnd := [2]int32{-1, -1}
	for _, c := range sc.cands {
		layer := 0
		if c.topic {
			layer = 1
		}
		if c.start < lastEnd[layer] {
			continue
		}
		start := int(nt.orig[c.start])
		end := origEnd(nt, int(c.end))
		// The alias lists are stored in sc.arena; out keeps offsets into it
		// until the arena stops growing.
		from := len(sc.arena)
		for _, ai := range t.pats[c.pat].aliases {
			if a := &t.aliases[ai]; t.affixHolds(a, nt.b, &c) && t.aliasHolds(a, s[start:end], sc, int(c.start)) {
				sc.arena = append(sc.arena, ai)
			}
		}
		if len(sc.arena) == from {
			continue // a shorter or later match may still hold
		}
		if len(sc.arena)-from > 1 {
			sc.arena = t.personOverAdjective(sc.arena, from, s[start:end])
		}
		lastEnd[layer] = c.end
		if c.topic && t.namesInTopicMatch(sc.arena[from:]) {
			// "Bank of England" is a topic word and an actor: as an actor
			// it hides the names inside it ("England") like any name.
			lastEnd[0] = max(lastEnd[0], c.end)
		}
		if t.aliases[sc.arena[from]].block {
			// "French fries": the phrase hides "French" and is no tag.
			sc.arena = sc.arena[:from]
			continue
		}
		out = append(out, match{start: start, end: end, nstart: int(c.start), from: int32(from), to: int32(len(sc.arena)), topic: c.topic})
	}
	for i := range out {
		out[i].aliases = sc.arena[out[i].from:out[i].to]
	}
	sc.matches = out
	return out
}

// Pattern flags (Tagger.patFlags), the pattern's booleans that decide its
// word boundaries.
const (
	flagWordStart = 1 << iota
	flagWordEnd
	flagHangulStart
	flagFlexStart
	flagFlexEnd
)

// flags returns the boundary flags of p.
func (p *pattern) flags() uint8 {
	var f uint8
	set := func(on bool, flag uint8) {
		if on {
			f |= flag
		}
	}
	set(p.wordStart, flagWordStart)
	set(p.wordEnd, flagWordEnd)
	set(p.hangulStart, flagHangulStart)
	set(p.flexStart, flagFlexStart)
	set(p.flexEnd, flagFlexEnd)
	return f
}

// wordBounds checks the word boundaries of occurrence m of a pattern with
// flags f in the normalized text b: a name starts and ends a word, or
// takes a prefix before it (pre bytes) or an ending after it (rest bytes)
// when it is a stem that takes them; a Hangul name starts a word.
func wordBounds(f uint8, b []byte, m rawMatch) (pre, rest int32, ok bool) {
	if f&flagWordStart != 0 && m.start > 0 {
		r, _ := utf8.DecodeLastRune(b[:m.start])
		if isWordRune(r) {
			if f&flagFlexStart == 0 {
				return 0, 0, false
			}
			if pre = prefixLen(b, int(m.start)); pre == 0 {
				return 0, 0, false
			}
		}
	}
	if f&flagHangulStart != 0 && m.start > 0 {
		r, _ := utf8.DecodeLastRune(b[:m.start])
		if isHangul(r) || isWordRune(r) {
			return 0, 0, false
		}
	}
	if f&flagWordEnd != 0 && int(m.end) < len(b) {
		r, _ := utf8.DecodeRune(b[m.end:])
		if isWordRune(r) {
			if f&flagFlexEnd == 0 {
				return 0, 0, false
			}
			if rest = endingLen(b, int(m.end)); rest == 0 {
				return 0, 0, false
			}
		}
	}
	return pre, rest, true
}

// origEnd maps the end of a normalized span back to the original text: the
// end of the original rune that produced the span's last byte.
func origEnd(nt *normText, nend int) int {
	last := nt.orig[nend-1]
	for k := nend; k < len(nt.orig); k++ {
		if nt.orig[k] != last {
			return int(nt.orig[k])
		}
	}
	return int(nt.orig[len(nt.orig)-1])
}

// exactHolds reports whether the span spells a short name with its
// diacritics: the whole word for a name, its beginning for a stem that takes
// endings ("Lätist" for Estonian "Läti").
func exactHolds(a *alias, span string) bool {
	low := strings.ToLower(norm.NFC.String(caseKey(span)))
	if a.suf >= 0 {
		return strings.HasPrefix(low, a.exact)
	}
	return low == a.exact
}

// aliasHolds checks an alias's case and near/not_near rules at one match.
func (t *Tagger) aliasHolds(a *alias, span string, sc *scratch, npos int) bool {
	if a.rule < 0 {
		return (!a.needCap || hasUpper(span)) && (a.exact == "" || exactHolds(a, span))
	}
	rl := &t.rules[a.rule]
	if a.caseSensitive {
		k := caseKey(span)
		if k != rl.caseKey && !(k == strings.ToUpper(rl.caseKey) && k != rl.caseKey && hasLower(rl.caseKey) && len(k) > 2) {
			return false
		}
	}
	if a.needCap && !hasUpper(span) {
		return false
	}
	if a.exact != "" && !exactHolds(a, span) {
		return false
	}
	if len(rl.near) == 0 && len(rl.notNear) == 0 {
		return true
	}
	lo, hi := sentenceSpan(&sc.nt, npos, t.params.nearWindow)
	i := sort.Search(len(sc.hits), func(i int) bool { return sc.hits[i].pos >= lo })
	near := len(rl.near) == 0
	for ; i < len(sc.hits) && sc.hits[i].pos < hi; i++ {
		h := sc.hits[i].hint
		for _, n := range rl.notNear {
			if n == h {
				return false
			}
		}
		for _, n := range rl.near {
			if n == h {
				near = true
			}
		}
	}
	return near
}

// hasLower reports whether s has a lower-case letter, in any script: a
// case-sensitive name written with capitals ("Вена", "Chad") also matches
// in capitals ("ВЕНА, 29 ноября.", "CHAD"), as datelines and shouted
// titles write it.
func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// sentenceSpan returns the normalized offsets of the sentence around pos,
// clipped to window bytes on each side.
func sentenceSpan(nt *normText, pos, window int) (int32, int32) {
	i := sort.Search(len(nt.breaks), func(i int) bool { return int(nt.breaks[i]) > pos })
	lo, hi := nt.breaks[i-1], int32(len(nt.b))
	if i < len(nt.breaks) {
		hi = nt.breaks[i]
	}
	if p := int32(pos - window); lo < p {
		lo = p
	}
	if p := int32(pos + window); hi > p {
		hi = p
	}
	return lo, hi
}

// namesInTopicMatch reports whether a match of the topic-words layer also
// holds an alias of a name (an actor, a place): a pattern that is both keeps
// the topic layer, and the names layer must still see it.
func (t *Tagger) namesInTopicMatch(aliases []int32) bool {
	for _, ai := range aliases {
		if t.entries[t.aliases[ai].entry].Kind != model.KindTopic {
			return true
		}
	}
	return false
}

// personOverAdjective drops, from the aliases arena[from:] of one match, the
// country and place names the taxonomy writes in lower case (adjectives and
// demonyms: Italian "albanese", Czech "syrský") when the word is capitalized
// and an actor's name the taxonomy writes capitalized matches it as well: a
// capitalized word that is both a person's surname and an adjective is the
// person ("Albanese said" is Australia's prime minister, "Syrsky" Ukraine's
// commander), while the adjective in lower case keeps its country ("il
// premier albanese"). It returns the arena with the dropped aliases removed.
func (t *Tagger) personOverAdjective(arena []int32, from int, word string) []int32 {
	if r, _ := utf8.DecodeRuneInString(word); !unicode.IsUpper(r) {
		return arena
	}
	named := false
	for _, ai := range arena[from:] {
		a := &t.aliases[ai]
		if a.needCap && t.entries[a.entry].Kind == model.KindActor {
			named = true
			break
		}
	}
	if !named {
		return arena
	}
	kept := arena[:from]
	for _, ai := range arena[from:] {
		a := &t.aliases[ai]
		if k := t.entries[a.entry].Kind; !a.needCap && (k == model.KindCountry || k == model.KindPlace) {
			continue
		}
		kept = append(kept, ai)
	}
	return kept
}
