package story

import (
	"bufio"
	"encoding/json"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/tag"
)

// labelled is one event-labelled article: ../shared/corpus/events or the
// sets in eval/.
type labelled struct {
	ID        string `json:"id"`
	Event     string `json:"event"`
	Topic     string `json:"topic"`
	Source    string `json:"source"`
	Lang      string `json:"lang"`
	Published string `json:"published"`
	Title     string `json:"title"`
	Text      string `json:"text"`
}

func readLabelled(t testing.TB, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no labelled set at %s", path)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var l labelled
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, l)
	}
	return out
}

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
	tg, err := tag.New(cfg.Taxonomy)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// entitiesOf lists the taxonomy ids an article names: countries, places and
// actors, as the pipeline passes them.
func entitiesOf(r tag.Result) []string {
	var out []string
	for _, m := range r.Mentions {
		switch m.Kind {
		case model.KindCountry, model.KindPlace, model.KindActor:
			out = append(out, m.Tag)
		}
	}
	return out
}

// runEvents clusters a labelled set with the event index alone, feed by
// feed (one feed per source, in a fixed shuffled order), and returns the
// predicted story of each article.
func runEvents(t testing.TB, tg *tag.Tagger, docs []labelled, o EventOptions) []int64 {
	feats := make([]*Features, len(docs))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, d := range docs {
		r := tg.Tag(d.Title, d.Text)
		when := base
		if p, err := time.Parse(time.RFC3339, d.Published); err == nil {
			when = p
		}
		feats[i] = Read(Doc{ArticleID: int64(i + 1), Source: sourceOf(d), Lang: d.Lang, Time: when,
			Title: d.Title, Text: d.Text, Entities: entitiesOf(r)})
	}
	// Feeds arrive in an order unrelated to the events.
	bySource := map[string][]int{}
	for i := range docs {
		bySource[feats[i].Source] = append(bySource[feats[i].Source], i)
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
		idx := bySource[s]
		batch := make([]*Features, len(idx))
		for k, i := range idx {
			batch[k] = feats[i]
		}
		ev.Observe(batch...)
		for _, i := range idx {
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

// sourceOf is the article's outlet; unattributed ECB articles are spread
// over twelve pseudo-outlets so that feeds hold many stories, as real ones do.
func sourceOf(d labelled) string {
	if d.Source != "" {
		return d.Source
	}
	return "wire-" + string(rune('a'+hash(d.ID)%12))
}

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

func TestEventEval(t *testing.T) {
	sets := []string{"../../../shared/corpus/events/ecbplus-dev.jsonl", "../../eval/stories_dev.jsonl"}
	tg := shippedTagger(t)
	for _, path := range sets {
		docs := readLabelled(t, path)
		gold := make([]string, len(docs))
		for i, d := range docs {
			gold[i] = d.Event
		}
		for _, th := range []float64{0.15, 0.2, 0.25, 0.3} {
			pred := runEvents(t, tg, docs, EventOptions{Threshold: th})
			st, ot := fpBreakdown(docs, pred)
			t.Logf("%s th=%.2f: %s fp same topic %d other %d", filepath.Base(path), th, scoreClusters(gold, pred), st, ot)
		}
	}
}

func fpBreakdown(docs []labelled, pred []int64) (sameTopic, otherTopic int) {
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			if pred[i] == pred[j] && docs[i].Event != docs[j].Event {
				if docs[i].Topic == docs[j].Topic {
					sameTopic++
				} else {
					otherTopic++
				}
			}
		}
	}
	return
}

func TestEventSweep(t *testing.T) {
	tg := shippedTagger(t)
	docs := readLabelled(t, "../../../shared/corpus/events/ecbplus-dev.jsonl")
	gold := make([]string, len(docs))
	for i, d := range docs {
		gold[i] = d.Event
	}
	for _, th := range []float64{0.15, 0.2, 0.25} {
		for _, nt := range []float64{0.1, 0.2, 0.3, 0.4} {
			pred := runEvents(t, tg, docs, EventOptions{Threshold: th, NameThreshold: nt})
			st, ot := fpBreakdown(docs, pred)
			t.Logf("th=%.2f nt=%.2f: %s fp same topic %d other %d", th, nt, scoreClusters(gold, pred), st, ot)
		}
	}
}

func TestEventConfusion(t *testing.T) {
	tg := shippedTagger(t)
	docs := readLabelled(t, "../../../shared/corpus/events/ecbplus-dev.jsonl")
	pred := runEvents(t, tg, docs, EventOptions{Threshold: 0.2, NameThreshold: 0.1})
	comp := map[int64]map[string]int{}
	for i, d := range docs {
		if comp[pred[i]] == nil {
			comp[pred[i]] = map[string]int{}
		}
		comp[pred[i]][d.Event]++
	}
	for id, c := range comp {
		if len(c) > 1 {
			t.Logf("story %d: %v", id, c)
		}
	}
}
