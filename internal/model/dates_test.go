package model

import (
	"testing"
	"time"
)

func TestNewsTimeAndBacklog(t *testing.T) {
	now := time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)
	old := Article{Published: time.Date(2015, 3, 16, 0, 0, 0, 0, time.UTC), FetchedAt: now}
	ahead := Article{Published: now.Add(time.Hour), FetchedAt: now}
	undated := Article{FetchedAt: now}
	if !old.NewsTime().Equal(old.Published) || !ahead.NewsTime().Equal(now) || !undated.NewsTime().Equal(now) {
		t.Fatalf("NewsTime: old %v ahead %v undated %v", old.NewsTime(), ahead.NewsTime(), undated.NewsTime())
	}
	window := 72 * time.Hour
	backlog := Story{Updated: now, Articles: []Article{old}}
	if !backlog.Backlog(window) {
		t.Error("a 2015 article first seen today is not backlog")
	}
	// The same story joined by today's report is news again.
	joined := Story{Updated: now, Articles: []Article{old, undated}}
	if joined.Backlog(window) {
		t.Error("a story with a fresh article is backlog")
	}
	// Storage's precomputed time wins over the (absent) articles.
	facts := Story{Updated: now, Published: now.Add(-100 * time.Hour)}
	if !facts.Backlog(window) {
		t.Error("Published is ignored")
	}
	// A story recomputed weeks later keeps its answer: no clock involved.
	fresh := Story{Updated: now.Add(-30 * 24 * time.Hour), Articles: []Article{{FetchedAt: now.Add(-30 * 24 * time.Hour)}}}
	if fresh.Backlog(window) {
		t.Error("last month's news turned into backlog")
	}
}
