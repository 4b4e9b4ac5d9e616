package pipeline

import (
	"context"
	"strings"
	"testing"
)

func TestUnchangedItemsStopAtTheLookup(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		p, st := newTestPipelineOn(t, database)
		if _, err := p.IngestBody(ctx, "src", []byte(syriaFeed)); err != nil {
			t.Fatal(err)
		}
		before, err := st.RecentStories(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		// The feed again: one item as it was, one edited, one new.
		again := strings.Replace(syriaFeed, "<description>Shares rose.</description>", "<description>Shares rose sharply on Tuesday.</description>", 1)
		again = strings.Replace(again, "</channel>", `<item><title>Envoy meets Assad in Damascus</title><link>https://news.example.org/envoy</link><guid>a3</guid>
<description>The UN envoy met President Bashar al-Assad in Damascus on Wednesday to discuss the constitutional committee.</description></item></channel>`, 1)
		res, err := p.IngestBody(ctx, "src", []byte(again))
		if err != nil {
			t.Fatal(err)
		}
		if res.Unchanged != 1 || res.Updated != 1 || res.New != 1 {
			t.Fatalf("second fetch: %+v, want 1 unchanged, 1 updated, 1 new", res)
		}
		after, err := st.RecentStories(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		keys := map[string]bool{}
		for _, s := range after {
			keys[s.Key] = true
		}
		for _, s := range before {
			if !keys[s.Key] {
				t.Errorf("story %q (%s) lost its id after an edit", s.Title, s.Key)
			}
		}
	})
}

func TestAnOutletsOwnWriteUpJoinsTheStoryWithoutMovingIt(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		p, st := newTestPipelineOn(t, database)
		if _, err := p.IngestBody(ctx, "src", []byte(syriaFeed)); err != nil {
			t.Fatal(err)
		}
		first, err := st.TopicStories(ctx, "syria-diplomacy", 10)
		if err != nil || len(first) != 1 {
			t.Fatalf("syria-diplomacy: %v %v", first, err)
		}
		var changed []string
		p.SetOnChange(func(s []string) { changed = append(changed, s...) })
		own := `<rss version="2.0"><channel><title>Other</title><item><title>Idlib ceasefire on the table as Putin hosts talks</title>
<link>https://other.example.org/a/9</link><guid>o9</guid><description>Vladimir Putin hosted talks on Tuesday about a ceasefire for Idlib province in Syria, where fighting has displaced thousands.</description></item></channel></rss>`
		res, err := p.IngestBody(ctx, "other", []byte(own))
		if err != nil {
			t.Fatal(err)
		}
		if res.New != 1 || res.NewStories != 0 {
			t.Fatalf("the write-up started a story of its own: %+v", res)
		}
		// The feed item must be rendered again ("Also reported by"), even when
		// the join lands in the second the story was created.
		if !contains(changed, "syria-diplomacy") {
			t.Errorf("publisher not told that syria-diplomacy's story changed: %v", changed)
		}
		now, err := st.TopicStories(ctx, "syria-diplomacy", 10)
		if err != nil || len(now) != 1 {
			t.Fatalf("syria-diplomacy after the write-up: %d stories, %v", len(now), err)
		}
		s := now[0]
		if s.Key != first[0].Key || s.Lead.GUID != "a1" || len(s.Outlets()) != 2 {
			t.Errorf("story moved: key %s→%s, lead %q, outlets %v", first[0].Key, s.Key, s.Lead.GUID, s.Outlets())
		}
		for _, a := range s.Articles {
			if a.GUID == "o9" && a.Join.Path != "event" {
				t.Errorf("the write-up joined by %+v, want the event path", a.Join)
			}
		}
	})
}

// TestReSentItemsAreNotParsed checks the stage's first question: items a
// feed re-sends byte for byte (its own articles and the sightings of other
// sources' articles) are recognized before parsing, while an item whose
// bytes changed but whose title and text did not is parsed and then
// recognized by its GUID.
func TestReSentItemsAreNotParsed(t *testing.T) {
	ctx := context.Background()
	p, _ := newTestPipeline(t)
	if _, err := p.IngestBody(ctx, "src", []byte(syriaFeed)); err != nil {
		t.Fatal(err)
	}
	again := strings.Replace(syriaFeed, "<guid>a2</guid>", "<guid>a2</guid><comments>https://news.example.org/markets#c</comments>", 1)
	res, err := p.IngestBody(ctx, "src", []byte(again))
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != 2 || res.Unparsed != 1 || res.New+res.Updated != 0 {
		t.Fatalf("second fetch: %+v, want 2 unchanged of which 1 unparsed", res)
	}
	// Another source carries the first item (a sighting), twice.
	other := `<rss version="2.0"><channel><title>Other</title><item><title>Putin hosts Syria talks</title>
<link>https://news.example.org/syria-talks</link><guid>x1</guid></item></channel></rss>`
	for round, want := range []int{0, 1} {
		res, err := p.IngestBody(ctx, "other", []byte(other))
		if err != nil {
			t.Fatal(err)
		}
		if res.Unparsed != want || res.New != 0 {
			t.Errorf("other source, fetch %d: %+v, want %d unparsed and nothing new", round+1, res, want)
		}
	}
}

// TestTheLastFetchsItemsAreKnownFromTheState checks where the first
// question is answered: the fetch state keeps the raw hashes of the last
// stored fetch's items, so the next fetch of the same bytes parses nothing
// without a lookup; a state without them (a store from before they were
// kept) still finds the stored items by the lookup.
func TestTheLastFetchsItemsAreKnownFromTheState(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		p, st := newTestPipelineOn(t, database)
		if _, err := p.IngestBody(ctx, "src", []byte(syriaFeed)); err != nil {
			t.Fatal(err)
		}
		fs, err := st.FetchState(ctx, "src")
		if err != nil {
			t.Fatal(err)
		}
		if n := len(strings.Fields(fs.ItemHashes)); n != 2 {
			t.Fatalf("state after the first fetch holds %d item hashes (%q), want 2", n, fs.ItemHashes)
		}
		res, err := p.IngestBody(ctx, "src", []byte(syriaFeed))
		if err != nil {
			t.Fatal(err)
		}
		if res.Unparsed != 2 || res.New+res.Updated != 0 {
			t.Fatalf("same bytes again: %+v, want both items unparsed", res)
		}
		// As a store from before the list: the lookup answers instead.
		fs.ItemHashes = ""
		if err := st.SaveFetchState(ctx, fs); err != nil {
			t.Fatal(err)
		}
		res, err = p.IngestBody(ctx, "src", []byte(syriaFeed))
		if err != nil {
			t.Fatal(err)
		}
		if res.Unparsed != 2 {
			t.Fatalf("same bytes, no list in the state: %+v, want both items unparsed by the lookup", res)
		}
		if fs, err = st.FetchState(ctx, "src"); err != nil || len(strings.Fields(fs.ItemHashes)) != 2 {
			t.Fatalf("the list is kept again after that fetch: %q, %v", fs.ItemHashes, err)
		}
	})
}
