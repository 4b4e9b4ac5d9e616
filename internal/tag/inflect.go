package tag

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
)

// Inflection: most languages of the news inflect names ("we Francji",
// "в России", "وسوريا", "Oroszországban"). The rules are data
// (config.Inflection, config/taxonomy/inflection.yaml); here each name of an
// entry in a language with rules becomes, besides itself, a stem alias: the
// name minus the part its class replaces, matched where the rest of the word
// (after it, and for prefixes before it) is one of the class's affixes. One
// stem pattern stands for every case of a name, so the automaton grows by at
// most one pattern per name and class, not one per form, and the scan stays
// one pass.

// affixSet is a set of affixes in matching form.
type affixSet struct {
	forms map[string]bool
	// bare: the stem is also a word by itself (Polish "Chin", the genitive
	// of "Chiny"): an empty affix in the rules.
	bare bool
}

// maxAffixBytes bounds how far before or after a stem the matcher looks for
// an affix (a Hebrew "וכשה", a Hungarian "-országból" ending).
const maxAffixBytes = 24

// inflector holds the rules of the languages, resolved for the build: every
// class's ends, strip and affixes already in matching form.
type inflector struct {
	byLang map[string]*langRules
}

// langRules are the resolved rules of one language.
type langRules struct {
	rule               *config.Inflection
	except             map[string]bool // normalized names never inflected
	suffixes, prefixes []affixClass
}

// affixClass is a config.AffixClass in matching form, with its affix set.
type affixClass struct {
	ends  []string
	strip string
	set   int32
	min   int
	// anyEnd: the class lists no ends and fits every name. An end that
	// folds to nothing (Devanagari "ू", Tamil "ீ": non-spacing signs the
	// fold drops) is left out of ends rather than fitting every name.
	anyEnd bool
}

func (t *Tagger) newInflector(rules []config.Inflection) *inflector {
	in := &inflector{byLang: map[string]*langRules{}}
	resolve := func(cs []config.AffixClass, minStem int) []affixClass {
		out := make([]affixClass, len(cs))
		for i, c := range cs {
			ac := affixClass{strip: t.ft.normalizeString(c.Strip), set: t.affixSetOf(c.Add), min: c.Min, anyEnd: len(c.Ends) == 0}
			if ac.min == 0 {
				ac.min = minStem
			}
			for _, e := range c.Ends {
				if e := t.ft.normalizeString(e); e != "" {
					ac.ends = append(ac.ends, e)
				}
			}
			out[i] = ac
		}
		return out
	}
	for i := range rules {
		r := &rules[i]
		lr := &langRules{rule: r, except: map[string]bool{},
			suffixes: resolve(r.Suffixes, r.MinStem), prefixes: resolve(r.Prefixes, r.MinStem)}
		for _, e := range r.Except {
			lr.except[t.ft.normalizeString(e)] = true
		}
		for _, l := range r.Langs {
			in.byLang[l] = lr
		}
	}
	return in
}

// stemForm is one inflected way of matching a name: the stem in matching
// form and the affix sets around it (-1: the word ends there).
type stemForm struct {
	stem     string
	pre, suf int32
	// exact: for a short name with diacritics, the lower-case stem as
	// written, which the word must begin with (shortDiacritic).
	exact string
}

// inflectedForms returns the stem forms of one name (text; n: its matching
// form) in lang for an entry of the given kind; nil when the language has no
// rules or the name is an exception.
func (t *Tagger) inflectedForms(in *inflector, lang, kind, text, n string) []stemForm {
	lr := in.byLang[lang]
	if lr == nil || lr.except[n] || !kindInflects(lr.rule, kind) {
		return nil
	}
	// A short name with diacritics must match with them (shortDiacritic):
	// folded, its stem and endings would read as other words (Latvian
	// "Vīne" is Vienna, "VINE" an English word). Its endings still apply,
	// to the stem as written: Estonian "Läti" gives "Lätist", not "Latist".
	exact := shortDiacritic(text, n)
	if exact != "" && len(lr.prefixes) > 0 {
		return nil // glued prefixes and diacritics: no such language yet
	}
	var suf *affixClass
	for i := range lr.suffixes {
		if classFits(&lr.suffixes[i], n, true) {
			suf = &lr.suffixes[i]
			break
		}
	}
	var out []stemForm
	add := func(p, s *affixClass) {
		f := stemForm{stem: n, pre: -1, suf: -1}
		minStem := 0
		if s != nil {
			f.stem = strings.TrimSuffix(f.stem, s.strip)
			f.suf, minStem = s.set, s.min
			if exact != "" {
				if !strings.HasSuffix(exact, s.strip) {
					return // the stripped ending carries the diacritic
				}
				f.exact = trimVirama(strings.TrimSuffix(exact, s.strip))
			}
		}
		if p != nil {
			f.stem = strings.TrimPrefix(f.stem, p.strip)
			f.pre, minStem = p.set, max(minStem, p.min)
		}
		last := f.stem[strings.LastIndexByte(f.stem, ' ')+1:]
		if utf8.RuneCountInString(last) >= max(minStem, 2) {
			out = append(out, f)
		}
	}
	if suf != nil {
		add(nil, suf)
	}
	for i := range lr.prefixes {
		if p := &lr.prefixes[i]; classFits(p, n, false) {
			add(p, nil)
			if suf != nil {
				add(p, suf)
			}
		}
	}
	return out
}

