package dedupe

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC)

const (
	wireAP = `BEIRUT (AP) — An airstrike hit a crowded vegetable market in the northwestern Syrian town of Maarat Misrin on Tuesday morning, killing at least 14 people, including three children, and wounding more than 30, rescue workers and a war monitor said.

The Syrian Civil Defense, a volunteer rescue group also known as the White Helmets, said its teams were still pulling people from the rubble of stalls and a two-storey building next to the market.

The Britain-based Syrian Observatory for Human Rights said the strike was carried out by a warplane and that the death toll was likely to rise. There was no immediate comment from authorities in Damascus or from Russia.

Idlib province is home to about 4 million people, many of them displaced several times by fighting elsewhere in the country.`

	wireCopy = `An airstrike hit a crowded vegetable market in the northwestern Syrian town of Maarat Misrin on Tuesday, killing at least 14 people, including three children, and wounding more than 30, rescue workers and a war monitor said.

The Syrian Civil Defense, a volunteer rescue group also known as the White Helmets, said its teams were still pulling people from the rubble of stalls and a two-storey building next to the market.

The UK-based Syrian Observatory for Human Rights said the strike was carried out by a warplane and that the death toll was likely to rise. There was no immediate comment from authorities in Damascus or from Russia.

Associated Press contributed to this report.`

	otherSyria = `GENEVA (Reuters) - The United Nations special envoy for Syria said on Tuesday that the government and opposition had agreed to resume talks on a new constitution in Geneva in April, after a pause of more than a year.

Envoy Geir Pedersen told reporters that both delegations had confirmed their participation in a ninth round of the Constitutional Committee, which brings together members from the government, the opposition and civil society.

Idlib province is home to about 4 million people, many of them displaced several times by fighting elsewhere in the country.`

	zhWire  = `新华社南宁3月14日电 受强对流天气影响，13日夜间至14日上午，广西桂林、柳州、河池等地出现强降雨，部分地区发生洪涝灾害。截至14日12时，当地已紧急转移群众一万余人，暂无人员伤亡报告。广西壮族自治区防汛抗旱指挥部已启动防汛四级应急响应。`
	zhCopy  = `受强对流天气影响，13日夜间至14日上午，广西桂林、柳州、河池等地出现强降雨，部分地区发生洪涝灾害。截至14日12时，当地已紧急转移群众一万余人，目前暂无人员伤亡报告。广西壮族自治区防汛抗旱指挥部已启动防汛四级应急响应。`
	zhOther = `新华社北京3月14日电 海关总署14日发布数据，今年前两个月，我国货物贸易进出口总值6.6万亿元，同比增长5.5%。其中，出口3.8万亿元，增长8.1%；进口2.8万亿元，增长2.1%。`
)

func TestIndexWireCopyJoinsStory(t *testing.T) {
	ix := NewIndex(Options{})
	ix.Add(Doc{ArticleID: 1, StoryID: 100, Source: "ap", Time: t0, Title: "Airstrike on market in northwest Syria kills at least 14", Text: wireAP})
	story, score, ok := ix.Match(Doc{ArticleID: 2, Source: "guardian", Time: t0.Add(time.Hour), Title: "Syria: at least 14 killed as airstrike hits Idlib vegetable market", Text: wireCopy})
	if !ok || story != 100 {
		t.Fatalf("edited wire copy: got story %d ok=%v score %.2f, want story 100", story, ok, score)
	}
	if score < ix.Options().Threshold || score > 1 {
		t.Errorf("score %.2f outside [threshold, 1]", score)
	}
	// A feed summary: the title and first sentence only.
	story, _, ok = ix.Match(Doc{ArticleID: 3, Source: "aggregator", Time: t0.Add(30 * time.Minute), Title: "Market airstrike in Syria's Idlib kills 14",
		Text: "An airstrike hit a crowded vegetable market in the northwestern Syrian town of Maarat Misrin on Tuesday morning, killing at least 14 people, including three children, and wounding more than 30, rescue workers and a war monitor said."})
	if !ok || story != 100 {
		t.Errorf("summary of the wire story: got story %d ok=%v, want 100", story, ok)
	}
}

func TestIndexDifferentSyriaStoriesSameDay(t *testing.T) {
	ix := NewIndex(Options{})
	ix.Add(Doc{ArticleID: 1, StoryID: 100, Time: t0, Title: "Airstrike on market in northwest Syria kills at least 14", Text: wireAP})
	if story, score, ok := ix.Match(Doc{ArticleID: 2, Time: t0.Add(3 * time.Hour), Title: "U.N. envoy says Syria constitutional talks to resume in Geneva", Text: otherSyria}); ok {
		t.Fatalf("different Syria story matched story %d with score %.2f", story, score)
	}
}

