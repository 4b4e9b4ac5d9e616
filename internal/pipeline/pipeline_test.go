package pipeline

import (
	"context"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/store"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// newTestPipeline builds a pipeline over a fresh SQLite database with the
// test taxonomy, sources "src" and "other", and two topics.
func newTestPipeline(t testing.TB) (*Pipeline, *store.Store) {
	t.Helper()
	return newTestPipelineOn(t, nil)
}

// newTestPipelineOn is newTestPipeline over the given store backend.
func newTestPipelineOn(t testing.TB, database func(testing.TB) string) (*Pipeline, *store.Store) {
	t.Helper()
	return buildPipeline(t, testSetup{
		database: database,
		sources:  [][2]string{{"src", "https://feeds.example.org/world.xml"}, {"other", "https://other.example.org/rss"}},
		topics:   syriaTopic + "  - slug: idlib-ceasefire\n    title: Idlib ceasefire\n    match: keyword:\"ceasefire in Idlib\" AND NOT keyword:\"Markets\"\n",
	})
}

const syriaFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>World</title><link>https://news.example.org/</link>
<item><title>Putin hosts Syria talks</title><link>https://news.example.org/syria-talks</link><guid>a1</guid>
<description>Russian President Vladimir Putin hosted talks on a ceasefire in Idlib, the Syrian province, on Tuesday.</description></item>
<item><title>Markets rally</title><link>https://news.example.org/markets</link><guid>a2</guid><description>Shares rose.</description></item>
</channel></rss>`

func TestIngestBodyTagsStoresAndPublishes(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		p, st := newTestPipelineOn(t, database)
		var changed []string
		p.SetOnChange(func(s []string) { changed = append(changed, s...) })
		res, err := p.IngestBody(ctx, "src", []byte(syriaFeed))
		if err != nil {
			t.Fatal(err)
		}
		if res.New != 2 || res.NewStories != 2 {
			t.Fatalf("result: %+v", res)
		}
		stories, err := st.TopicStories(ctx, "syria-diplomacy", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(stories) != 1 || stories[0].Title != "Putin hosts Syria talks" {
			t.Fatalf("syria-diplomacy has %d stories: %+v", len(stories), stories)
		}
		if !contains(changed, "syria-diplomacy") || !contains(changed, "idlib-ceasefire") {
			t.Errorf("publisher not told of the changes: %v", changed)
		}
		kw, err := st.TopicStories(ctx, "idlib-ceasefire", 10)
		if err != nil || len(kw) != 1 || kw[0].Title != "Putin hosts Syria talks" {
			t.Errorf("keyword topic (FTS5 phrase search): %v %v", kw, err)
		}
		tags := stories[0].Tags
		if !contains(tags.Countries, "SY") || !contains(tags.Actors, "vladimir-putin") || !contains(tags.Places, "idlib") {
			t.Errorf("tags: %+v", tags)
		}
		// The same wire copy from another outlet joins the story.
		copy := `<rss version="2.0"><channel><title>Other</title><item><title>Putin hosts Syria talks - Other News</title>
<link>https://other.example.org/a/123</link><description>Russian President Vladimir Putin hosted talks on a ceasefire in Idlib, the Syrian province, on Tuesday.</description></item></channel></rss>`
		res, err = p.IngestBody(ctx, "other", []byte(copy))
		if err != nil {
			t.Fatal(err)
		}
		stories, _ = st.TopicStories(ctx, "syria-diplomacy", 10)
		if res.New != 1 || res.NewStories != 0 || len(stories) != 1 || len(stories[0].Outlets()) != 2 {
			t.Errorf("near duplicate did not join the story: %+v, %d stories", res, len(stories))
		}
	})
}

// A keyword rule saved after the articles were stored still finds them.
func TestNewKeywordRuleFindsStoredArticles(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		p, st := newTestPipelineOn(t, database)
		if _, err := p.IngestBody(ctx, "src", []byte(syriaFeed)); err != nil {
			t.Fatal(err)
		}
		cfg := *p.Config()
		cfg.Topics = append(append([]config.Topic{}, cfg.Topics...), config.Topic{Slug: "syrian-province", Title: "Syrian province", Match: `"the Syrian province"`})
		if err := p.Reload(ctx, &cfg); err != nil {
			t.Fatal(err)
		}
		got, err := st.TopicStories(ctx, "syrian-province", 10)
		if err != nil || len(got) != 1 || got[0].Title != "Putin hosts Syria talks" {
			t.Errorf("new keyword topic after reload: %v %v", got, err)
		}
	})
}

// TestReloadKeepsTheTaggerOfTheSameTaxonomy: a reload whose taxonomy files
// are the same (TaxonomyKey) keeps the built tagger; one whose taxonomy
// changed builds a new one, which tags with the new entries.
func TestReloadKeepsTheTaggerOfTheSameTaxonomy(t *testing.T) {
	ctx := context.Background()
	p, _ := newTestPipelineOn(t, storetest.SQLitePath)
	if p.Config().TaxonomyKey == "" {
		t.Fatal("the loaded configuration has no TaxonomyKey")
	}
	before := p.Tagger()
	same := *p.Config()
	same.Topics = append([]config.Topic{}, same.Topics...) // an edit elsewhere
	if err := p.Reload(ctx, &same); err != nil {
		t.Fatal(err)
	}
	if p.Tagger() != before {
		t.Error("a reload with the same taxonomy files built the tagger again")
	}
	changed := *p.Config()
	changed.TaxonomyKey += "-edited"
	entries, rules := changed.Taxonomy()
	changed.SetTaxonomy(append(append([]config.TaxonomyEntry{}, entries...),
		config.TaxonomyEntry{ID: "zorbland", Kind: "country", Name: "Zorbland", ISO: "ZB"}), rules)
	if err := p.Reload(ctx, &changed); err != nil {
		t.Fatal(err)
	}
	if p.Tagger() == before {
		t.Fatal("a reload with another taxonomy kept the old tagger")
	}
	if r := p.Tagger().Tag("Zorbland votes on a new constitution", "Zorbland held a referendum on a new constitution on Tuesday."); len(r.TagSet.Countries) == 0 {
		t.Errorf("the new tagger does not know the new entry: %+v", r.TagSet)
	}
}
