package pipeline

import (
	"context"
	"strings"
	"testing"
	"time"
)

// An article a source published long before it was fetched (a backlog) is
// stored and searchable but does not enter topic feeds, neither when it
// arrives nor when topics are recomputed after a reload.
func TestBacklogIsStoredNotAnnounced(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		p, st := newTestPipelineOn(t, database)
		old := strings.Replace(syriaFeed, "<guid>a1</guid>", "<guid>a1</guid><pubDate>Mon, 16 Mar 2015 08:00:00 GMT</pubDate>", 1)
		res, err := p.IngestBody(ctx, "src", []byte(old))
		if err != nil {
			t.Fatal(err)
		}
		if res.New != 2 {
			t.Fatalf("result: %+v", res)
		}
		for _, slug := range []string{"syria-diplomacy", "idlib-ceasefire"} {
			if got, err := st.TopicStories(ctx, slug, 10); err != nil || len(got) != 0 {
				t.Errorf("%s announces the 2015 article: %d stories, %v", slug, len(got), err)
			}
		}
		found, err := st.Search(ctx, "Putin", 10)
		if err != nil || len(found) != 1 {
			t.Fatalf("the backlog article is not searchable: %d, %v", len(found), err)
		}
		// A reload recomputes membership from stored facts: still not news.
		cfg := *p.Config()
		cfg.Topics = append(cfg.Topics[:0:0], cfg.Topics...)
		cfg.Topics[0].Title = "Syria diplomacy (renamed)"
		cfg.Topics[0].Match += " OR region:syria"
		if err := p.Reload(ctx, &cfg); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.TopicStories(ctx, "syria-diplomacy", 10); len(got) != 0 {
			t.Errorf("after recompute the backlog entered the topic")
		}
		// A fresh report still enters.
		fresh := strings.NewReplacer("<guid>a1</guid>", "<guid>b1</guid>", "syria-talks", "syria-talks-resume",
			"on Tuesday", "again on Friday after envoys from Turkey and Iran arrived in Moscow").Replace(syriaFeed)
		if _, err := p.IngestBody(ctx, "other", []byte(fresh)); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.TopicStories(ctx, "syria-diplomacy", 10); len(got) != 1 {
			t.Errorf("fresh news did not enter: %d stories", len(got))
		}
		// Tag feeds: the fresh report about Syria, not the 2015 one; regions
		// match rolled up; without a window the backlog is listed too.
		if got, err := st.TagStories(ctx, "country", "SY", 10, 72*time.Hour); err != nil || len(got) != 1 {
			t.Errorf("TagStories(country SY): %d, %v", len(got), err)
		}
		if got, _ := st.TagStories(ctx, "place", "idlib", 10, 0); len(got) != 2 {
			t.Errorf("TagStories(place idlib, no window): %d, want 2", len(got))
		}
		if got, _ := st.TagStories(ctx, "country", "S%", 10, 0); len(got) != 0 {
			t.Errorf("TagStories treats %% as a wildcard")
		}
		// The home page's newest stories: the fresh report and "Markets rally"
		// (undated, so dated when fetched), not the 2015 one.
		news, err := st.RecentNews(ctx, 10, 72*time.Hour)
		if err != nil || len(news) != 2 {
			t.Fatalf("RecentNews: %d stories, %v", len(news), err)
		}
		for _, s := range news {
			if s.NewsTime().Year() == 2015 {
				t.Errorf("RecentNews lists the backlog story %q", s.Title)
			}
		}
	})
}
