package story

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/story/storyeval"
)

// twin drives the event index and the reference (the index before its
// layout was rewritten, ref_index_test.go) through the same operations, as
// the stage does — feeds observed whole, each article matched and added
// under a provisional id, then committed (Relabel, sometimes onto a stored
// story), aborted (Forget) or pruned — and fails at the first answer of
// Match that differs in any field, to the last bit of the score.
type twin struct {
	t         *testing.T
	name      string
	ev        *Events
	ref       *refEvents
	r         *rand.Rand
	nextStory int64
	stories   []int64 // real story ids given so far
	matches   int
	joins     int
	crossJoin int
}

func newTwin(t *testing.T, name string, o EventOptions, seed uint64) *twin {
	return &twin{t: t, name: name, ev: NewEvents(o), ref: refNewEvents(o), r: rand.New(rand.NewPCG(seed, 9))}
}

// feed assigns one fetched feed's articles, then commits it (or, one feed
// in twelve, aborts it).
func (w *twin) feed(docs []Doc) {
	w.t.Helper()
	fs := make([]*Features, len(docs))
	rs := make([]*refFeatures, len(docs))
	for i, d := range docs {
		fs[i], rs[i] = Read(d), refRead(d)
	}
	w.ev.Observe(fs...)
	w.ref.Observe(rs...)
	next := int64(0)
	var pending []int64
	for i := range docs {
		got, want := w.ev.Match(fs[i]), w.ref.Match(rs[i])
		w.matches++
		if !sameMatch(got, want) {
			w.t.Fatalf("%s: article %d (%q): Match %+v, reference %+v (score bits %x, %x)", w.name, docs[i].ArticleID,
				docs[i].Title, got, want, math.Float64bits(got.Score), math.Float64bits(want.Score))
		}
		id := got.StoryID
		if id == 0 {
			next--
			id = next
			pending = append(pending, id)
		} else {
			w.joins++
			if got.CrossLanguage {
				w.crossJoin++
			}
		}
		w.ev.Add(fs[i], id)
		w.ref.Add(rs[i], id)
	}
	if w.r.IntN(12) == 0 {
		w.ev.Forget(pending...)
		w.ref.Forget(pending...)
	} else {
		ids := map[int64]int64{}
		merged := map[int64]bool{}
		for _, p := range pending {
			// Now and then a provisional story turns out to be a stored one
			// (its article was an exact duplicate): it is merged into it. One
			// provisional story at most per stored one: Relabel takes its
			// map in no fixed order, and two merges into one story give
			// sums that depend on the order (the sums are bounded).
			if len(w.stories) > 0 && w.r.IntN(20) == 0 {
				to := w.stories[len(w.stories)-1-w.r.IntN(min(len(w.stories), 50))]
				if !merged[to] {
					merged[to] = true
					ids[p] = to
					continue
				}
			}
			w.nextStory++
			ids[p] = w.nextStory
			w.stories = append(w.stories, w.nextStory)
		}
		w.ev.Relabel(ids)
		w.ref.Relabel(ids)
	}
	if w.ev.Len() != w.ref.Len() {
		w.t.Fatalf("%s: %d stories in the index, %d in the reference", w.name, w.ev.Len(), w.ref.Len())
	}
}

func (w *twin) prune(before time.Time) {
	w.ev.Prune(before)
	w.ref.Prune(before)
}

func sameMatch(a, b Match) bool {
	return a.StoryID == b.StoryID && math.Float64bits(a.Score) == math.Float64bits(b.Score) &&
		a.CrossLanguage == b.CrossLanguage && slices.Equal(a.Shared, b.Shared) && a.Gap == b.Gap
}

