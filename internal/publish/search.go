package publish

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/model"
)

// Searcher is storage that can find stories by their words. The server offers
// /search when its StoryReader is one.
type Searcher interface {
	// Search returns the stories whose articles match every word of text.
	Search(ctx context.Context, text string, limit int) ([]model.Story, error)
}

const (
	searchLimit    = 50
	searchMaxBytes = 200 // longer queries are cut: no one types more, and it bounds the work
)

// searchTopic is the pseudo-topic search results are rendered as.
var searchTopic = Topic{Slug: "", Title: "Search", Unit: UnitStory, Limit: searchLimit}

// serveSearch answers /search?q=: a form, and the matching stories. Results
// are not cached (every query differs) and are never stored by proxies for
// long.
func (s *Server) serveSearch(w http.ResponseWriter, r *http.Request) int {
	srch, ok := s.r.(Searcher)
	if !ok {
		return httpError(w, http.StatusNotFound)
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > searchMaxBytes {
		q = q[:searchMaxBytes]
		for !utf8.ValidString(q) {
			q = q[:len(q)-1]
		}
	}
	var stories []model.Story
	if q != "" {
		var err error
		if stories, err = srch.Search(r.Context(), q, searchLimit); err != nil {
			s.opt().Logger.Warn("publish: search failed", "err", err)
			return httpError(w, http.StatusServiceUnavailable)
		}
	}
	bl := s.newBuilder(r.Context())
	d := pageData{SiteTitle: s.opt().SiteTitle, Title: "Search", Root: s.root(), Topics: s.topicViews(),
		Stories: s.storyViews(bl.Entries(searchTopic, stories)), Query: q, Searched: q != ""}
	page, err := s.execute("search.html", d)
	if err != nil {
		return httpError(w, http.StatusInternalServerError)
	}
	return serve(w, r, newRendition(page, contentTypeHTML, time.Now(), 0, true))
}