// classFits reports whether a name in matching form takes a class: it ends
// (suffixes) or starts (prefixes) with one of the class's ends, and with its
// strip.
func classFits(c *affixClass, n string, suffix bool) bool {
	has := strings.HasSuffix
	if !suffix {
		has = strings.HasPrefix
	}
	if !has(n, c.strip) {
		return false
	}
	if c.anyEnd {
		return true
	}
	for _, e := range c.ends {
		if has(n, e) {
			return true
		}
	}
	return false
}

func kindInflects(r *config.Inflection, kind string) bool {
	if len(r.Kinds) == 0 {
		return kind != model.KindTopic
	}
	for _, k := range r.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// affixSetOf returns the id of the set of the given affixes (in matching
// form, empty ones left out), sharing equal sets.
func (t *Tagger) affixSetOf(add []string) int32 {
	forms := make([]string, 0, len(add))
	bare := false
	for _, a := range add {
		f := strings.ReplaceAll(t.ft.normalizeString(a), " ", "")
		switch {
		case f == "":
			bare = true
		case len(f) <= maxAffixBytes:
			forms = append(forms, f)
		}
	}
	key := fmt.Sprintf("%v\x00%s", bare, strings.Join(forms, "\x00"))
	if id, ok := t.affixIdx[key]; ok {
		return id
	}
	s := affixSet{forms: make(map[string]bool, len(forms)), bare: bare}
	for _, f := range forms {
		s.forms[f] = true
	}
	id := int32(len(t.affixes))
	t.affixes = append(t.affixes, s)
	t.affixIdx[key] = id
	return id
}

// prefixLen returns the length in bytes of the run of word runes that ends
// at i in b (the prefix glued to a name), or 0 when it is longer than
// maxAffixBytes.
func prefixLen(b []byte, i int) int32 {
	j := i
	for j > 0 && i-j <= maxAffixBytes {
		r, size := utf8.DecodeLastRune(b[:j])
		if !isWordRune(r) {
			return int32(i - j)
		}
		j -= size
	}
	if j == 0 {
		return int32(i)
	}
	return 0
}

// endingLen returns the length in bytes of the run of word runes that
// starts at i in b (the ending of an inflected name), or 0 when it is longer
// than maxAffixBytes.
func endingLen(b []byte, i int) int32 {
	j := i
	for j < len(b) && j-i <= maxAffixBytes {
		r, size := utf8.DecodeRune(b[j:])
		if !isWordRune(r) {
			return int32(j - i)
		}
		j += size
	}
	if j >= len(b) {
		return int32(j - i)
	}
	return 0
}

// affixHolds checks an alias's affixes at a candidate: a plain alias needs
// the word to begin and end with the match; a stem alias needs the prefix or
// ending glued to it to be one of its class's.
func (t *Tagger) affixHolds(a *alias, b []byte, c *candidate) bool {
	if a.pre < 0 {
		if c.pre != 0 {
			return false
		}
	} else if set := &t.affixes[a.pre]; c.pre == 0 && !set.bare || c.pre != 0 && !set.forms[string(b[c.start:c.start+c.pre])] {
		return false
	}
	if a.suf < 0 {
		return c.rest == 0
	}
	set := &t.affixes[a.suf]
	if c.rest == 0 {
		return set.bare
	}
	return set.forms[string(b[c.end-c.rest:c.end])]
}

// trimVirama drops the virama that ends a stem as written in a Brahmic
// script (Tamil "ஈரான்"): an ending glued to the stem takes its place with
// a vowel sign ("ஈரானில்"), so the word begins with the stem without it.
func trimVirama(stem string) string {
	r, size := utf8.DecodeLastRuneInString(stem)
	switch r {
	case 0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0C4D, 0x0CCD, 0x0D4D, 0x0DCA, 0x1039, 0x17D2:
		return stem[:len(stem)-size]
	}
	return stem
}
