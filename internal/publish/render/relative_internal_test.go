package render

import (
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
)

// TestArticleWithoutLinkDropsRelativeURLs: issue 17 found a relative URL in
// an item without a usable link resolved against the aggregator's own base
// URL, so readers fetched it from the aggregator. It is dropped instead.
func TestArticleWithoutLinkDropsRelativeURLs(t *testing.T) {
	b := NewBuilder(Options{BaseURL: "https://agg.example.org/"}, nil, nil)
	a := &model.Article{Title: "t", ContentHTML: `<p><a href="/world/1">more</a> <img src="pic.jpg"> <a href="https://o.example/x">o</a></p>`}
	e := b.articleEntry(&model.Story{Title: "t"}, a)
	if strings.Contains(e.ContentHTML, "agg.example.org") || strings.Contains(e.ContentHTML, "/world/1") {
		t.Fatalf("relative URL kept or resolved against the aggregator: %q", e.ContentHTML)
	}
	if !strings.Contains(e.ContentHTML, `href="https://o.example/x"`) {
		t.Fatalf("absolute link lost: %q", e.ContentHTML)
	}
}
