package config

import "slices"

// TagKinds are the kinds of taxonomy entries, in the order feeds list them.
var TagKinds = []string{"region", "country", "place", "actor", "topic"}

// Content settings of a topic.
const (
	ContentSummary = "summary"
	ContentFull    = "full"
)

// validateTopicOutput checks what a topic's feed emits: the category kinds
// and the content setting.
func validateTopicOutput(t Topic, n entryNode, ps *Problems) {
	for i, k := range t.Categories {
		if !slices.Contains(TagKinds, k) {
			ps.add(pick(n.key("categories"), t.Pos), "topic %q: categories: %q is not a tag kind (one of region, country, place, actor, topic)", t.Slug, k)
		} else if slices.Contains(t.Categories[:i], k) {
			ps.add(pick(n.key("categories"), t.Pos), "topic %q: categories: %q is listed twice", t.Slug, k)
		}
	}
	switch t.Content {
	case "", ContentSummary, ContentFull:
	default:
		ps.add(pick(n.key("content"), t.Pos), "topic %q: content must be summary or full, got %q", t.Slug, t.Content)
	}
}
