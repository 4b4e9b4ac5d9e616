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
					ch.URL = tagURL(root, kind, info.ID) + s.opt().render().PageExt()
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
// Levant → Middle East → Western Asia → Asia → World, one chain per
// country) to what helps a reader: the regions the text itself names, else
// the one nearest region that holds all the story's countries and places
// (Syria, Turkey and Iran: Middle East), else the nearest region of the first
// of them; never "World". Without a TagLookup only "World" is dropped.
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
	// Countries first: the tagger lists them most salient first, and the
	// first stands for the story when no region holds them all.
	var places []string
	for _, kind := range []string{model.KindCountry, model.KindPlace} {
		for _, c := range byKind[kind] {
			places = append(places, c.Term)
		}
	}
	if len(places) == 0 {
		// A story about regions only: keep the innermost ones.
		for _, c := range regions {
			if !s.isAncestorOfAny(c.Term, regions) {
				kept = append(kept, c)
			}
		}
		return kept
	}
	// Distances from the first up its parents; a region held by every
	// country and place and nearest the first wins.
	first := s.ancestorDistances(places[0])
	best, bestD := -1, 1<<30
	for i, c := range regions {
		d, ok := first[c.Term]
		if !ok || d >= bestD {
			continue
		}
		all := true
		for _, p := range places[1:] {
			if _, ok := s.ancestorDistances(p)[c.Term]; !ok {
				all = false
				break
			}
		}
		if all {
			best, bestD = i, d
		}
	}
	if best < 0 { // only World holds them all: the first's nearest region
		for i, c := range regions {
			if d, ok := first[c.Term]; ok && d < bestD {
				best, bestD = i, d
			}
		}
	}
	if best < 0 {
		return regions[:1]
	}
	return regions[best : best+1]
}

// ancestorDistances maps each geographic ancestor of id (by taxonomy id or
// ISO code) to how many parent steps away it is.
func (s *Server) ancestorDistances(id string) map[string]int {
	out := map[string]int{}
	info, ok := s.lookupTag(id)
	if !ok {
		return out
	}
	frontier := info.Parents
	for d := 1; d <= 8 && len(frontier) > 0; d++ {
		var next []string
		for _, p := range frontier {
			if _, seen := out[p]; seen {
				continue
			}
			out[p] = d
			if pi, ok := s.lookupTag(p); ok {
				next = append(next, pi.Parents...)
			}
		}
		frontier = next
	}
	return out
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
	if s.opt().staticSite {
		return s.opt().exportTags[kind+"/"+id]
	}
	return true
}
