package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// TestSetTopicsReadsEachStorysMembershipAsWritten: the stored membership
// of a call's stories is read at once, and a story given twice in one call
// ends with its last topics, the second entry seeing what the first wrote;
// the changed topics are every one a feed of which gained or lost a story.
func TestSetTopicsReadsEachStorysMembershipAsWritten(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		r, err := s.Ingest(ctx, model.FetchState{SourceID: "a"}, []model.Article{
			art("1", "https://x.org/1", "Talks in Astana", "h1"), art("2", "https://x.org/2", "A flood in Porto Alegre", "h2")})
		if err != nil {
			t.Fatal(err)
		}
		x, y := r.Added[0].StoryID, r.Added[1].StoryID
		at := time.Unix(1700000000, 0)
		if _, err := s.SetTopics(ctx, []Membership{{StoryID: x, Updated: at, Topics: []string{"a"}}, {StoryID: y, Updated: at, Topics: []string{"d"}}}); err != nil {
			t.Fatal(err)
		}
		changed, err := s.SetTopics(ctx, []Membership{
			{StoryID: x, Updated: at, Topics: []string{"b"}},
			{StoryID: y, Updated: at, Topics: []string{"d"}},
			{StoryID: x, Updated: at, Topics: []string{"c"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"a", "b", "c"}; !slices.Equal(changed, want) {
			t.Errorf("changed %v, want %v", changed, want)
		}
		for topic, want := range map[string][]int64{"a": nil, "b": nil, "c": {x}, "d": {y}} {
			got, err := s.TopicStories(ctx, topic, 10)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, st := range got {
				ids = append(ids, st.ID)
			}
			if !slices.Equal(ids, want) {
				t.Errorf("topic %s: stories %v, want %v", topic, ids, want)
			}
		}
	})
}
