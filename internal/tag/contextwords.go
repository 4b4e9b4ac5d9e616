package tag

import (
	"strings"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
)

// contextWords are the words of the taxonomy's context entries (kind
// context, config/taxonomy/context.yaml), by rule: the phrases around a
// place's name in wire copy that say the story is not about that place
// (docs/taxonomy.md, "Wire copy"). Editors change them without code.
type contextWords struct {
	// lead: phrases before a name, or before the list it stands in, that
	// make it a passing mention: who reacted, where a meeting was held,
	// one example of many.
	lead []string
	// ethnicWords: words before a demonym that make it an ethnicity.
	ethnicWords []string
	// press: words after a demonym that make it the press quoted.
	press []string
	// awayWords: phrases before a name that make it where someone fled or was
	// heading.
	awayWords []string
	// sweeps: the two words around the ends of a sweep across places.
	sweeps []sweepWords
}

// sweepWords are the words of one sweep ("from" … "to").
type sweepWords struct{ from, to string }

// add files the words of context entry e under its rule.
func (c *contextWords) add(e config.TaxonomyEntry) {
	for _, a := range e.Aliases {
		w := strings.TrimSpace(a.Text)
		switch e.Type {
		case model.ContextReaction, model.ContextMeeting, model.ContextExample:
			c.lead = append(c.lead, w)
		case model.ContextEthnic:
			c.ethnicWords = append(c.ethnicWords, w)
		case model.ContextPress:
			c.press = append(c.press, w)
		case model.ContextRefuge, model.ContextDestination:
			c.awayWords = append(c.awayWords, w)
		case model.ContextSweep:
			if from, to, ok := strings.Cut(w, "…"); ok {
				c.sweeps = append(c.sweeps, sweepWords{strings.TrimSpace(from), strings.TrimSpace(to)})
			}
		}
	}
}
