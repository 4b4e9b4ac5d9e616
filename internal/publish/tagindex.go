package publish

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish/render"
)

// tagIndexStories is how many recent stories the index of a tag kind counts.
const tagIndexStories = 500

// tagLink is one tag on the index page of its kind.
type tagLink struct {
	Label, URL string
	Stories    int
}

// serveTagIndex answers /tags/KIND: the tags of that kind in recent stories,
// most frequent first, each linking its page. It is also what the feeds'
// category domain (scheme) URLs resolve to.
func (s *Server) serveTagIndex(w http.ResponseWriter, r *http.Request, kind string) int {
	if !slices.Contains(tagKinds, kind) {
		return httpError(w, http.StatusNotFound)
	}
	if _, ok := s.l.(TagLookup); !ok {
		return httpError(w, http.StatusNotFound)
	}
	if _, ok := s.r.(TagReader); !ok {
		return httpError(w, http.StatusNotFound)
	}
	return s.servePage(w, r, render.TagPathPrefix+kind)
}

// buildTagIndex renders the index page of one tag kind.
func (s *Server) buildTagIndex(ctx context.Context, kind string, b *built) error {
	stories, err := s.r.RecentStories(ctx, tagIndexStories)
	if err != nil {
		return fmt.Errorf("publish: read recent stories: %w", err)
	}
	counts := map[string]int{}
	var newest time.Time
	for i := range stories {
		st := &stories[i]
		if st.Updated.After(newest) {
			newest = st.Updated
		}
		for _, id := range tagsOfKind(st.Tags, kind) {
			counts[id]++
		}
	}
	root := s.root()
	var links []tagLink
	for term, n := range counts {
		info, ok := s.lookupTag(term)
		if !ok || info.Kind != kind || !render.ValidSlug(info.ID) || info.ID == worldRegion || !s.tagHasPage(kind, info.ID) {
			continue
		}
		name := render.CollapseSpace(render.CleanText(info.Name))
		if name == "" {
			name = info.ID
		}
		links = append(links, tagLink{Label: name, URL: tagURL(root, kind, info.ID) + s.opt().render().PageExt(), Stories: n})
	}
	sort.Slice(links, func(i, j int) bool {
		if links[i].Stories != links[j].Stories {
			return links[i].Stories > links[j].Stories
		}
		return links[i].Label < links[j].Label
	})
	title := kindNames[kind] + " tags"
	d := pageData{SiteTitle: s.opt().SiteTitle, Title: title, Root: root, Topics: s.topicViews(), TagLinks: links,
		Description: fmt.Sprintf("Every %s named in the %d newest stories, with a page and feeds each.", strings.ToLower(kindNames[kind]), len(stories))}
	page, err := s.execute("tagkind.html", d)
	if err != nil {
		return err
	}
	if newest.IsZero() {
		newest = render.FeedEpoch
	}
	b.page = newRendition(page, contentTypeHTML, lastModified(newest, page, b.prevPage()), s.opt().MaxAge, true)
	return nil
}

// tagsOfKind returns the ids of one kind in ts.
func tagsOfKind(ts model.TagSet, kind string) []string {
	switch kind {
	case model.KindRegion:
		return ts.Regions
	case model.KindCountry:
		return ts.Countries
	case model.KindPlace:
		return ts.Places
	case model.KindActor:
		return ts.Actors
	case model.KindTopic:
		return ts.Topics
	}
	return nil
}
