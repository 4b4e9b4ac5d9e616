package config

import (
	"sort"
	"strings"

	"github.com/intlwire/aggregator/internal/textfold"
)

// A word that names two entries makes the tagger guess. checkAliasClashes
// reports every form of an entry (name, alias, demonym, city, or name in
// another language) whose normalized text (letter case and diacritics folded,
// spaces collapsed) also names another entry of the same kind, at the later
// of the two.
//
// The forms compared are the ones the tagger uses: within one entry, a form
// restricted by near/not_near hints or case_sensitive replaces the plain forms
// of the same spelling (the name included).
//
// Not a clash:
//   - entries of different kinds: a city and a country, a region and a
//     country (Djibouti the city, Djibouti the country; "Korea" for the
//     peninsula and for South Korea) are resolved by the tagger's roll-up;
//   - topics: their lexicons overlap on purpose ("ceasefire" is diplomacy and
//     conflict);
//   - regions: UN M49 regions and newsroom groupings overlap by design
//     (eastern-africa and east-africa have the same name in most languages);
//     a word naming two regions tags both, which is what the reader means;
//   - two forms that both carry near/not_near hints: the editor has said how
//     to tell them apart;
//   - a case_sensitive form against one that is not ("US" the country, "us"
//     the pronoun); two case-sensitive forms clash only when their letters
//     are identical.
func checkAliasClashes(entries []TaxonomyEntry, nodes []entryNode, ps *Problems) {
	type owner struct {
		entry  int
		hinted bool
	}
	firsts := map[string]owner{} // kind, case flag and text → first entry with it
	for i, e := range entries {
		if e.Kind == "topic" || e.Kind == "region" || e.Kind == "" {
			continue
		}
		n := nodeAt(nodes, i)
		for _, f := range effectiveForms(e) {
			key := e.Kind + "\x00f\x00" + f.folded
			if f.a.CaseSensitive {
				key = e.Kind + "\x00c\x00" + strings.TrimSpace(f.a.Text)
			}
			hinted := len(f.a.Near) > 0 || len(f.a.NotNear) > 0
			first, clash := firsts[key]
			if !clash {
				firsts[key] = owner{i, hinted}
				continue
			}
			if first.entry == i || hinted && first.hinted {
				continue
			}
			other := entries[first.entry]
			pos := f.a.Pos
			if pos.Line == 0 {
				pos = n.item(f.field, f.a.Text)
			}
			ps.add(pick(pos, e.Pos), "%s %q: %s %q also names %s %q (%s:%d); "+
				"add near/not_near hints to both, make one case_sensitive, or remove one",
				e.Kind, e.ID, formLabel(f.field), strings.TrimSpace(f.a.Text), other.Kind, other.ID, other.Pos.File, other.Pos.Line)
		}
	}
}

type form struct {
	a      Alias
	field  string // aliases, demonyms, cities, names or name
	folded string // textfold.Latin(a.Text)
}

// effectiveForms lists an entry's distinct forms as the tagger matches them.
func effectiveForms(e TaxonomyEntry) []form {
	var all []form
	for _, a := range e.Aliases {
		all = append(all, form{a: a, field: "aliases"})
	}
	for _, a := range e.Demonyms {
		all = append(all, form{a: a, field: "demonyms"})
	}
	for _, a := range e.Cities {
		all = append(all, form{a: a, field: "cities"})
	}
	langs := make([]string, 0, len(e.Names))
	for l := range e.Names {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		for _, name := range e.Names[l] {
			all = append(all, form{a: Alias{Text: name}, field: "names"})
		}
	}
	all = append(all, form{a: Alias{Text: e.Name}, field: "name"})
	for i := range all {
		all[i].folded = textfold.Latin(all[i].a.Text)
	}

	restricted := func(a Alias) bool { return a.CaseSensitive || len(a.Near) > 0 || len(a.NotNear) > 0 }
	hasRestricted := map[string]bool{}
	for _, f := range all {
		if restricted(f.a) {
			hasRestricted[f.folded] = true
		}
	}
	var out []form
	seen := map[string]bool{}
	for _, f := range all {
		folded := f.folded
		if folded == "" || !restricted(f.a) && hasRestricted[folded] {
			continue
		}
		key := folded
		if f.a.CaseSensitive {
			key = "\x00" + strings.TrimSpace(f.a.Text)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, f)
	}
	return out
}

func formLabel(field string) string {
	switch field {
	case "aliases":
		return "alias"
	case "demonyms":
		return "demonym"
	case "cities":
		return "city"
	}
	return field
}
