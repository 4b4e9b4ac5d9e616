package tag

import (
	"bufio"
	"encoding/json"
	"fmt"
	"github.com/intlwire/aggregator/internal/ingest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// The evaluation set (`make eval`): eval/tag_labels.jsonl labels items of the
// real feeds in ../shared/corpus/news by feed file and key (the item GUID, or
// its link when the feed gives no GUID); eval/tag_cases.jsonl holds cases
// written for this repository, with their text. Labels say what a desk editor
// would file the item under: the countries it is about and the actors it is
// about. "implicit" marks countries that no word of the item names (neither
// the country, nor a demonym, city, place or leader of it): an editor knows
// them from the outlet or local names ("MP", "Tory", "Punggol"). They are
// scored in the "all" line and left out of the "named" line.

// evalLabel is one labelled item.
type evalLabel struct {
	Feed      string   `json:"feed"`
	Key       string   `json:"key"`
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Text      string   `json:"text"`
	Countries []string `json:"countries"`
	Implicit  []string `json:"implicit"`
	Actors    []string `json:"actors"`
	Note      string   `json:"note"`
}

// evalItem is a labelled item with its text.
type evalItem struct {
	evalLabel
	set         string // corpus, cases or period
	title, text string
	noActors    bool // actors are not labelled: not scored
}

// prf accumulates micro-averaged precision and recall.
type prf struct{ tp, fp, fn int }

func (p *prf) add(gold, got, ignore []string) {
	for _, g := range got {
		switch {
		case slices.Contains(gold, g):
			p.tp++
		case slices.Contains(ignore, g):
		default:
			p.fp++
		}
	}
	for _, g := range gold {
		if !slices.Contains(got, g) {
			p.fn++
		}
	}
}

func (p prf) scores() (prec, rec, f1 float64) {
	if p.tp+p.fp > 0 {
		prec = float64(p.tp) / float64(p.tp+p.fp)
	}
	if p.tp+p.fn > 0 {
		rec = float64(p.tp) / float64(p.tp+p.fn)
	}
	if prec+rec > 0 {
		f1 = 2 * prec * rec / (prec + rec)
	}
	return
}

func (p prf) String() string {
	pr, re, f := p.scores()
	return fmt.Sprintf("P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)", pr, re, f, p.tp, p.fp, p.fn)
}

// readLabels reads a JSONL label file.
func readLabels(t testing.TB, path string) []evalLabel {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no labels: %v", err)
	}
	defer f.Close()
	var out []evalLabel
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var l evalLabel
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// corpusDir is ../shared/corpus/news relative to the repository root.
func corpusDir() string { return filepath.Join("..", "..", "..", "shared", "corpus", "news") }

// corpusItem is one parsed feed item in tagging form.
type corpusItem struct{ title, text string }

// readCorpus parses every feed of the corpus with gofeed, keyed by file and
// GUID (or link when the feed has no GUIDs).
func readCorpus(t testing.TB) map[string]map[string]corpusItem {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir(), "*.xml"))
	out := map[string]map[string]corpusItem{}
	for _, path := range files {
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		feed, err := gofeed.NewParser().Parse(fh)
		fh.Close()
		if err != nil {
			continue // e.g. an empty file
		}
		m := map[string]corpusItem{}
		for _, it := range feed.Items {
			key := it.GUID
			if key == "" {
				key = it.Link
			}
			body := it.Content
			if body == "" {
				body = it.Description
			}
			m[key] = corpusItem{title: htmlText(it.Title), text: htmlText(body)}
		}
		out[filepath.Base(path)] = m
	}
	return out
}

// htmlText is the plain text of an HTML fragment exactly as the ingest stage
// hands it to the tagger.
func htmlText(s string) string { return ingest.PlainText(s, 0) }

// writtenSets are the files of written cases and the names their scores are
// printed under: "cases" were written while the tagger was built, "period"
// later and blind (labelled before the tagger was run on them), in the style
// of the economic and political wire of 1975–2005, "heldout" blind too and
// measured once, after the last change to the tagger (RCV1-style 1996–97
// wire, 2005–2025 regional wire, six languages, traps).
var writtenSets = []struct {
	file, set string
	noActors  bool // countries only: the writer did not see the taxonomy's actor ids
}{
	{"tag_cases.jsonl", "cases", false},
	{"tag_cases_period.jsonl", "period", true},
	{"tag_cases_heldout.jsonl", "heldout", true},
}

// loadEval returns every labelled item whose text is available.
func loadEval(t testing.TB) []evalItem {
	t.Helper()
	var items []evalItem
	labels := readLabels(t, filepath.Join("..", "..", "eval", "tag_labels.jsonl"))
	corpus := readCorpus(t)
	if len(corpus) == 0 {
		t.Logf("corpus %s absent: only written cases are scored", corpusDir())
	}
	for _, l := range labels {
		it, ok := corpus[l.Feed][l.Key]
		if !ok {
			if len(corpus) > 0 {
				t.Errorf("label for %s %s: no such item in the corpus", l.Feed, l.Key)
			}
			continue
		}
		items = append(items, evalItem{evalLabel: l, set: "corpus", title: it.title, text: it.text})
	}
	for _, w := range writtenSets {
		for _, l := range readLabels(t, filepath.Join("..", "..", "eval", w.file)) {
			items = append(items, evalItem{evalLabel: l, set: w.set, title: l.Title, text: l.Text, noActors: w.noActors})
		}
	}
	return items
}

