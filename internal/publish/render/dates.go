package render

import (
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// storyTimes dates a story's item by its articles' own times (see
// model.Article.NewsTime): published is when the earliest of them came out,
// updated when the newest did (or last changed). When the story has no dated
// article the story's first-seen and updated times stand in.
func storyTimes(s *model.Story, lead *model.Article) (published, updated time.Time) {
	arts := s.Articles
	if len(arts) == 0 {
		arts = []model.Article{*lead}
	}
	for i := range arts {
		n, c := arts[i].NewsTime(), arts[i].ChangeTime()
		if n.IsZero() {
			continue
		}
		if published.IsZero() || n.Before(published) {
			published = n
		}
		if c.After(updated) {
			updated = c
		}
	}
	if published.IsZero() {
		published, updated = s.FirstSeen.UTC(), s.Updated.UTC()
	}
	if !s.FirstSeen.IsZero() && published.After(s.FirstSeen) {
		published = s.FirstSeen.UTC() // never later than the story was first seen
	}
	if updated.Before(published) {
		updated = published
	}
	return orEpoch(published), orEpoch(updated)
}

// orEpoch returns t in UTC, or feedEpoch when t is zero, so that every item
// carries a valid date.
func orEpoch(t time.Time) time.Time {
	if t.IsZero() {
		return FeedEpoch
	}
	return t.UTC()
}
