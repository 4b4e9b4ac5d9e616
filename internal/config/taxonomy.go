package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/intlwire/aggregator/internal/model"
)

// TaxonomyIndex answers which ids exist and of which kind; it is built during
// validation and used to check topic rules.
type TaxonomyIndex struct {
	byID   map[string]*TaxonomyEntry
	byISO  map[string]*TaxonomyEntry
	byKind map[string][]string // ids per kind, sorted, for did-you-mean
}

// Lookup returns the entry with the given id, or a country by ISO code.
func (t *TaxonomyIndex) Lookup(id string) *TaxonomyEntry {
	if e := t.byID[strings.ToLower(id)]; e != nil {
		return e
	}
	return t.byISO[strings.ToUpper(id)]
}

// NewTaxonomyIndex indexes entries by id and ISO code.
func NewTaxonomyIndex(entries []TaxonomyEntry) *TaxonomyIndex {
	t := &TaxonomyIndex{byID: map[string]*TaxonomyEntry{}, byISO: map[string]*TaxonomyEntry{}, byKind: map[string][]string{}}
	for i := range entries {
		e := &entries[i]
		if _, dup := t.byID[e.ID]; !dup {
			t.byID[e.ID] = e
			t.byKind[e.Kind] = append(t.byKind[e.Kind], e.ID)
		}
		if e.ISO != "" {
			t.byISO[strings.ToUpper(e.ISO)] = e
		}
	}
	for _, ids := range t.byKind {
		sort.Strings(ids)
	}
	return t
}

var kinds = map[string]bool{"region": true, "country": true, "place": true, "actor": true, "topic": true, "phrase": true, "context": true}

// actorTypes are the values an actor's type may take.
var actorTypes = map[string]bool{"person": true, "organization": true, "armed-group": true, "government": true}

func validateTaxonomy(entries []TaxonomyEntry, nodes []entryNode, ps *Problems) *TaxonomyIndex {
	idx := NewTaxonomyIndex(entries)
	seen := map[string]Pos{}
	isos := map[string]string{}
	for i, e := range entries {
		n := nodeAt(nodes, i)
		checkID(ps, seen, taxonomyID, e.ID, e.Pos, pick(n.key("id"), e.Pos), e.Pos)
		if !kinds[e.Kind] {
			msg := fmt.Sprintf("entry %q: kind must be region, country, place, actor, topic, phrase or context, got %q", e.ID, e.Kind)
			if s := suggest(e.Kind, []string{"region", "country", "place", "actor", "topic", "phrase", "context"}); s != "" && e.Kind != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			ps.add(pick(n.key("kind"), e.Pos), "%s", msg)
		}
		if e.Name == "" {
			ps.add(e.Pos, "entry %q has no name", e.ID)
		}
		if e.Kind == "country" {
			isoPos := pick(n.key("iso"), e.Pos)
			if len(e.ISO) != 2 || strings.ToUpper(e.ISO) != e.ISO {
				ps.add(isoPos, "country %q needs a two-letter upper-case iso code, got %q", e.ID, e.ISO)
			} else if other, dup := isos[e.ISO]; dup {
				ps.add(isoPos, "country %q has the same iso code %s as %q", e.ID, e.ISO, other)
			} else {
				isos[e.ISO] = e.ID
			}
		} else if e.ISO != "" && e.Kind != "" {
			ps.add(pick(n.key("iso"), e.Pos), "entry %q: only countries have an iso code (this is a %s)", e.ID, e.Kind)
		}
		if e.Kind == model.KindContext {
			checkContext(e, pick(n.key("type"), e.Pos), ps)
		} else if e.Type != "" && !actorTypes[e.Type] {
			ps.add(pick(n.key("type"), e.Pos), "entry %q: type must be person, organization, armed-group or government, got %q", e.ID, e.Type)
		}
		for lang, names := range e.Names {
			if !langRe.MatchString(lang) {
				ps.add(pick(n.key("names"), e.Pos), "entry %q: names key %q is not a language code such as ar, zh, ru", e.ID, lang)
			}
			for _, name := range names {
				if msg := CheckAlias(name); msg != "" {
					ps.add(pick(n.item("names", name), pick(n.key("names"), e.Pos)), "entry %q: names under %s: %s", e.ID, lang, msg)
				}
			}
		}
		for _, list := range [][]Alias{e.Aliases, e.Demonyms, e.Cities} {
			for _, a := range list {
				if msg := CheckAlias(a.Text); msg != "" {
					ps.add(pick(a.Pos, e.Pos), "entry %q: %s", e.ID, msg)
				}
			}
		}
		for _, ref := range refs(e) {
			at := pick(n.item(ref.field, ref.id), e.Pos)
			target := idx.Lookup(ref.id)
			if target == nil {
				var cands []string
				if ref.geo {
					cands = idx.ids("region", "country", "place")
				}
				ps.add(at, "entry %q: %s names unknown entry %q%s", e.ID, ref.field, ref.id, didYouMean(ref.id, idx, cands))
				continue
			}
			switch {
			case ref.field == "country" && target.Kind != "country" && kinds[target.Kind]:
				ps.add(at, "entry %q: country %q is a %s, not a country", e.ID, ref.id, target.Kind)
			case ref.geo && !isGeo(target.Kind) && kinds[target.Kind]:
				ps.add(at, "entry %q: %s %q is a %s, not a region, country or place", e.ID, ref.field, ref.id, target.Kind)
			}
			if target.ID == e.ID {
				ps.add(at, "entry %q: %s names the entry itself", e.ID, ref.field)
			}
		}
	}
	checkTaxonomySize(entries, nodes, ps)
	checkCycles(entries, idx, ps)
	checkAliasClashes(entries, nodes, ps)
	return idx
}