func TestIndexWindow(t *testing.T) {
	ix := NewIndex(Options{Window: 72 * time.Hour})
	ix.Add(Doc{ArticleID: 1, StoryID: 100, Time: t0, Title: "Airstrike on market in northwest Syria kills at least 14", Text: wireAP})
	copyAt := func(d time.Duration) bool {
		_, _, ok := ix.Match(Doc{ArticleID: 2, Time: t0.Add(d), Title: "Syria market strike", Text: wireCopy})
		return ok
	}
	if !copyAt(71 * time.Hour) {
		t.Error("copy 71h later: no match, want match inside the window")
	}
	if copyAt(73 * time.Hour) {
		t.Error("copy 73h later: matched, want none outside the window")
	}
	if copyAt(-73 * time.Hour) {
		t.Error("copy dated 73h earlier: matched, want none outside the window")
	}
}

// TestIndexSameSourceWindow: a near-identical item from the same source a
// day later is the next edition of a recurring feature, not the same story;
// from another source it is a late copy of the same story.
func TestIndexSameSourceWindow(t *testing.T) {
	ix := NewIndex(Options{})
	ix.Add(Doc{ArticleID: 1, StoryID: 100, Source: "ap", Time: t0, Title: "Airstrike on market in northwest Syria kills at least 14", Text: wireAP})
	later := Doc{ArticleID: 2, Source: "ap", Time: t0.Add(24 * time.Hour), Title: "Airstrike on market in northwest Syria kills at least 14", Text: wireCopy}
	if story, _, ok := ix.Match(later); ok {
		t.Errorf("same source a day later matched story %d", story)
	}
	later.Source = "guardian"
	if story, _, ok := ix.Match(later); !ok || story != 100 {
		t.Errorf("other source a day later: story %d ok=%v, want 100", story, ok)
	}
	later.Source, later.Time = "ap", t0.Add(3*time.Hour)
	if story, _, ok := ix.Match(later); !ok || story != 100 {
		t.Errorf("same source 3h later (a re-filed update): story %d ok=%v, want 100", story, ok)
	}
}

// TestIndexNumberedSeries: two items of one source whose titles differ only
// in a number or date are editions of a series, even with identical text.
func TestIndexNumberedSeries(t *testing.T) {
	const text = "The news of the day as interpreted by our talented artists, illustrators and cartoonists, with the best of the week's work from around the country."
	ix := NewIndex(Options{})
	ix.Add(Doc{ArticleID: 1, StoryID: 1, Source: "smh", Time: t0, Title: "Best of cartoons, October 17, 2021", Text: text})
	d := Doc{ArticleID: 2, Source: "smh", Time: t0.Add(10 * time.Minute), Title: "Best of cartoons, October 18, 2021", Text: text}
	if story, _, ok := ix.Match(d); ok {
		t.Errorf("next edition of a series matched story %d", story)
	}
	d.Title = "Best of cartoons, October 17, 2021"
	if _, _, ok := ix.Match(d); !ok {
		t.Error("same title and text from the same source under a new id: no match")
	}
	d.Title, d.Source = "Best of cartoons, October 18, 2021", "syndicator"
	if _, _, ok := ix.Match(d); !ok {
		t.Error("another source's copy: no match")
	}
}

func TestIndexCJK(t *testing.T) {
	ix := NewIndex(Options{})
	ix.Add(Doc{ArticleID: 1, StoryID: 7, Time: t0, Title: "广西多地遭遇强降雨 紧急转移群众一万余人", Text: zhWire})
	if story, _, ok := ix.Match(Doc{ArticleID: 2, Time: t0.Add(time.Hour), Title: "广西桂林柳州等地强降雨 万余群众紧急转移", Text: zhCopy}); !ok || story != 7 {
		t.Errorf("Chinese copy: got story %d ok=%v, want 7", story, ok)
	}
	if story, _, ok := ix.Match(Doc{ArticleID: 3, Time: t0.Add(time.Hour), Title: "前两个月我国外贸进出口同比增长5.5%", Text: zhOther}); ok {
		t.Errorf("different Chinese story matched story %d", story)
	}
}

