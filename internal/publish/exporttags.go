package publish

import (
	"context"
	"fmt"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish/render"
)

// maxExportTags bounds the tag pages of a static export: the tags of the
// stories that the exported pages show, then theirs, until none is new or
// the bound is reached (chips of tags beyond it are not linked).
const maxExportTags = 1000

// exportTagSet returns the tags ("kind/id") a static export gives pages:
// those of the topic and home pages' stories, and of the stories of those
// tags' pages, and so on, up to maxExportTags.
func (s *Server) exportTagSet(ctx context.Context) (map[string]bool, error) {
	set := map[string]bool{}
	tr, ok := s.r.(TagReader)
	if _, hasLookup := s.l.(TagLookup); !ok || !hasLookup {
		return set, nil
	}
	type tagRef struct{ kind, id, term string }
	var queue []tagRef
	add := func(stories []model.Story) {
		for i := range stories {
			for _, kind := range tagKinds {
				for _, term := range tagsOfKind(stories[i].Tags, kind) {
					info, ok := s.lookupTag(term)
					if !ok || info.Kind != kind || !render.ValidSlug(info.ID) || len(set) >= maxExportTags {
						continue
					}
					if key := kind + "/" + info.ID; !set[key] {
						set[key] = true
						queue = append(queue, tagRef{kind, info.ID, term})
					}
				}
			}
		}
	}
	for _, t := range s.Topics() {
		stories, err := s.r.TopicStories(ctx, t.Slug, s.opt().limitOf(t))
		if err != nil {
			return nil, fmt.Errorf("publish: export topic %q: %w", t.Slug, err)
		}
		add(stories)
	}
	home, err := s.recentNews(ctx)
	if err != nil {
		return nil, fmt.Errorf("publish: export home page: %w", err)
	}
	add(home)
	if idx, err := s.r.RecentStories(ctx, tagIndexStories); err == nil {
		add(idx) // the tag index pages list these
	}
	for len(queue) > 0 && len(set) < maxExportTags {
		ref := queue[0]
		queue = queue[1:]
		stories, err := tr.TagStories(ctx, ref.kind, ref.term, s.opt().Limit, s.opt().StoryWindow)
		if err != nil {
			return nil, fmt.Errorf("publish: export tag %s/%s: %w", ref.kind, ref.id, err)
		}
		add(stories)
	}
	return set, nil
}