// ids returns the ids of the given kinds.
func (t *TaxonomyIndex) ids(kinds ...string) []string {
	out := []string{} // not nil: "no candidates" differs from "any id"
	for _, k := range kinds {
		out = append(out, t.byKind[k]...)
	}
	return out
}

type ref struct {
	field, id string
	geo       bool
}

func refs(e TaxonomyEntry) []ref {
	var out []ref
	for _, p := range e.Parents {
		out = append(out, ref{"parents", p, true})
	}
	for _, m := range e.Members {
		out = append(out, ref{"members", m, true})
	}
	if e.Country != "" {
		out = append(out, ref{"country", e.Country, true})
	}
	for _, i := range e.Implies {
		out = append(out, ref{"implies", i, false})
	}
	return out
}

func isGeo(kind string) bool { return kind == "region" || kind == "country" || kind == "place" }

// didYouMean suggests the closest id among candidates (every id when
// candidates is nil), as " (did you mean "x"?)", or "".
func didYouMean(id string, idx *TaxonomyIndex, candidates []string) string {
	if candidates == nil {
		candidates = make([]string, 0, len(idx.byID))
		for k := range idx.byID {
			candidates = append(candidates, k)
		}
	}
	if s := suggest(id, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// checkCycles reports geography that contains itself through parents/members.
func checkCycles(entries []TaxonomyEntry, idx *TaxonomyIndex, ps *Problems) {
	up := map[string][]string{}
	for _, e := range entries {
		for _, p := range e.Parents {
			if t := idx.Lookup(p); t != nil && t.ID != e.ID {
				up[e.ID] = append(up[e.ID], t.ID)
			}
		}
		for _, m := range e.Members {
			if t := idx.Lookup(m); t != nil && t.ID != e.ID {
				up[t.ID] = append(up[t.ID], e.ID)
			}
		}
	}
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	reported := map[string]bool{}
	var visit func(id string, path []string)
	visit = func(id string, path []string) {
		color[id] = grey
		for _, p := range up[id] {
			switch color[p] {
			case grey:
				if !reported[p] {
					reported[p] = true
					cycle := append(append([]string{}, path...), id, p)
					if e := idx.Lookup(p); e != nil {
						ps.add(e.Pos, "taxonomy cycle: %s", strings.Join(cycle[indexOf(cycle, p):], " → "))
					}
				}
			case white:
				visit(p, append(path, id))
			}
		}
		color[id] = black
	}
	for _, e := range entries {
		if color[e.ID] == white {
			visit(e.ID, nil)
		}
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return 0
}

// checkContext checks a context entry (wire-copy rule words): a known rule
// type, words to match, and for a sweep the "…" that stands for the place
// between its two words ("from … to").
func checkContext(e TaxonomyEntry, typePos Pos, ps *Problems) {
	types := model.ContextTypes()
	if !slices.Contains(types, e.Type) {
		msg := fmt.Sprintf("context %q: type must be one of %s, got %q", e.ID, strings.Join(types, ", "), e.Type)
		if s := suggest(e.Type, types); s != "" && e.Type != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		ps.add(typePos, "%s", msg)
	}
	if len(e.Aliases) == 0 {
		ps.add(e.Pos, "context %q lists no words under aliases", e.ID)
	}
	for _, a := range e.Aliases {
		if a.CaseSensitive || len(a.Near) > 0 || len(a.NotNear) > 0 {
			ps.add(pick(a.Pos, e.Pos), "context %q: %q: context words take no case_sensitive, near or not_near", e.ID, a.Text)
		}
		if e.Type == model.ContextSweep {
			from, to, ok := strings.Cut(a.Text, "…")
			if !ok || strings.TrimSpace(from) == "" || strings.TrimSpace(to) == "" {
				ps.add(pick(a.Pos, e.Pos), "context %q: a sweep is written \"from … to\", with … for the place, got %q", e.ID, a.Text)
			}
		}
	}
	if len(e.Parents)+len(e.Members)+len(e.Implies)+len(e.Demonyms)+len(e.Cities)+len(e.Names) > 0 || e.Country != "" {
		ps.add(e.Pos, "context %q: a context entry has only type, name and aliases", e.ID)
	}
}
