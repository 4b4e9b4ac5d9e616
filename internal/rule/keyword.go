package rule

import (
	"strings"

	"github.com/intlwire/aggregator/internal/textfold"
)

// KeywordKey is the folded form of a keyword phrase: its words joined by
// underscores ("Climate talks" and "climate-talks" are both climate_talks).
// It is "" for a phrase with no words.
func KeywordKey(phrase string) string { return strings.Join(textfold.Words(phrase), "_") }

// Keywords returns the folded keys of the keyword atoms of rules, each once.
func Keywords(rules ...Expr) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range rules {
		for _, a := range Atoms(e) {
			if k := KeywordKey(a.Value); a.Kind == KindKeyword && k != "" && !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// Text is a text prepared for keyword lookups.
type Text struct{ words string }

// NewText folds a text once for any number of Has calls.
func NewText(s string) Text { return Text{" " + strings.Join(textfold.Words(s), " ") + " "} }

// Has reports whether the text contains the phrase with the given key: its
// words, adjacent and in order.
func (t Text) Has(key string) bool {
	return key != "" && strings.Contains(t.words, " "+strings.ReplaceAll(key, "_", " ")+" ")
}
