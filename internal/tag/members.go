package tag

import "github.com/intlwire/aggregator/internal/model"

// membersOfTheStory makes salient the places and armed groups of a country
// the story is about when they are named once in full, below the usual
// thresholds: in a story about Syria, "safe zones in Idlib, Homs and East
// Ghouta" and "Kurdish YPG fighters" are the story's detail, not a passing
// mention of somewhere else. Persons are not included: a leader of the
// story's country named once deep in the text ("the Obama administration")
// is background more often than subject.
func (t *Tagger) membersOfTheStory(an *analysis) {
	p := &t.params
	for _, s := range an.list {
		if s.salient || s.total < p.memberThreshold {
			continue
		}
		ent := &t.entries[s.e]
		c := int32(-1)
		switch ent.Kind {
		case model.KindPlace:
			c = ent.country
		case model.KindActor:
			c = ent.armedIn
		}
		if c < 0 || c == s.e {
			continue
		}
		if cs := an.scores[c]; cs != nil && cs.salient {
			s.salient = true
		}
	}
}