// synthStream makes n articles of synthetic multilingual news in time
// order: Zipf words per language, shared taxonomy ids and numbers, topics,
// titles naming places, dated and undated; about one in three retells an
// earlier article's event (in its language or another), so that every path
// of the index is taken: same-language joins, cross-language joins on many
// ids and on one, vetoes by title places (and their countries) and by time.
func synthStream(n int, seed uint64, span time.Duration) []Doc {
	r := rand.New(rand.NewPCG(seed, 2))
	zipf := rand.NewZipf(r, 1.1, 1, 20_000)
	langs := []string{"en", "en", "fr", "ar", "de"}
	base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Doc, n)
	words := func(lang string, k int) string {
		var b []byte
		for ; k > 0; k-- {
			b = fmt.Appendf(b, "%s%x ", lang, zipf.Uint64())
		}
		return string(b)
	}
	for i := range out {
		lang := langs[r.IntN(len(langs))]
		d := Doc{ArticleID: int64(i + 1), Lang: lang, Dated: r.IntN(5) > 0,
			Time: base.Add(time.Duration(i)*span/time.Duration(n) + time.Duration(r.IntN(3600))*time.Second)}
		d.Entities = []string{fmt.Sprintf("c%d", r.IntN(40)), fmt.Sprintf("p%d", r.IntN(400))}
		d.Topics = []string{fmt.Sprintf("t%d", r.IntN(6))}
		d.Countries = []string{fmt.Sprintf("C%d", r.IntN(8))}
		title := words(lang, 6) + fmt.Sprintf("Name%d ", r.IntN(300))
		text := words(lang, 60) + fmt.Sprintf("%d people. Capital%d said %d", r.IntN(300)+10, r.IntN(500), r.IntN(90)+10)
		if i > 0 && r.IntN(3) == 0 {
			prev := out[max(0, i-1-r.IntN(min(i, 200)))]
			d.Entities = append(d.Entities, prev.Entities...)
			d.Topics = slices.Clone(prev.Topics)
			if r.IntN(2) == 0 {
				d.Countries = slices.Clone(prev.Countries)
			}
			if prev.Lang == lang || r.IntN(2) == 0 {
				title = prev.Title
				text += " " + prev.Text[:len(prev.Text)/2]
			}
		}
		if r.IntN(3) == 0 {
			d.TitleEntities = d.Entities[:1+r.IntN(len(d.Entities))]
		}
		d.Title, d.Text = title, text
		if !d.Dated {
			d.Time = base
		}
		out[i] = d
	}
	return out
}

// TestIndexDecidesAsTheReference checks that the event index, rewritten
// for speed, decides exactly as the index before it (the reference): the
// same story, the same score to the last bit, the same shared ids and
// gap, for every article of a synthetic multilingual stream (with the
// document-frequency halving, pruning, aborted feeds and merged provisional
// stories) and of the event-labelled sets in their four feed orders.
func TestIndexDecidesAsTheReference(t *testing.T) {
	t.Run("synthetic", func(t *testing.T) {
		docs := synthStream(6000, 11, 10*24*time.Hour)
		w := newTwin(t, "synthetic", EventOptions{MaxDocs: 1500}, 1)
		for i := 0; i < len(docs); {
			n := min(1+w.r.IntN(8), len(docs)-i)
			w.feed(docs[i : i+n])
			i += n
			if w.r.IntN(25) == 0 {
				w.prune(docs[i-1].Time.Add(-72 * time.Hour))
			}
		}
		t.Logf("%d articles matched, %d joined a story, %d across languages", w.matches, w.joins, w.crossJoin)
		if w.joins < w.matches/5 || w.crossJoin < 20 {
			t.Fatalf("%d of %d articles joined a story, %d across languages: the stream does not exercise the scoring",
				w.joins, w.matches, w.crossJoin)
		}
	})
	sets := []struct{ name, path string }{
		{"dev", "../../eval/stories_dev.jsonl"},
		{"held-out", "../../eval/stories_heldout.jsonl"},
		{"ecb+", "../../../shared/corpus/events/ecbplus-dev.jsonl"},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			docs, err := storyeval.Read(set.path)
			if err != nil {
				t.Skip(err)
			}
			for i := range docs {
				docs[i].Source = docs[i].SourceID()
			}
			tg := shippedTagger(t)
			for _, salt := range []string{"", "a", "b", "c"} {
				feats, bySource, sources := readInOrder(tg, docs, salt)
				w := newTwin(t, set.name+"/"+salt, EventOptions{}, 3)
				for _, s := range sources {
					batch := make([]Doc, 0, len(bySource[s]))
					for _, i := range bySource[s] {
						batch = append(batch, feats[i].Doc)
					}
					w.feed(batch)
				}
				t.Logf("order %q: %d articles matched, %d joined a story, %d across languages", salt, w.matches, w.joins, w.crossJoin)
			}
		})
	}
}