func TestIndexShortAndSelf(t *testing.T) {
	ix := NewIndex(Options{})
	ix.Add(Doc{ArticleID: 1, StoryID: 1, Time: t0, Title: "What we know so far"})
	ix.Add(Doc{ArticleID: 2, StoryID: 2, Time: t0, Title: "Syria market strike", Text: wireAP})
	if ix.Len() != 1 {
		t.Errorf("Len = %d, want 1 (a bare headline is not indexed)", ix.Len())
	}
	if _, _, ok := ix.Match(Doc{ArticleID: 3, Time: t0, Title: "What we know so far"}); ok {
		t.Error("bare headline matched")
	}
	if _, _, ok := ix.Match(Doc{ArticleID: 2, Time: t0, Title: "Syria market strike", Text: wireAP}); ok {
		t.Error("an article matched its own entry")
	}
	if story, _, ok := ix.Match(Doc{ArticleID: 4, Time: t0, Title: "Syria market strike", Text: wireAP}); !ok || story != 2 {
		t.Errorf("identical text under another id: story %d ok=%v, want 2", story, ok)
	}
}

// TestIndexScaleGrowPrune fills the index past several table resizes and
// chunk boundaries, prunes the older half, and checks that every live
// article still finds its edited copy and no pruned one does.
func TestIndexScaleGrowPrune(t *testing.T) {
	const n = 20000
	g := newSynth(1)
	ix := NewIndex(Options{})
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = g.doc(int64(i+1), t0.Add(time.Duration(i)*time.Second))
		ix.Add(docs[i])
	}
	if ix.Len() != n {
		t.Fatalf("Len = %d, want %d", ix.Len(), n)
	}
	check := func(phase string, from int, wantLive bool) {
		miss, wrong := 0, 0
		for i := from; i < n; i += 97 {
			c := g.edit(docs[i], int64(n+i+1))
			story, _, ok := ix.Match(c)
			switch {
			case ok != wantLive:
				miss++
			case ok && story != docs[i].StoryID:
				wrong++
			}
		}
		if miss > 2 || wrong > 0 {
			t.Errorf("%s: %d unexpected outcomes, %d wrong stories", phase, miss, wrong)
		}
	}
	check("full", 0, true)
	ix.Prune(t0.Add(n / 2 * time.Second))
	if ix.Len() != n/2 {
		t.Fatalf("after prune Len = %d, want %d", ix.Len(), n/2)
	}
	check("live half", n/2, true)
	for i := 0; i < n/2; i += 97 {
		c := g.edit(docs[i], int64(n+i+1))
		c.Time = docs[n/2].Time // inside the window of live entries, so only pruning can hide it
		if story, _, ok := ix.Match(c); ok && story == docs[i].StoryID {
			t.Fatalf("pruned article %d still matched", i)
		}
	}
	ix.mu.Lock()
	ix.renumber()
	ix.mu.Unlock()
	check("after renumbering", n/2, true)
	ix.Prune(t0.Add(2 * n * time.Second))
	if ix.Len() != 0 {
		t.Fatalf("after pruning all Len = %d", ix.Len())
	}
	ix.Add(docs[5])
	if story, _, ok := ix.Match(g.edit(docs[5], 99999)); !ok || story != docs[5].StoryID {
		t.Errorf("after emptying and refilling: story %d ok=%v", story, ok)
	}
}

func TestIndexConcurrent(t *testing.T) {
	g := newSynth(2)
	docs := make([]Doc, 4000)
	for i := range docs {
		docs[i] = g.doc(int64(i+1), t0)
	}
	ix := NewIndex(Options{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(docs); i += 4 {
				ix.Match(docs[i])
				ix.Add(docs[i])
				if i%500 == 0 {
					ix.Prune(t0.Add(-time.Hour))
				}
			}
		}(w)
	}
	wg.Wait()
	if ix.Len() != len(docs) {
		t.Fatalf("Len = %d, want %d", ix.Len(), len(docs))
	}
	for i := 0; i < len(docs); i += 50 {
		if story, _, ok := ix.Match(Doc{ArticleID: -1, Time: t0, Title: docs[i].Title, Text: docs[i].Text}); !ok || story != docs[i].StoryID {
			t.Fatalf("doc %d: story %d ok=%v", i, story, ok)
		}
	}
}

// TestOptionsExtreme checks that out-of-range settings are clamped to a
// working index instead of panicking.
func TestOptionsExtreme(t *testing.T) {
	for _, o := range []Options{{Bands: 1000, Rows: 100}, {Bands: 1, Rows: 1}, {Values: 1000}, {LeadTokens: -1, Bands: 3}} {
		ix := NewIndex(o)
		ix.Add(Doc{ArticleID: 1, StoryID: 9, Time: t0, Title: "Syria market strike", Text: wireAP})
		if story, _, ok := ix.Match(Doc{ArticleID: 2, Time: t0, Title: "Syria market strike", Text: wireAP}); !ok || story != 9 {
			t.Errorf("%+v: identical text not matched", o)
		}
	}
}

