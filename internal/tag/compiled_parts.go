package tag

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/intlwire/aggregator/internal/model"
)

// The sections of the compiled tagger's payload (compiled.go), each written
// and read column by column: one array per field of a struct.

// Bits of the alias and pattern flag bytes.
const (
	aliasCaseSensitive = 1 << iota
	aliasNeedCap
	aliasBlock
	aliasPersonLike
)

const (
	patTopicLayer = 1 << iota
	patWordStart
	patWordEnd
	patHangulStart
	patFlexStart
	patFlexEnd
)

// bit is b when on, else 0.
func bit(on bool, b uint8) uint8 {
	if on {
		return b
	}
	return 0
}

// encodeEntries writes the entries with their resolved geography and the
// context words (what New produces).
func (t *Tagger) encodeEntries(e *encoder) {
	es := t.entries
	putStrs(e, es, func(x *entry) string { return x.ID })
	putStrs(e, es, func(x *entry) string { return x.Kind })
	putStrs(e, es, func(x *entry) string { return x.Name })
	putStrs(e, es, func(x *entry) string { return x.ISO })
	putNestedStrs(e, es, func(x *entry) []string { return x.Parents })
	putNested(e, es, func(x *entry) []int32 { return x.ancestors })
	putCol(e, es, func(x *entry) int32 { return x.country })
	putNested(e, es, func(x *entry) []int32 { return x.implies })
	putCol(e, es, func(x *entry) int32 { return x.armedIn })
	c := &t.ctx
	for _, l := range [][]string{c.lead, c.ethnicWords, c.press, c.awayWords, c.formerWords, c.reacted} {
		e.strs(l)
	}
	putStrs(e, c.sweeps, func(x *sweepWords) string { return x.from })
	putStrs(e, c.sweeps, func(x *sweepWords) string { return x.to })
}

// decodeEntries reads what encodeEntries wrote and indexes the entries.
func (t *Tagger) decodeEntries(d *decoder) {
	ids, kinds, names, isos := d.strs(), d.strs(), d.strs(), d.strs()
	parents, ancestors, country := d.nestedStrs(), d.nested(), d.i32s()
	implies, armedIn := d.nested(), d.i32s()
	n := len(ids)
	d.need(len(kinds) == n && len(names) == n && len(isos) == n && len(parents) == n &&
		len(ancestors) == n && len(country) == n && len(implies) == n && len(armedIn) == n, "entry columns of different lengths")
	c := &t.ctx
	for _, l := range []*[]string{&c.lead, &c.ethnicWords, &c.press, &c.awayWords, &c.formerWords, &c.reacted} {
		*l = d.strs()
	}
	from, to := d.strs(), d.strs()
	d.need(len(from) == len(to), "sweep columns of different lengths")
	if d.err != nil {
		return
	}
	for i := range from {
		c.sweeps = append(c.sweeps, sweepWords{from[i], to[i]})
	}
	d.need(inRange(country, n, true) && inRange(armedIn, n, true), "entry index out of range")
	t.entries = make([]entry, n)
	t.byID = make(map[string]int32, n)
	t.byISO = map[string]int32{}
	for i := range t.entries {
		d.need(inRange(ancestors[i], n, false) && inRange(implies[i], n, false), "entry index out of range")
		t.entries[i] = entry{Entry: Entry{ID: ids[i], Kind: kinds[i], Name: names[i], ISO: isos[i], Parents: parents[i]},
			ancestors: ancestors[i], country: country[i], implies: implies[i], armedIn: armedIn[i]}
		d.need(t.file(int32(i)) == nil, "duplicate entry id")
	}
}

// file files entry i under its id and, for a country, its ISO code (New
// and the loader).
func (t *Tagger) file(i int32) error {
	e := &t.entries[i]
	if _, dup := t.byID[e.ID]; dup {
		return fmt.Errorf("tag: duplicate taxonomy id %q", e.ID)
	}
	t.byID[e.ID] = i
	if e.Kind == model.KindCountry && e.ISO != "" {
		t.byISO[strings.ToUpper(e.ISO)] = i
	}
	return nil
}

