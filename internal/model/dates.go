package model

import "time"

// NewsTime is when an article's news happened, as readers are told: the
// source's own publication time, clamped so that it is never later than when
// the aggregator first fetched the article (a source's clock or time zone
// cannot put an item in the future or above fresher news); the fetch time when
// the feed gave no date.
func (a *Article) NewsTime() time.Time {
	p, f := a.Published, a.FetchedAt
	switch {
	case p.IsZero():
		return f.UTC()
	case !f.IsZero() && p.After(f):
		return f.UTC()
	}
	return p.UTC()
}

// ChangeTime is when an article last changed by its source's account: its
// Updated time, never before NewsTime and never later than the fetch.
func (a *Article) ChangeTime() time.Time {
	n := a.NewsTime()
	u := a.Updated
	if u.IsZero() || u.Before(n) {
		return n
	}
	if !a.FetchedAt.IsZero() && u.After(a.FetchedAt) {
		return a.FetchedAt.UTC()
	}
	return u.UTC()
}

// NewsTime is the news time of the story's newest article: Published when the
// store filled it in, else the newest NewsTime among Articles (or Lead). It is
// zero when nothing is known.
func (s *Story) NewsTime() time.Time {
	if !s.Published.IsZero() {
		return s.Published.UTC()
	}
	var t time.Time
	for i := range s.Articles {
		if n := s.Articles[i].NewsTime(); n.After(t) {
			t = n
		}
	}
	if t.IsZero() {
		t = s.Lead.NewsTime()
	}
	return t
}

// Backlog says whether a story is old news: its newest article was published
// more than window before the story was last seen to change. A source added
// with years of archive, or a feed that re-lists old items, brings stories
// that are stored and searchable but must not be announced in topic feeds as
// news. The test does not depend on the clock, so recomputing topics later
// gives the same answer.
func (s *Story) Backlog(window time.Duration) bool {
	n := s.NewsTime()
	if window <= 0 || n.IsZero() || s.Updated.IsZero() {
		return false
	}
	return n.Before(s.Updated.Add(-window))
}
