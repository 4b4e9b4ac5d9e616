package publish

import (
	"slices"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish/render"
)

// maxChips is how many tags a story shows before "+N more".
const maxChips = 8

// chip is one tag as pages show it: its kind in words, its name, and a link
// to its page (empty when tags have no pages).
type chip struct {
	Kind, KindName, Label, URL string
}

// chipList is a story's tags as pages show them: the first few, then the
// rest behind "+N more".
type chipList struct {
	Shown, More []chip
}

// chipOrder lists kinds most specific first: a reader scanning a story wants
// "Idlib" and "Vladimir Putin" before "Syria", and a region only as context.
var chipOrder = []string{model.KindPlace, model.KindActor, model.KindCountry, model.KindRegion, model.KindTopic}

// chips turns an item's categories into the chips of a page: most specific
// first, regions collapsed (see keptRegions), each linked to its tag page.
func (s *Server) chips(cats []render.Category, named []string) chipList {
	byKind := map[string][]render.Category{}
	for _, c := range cats {
		byKind[c.Kind] = append(byKind[c.Kind], c)
	}
	byKind[model.KindRegion] = s.keptRegions(byKind, named)
	root := s.root()
	var all []chip
	for _, kind := range chipOrder {
		for _, c := range byKind[kind] {
			ch := chip{Kind: kind, KindName: kindNames[kind], Label: c.Label}
			if info, ok := s.lookupTag(c.Term); ok && info.Kind == kind && render.ValidSlug(info.ID) {
				if s.tagHasPage(kind, info.ID) {
					ch.URL = tagURL(root, kind, info.ID) + s.o.render().PageExt()
				}
			}
			all = append(all, ch)
		}
	}
	if len(all) <= maxChips {
		return chipList{Shown: all}
	}
	return chipList{Shown: all[:maxChips], More: all[maxChips:]}
}

// worldRegion is the root of the geography: true of every story, so it
// says nothing.
const worldRegion = "world"

// keptRegions collapses a story's rolled-up regions (Idlib → Syria →
// Levant → Middle East → Western Asia → Asia → World) to what helps a
// reader: the regions the text itself names, else the nearest region of
// the story's countries and places; never "World". Without a TagLookup
// only "World" is dropped.
func (s *Server) keptRegions(byKind map[string][]render.Category, named []string) []render.Category {
	var regions []render.Category
	for _, c := range byKind[model.KindRegion] {
		if c.Term != worldRegion {
			regions = append(regions, c)
		}
	}
	if _, ok := s.l.(TagLookup); !ok || len(regions) <= 1 {
		return regions
	}
	var kept []render.Category
	for _, c := range regions {
		if slices.Contains(named, c.Term) {
			kept = append(kept, c)
		}
	}
	if len(kept) > 0 {
		return kept
	}
	// The nearest: regions that are a direct parent of a country or place
	// of the story, or of another kept region's absence, i.e. leaves.
	parents := map[string]bool{}
	for _, kind := range []string{model.KindPlace, model.KindCountry} {
		for _, c := range byKind[kind] {
			if info, ok := s.lookupTag(c.Term); ok {
				for _, p := range info.Parents {
					parents[p] = true
				}
			}
		}
	}
	for _, c := range regions {
		if parents[c.Term] && !s.isAncestorOfAny(c.Term, regions) {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		for _, c := range regions {
			if !s.isAncestorOfAny(c.Term, regions) {
				return []render.Category{c}
			}
		}
		return regions[:1]
	}
	return kept
}

// isAncestorOfAny says whether region id contains another of regions.
func (s *Server) isAncestorOfAny(id string, regions []render.Category) bool {
	for _, c := range regions {
		if c.Term != id && s.within(c.Term, id, 8) {
			return true
		}
	}
	return false
}

// within says whether ancestor is among id's geographic ancestors, looking
// depth levels up.
func (s *Server) within(id, ancestor string, depth int) bool {
	if depth == 0 {
		return false
	}
	info, ok := s.lookupTag(id)
	if !ok {
		return false
	}
	for _, p := range info.Parents {
		if p == ancestor || s.within(p, ancestor, depth-1) {
			return true
		}
	}
	return false
}

// tagHasPage says whether a tag's page exists to be linked: on the server
// every tag's does (storage permitting); in a static export only those
// exported.
func (s *Server) tagHasPage(kind, id string) bool {
	if _, ok := s.r.(TagReader); !ok {
		return false
	}
	if s.o.staticSite {
		return s.o.exportTags[kind+"/"+id]
	}
	return true
}