// otherLanguageIDs are the id prefixes of the written cases in a language
// other than English ("fr-mali-barkhane", "heldout-es-01").
var otherLanguageIDs = []string{"fr", "es", "de", "pt", "zh", "ru", "uk", "ar", "fa", "tr", "ja", "ko"}

// english reports whether the item is in English: not a Chinese or
// Ukrainian feed of the corpus, not a written case in another language.
func (it evalItem) english() bool {
	if strings.HasPrefix(it.Feed, "zh-") || strings.HasPrefix(it.Feed, "uk-") {
		return false
	}
	id := strings.TrimPrefix(it.ID, "heldout-")
	for _, l := range otherLanguageIDs {
		if strings.HasPrefix(id, l+"-") {
			return false
		}
	}
	return true
}

// evalReport scores the tagger on the items and returns the country scores
// (all labels, named labels) and actor scores.
func evalReport(t testing.TB, tg *Tagger, items []evalItem, verbose bool) (all, named, actors prf) {
	bySet := map[string]*[3]prf{}
	var english prf // named labels of the English items only
	var misses []string
	heldOutMisses := 0
	for _, it := range items {
		r := tg.Tag(it.title, it.text)
		s := bySet[it.set]
		if s == nil {
			s = &[3]prf{}
			bySet[it.set] = s
		}
		var namedGold []string
		for _, c := range it.Countries {
			if !slices.Contains(it.Implicit, c) {
				namedGold = append(namedGold, c)
			}
		}
		all.add(it.Countries, r.Countries, nil)
		named.add(namedGold, r.Countries, it.Implicit)
		if it.english() {
			english.add(namedGold, r.Countries, it.Implicit)
		}
		s[0].add(it.Countries, r.Countries, nil)
		s[1].add(namedGold, r.Countries, it.Implicit)
		if !it.noActors {
			actors.add(it.Actors, r.Actors, nil)
			s[2].add(it.Actors, r.Actors, nil)
		}
		var fp, fn []string
		for _, c := range r.Countries {
			if !slices.Contains(it.Countries, c) {
				fp = append(fp, c)
			}
		}
		for _, c := range namedGold {
			if !slices.Contains(r.Countries, c) {
				fn = append(fn, c)
			}
		}
		if len(fp)+len(fn) > 0 && it.set == "heldout" {
			heldOutMisses++ // held out: counted, never listed
		} else if len(fp)+len(fn) > 0 {
			id := it.ID
			if id == "" {
				id = it.Feed + " " + it.Key
			}
			misses = append(misses, fmt.Sprintf("  %-60.60s +%v -%v  %.70q", id, fp, fn, it.title))
		}
	}
	sets := make([]string, 0, len(bySet))
	for s := range bySet {
		sets = append(sets, s)
	}
	sort.Strings(sets)
	t.Logf("items: %d", len(items))
	for _, s := range sets {
		x := bySet[s]
		t.Logf("[%s] countries (named): %v", s, x[1])
		t.Logf("[%s] countries (all):   %v", s, x[0])
		if x[2] != (prf{}) {
			t.Logf("[%s] actors:            %v", s, x[2])
		}
	}
	t.Logf("TOTAL countries (named): %v", named)
	t.Logf("TOTAL countries (all):   %v", all)
	t.Logf("ENGLISH countries (named): %v (the items in English: TOTAL without the Chinese and Ukrainian feeds and the cases in other languages)", english)
	t.Logf("TOTAL actors:            %v", actors)
	if verbose {
		t.Logf("country errors (+false positive, -missed named; the %d held-out items with errors are not listed):\n%s", heldOutMisses, strings.Join(misses, "\n"))
	}
	return all, named, actors
}

// TestEval measures the tagger with the shipped taxonomy on the evaluation
// set; `make eval` runs it with -v. It fails when country F1 on named labels
// drops below the regression floor (the target is 0.92 with P and R ≥ 0.9).
func TestEval(t *testing.T) {
	tg := shippedTagger(t)
	items := loadEval(t)
	if len(items) == 0 {
		t.Skip("no evaluation items")
	}
	_, named, _ := evalReport(t, tg, items, testing.Verbose())
	p, r, f1 := named.scores()
	t.Logf("target: country F1 >= 0.92 with P and R >= 0.90 (named labels): met=%v", f1 >= 0.92 && p >= 0.9 && r >= 0.9)
	// A regression floor a little under the measured figure (0.926 at the
	// end of session 2, over 520 written cases and 747 corpus items): a
	// change to the matcher or the
	// data that loses more than that fails here.
	const floor = 0.90
	if f1 < floor {
		t.Errorf("country F1 (named) %.3f below the regression floor %.2f", f1, floor)
	}
}

// TestCorpusScriptsTagged checks that the Chinese and Ukrainian feeds come out
// tagged: most of their items get at least one country.
func TestCorpusScriptsTagged(t *testing.T) {
	tg := shippedTagger(t)
	corpus := readCorpus(t)
	if len(corpus) == 0 {
		t.Skip("corpus absent")
	}
	for feed, items := range corpus {
		if !strings.HasPrefix(feed, "zh-") && !strings.HasPrefix(feed, "uk-") {
			continue
		}
		tagged, total := 0, 0
		for _, it := range items {
			if it.title == "" && it.text == "" {
				continue
			}
			total++
			if len(tg.Tag(it.title, it.text).Countries) > 0 {
				tagged++
			}
		}
		t.Logf("%s: %d of %d items tagged with a country", feed, tagged, total)
		if total > 0 && tagged*10 < total*7 {
			t.Errorf("%s: only %d of %d items tagged with a country", feed, tagged, total)
		}
	}
}
