package pipeline

import (
	"strings"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/rule"
	"github.com/intlwire/aggregator/internal/tag"
)

// storyFacts answers topic-rule questions about one story.
type storyFacts struct {
	story  *model.Story
	tagger *tag.Tagger
	geo    []string // region, place and country ids of the story
	// more answers keywords that were not looked for at ingest (a draft
	// rule's): folded key → stories containing it.
	more map[string]map[int64]bool
}

func newStoryFacts(st *model.Story, t *tag.Tagger) *storyFacts {
	f := &storyFacts{story: st, tagger: t}
	f.geo = append(f.geo, st.Tags.Regions...)
	f.geo = append(f.geo, st.Tags.Places...)
	for _, iso := range st.Tags.Countries {
		if e, ok := t.Lookup(iso); ok {
			f.geo = append(f.geo, e.ID)
		}
	}
	return f
}

// Has implements rule.Facts.
func (f *storyFacts) Has(kind, value string) bool {
	t := &f.story.Tags
	switch kind {
	case rule.KindRegion, rule.KindPlace:
		for _, g := range f.geo {
			if g == value || f.tagger.Within(g, value) {
				return true
			}
		}
	case rule.KindCountry:
		iso := strings.ToUpper(value)
		if e, ok := f.tagger.Lookup(value); ok && e.ISO != "" {
			iso = e.ISO
		}
		return contains(t.Countries, iso)
	case rule.KindVenue:
		return t.Venue != "" && (strings.EqualFold(t.Venue, value) || f.tagger.Within(t.Venue, value))
	case rule.KindActor:
		return contains(t.Actors, value)
	case rule.KindTopic:
		return contains(t.Topics, value)
	case rule.KindSource:
		for _, a := range f.story.Articles {
			if a.SourceID == value {
				return true
			}
		}
		for _, c := range f.story.Carriers {
			if c.Source == value {
				return true
			}
		}
	case rule.KindLang:
		for _, a := range f.story.Articles {
			if strings.EqualFold(a.Language, value) {
				return true
			}
		}
		for _, c := range f.story.Carriers {
			if strings.EqualFold(c.Language, value) {
				return true
			}
		}
	}
	return false
}

// Contains implements rule.Facts: whether an article of the story contains
// the phrase (words folded as the full-text index folds them, adjacent and in
// order). The phrases of the topic rules are found at ingest and kept with
// the tags; RecomputeTopics finds new ones in stored text.
func (f *storyFacts) Contains(phrase string) bool {
	key := rule.KeywordKey(phrase)
	return contains(f.story.Tags.Keywords, key) || f.more[key][f.story.ID]
}

// Outlets implements rule.Facts.
func (f *storyFacts) Outlets() int { return len(f.story.Outlets()) }

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
