package tag

import (
	"cmp"
	"slices"
	"strings"

	"github.com/intlwire/aggregator/internal/model"
)

// ranked is a salient entry and its score, for ordering a list of the result.
type ranked struct {
	e int32
	s float64
}

// The lists of analysis.ranked.
const (
	listCountries = iota
	listPlaces
	listActors
	listTopics
)

// result turns the decided scores into the Result: each salient entry in
// exactly one list, once, highest score first; the regions rolled up from
// the salient countries, places and regions, by id. The five lists share
// one backing array (each capped at its length, so that an append to one
// copies it): one allocation instead of five.
func (t *Tagger) result(an *analysis) Result {
	for k := range an.ranked {
		an.ranked[k] = an.ranked[k][:0]
	}
	an.regions = an.regions[:0]
	for _, s := range an.list {
		if !s.salient {
			continue
		}
		ent := &t.entries[s.e]
		switch ent.Kind {
		case model.KindCountry:
			an.ranked[listCountries] = append(an.ranked[listCountries], ranked{s.e, s.total})
		case model.KindPlace:
			an.ranked[listPlaces] = append(an.ranked[listPlaces], ranked{s.e, s.total})
		case model.KindActor:
			an.ranked[listActors] = append(an.ranked[listActors], ranked{s.e, s.total})
		case model.KindTopic:
			an.ranked[listTopics] = append(an.ranked[listTopics], ranked{s.e, s.total})
		case model.KindRegion:
			an.addRegion(s.e)
		}
		if ent.Kind == model.KindCountry || ent.Kind == model.KindPlace || ent.Kind == model.KindRegion {
			for _, a := range ent.ancestors {
				if t.entries[a].Kind == model.KindRegion {
					an.addRegion(a)
				}
			}
		}
	}
	n := len(an.regions)
	for _, rs := range an.ranked {
		n += len(rs)
	}
	var r Result
	if n > 0 {
		out := make([]string, 0, n)
		r.Countries, out = t.ordered(an.ranked[listCountries], out)
		r.Places, out = t.ordered(an.ranked[listPlaces], out)
		r.Actors, out = t.ordered(an.ranked[listActors], out)
		r.Topics, out = t.ordered(an.ranked[listTopics], out)
		if len(an.regions) > 0 {
			from := len(out)
			for _, e := range an.regions {
				out = append(out, t.entries[e].ID)
			}
			r.Regions = out[from:len(out):len(out)]
			slices.Sort(r.Regions)
		}
	}
	r.Venue = t.venue(an)
	r.Mentions = t.mentions(an)
	return r
}

// addRegion adds region e to the rolled-up regions, once.
func (an *analysis) addRegion(e int32) {
	if !slices.Contains(an.regions, e) {
		an.regions = append(an.regions, e)
	}
}

// ordered sorts rs by score, highest first (ties by id), appends their ids
// (ISO codes for countries that have one) to out, and returns them, capped,
// and out; nil for no entries.
func (t *Tagger) ordered(rs []ranked, out []string) ([]string, []string) {
	if len(rs) == 0 {
		return nil, out
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		if a.s != b.s {
			return cmp.Compare(b.s, a.s)
		}
		return strings.Compare(t.entries[a.e].ID, t.entries[b.e].ID)
	})
	from := len(out)
	for _, x := range rs {
		if ent := &t.entries[x.e]; ent.Kind == model.KindCountry && ent.ISO != "" {
			out = append(out, ent.ISO)
		} else {
			out = append(out, ent.ID)
		}
	}
	return out[from:len(out):len(out)], out
}

// mentions turns the matches into evidence, one per entry per match.
func (t *Tagger) mentions(an *analysis) []model.Mention {
	out := make([]model.Mention, 0, len(an.matches))
	for _, m := range an.matches {
		last := int32(-1)
		for _, ai := range m.aliases {
			e := t.aliases[ai].entry
			if e == last {
				continue
			}
			last = e
			out = append(out, model.Mention{
				Tag:    t.entries[e].ID,
				Kind:   t.entries[e].Kind,
				Text:   an.full[m.start:m.end],
				Offset: m.start,
			})
		}
	}
	return out
}
