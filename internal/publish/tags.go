package publish

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish/render"
)

// TagInfo describes one taxonomy entry for tag pages and chips.
type TagInfo struct {
	Kind    string   // region, country, place, actor, topic
	ID      string   // taxonomy id, as in /tags/KIND/ID
	Name    string   // display name
	ISO     string   // countries: the ISO 3166-1 alpha-2 code stored in model.TagSet.Countries
	Parents []string // direct geographic parents (ids)
}

// TagLookup resolves a taxonomy id, or a country's ISO code, to its entry.
// A Labeler that is also a TagLookup gives every tag a page and feeds
// (/tags/KIND/ID) and lets pages collapse regions; without one, tag routes
// answer 404.
type TagLookup interface {
	LookupTag(idOrISO string) (TagInfo, bool)
}

// TagReader is storage that can list the stories of one tag. kind is a tag
// kind and id the stored id (ISO code for countries); with window > 0 it
// leaves out backlog stories.
type TagReader interface {
	TagStories(ctx context.Context, kind, id string, limit int, window time.Duration) ([]model.Story, error)
}

// tagKinds are the kinds that have tag pages, in the order feeds list them.
var tagKinds = []string{model.KindRegion, model.KindCountry, model.KindPlace, model.KindActor, model.KindTopic}

// kindNames are the kinds as pages write them.
var kindNames = map[string]string{
	model.KindRegion: "Region", model.KindCountry: "Country", model.KindPlace: "Place",
	model.KindActor: "Actor", model.KindTopic: "Topic",
}

// maxTagSlots bounds the tag renders kept in the cache: there are thousands
// of tags and a crawler may ask for all of them.
const maxTagSlots = 512

// lookupTag resolves a tag through the Labeler, if it can.
func (s *Server) lookupTag(idOrISO string) (TagInfo, bool) {
	tl, ok := s.l.(TagLookup)
	if !ok || idOrISO == "" {
		return TagInfo{}, false
	}
	return tl.LookupTag(idOrISO)
}

// tagTopic is the pseudo-topic a tag's page and feeds are rendered as, or
// false when kind/id names no taxonomy entry.
func (s *Server) tagTopic(kind, id string) (Topic, TagInfo, bool) {
	if !slices.Contains(tagKinds, kind) || !render.ValidSlug(id) {
		return Topic{}, TagInfo{}, false
	}
	info, ok := s.lookupTag(id)
	if !ok || info.Kind != kind || info.ID != id {
		return Topic{}, TagInfo{}, false
	}
	name := render.CollapseSpace(render.CleanText(info.Name))
	if name == "" {
		name = id
	}
	return Topic{
		Slug:        render.TagPathPrefix + kind + "/" + id,
		Title:       name,
		Description: fmt.Sprintf("Stories about %s (%s), from every source", name, strings.ToLower(kindNames[kind])),
		Unit:        UnitStory,
		Limit:       s.opt().Limit,
		TagKind:     kind,
	}, info, true
}

// tagURL is the site-relative link of a tag's page.
func tagURL(root, kind, id string) string {
	return root + render.TagPathPrefix + kind + "/" + id
}

// buildTag reads the stories of tag key ("tags/KIND/ID") and renders its
// feeds and page like a topic's.
func (s *Server) buildTag(ctx context.Context, key string, b *built) error {
	kind, id, hasID := strings.Cut(strings.TrimPrefix(key, render.TagPathPrefix), "/")
	if !hasID {
		return s.buildTagIndex(ctx, kind, b)
	}
	t, info, ok := s.tagTopic(kind, id)
	if !ok {
		return fmt.Errorf("publish: unknown tag %q", key)
	}
	tr, ok := s.r.(TagReader)
	if !ok {
		return fmt.Errorf("publish: storage cannot list stories by tag")
	}
	term := id
	if kind == model.KindCountry && info.ISO != "" {
		term = info.ISO
	}
	stories, err := tr.TagStories(ctx, kind, term, s.opt().limitOf(t), s.opt().StoryWindow)
	if err != nil {
		return fmt.Errorf("publish: read tag %q: %w", key, err)
	}
	return s.renderInto(ctx, t, stories, b)
}

// tagSlots counts the cached tag renders; the caller holds s.mu.
func (s *Server) tagSlotsLocked() int {
	n := 0
	for k := range s.cache {
		if strings.HasPrefix(k, render.TagPathPrefix) {
			n++
		}
	}
	return n
}

// dropTagSlotsLocked forgets every cached tag render; the caller holds s.mu.
func (s *Server) dropTagSlotsLocked() {
	for k := range s.cache {
		if strings.HasPrefix(k, render.TagPathPrefix) {
			delete(s.cache, k)
		}
	}
}