// encodeMatcher writes the aliases, their rules, the patterns, hints and
// affix sets (what the build produces besides the automaton).
func (t *Tagger) encodeMatcher(e *encoder) {
	as := t.aliases
	putCol(e, as, func(x *alias) int32 { return x.entry })
	putCol(e, as, func(x *alias) int32 { return x.rule })
	putStrs(e, as, func(x *alias) string { return x.text })
	putStrs(e, as, func(x *alias) string { return x.exact })
	putCol(e, as, func(x *alias) uint8 { return x.src })
	putCol(e, as, func(x *alias) int32 { return x.pre })
	putCol(e, as, func(x *alias) int32 { return x.suf })
	putCol(e, as, func(x *alias) uint8 {
		return bit(x.caseSensitive, aliasCaseSensitive) | bit(x.needCap, aliasNeedCap) |
			bit(x.block, aliasBlock) | bit(x.personLike, aliasPersonLike)
	})
	putStrs(e, t.rules, func(x *aliasRule) string { return x.caseKey })
	putNested(e, t.rules, func(x *aliasRule) []int32 { return x.near })
	putNested(e, t.rules, func(x *aliasRule) []int32 { return x.notNear })
	ps := t.pats
	putNested(e, ps, func(x *pattern) []int32 { return x.aliases })
	putCol(e, ps, func(x *pattern) int32 { return x.hint })
	putCol(e, ps, func(x *pattern) uint8 {
		return bit(x.topicLayer, patTopicLayer) | bit(x.wordStart, patWordStart) | bit(x.wordEnd, patWordEnd) |
			bit(x.hangulStart, patHangulStart) | bit(x.flexStart, patFlexStart) | bit(x.flexEnd, patFlexEnd)
	})
	e.strs(t.hints)
	putCol(e, t.affixes, func(x *affixSet) uint8 { return bit(x.bare, 1) })
	forms := make([][]string, len(t.affixes))
	for i, a := range t.affixes {
		forms[i] = slices.Sorted(maps.Keys(a.forms))
	}
	putNestedStrs(e, forms, func(x *[]string) []string { return *x })
}

// decodeMatcher reads what encodeMatcher wrote.
func (t *Tagger) decodeMatcher(d *decoder) {
	entry, rule, text, exact, src, pre, suf, flags := d.i32s(), d.i32s(), d.strs(), d.strs(), d.bytes(), d.i32s(), d.i32s(), d.bytes()
	caseKeys, near, notNear := d.strs(), d.nested(), d.nested()
	patAliases, hint, patBits := d.nested(), d.i32s(), d.bytes()
	t.hints = d.strs()
	bare, forms := d.bytes(), d.nestedStrs()
	n := len(entry)
	d.need(len(rule) == n && len(text) == n && len(exact) == n && len(src) == n && len(pre) == n &&
		len(suf) == n && len(flags) == n, "alias columns of different lengths")
	d.need(len(near) == len(caseKeys) && len(notNear) == len(caseKeys), "rule columns of different lengths")
	d.need(len(hint) == len(patAliases) && len(patBits) == len(patAliases), "pattern columns of different lengths")
	d.need(len(forms) == len(bare), "affix columns of different lengths")
	d.need(inRange(entry, len(t.entries), false) && inRange(rule, len(caseKeys), true) &&
		inRange(pre, len(bare), true) && inRange(suf, len(bare), true) && inRange(hint, len(t.hints), true),
		"alias or pattern index out of range")
	if d.err != nil {
		return
	}
	t.aliases = make([]alias, n)
	for i := range t.aliases {
		f := flags[i]
		t.aliases[i] = alias{entry: entry[i], rule: rule[i], text: text[i], exact: exact[i], src: src[i], pre: pre[i], suf: suf[i],
			caseSensitive: f&aliasCaseSensitive != 0, needCap: f&aliasNeedCap != 0, block: f&aliasBlock != 0, personLike: f&aliasPersonLike != 0}
	}
	t.rules = make([]aliasRule, len(caseKeys))
	for i := range t.rules {
		d.need(inRange(near[i], len(t.hints), false) && inRange(notNear[i], len(t.hints), false), "hint index out of range")
		t.rules[i] = aliasRule{caseKey: caseKeys[i], near: near[i], notNear: notNear[i]}
	}
	t.pats = make([]pattern, len(patAliases))
	for i := range t.pats {
		b := patBits[i]
		d.need(inRange(patAliases[i], n, false), "alias index out of range")
		t.pats[i] = pattern{aliases: patAliases[i], hint: hint[i], topicLayer: b&patTopicLayer != 0,
			wordStart: b&patWordStart != 0, wordEnd: b&patWordEnd != 0, hangulStart: b&patHangulStart != 0,
			flexStart: b&patFlexStart != 0, flexEnd: b&patFlexEnd != 0}
	}
	t.affixes = make([]affixSet, len(bare))
	for i := range t.affixes {
		s := affixSet{forms: make(map[string]bool, len(forms[i])), bare: bare[i] != 0}
		for _, f := range forms[i] {
			s.forms[f] = true
		}
		t.affixes[i] = s
	}
}