func TestSketchMarshal(t *testing.T) {
	ix := NewIndex(Options{})
	s := ix.Sketch("Syria market strike", wireAP)
	b := ix.MarshalSketch(s)
	got, err := ix.UnmarshalSketch(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Lead != s.Lead || got.Body != s.Body || fmt.Sprint(got.Sig) != fmt.Sprint(s.Sig) {
		t.Fatalf("round trip changed the sketch")
	}
	ix.AddSketch(Doc{ArticleID: 1, StoryID: 5, Time: t0}, got)
	if story, _, ok := ix.Match(Doc{ArticleID: 2, Time: t0, Title: "Syria market strike", Text: wireCopy}); !ok || story != 5 {
		t.Errorf("index rebuilt from a stored sketch: story %d ok=%v", story, ok)
	}
	other := NewIndex(Options{Shingle: 4})
	if _, err := other.UnmarshalSketch(b); err == nil {
		t.Error("sketch made with shingle=3 accepted by an index with shingle=4")
	}
	if _, err := ix.UnmarshalSketch(b[:len(b)-1]); err == nil {
		t.Error("truncated sketch accepted")
	}
}

// TestMinHashEstimate checks that the signature estimates the Jaccard index
// of word-shingle sets without bias: over many random pairs of known
// overlap, the mean error is small.
func TestMinHashEstimate(t *testing.T) {
	ix := NewIndex(Options{LeadTokens: -1, MaxTokens: 5000, Values: 200})
	rng := rand.New(rand.NewPCG(3, 4))
	var sumErr, sumAbs float64
	const trials = 300
	for k := 0; k < trials; k++ {
		// Words are unique, so shingles of distinct words are distinct and
		// the true Jaccard index follows from the shared run.
		shared := 20 + rng.IntN(150)
		onlyA, onlyB := rng.IntN(150), rng.IntN(150)
		a, b := "", ""
		for i := 0; i < shared; i++ {
			w := fmt.Sprintf(" s%dk%d", k, i)
			a += w
			b += w
		}
		for i := 0; i < onlyA; i++ {
			a += fmt.Sprintf(" a%dk%d", k, i)
		}
		for i := 0; i < onlyB; i++ {
			b += fmt.Sprintf(" b%dk%d", k, i)
		}
		sa, sb := ix.Sketch("", a), ix.Sketch("", b)
		// Shingles: shared-2 common (+1 boundary shingle each), the rest distinct.
		inter := float64(shared - 2)
		union := float64(sa.Body + sb.Body - (shared - 2))
		truth := inter / union
		est := jaccard(sa.Sig[ix.o.Values:], sb.Sig[ix.o.Values:])
		sumErr += est - truth
		sumAbs += abs(est - truth)
	}
	if bias := sumErr / trials; bias > 0.02 || bias < -0.02 {
		t.Errorf("mean error %.3f, want |bias| ≤ 0.02", bias)
	}
	if mae := sumAbs / trials; mae > 0.06 {
		t.Errorf("mean absolute error %.3f with 200 values, want ≤ 0.06", mae)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestIndexClear: after Clear the index finds none of the entries it held,
// finds those added after it, and reuses its memory rather than growing.
func TestIndexClear(t *testing.T) {
	ix := NewIndex(Options{})
	ap := Doc{ArticleID: 1, StoryID: 100, Source: "ap", Time: t0, Title: "Airstrike on market in northwest Syria kills at least 14", Text: wireAP}
	copyDoc := Doc{Source: "guardian", Time: t0.Add(time.Hour), Title: "Syria: at least 14 killed as airstrike hits Idlib vegetable market", Text: wireCopy}
	ix.Add(ap)
	if story, _, ok := ix.Match(copyDoc); !ok || story != 100 {
		t.Fatalf("before Clear: story %d ok=%v, want 100", story, ok)
	}
	before := ix.MemoryBytes()
	ix.Clear()
	if story, _, ok := ix.Match(copyDoc); ok {
		t.Fatalf("after Clear the copy still matched story %d", story)
	}
	if ix.Len() != 0 {
		t.Errorf("Len after Clear = %d", ix.Len())
	}
	for i := range 3 {
		ap.StoryID = int64(200 + i)
		ix.Add(ap)
		if story, _, ok := ix.Match(copyDoc); !ok || story != ap.StoryID {
			t.Fatalf("cleared %d times, added again: story %d ok=%v, want %d", i+1, story, ok, ap.StoryID)
		}
		ix.Clear()
	}
	if after := ix.MemoryBytes(); after != before {
		t.Errorf("memory %d bytes after clearing and refilling, %d before: not reused", after, before)
	}
}
