package pipeline

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/publish/render"
)

// oneItemFeed is one feed of one item, as an outlet would serve it.
func oneItemFeed(outlet, guid, title, text string) string {
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>` + outlet + `</title><link>https://` + outlet + `.example.org/</link>
<item><title>` + title + `</title><link>https://` + outlet + `.example.org/` + guid + `</link><guid>` + guid + `</guid>
<pubDate>` + time.Now().Add(-time.Hour).UTC().Format(time.RFC1123Z) + `</pubDate><description>` + text + `</description></item></channel></rss>`
}

// TestSplitStoryIsMergedAndStaysInTheFeed goes through the real pipeline:
// an event's first two write-ups start two stories (the second's title
// names places the first never does, and it is about a country, Russia,
// that the first story is not), both in the topic's feed; a third
// write-up joins both, and the stage merges the later story into the
// earlier. The earlier story keeps its key and lead and gains the later
// one's outlet; the later story's item stays in the feed, says which story
// it is part of, and takes no new articles.
func TestSplitStoryIsMergedAndStaysInTheFeed(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		p, st := buildPipeline(t, testSetup{
			database: database,
			sources: [][2]string{{"wire", "https://wire.example.org/rss"}, {"daily", "https://daily.example.org/rss"},
				{"agency", "https://agency.example.org/rss"}, {"late", "https://late.example.org/rss"}},
			topics: syriaTopic,
		})
		ingest := func(src, body string) {
			t.Helper()
			if _, err := p.IngestBody(ctx, src, []byte(body)); err != nil {
				t.Fatal(err)
			}
		}
		ingest("wire", oneItemFeed("wire", "w1", "Syria ceasefire talks agree buffer zone",
			"Ceasefire talks on Syria agreed on Tuesday a 15-kilometre buffer zone and joint patrols from Saturday, the Syrian foreign ministry said."))
		ingest("daily", oneItemFeed("daily", "d1", "Putin announces Idlib buffer zone after Sochi talks",
			"Russian President Vladimir Putin announced in Sochi on Tuesday a 15-kilometre buffer zone in Syria's Idlib agreed at ceasefire talks, with joint patrols from Saturday."))
		before, err := st.TopicStories(ctx, "syria-diplomacy", 10)
		if err != nil || len(before) != 2 {
			t.Fatalf("before the merge the feed should carry two stories (the event split): %d %v", len(before), err)
		}
		earlier, later := before[1], before[0]
		if earlier.Lead.GUID != "w1" {
			earlier, later = later, earlier
		}
		ingest("agency", oneItemFeed("agency", "a1", "Syria ceasefire talks agree Idlib buffer zone",
			"Ceasefire talks on Syria agreed on Tuesday a 15-kilometre buffer zone in Syria's Idlib, with joint patrols from Saturday, the Syrian foreign ministry said. Russian President Vladimir Putin announced the buffer zone in Sochi."))

		after, err := st.TopicStories(ctx, "syria-diplomacy", 10)
		if err != nil || len(after) != 2 {
			t.Fatalf("after the merge the feed carries %d stories (%v), want both still", len(after), err)
		}
		byKey := map[string]int{}
		for i, s := range after {
			byKey[s.Key] = i
		}
		e, ok := byKey[earlier.Key]
		l, ok2 := byKey[later.Key]
		if !ok || !ok2 {
			t.Fatalf("a story left the feed: before %s, %s; after %v", earlier.Key, later.Key, byKey)
		}
		if got := after[l].MergedInto; got == nil || got.Key != earlier.Key {
			t.Fatalf("the later story points to %+v, want the earlier %s", got, earlier.Key)
		}
		if s := after[e]; s.ID != earlier.ID || s.Lead.GUID != "w1" || len(s.Outlets()) != 3 {
			t.Errorf("the earlier story: id %d (was %d), lead %q, outlets %v; want its id and lead and three outlets",
				s.ID, earlier.ID, s.Lead.GUID, s.Outlets())
		}
		if n := len(after[l].Articles); n != 1 {
			t.Errorf("the later story has %d articles, want its own one", n)
		}

		// A later write-up joins the earlier story, not the merged one.
		ingest("late", oneItemFeed("late", "l1", "Turkey and Iran back Putin's Idlib buffer zone",
			"The Turkish and Iranian envoys backed the 15-kilometre buffer zone in Syria's Idlib that Russian President Vladimir Putin proposed at the Sochi ceasefire talks on Tuesday, with joint patrols from Saturday."))
		if s, err := st.Story(ctx, later.ID); err != nil || len(s.Articles) != 1 {
			t.Errorf("the merged story took a new article: %d articles, %v", len(s.Articles), err)
		}

		// The feed: both items, the earlier with its id, the later pointing to it.
		stories, err := st.TopicStories(ctx, "syria-diplomacy", 10)
		if err != nil {
			t.Fatal(err)
		}
		entries := render.NewBuilder(render.Options{BaseURL: "https://agg.example.org/"}, nil, nil).Entries(render.Topic{Slug: "syria-diplomacy"}, stories)
		var sawEarlier, sawLater bool
		for _, en := range entries {
			switch en.Key {
			case earlier.Key:
				sawEarlier = strings.HasSuffix(en.ID, ":story/"+earlier.Key) && strings.Contains(en.ContentHTML, "Also reported by")
			case later.Key:
				sawLater = strings.Contains(en.ContentHTML, "Part of: ") && strings.Contains(en.ContentHTML, "https://wire.example.org/w1")
			}
		}
		if !sawEarlier || !sawLater {
			t.Errorf("the feed: earlier item kept (with its outlets) %v, later item pointing to it %v; entries %+v", sawEarlier, sawLater, entries)
		}
	})
}
