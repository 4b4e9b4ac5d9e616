package publish

import (
	"context"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// firstSeenShown is how far apart publication and first sight must be for
// pages to show both: a source polled every few minutes is seen a few
// minutes after it publishes, which is not worth a second date.
const firstSeenShown = time.Hour

// showFirstSeen says whether a page should add "first seen" to a
// publication time.
func showFirstSeen(published, firstSeen time.Time) bool {
	return !firstSeen.IsZero() && firstSeen.Sub(published) >= firstSeenShown
}

// NewsReader is storage that can list the newest stories that are news, not
// backlog (see model.Story.Backlog). The home page uses it when the
// StoryReader is one; otherwise it filters RecentStories itself.
type NewsReader interface {
	RecentNews(ctx context.Context, limit int, window time.Duration) ([]model.Story, error)
}

// recentNews reads the stories of the home page.
func (s *Server) recentNews(ctx context.Context) ([]model.Story, error) {
	if nr, ok := s.r.(NewsReader); ok && s.opt().StoryWindow > 0 {
		return nr.RecentNews(ctx, homeStories, s.opt().StoryWindow)
	}
	stories, err := s.r.RecentStories(ctx, homeStories)
	if err != nil {
		return nil, err
	}
	news := stories[:0]
	for i := range stories {
		if !stories[i].Backlog(s.opt().StoryWindow) {
			news = append(news, stories[i])
		}
	}
	return news, nil
}
