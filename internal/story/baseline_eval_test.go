package story

import (
	"math"
	"strings"
	"testing"
	"unicode"

	"github.com/intlwire/aggregator/internal/story/storyeval"
)

// The reference issue 13 names: a plain TF-IDF cosine over title and lead,
// clustered offline by average linkage (UPGMA) and cut at its best
// threshold. It sees every article at once, knows nothing of entities,
// languages or time, and is given its best threshold per set — a bar the
// online stage, which decides each article as it arrives with one setting
// for all news, has to clear.

// baselineLeadWords is how much of the text the baseline reads after the
// title.
const baselineLeadWords = 100

// baselineVectors turns each article into a unit TF-IDF vector over its
// lower-cased words (runs of letters and digits), with document
// frequencies from the set itself.
func baselineVectors(docs []storyeval.Article) []map[string]float64 {
	tfs := make([]map[string]float64, len(docs))
	df := map[string]float64{}
	for i, d := range docs {
		tf := map[string]float64{}
		words := strings.FieldsFunc(strings.ToLower(d.Text), notWordRune)
		words = append(strings.FieldsFunc(strings.ToLower(d.Title), notWordRune), words[:min(len(words), baselineLeadWords)]...)
		for _, w := range words {
			tf[w]++
		}
		for w := range tf {
			df[w]++
		}
		tfs[i] = tf
	}
	n := float64(len(docs))
	for _, tf := range tfs {
		var norm float64
		for w, c := range tf {
			x := (1 + math.Log(c)) * math.Log(1+n/df[w])
			tf[w] = x
			norm += x * x
		}
		norm = math.Sqrt(norm)
		for w := range tf {
			tf[w] /= norm
		}
	}
	return tfs
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

func cosineMaps(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var d float64
	for w, x := range a {
		d += x * b[w]
	}
	return d
}

// merge is one step of the average-linkage dendrogram: clusters a and b
// joined at mean pairwise similarity height.
type merge struct {
	a, b   int
	height float64
}

// averageLinkage builds the whole average-linkage dendrogram of a
// similarity matrix: the merges in order, each at a height no greater than
// the one before (UPGMA is monotone).
func averageLinkage(sim [][]float64) []merge {
	n := len(sim)
	// sum[i][j] is the summed similarity of the members of clusters i and j.
	sum := make([][]float64, n)
	for i := range sum {
		sum[i] = append([]float64(nil), sim[i]...)
	}
	size := make([]float64, n)
	alive := make([]bool, n)
	for i := range size {
		size[i], alive[i] = 1, true
	}
	var out []merge
	for step := 0; step < n-1; step++ {
		best, bi, bj := -1.0, -1, -1
		for i := 0; i < n; i++ {
			if !alive[i] {
				continue
			}
			for j := i + 1; j < n; j++ {
				if alive[j] {
					if h := sum[i][j] / (size[i] * size[j]); h > best {
						best, bi, bj = h, i, j
					}
				}
			}
		}
		out = append(out, merge{bi, bj, best})
		for k := 0; k < n; k++ {
			sum[bi][k] += sum[bj][k]
			sum[k][bi] = sum[bi][k]
		}
		size[bi] += size[bj]
		alive[bj] = false
	}
	return out
}

// cut applies the merges at or above threshold and returns each article's
// cluster.
func cut(n int, merges []merge, threshold float64) []int64 {
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	for _, m := range merges {
		if m.height < threshold {
			break
		}
		parent[find(m.b)] = find(m.a)
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(find(i))
	}
	return out
}

// baselineSimilarities is the baseline's matrix of cosines between every two
// articles.
func baselineSimilarities(docs []storyeval.Article) [][]float64 {
	vs := baselineVectors(docs)
	sim := make([][]float64, len(docs))
	for i := range sim {
		sim[i] = make([]float64, len(docs))
		for j := range sim[i] {
			if j < i {
				sim[i][j] = sim[j][i]
			} else if j > i {
				sim[i][j] = cosineMaps(vs[i], vs[j])
			}
		}
	}
	return sim
}

// baselineSweep scores the baseline at thresholds 0.05, 0.06, … 0.60 and
// returns the best F1's scores and threshold.
func baselineSweep(docs []storyeval.Article) (best storyeval.Scores, at float64) {
	sim := baselineSimilarities(docs)
	merges := averageLinkage(sim)
	gold := make([]string, len(docs))
	for i, d := range docs {
		gold[i] = d.Event
	}
	for k := 5; k <= 60; k++ {
		th := float64(k) / 100
		if s := storyeval.Score(gold, cut(len(docs), merges, th)); s.F1 > best.F1 {
			best, at = s, th
		}
	}
	return best, at
}

// TestBaselineEval prints the baseline's best pairwise and B-cubed scores
// on each event-labelled set, whole and English only, so the online stage's
// figures (internal/pipeline TestStoryEval) can be set against it.
func TestBaselineEval(t *testing.T) {
	sets := []struct{ name, path string }{
		{"ecb+ dev (English, no dates)", "../../../shared/corpus/events/ecbplus-dev.jsonl"},
		{"written dev set (12 languages)", "../../eval/stories_dev.jsonl"},
		{"written held-out set (13 languages)", "../../eval/stories_heldout.jsonl"},
		{"written blind set (24 languages)", "../../eval/stories_blind.jsonl"},
		{"written blind set 3 (36 languages)", "../../eval/stories_blind3.jsonl"},
		{"written blind set 4 (38 languages)", "../../eval/stories_blind4.jsonl"},
		{"own set 6 (8 languages, one language an event)", "../../eval/stories_own6.jsonl"},
		{"own set 7 (12 languages, one language an event)", "../../eval/stories_own7.jsonl"},
	}
	for _, set := range sets {
		docs, err := storyeval.Read(set.path)
		if err != nil {
			t.Logf("%s: skipped: %v", set.name, err)
			continue
		}
		s, th := baselineSweep(docs)
		t.Logf("baseline on %s, best threshold %.2f: %s", set.name, th, s)
		var english []storyeval.Article
		for _, d := range docs {
			if d.Lang == "en" || d.Lang == "" {
				english = append(english, d)
			}
		}
		if len(english) < len(docs) {
			s, th := baselineSweep(english)
			t.Logf("    English articles only, best threshold %.2f: %s", th, s)
		}
	}
}

// TestAverageLinkage checks the dendrogram on a matrix whose answer is
// known: {0,1} are close, {2,3} are close, the two pairs far apart.
func TestAverageLinkage(t *testing.T) {
	sim := [][]float64{
		{0, 0.9, 0.1, 0.2},
		{0.9, 0, 0.1, 0.0},
		{0.1, 0.1, 0, 0.8},
		{0.2, 0.0, 0.8, 0},
	}
	ms := averageLinkage(sim)
	if len(ms) != 3 || ms[0].height != 0.9 || ms[1].height != 0.8 || math.Abs(ms[2].height-0.1) > 1e-9 {
		t.Fatalf("merges %+v", ms)
	}
	got := cut(4, ms, 0.5)
	if got[0] != got[1] || got[2] != got[3] || got[0] == got[2] {
		t.Fatalf("cut at 0.5: %v", got)
	}
	if got := cut(4, ms, 0.05); got[0] != got[3] || got[1] != got[2] {
		t.Fatalf("cut at 0.05: %v", got)
	}
}
