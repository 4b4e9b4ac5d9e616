package store

import (
	"context"
	"fmt"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// newsTimeCol is an expression over a stories row: the news time of its
// newest article in Unix seconds (model.Article.NewsTime in SQL: the
// publication time, clamped to the fetch time, the fetch time when there is
// none), 0 when the story has no article. It reads the story's articles
// through the articles_story_news index on story and news time (migrations
// postgres/007 and sqlite/030): PostgreSQL takes one step down it, SQLite
// searches it without reading an article row.
const newsTimeCol = `coalesce((SELECT max(CASE WHEN a.published > 0 AND a.published < a.fetched_at THEN a.published ELSE a.fetched_at END)
	FROM articles a WHERE a.story_id = stories.id), 0)`

// RecentNews returns the newest stories overall that are news: those whose
// newest article was published within window of the story's last change
// (see model.Story.Backlog), so that a source added with its archive does not
// fill the home page's "newest stories" with old reports.
func (s *Store) RecentNews(ctx context.Context, limit int, window time.Duration) ([]model.Story, error) {
	ids, err := s.ids(ctx, `SELECT id FROM stories WHERE `+newsTimeCol+` >= updated - ? ORDER BY updated DESC, id DESC LIMIT ?`,
		int64(window/time.Second), limit)
	if err != nil {
		return nil, fmt.Errorf("store: recent news: %w", err)
	}
	return s.storiesByID(ctx, ids)
}
