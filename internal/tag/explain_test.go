package tag

import (
	"os"
	"strings"
	"testing"
)

// TestEvalExplain prints the evidence report (as `aggregator tag` does) for
// every evaluation item whose id, key or title contains $TAG_EXPLAIN: the
// tool for finding out why an item was tagged wrong.
//
//	TAG_EXPLAIN=Savchenko go test ./internal/tag -run TestEvalExplain -v
func TestEvalExplain(t *testing.T) {
	q := os.Getenv("TAG_EXPLAIN")
	if q == "" {
		t.Skip("set TAG_EXPLAIN to a substring of an item id, key or title")
	}
	tg := shippedTagger(t)
	var b strings.Builder
	for _, it := range loadEval(t) {
		if !strings.Contains(it.ID+" "+it.Key+" "+it.title, q) {
			continue
		}
		b.Reset()
		r := tg.Tag(it.title, it.text)
		tg.Report(&b, it.title, it.text, r)
		t.Logf("%s %s gold countries %v actors %v\n%s", it.Feed, it.Key+it.ID, it.Countries, it.Actors, b.String())
	}
}
