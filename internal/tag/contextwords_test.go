package tag

import (
	"slices"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
)

// TestContextWordsAreData checks that the wire-copy rules read their words
// from the taxonomy's context entries (config/taxonomy/context.yaml): a
// phrase an editor adds to an entry takes effect, and without the entries
// the rules have no words.
func TestContextWordsAreData(t *testing.T) {
	entries, rules := shippedTaxonomy(t)
	const title, text = "Pakistan tests missile", "Pakistan test-fired a ballistic missile on Sunday, a launch denounced by India within hours."
	tagWith := func(es []config.TaxonomyEntry) []string {
		t.Helper()
		tg, err := New(es, rules...)
		if err != nil {
			t.Fatal(err)
		}
		return tg.Tag(title, text).Countries
	}
	if got := tagWith(entries); !slices.Contains(got, "IN") {
		t.Fatalf("without the phrase, India should count (the case tests the phrase): %v", got)
	}
	added := append(slices.Clone(entries), config.TaxonomyEntry{ID: "context-test-reactions", Kind: model.KindContext,
		Type: model.ContextReaction, Name: "More reactions", Aliases: []config.Alias{{Text: "denounced by"}}})
	if got := tagWith(added); slices.Contains(got, "IN") || !slices.Contains(got, "PK") {
		t.Errorf("with \"denounced by\" as a reaction: got %v, want PK and not IN", got)
	}

	// The shipped rules, with and without their entries.
	const meetTitle, meetText = "Coffee producers fail to agree quotas", "Brazil and Colombia failed to agree on export quotas at talks in London on Tuesday."
	var without []config.TaxonomyEntry
	for _, e := range entries {
		if e.Kind != model.KindContext {
			without = append(without, e)
		}
	}
	for _, c := range []struct {
		es      []config.TaxonomyEntry
		wantGB  bool
		comment string
	}{{entries, false, "with context.yaml"}, {without, true, "without context entries"}} {
		tg, err := New(c.es, rules...)
		if err != nil {
			t.Fatal(err)
		}
		if got := tg.Tag(meetTitle, meetText).Countries; slices.Contains(got, "GB") != c.wantGB {
			t.Errorf("%s: GB in %v is %v, want %v", c.comment, got, !c.wantGB, c.wantGB)
		}
	}
}
