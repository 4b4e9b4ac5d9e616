package config

import (
	"fmt"
	"strings"
)

// Inflection is how one language (or several that share their grammar)
// inflects names: the case endings and the prefixes glued to a name. It is
// written in a taxonomy file with a top-level "inflection" list
// (config/taxonomy/inflection.yaml) and applied when the tagger builds its
// matcher, to the names the entries list under those languages: an editor
// adds a language by adding its rules, without code.
type Inflection struct {
	// Langs are the names: keys the rules apply to (pl; hr, sr-Latn, bs).
	Langs []string `yaml:"langs"`
	// MinStem is the fewest letters a stem keeps once an ending is
	// stripped: shorter stems ("Ira" of "Iran") would match too many words.
	MinStem int `yaml:"min_stem"`
	// Suffixes are the ending classes, tried in order: a name takes the
	// first class whose ends it ends with.
	Suffixes []AffixClass `yaml:"suffixes"`
	// Prefixes are the prefix classes (Arabic و ب ل ف ك, Hebrew ה ו ב ל מ ש כ):
	// unlike suffixes, every class whose ends a name starts with applies
	// (Arabic "العراق" takes both "بالعراق" and "للعراق"), and a name may
	// take a prefix and an ending together.
	Prefixes []AffixClass `yaml:"prefixes"`
	// Except lists names that are never inflected: they are common words
	// in the language once inflected, or irregular (their forms are then
	// listed one by one under names:).
	Except []string `yaml:"except"`
	// Kinds limits the rules to entries of these kinds (default: every kind
	// but topic).
	Kinds []string `yaml:"kinds"`

	Pos Pos `yaml:"-"`
}

// AffixClass is one inflection class: names that end (or, for prefixes,
// start) with one of Ends lose Strip there and take one of Add. With
// Ends [ja], Strip a, Add [i, ę, ą, o], Polish "Francja" also matches
// "Francji", "Francję", "Francją", "Francjo".
type AffixClass struct {
	Ends  []string `yaml:"ends"`  // "" or left out: any name
	Strip string   `yaml:"strip"` // the part of the name the affix replaces
	Add   []string `yaml:"add"`   // the affixes written instead
	// Min is this class's own minimum stem length (0: the language's).
	Min int `yaml:"min"`
}

// NameSupplement adds names to an entry defined in another file: generated
// names (tools/gencldr writes them from CLDR) kept apart from the names
// editors write by hand. A taxonomy file holds them under a top-level
// "names" list.
type NameSupplement struct {
	ID       string              `yaml:"id"`
	Names    map[string][]string `yaml:"names"`
	Demonyms map[string][]string `yaml:"demonyms"` // by language, matched as demonyms
	Pos      Pos                 `yaml:"-"`
}

// validateInflection checks the rules: known-looking language codes, affixes
// to add, a strip that the class's ends end with.
func validateInflection(rules []Inflection, ps *Problems) {
	for _, r := range rules {
		if len(r.Langs) == 0 {
			ps.add(r.Pos, "inflection rule has no langs")
		}
		for _, l := range r.Langs {
			if !langRe.MatchString(l) {
				ps.add(r.Pos, "inflection: %q is not a language code such as pl, ar, sr-Latn", l)
			}
		}
		for _, cls := range [][]AffixClass{r.Suffixes, r.Prefixes} {
			for i, c := range cls {
				if len(c.Add) == 0 {
					ps.add(r.Pos, "inflection %s: class %d adds nothing", strings.Join(r.Langs, ","), i+1)
				}
				for _, e := range c.Ends {
					if !strings.HasSuffix(e, c.Strip) && !strings.HasPrefix(e, c.Strip) {
						ps.add(r.Pos, "inflection %s: class %d strips %q, which %q does not end or start with", strings.Join(r.Langs, ","), i+1, c.Strip, e)
					}
				}
			}
		}
	}
}

// mergeSupplements adds the supplements' names to their entries; an unknown
// id is a problem.
func mergeSupplements(entries []TaxonomyEntry, sups []NameSupplement, ps *Problems) {
	byID := make(map[string]int, len(entries))
	for i, e := range entries {
		byID[e.ID] = i
	}
	for _, s := range sups {
		i, ok := byID[s.ID]
		if !ok {
			ps.add(s.Pos, "names: unknown entry %q", s.ID)
			continue
		}
		e := &entries[i]
		for lang, ns := range s.Names {
			if !langRe.MatchString(lang) {
				ps.add(s.Pos, "names of %q: %q is not a language code", s.ID, lang)
				continue
			}
			if e.Names == nil {
				e.Names = map[string][]string{}
			}
			e.Names[lang] = appendNew(e.Names[lang], ns...)
		}
		for _, ds := range s.Demonyms {
			for _, d := range ds {
				if strings.TrimSpace(d) != "" {
					e.Demonyms = append(e.Demonyms, Alias{Text: d, Pos: s.Pos})
				}
			}
		}
	}
}

// appendNew appends the values of add that xs lacks.
func appendNew(xs []string, add ...string) []string {
	for _, a := range add {
		a = strings.TrimSpace(a)
		dup := a == ""
		for _, x := range xs {
			if x == a {
				dup = true
				break
			}
		}
		if !dup {
			xs = append(xs, a)
		}
	}
	return xs
}

// String names a rule in messages.
func (r Inflection) String() string { return fmt.Sprintf("inflection %s", strings.Join(r.Langs, ",")) }
