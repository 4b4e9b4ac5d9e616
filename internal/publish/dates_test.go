package publish_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish/publishtest"
)

// backlogStory is one story whose only article a source published years
// before the aggregator first fetched it (a source added with its archive).
func backlogStory(published, fetched time.Time) model.Story {
	a := model.Article{ID: 9, SourceID: "wire-a", GUID: "https://wire-a.example.com/old", URL: "https://wire-a.example.com/old",
		Title: "An old report", Summary: "From the archive.", Language: "zh",
		Published: published, Updated: published, FetchedAt: fetched}
	return model.Story{ID: 9, Key: "s-old", Title: a.Title, FirstSeen: fetched, Updated: fetched, Lead: a, Articles: []model.Article{a}}
}

func TestItemsCarryTheArticlesOwnPublicationTime(t *testing.T) {
	published := time.Date(2015, 3, 16, 8, 0, 0, 0, time.UTC)
	fetched := time.Date(2026, 12, 6, 18, 30, 0, 0, time.UTC)
	stories := []model.Story{backlogStory(published, fetched)}
	for _, format := range []string{"rss", "atom", "json"} {
		f := parseChecked(t, format, render(t, format, testOptions(), stories))
		it := f.Items[0]
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(published) {
			t.Errorf("%s: published %v, want %v", format, it.PublishedParsed, published)
		}
		if format != "rss" && (it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(published)) {
			t.Errorf("%s: updated %v, want %v", format, it.UpdatedParsed, published)
		}
	}
	// JSON Feed names both dates itself.
	var jf struct {
		Items []struct {
			Published string `json:"date_published"`
			Modified  string `json:"date_modified"`
		} `json:"items"`
	}
	if err := json.Unmarshal(render(t, "json", testOptions(), stories), &jf); err != nil {
		t.Fatal(err)
	}
	if jf.Items[0].Published != "2015-03-16T08:00:00Z" || jf.Items[0].Modified != "2015-03-16T08:00:00Z" {
		t.Errorf("JSON dates %+v", jf.Items[0])
	}
}

func TestItemDatesNeverLaterThanFirstSeen(t *testing.T) {
	fetched := time.Date(2026, 12, 6, 18, 30, 0, 0, time.UTC)
	// A source whose clock runs ahead dates its item ten minutes after we
	// fetched it; one with no date at all gets the fetch time.
	ahead := backlogStory(fetched.Add(10*time.Minute), fetched)
	undated := backlogStory(time.Time{}, fetched)
	for _, st := range []model.Story{ahead, undated} {
		f := parseChecked(t, "atom", render(t, "atom", testOptions(), []model.Story{st}))
		if got := f.Items[0].PublishedParsed; got == nil || !got.Equal(fetched) {
			t.Errorf("published %v, want the fetch time %v", got, fetched)
		}
		if got := f.Items[0].UpdatedParsed; got == nil || got.After(fetched) {
			t.Errorf("updated %v after the fetch time", got)
		}
	}
}

func TestStoryItemDatedByItsArticles(t *testing.T) {
	// The astana story: three outlets, published t0, t0+40m, t0+90m.
	stories := publishtest.SyriaStories()
	s := stories[2]
	f := parseChecked(t, "atom", render(t, "atom", testOptions(), []model.Story{s}))
	t0 := publishtest.Base.Add(-6 * time.Hour)
	if !f.Items[0].PublishedParsed.Equal(t0) || !f.Items[0].UpdatedParsed.Equal(t0.Add(90*time.Minute)) {
		t.Errorf("published %v updated %v, want %v and %v", f.Items[0].PublishedParsed, f.Items[0].UpdatedParsed, t0, t0.Add(90*time.Minute))
	}
}

func TestPagesShowPublicationAndFirstSeen(t *testing.T) {
	published := time.Date(2015, 3, 16, 8, 0, 0, 0, time.UTC)
	fetched := time.Date(2026, 12, 6, 18, 30, 0, 0, time.UTC)
	srv, r, ts := newTestServer(t, testOptions())
	r.Set("syria-diplomacy", []model.Story{backlogStory(published, fetched)})
	_, body := do(t, "GET", ts.URL+"/feeds/syria-diplomacy", nil)
	if !bytes.Contains(body, []byte(`<time datetime="2015-03-16T08:00:00Z">16 Mar 2015, 08:00 UTC</time>`)) {
		t.Errorf("page lacks the publication time:\n%s", body)
	}
	if !bytes.Contains(body, []byte(`first seen <time datetime="2026-12-06T18:30:00Z">`)) {
		t.Errorf("page lacks the first-seen time")
	}
	// Fresh stories (seen two minutes after publication) show one date.
	r.Set("syria-diplomacy", publishtest.SyriaStories())
	srv.Invalidate("syria-diplomacy")
	_, body = do(t, "GET", ts.URL+"/feeds/syria-diplomacy", nil)
	if bytes.Contains(body, []byte("first seen")) || !bytes.Contains(body, []byte("20 Nov 2026, 11:00 UTC")) {
		t.Errorf("fresh stories: want one date each, the publication time")
	}
}
