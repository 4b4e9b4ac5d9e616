package demo

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/opml"
	"github.com/intlwire/aggregator/internal/pipeline"
	"github.com/intlwire/aggregator/internal/store"
)

// TestSampleStoriesLandInTopics runs the sample feeds through the real
// pipeline with the shipped topics and taxonomy: the seed story lands in Syria
// diplomacy (its tracked copy on a second source joins it), and the other
// stories spread over many other topics.
func TestSampleStoriesLandInTopics(t *testing.T) {
	dir := t.TempDir()
	cfgDir, _ := filepath.Abs(filepath.Join("..", "..", "config"))
	var srcs bytes.Buffer
	if err := opml.WriteSourcesYAML(&srcs, Sources("http://demo.test/")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "sources.yaml"), srcs.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "aggregator.yaml"), []byte(fmt.Sprintf("database: demo.db\nsources: sources.yaml\ntopics: %s\ntaxonomy: %s\n",
		filepath.Join(cfgDir, "topics.yaml"), filepath.Join(cfgDir, "taxonomy"))), 0o644)
	cfg, err := config.Load(filepath.Join(dir, "aggregator.yaml"))
	if err != nil {
		t.Skipf("shipped config does not load: %v", err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The feeds are rendered as of anchor: fetch them then too, or their
	// items would be days old when seen, a backlog kept out of topics.
	p, err := pipeline.New(ctx, pipeline.Options{Store: st, Config: cfg, Now: func() time.Time { return anchor.Add(time.Minute) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Feeds() {
		body, err := Render(f.Name, "http://demo.test", anchor)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.IngestBody(ctx, "demo-"+f.Name, body); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	all, err := st.RecentStories(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	placed := map[int64]bool{}
	var hit []string
	seed := false
	for _, tp := range cfg.Topics {
		stories, err := st.TopicStories(ctx, tp.Slug, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(stories) > 0 {
			hit = append(hit, tp.Slug)
		}
		for _, s := range stories {
			placed[s.ID] = true
			if tp.Slug == "syria-diplomacy" && strings.HasPrefix(s.Title, "Russia’s blitz diplomacy") {
				if len(s.Outlets()) < 2 {
					t.Errorf("the seed story's tracked copy did not join it: outlets %v", s.Outlets())
				}
				seed = true
			}
		}
	}
	t.Logf("%d of %d stories in some topic; topics hit: %v", len(placed), len(all), hit)
	if !seed {
		t.Error("the seed story is not in syria-diplomacy")
	}
	if len(placed) < len(all)*3/4 {
		t.Errorf("only %d of %d sample stories land in a topic", len(placed), len(all))
	}
	if len(hit) < 10 {
		t.Errorf("the sample stories reach only %d topics: %v", len(hit), hit)
	}
}
