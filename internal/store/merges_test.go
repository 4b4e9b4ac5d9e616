package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// TestMergedStoryPointsToTheEarlier records the story stage's decision that
// a stored story reports an earlier story's event: the earlier keeps its
// id, key and lead and gains the later one's articles, outlets and tags;
// the later keeps its id, key, articles and topic membership and points to
// the earlier; a story merged into the later one follows it; the story
// stage's rebuild reads the later one's articles under the earlier story;
// recording the decision again changes nothing.
func TestMergedStoryPointsToTheEarlier(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if err := s.SyncSources(ctx, []model.Source{{ID: "a", URL: "http://a/feed"}, {ID: "b", URL: "http://b/feed"},
			{ID: "c", URL: "http://c/feed"}, {ID: "d", URL: "http://d/feed"}}); err != nil {
			t.Fatal(err)
		}
		base := time.Unix(1700000000, 0)
		ingest := func(src string, a model.Article, merges ...model.Merge) IngestResult {
			t.Helper()
			a.FetchedAt, a.Language = base, "en"
			base = base.Add(time.Hour)
			res, err := s.IngestGroup(ctx, []model.FeedWrite{{State: model.FetchState{SourceID: src, URL: "http://" + src + "/feed"},
				Articles: []model.Article{a}, Merges: merges}})
			if err != nil {
				t.Fatal(err)
			}
			return res[0]
		}
		first := ingest("a", art("a-1", "https://a.org/1", "Earthquake strikes southern Turkey", "h1")).Added[0]
		iraq := art("b-1", "https://b.org/1", "Quake in Gaziantep felt in Iraq", "h2")
		iraq.Tags.Countries = []string{"IQ"}
		later := ingest("b", iraq).Added[0]
		third := ingest("c", art("c-1", "https://c.org/1", "Gaziantep quake: rescuers search rubble", "h3")).Added[0]
		if first.StoryID == later.StoryID || later.StoryID == third.StoryID {
			t.Fatalf("the articles should start three stories: %d %d %d", first.StoryID, later.StoryID, third.StoryID)
		}
		if _, err := s.SetTopics(ctx, []Membership{{StoryID: later.StoryID, Updated: base, Topics: []string{"quakes"}, New: true}}); err != nil {
			t.Fatal(err)
		}
		before, err := s.Story(ctx, first.StoryID)
		if err != nil {
			t.Fatal(err)
		}
		why := model.Join{Path: model.JoinMerge, Score: 0.41, Shared: []string{"turkey"}, GapSeconds: 3600}
		// The third story is merged into the later one, then the later one
		// into the first, with an article that joins the first.
		ingest("c", art("c-2", "https://c.org/2", "Aftershocks in Gaziantep", "h4"), model.Merge{From: third.StoryID, Into: later.StoryID, Why: why})
		joining := art("d-1", "https://d.org/1", "Turkey quake toll rises", "h5")
		joining.StoryID = first.StoryID
		res := ingest("d", joining, model.Merge{From: later.StoryID, Into: first.StoryID, Why: why})
		if !slices.Contains(res.Stories, first.StoryID) || !slices.Contains(res.Stories, later.StoryID) {
			t.Errorf("the merge's stories are not among those the ingest changed (for topic membership): %v", res.Stories)
		}

		earlier, err := s.Story(ctx, first.StoryID)
		if err != nil {
			t.Fatal(err)
		}
		if earlier.Key != before.Key || earlier.Lead.ID != first.ID || earlier.MergedInto != nil {
			t.Errorf("the earlier story changed its key or lead: key %s (was %s), lead %d (was %d), merged into %+v",
				earlier.Key, before.Key, earlier.Lead.ID, first.ID, earlier.MergedInto)
		}
		if got := earlier.Outlets(); !slices.Equal(got, []string{"a", "b", "c", "d"}) {
			t.Errorf("the earlier story's outlets are %v, want a b c d (its own and the merged stories')", got)
		}
		if len(earlier.Merged) != 2 || earlier.Merged[0].ID != later.StoryID || earlier.Merged[0].Why.Score != 0.41 {
			t.Errorf("the earlier story lists as merged into it %+v", earlier.Merged)
		}
		facts, err := s.StoryFacts(ctx, []int64{first.StoryID})
		if err != nil || len(facts) != 1 {
			t.Fatal(facts, err)
		}
		if !slices.Contains(facts[0].Tags.Countries, "IQ") || len(facts[0].Carriers) != 4 {
			t.Errorf("the earlier story's facts (topic rules) lack the merged story's tags or outlets: %+v %v", facts[0].Tags, facts[0].Carriers)
		}

		merged, err := s.Story(ctx, later.StoryID)
		if err != nil {
			t.Fatal(err)
		}
		m := merged.MergedInto
		if m == nil || m.ID != first.StoryID || m.Key != before.Key || m.Title != before.Title || m.LeadURL != "https://a.org/1" {
			t.Fatalf("the later story points to %+v, want story %d %q", m, first.StoryID, before.Title)
		}
		if len(merged.Articles) != 1 || merged.Articles[0].ID != later.ID || merged.Key != StoryKey("b", "b-1") {
			t.Errorf("the later story lost its own article or key: %+v", merged)
		}
		if !merged.Updated.After(before.Updated) {
			t.Errorf("the later story's updated time did not move with the merge: %v", merged.Updated)
		}
		if st, err := s.Story(ctx, third.StoryID); err != nil || st.MergedInto == nil || st.MergedInto.ID != first.StoryID {
			t.Errorf("a story merged into the later one does not follow it to the earlier: %+v %v", st.MergedInto, err)
		}
		shown, err := s.TopicStories(ctx, "quakes", 10)
		if err != nil || len(shown) != 1 || shown[0].ID != later.StoryID {
			t.Errorf("the later story left the feed that carried it: %v %v", shown, err)
		}

		recent, err := s.RecentStories(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[int64]bool{}
		for _, st := range recent {
			if listed[st.ID] {
				t.Errorf("story %d listed twice", st.ID)
			}
			listed[st.ID] = true
		}
		stories := map[int64]int64{}
		if err := s.RecentDocs(ctx, time.Time{}, func(a model.Article) error { stories[a.ID] = a.StoryID; return nil }); err != nil {
			t.Fatal(err)
		}
		caught := map[int64]int64{}
		if err := s.ArticlesAfter(ctx, 0, time.Time{}, func(a model.Article) error { caught[a.ID] = a.StoryID; return nil }); err != nil {
			t.Fatal(err)
		}
		for _, a := range []model.Article{later, third} {
			if stories[a.ID] != first.StoryID {
				t.Errorf("the rebuild reads article %d under story %d, want the earlier story %d", a.ID, stories[a.ID], first.StoryID)
			}
			if caught[a.ID] != first.StoryID {
				t.Errorf("the catch-up reads article %d under story %d, want the earlier story %d", a.ID, caught[a.ID], first.StoryID)
			}
		}
		if len(caught) != len(stories) || caught[first.ID] != first.StoryID {
			t.Errorf("the catch-up read %v, the rebuild %v: want the same", caught, stories)
		}

		// The same decision again (a write retried) changes nothing.
		res = ingest("d", art("d-2", "https://d.org/2", "Unrelated vote in parliament", "h6"), model.Merge{From: later.StoryID, Into: first.StoryID, Why: why})
		if slices.Contains(res.Stories, first.StoryID) {
			t.Errorf("a merge recorded twice touched the earlier story again: %v", res.Stories)
		}
		var b strings.Builder
		for _, a := range earlier.Articles {
			b.WriteString(a.GUID + " ")
		}
		if got := strings.TrimSpace(b.String()); got != "a-1 b-1 c-1 d-1" {
			t.Errorf("the earlier story's articles are %q", got)
		}
	})
}
