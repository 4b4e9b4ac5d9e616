package story

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/story/storyeval"
	"github.com/intlwire/aggregator/internal/tag"
)

// shippedTagger builds the tagger of config/taxonomy, as the daemon does.
func shippedTagger(t testing.TB) *tag.Tagger {
	t.Helper()
	dir, _ := filepath.Abs("../../config/taxonomy")
	tmp := t.TempDir()
	for name, body := range map[string]string{
		"sources.yaml":    "sources: []\n",
		"topics.yaml":     "topics: []\n",
		"aggregator.yaml": "sources: sources.yaml\ntopics: topics.yaml\ntaxonomy: " + dir + "\n",
	} {
		if err := os.WriteFile(filepath.Join(tmp, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Load(filepath.Join(tmp, "aggregator.yaml"))
	if err != nil {
		t.Skipf("shipped taxonomy: %v", err)
	}
	entries, _ := cfg.Taxonomy()
	tg, err := tag.New(entries)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// runEvents clusters a labelled set with the event index alone, feed by
// feed (one feed per source, in a fixed order unrelated to the events), and
// returns the predicted story of each article. The pipeline's evaluation
// (internal/pipeline TestStoryEval) runs the same sets through fetch and
// store; this one only sweeps the event index's settings quickly.
func runEvents(tg *tag.Tagger, docs []storyeval.Article, o EventOptions) []int64 {
	feats := make([]*Features, len(docs))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	bySource := map[string][]int{}
	for i, d := range docs {
		r := tg.Tag(d.Title, d.Text)
		when, dated := base, false
		if p, err := time.Parse(time.RFC3339, d.Published); err == nil {
			when, dated = p, true
		}
		all, inTitle := entities(d.Title, r.Mentions)
		feats[i] = Read(Doc{ArticleID: int64(i + 1), Source: d.Source, Lang: primaryLang(d.Lang), Time: when, Dated: dated,
			Title: d.Title, Text: d.Text, Entities: all, TitleEntities: inTitle})
		bySource[d.Source] = append(bySource[d.Source], i)
	}
	sources := make([]string, 0, len(bySource))
	for s := range bySource {
		sources = append(sources, s)
	}
	sort.Slice(sources, func(i, j int) bool { return hash(sources[i]) < hash(sources[j]) })
	ev := NewEvents(o)
	pred := make([]int64, len(docs))
	next := int64(0)
	for _, s := range sources {
		batch := make([]*Features, 0, len(bySource[s]))
		for _, i := range bySource[s] {
			batch = append(batch, feats[i])
		}
		ev.Observe(batch...)
		for _, i := range bySource[s] {
			m := ev.Match(feats[i])
			if m.StoryID == 0 {
				next++
				m.StoryID = next
			}
			pred[i] = m.StoryID
			ev.Add(feats[i], m.StoryID)
		}
	}
	return pred
}

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// TestEventSweep prints the event index's pairwise scores over a range of
// settings around the defaults: the threshold on the written development
// set (eval/stories_dev.jsonl, dated), whole and English only, and the name
// agreement for undated articles on ECB+ (../shared, no dates). It is the
// sweep that chose DefaultEventThreshold and DefaultUndatedNameThreshold;
// the held-out set is not swept.
func TestEventSweep(t *testing.T) {
	docs, err := storyeval.Read("../../eval/stories_dev.jsonl")
	if err != nil {
		t.Skip(err)
	}
	tg := shippedTagger(t)
	var english []storyeval.Article
	for _, d := range docs {
		if d.Lang == "en" {
			english = append(english, d)
		}
	}
	sweep := func(name string, docs []storyeval.Article, settings []float64, opts func(float64) EventOptions) {
		gold := make([]string, len(docs))
		for i, d := range docs {
			gold[i] = d.Event
		}
		for _, x := range settings {
			pred := runEvents(tg, docs, opts(x))
			t.Logf("%s, %.2f: %s; %s", name, x, storyeval.Score(gold, pred), storyeval.Break(docs, pred))
		}
	}
	thresholds := []float64{0.14, 0.16, DefaultEventThreshold, 0.2, 0.22}
	byThreshold := func(x float64) EventOptions { return EventOptions{Threshold: x} }
	sweep("dev, all languages, threshold", docs, thresholds, byThreshold)
	sweep("dev, English, threshold", english, thresholds, byThreshold)
	ecb, err := storyeval.Read("../../../shared/corpus/events/ecbplus-dev.jsonl")
	if err != nil {
		t.Logf("ECB+ sweep skipped: %v", err)
		return
	}
	for i := range ecb {
		ecb[i].Source = fmt.Sprint("wire-", hash(ecb[i].ID)%12) // spread over twelve feeds
	}
	sweep("ECB+ (undated), name agreement", ecb, []float64{0.1, 0.2, 0.3, DefaultUndatedNameThreshold, 0.4},
		func(x float64) EventOptions { return EventOptions{UndatedNameThreshold: x} })
}
