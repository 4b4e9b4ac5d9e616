package render

import (
	"bytes"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

func TestStoryTimes(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	art := func(pub, fetched time.Time) model.Article {
		return model.Article{Published: pub, Updated: pub, FetchedAt: fetched}
	}
	for _, tc := range []struct {
		name     string
		s        model.Story
		pub, upd time.Time
	}{
		{"two outlets: first and last publication",
			model.Story{FirstSeen: t0, Updated: t0.Add(3 * time.Hour), Articles: []model.Article{art(t0, t0.Add(time.Minute)), art(t0.Add(2*time.Hour), t0.Add(3*time.Hour))}},
			t0, t0.Add(2 * time.Hour)},
		{"a clock ahead is clamped to the fetch",
			model.Story{FirstSeen: t0, Updated: t0, Articles: []model.Article{art(t0.Add(5*time.Hour), t0)}},
			t0, t0},
		{"never later than the story was first seen",
			model.Story{FirstSeen: t0, Updated: t0.Add(time.Hour), Articles: []model.Article{art(t0.Add(30*time.Minute), t0.Add(time.Hour))}},
			t0, t0.Add(30 * time.Minute)},
		{"no article: the story's own times",
			model.Story{FirstSeen: t0, Updated: t0.Add(time.Hour)},
			t0, t0.Add(time.Hour)},
	} {
		lead := model.Article{}
		if len(tc.s.Articles) > 0 {
			lead = tc.s.Articles[0]
		}
		pub, upd := storyTimes(&tc.s, &lead)
		if !pub.Equal(tc.pub) || !upd.Equal(tc.upd) {
			t.Errorf("%s: %v %v, want %v %v", tc.name, pub, upd, tc.pub, tc.upd)
		}
	}
}

func TestEncodeIsPureAndKnowsItsFormats(t *testing.T) {
	a := model.Article{SourceID: "s", GUID: "g", URL: "https://example.org/a", Title: "A & B", Summary: "Text.", Language: "ar",
		Published: time.Date(2015, 3, 16, 8, 0, 0, 0, time.UTC), FetchedAt: time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)}
	stories := []model.Story{{Key: "k", Title: a.Title, FirstSeen: a.FetchedAt, Updated: a.FetchedAt, Lead: a, Articles: []model.Article{a}}}
	topic := Topic{Slug: "t", Title: "T"}
	for _, f := range []string{FormatRSS, FormatAtom, FormatJSON} {
		x, err := Render(f, topic, stories, Options{BaseURL: "https://feeds.example.org/"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		y, _ := Render(f, topic, stories, Options{BaseURL: "https://feeds.example.org/"}, nil)
		if !bytes.Equal(x, y) || !bytes.Contains(x, []byte("2015")) {
			t.Errorf("%s: not the same bytes twice, or not dated 2015", f)
		}
	}
	if _, err := Render("xml", topic, stories, Options{}, nil); err == nil {
		t.Error("an unknown format renders")
	}
}
