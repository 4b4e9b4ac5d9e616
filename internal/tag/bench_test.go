package tag

import (
	"bytes"
	"io"
	"maps"
	"runtime"
	"slices"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
)

// benchCorpus is the text of every corpus item, repeated to at least 1 MB
// (the corpus itself when present, else the seed and the written cases).
func benchCorpus(b testing.TB) []corpusItem {
	b.Helper()
	var items []corpusItem
	for _, feed := range readCorpus(b) {
		for _, it := range feed {
			items = append(items, it)
		}
	}
	if len(items) == 0 {
		for _, l := range readLabels(b, "../../eval/tag_cases.jsonl") {
			items = append(items, corpusItem{l.Title, l.Text})
		}
	}
	size := 0
	for _, it := range items {
		size += len(it.title) + len(it.text) + 1
	}
	if size == 0 {
		b.Skip("no text to tag")
	}
	base := items
	for size < 1<<20 {
		items = append(items, base...)
		for _, it := range base {
			size += len(it.title) + len(it.text) + 1
		}
	}
	return items
}

// benchTag tags the corpus b.N times and reports MB/s.
func benchTag(b *testing.B, tg *Tagger, items []corpusItem) {
	b.Helper()
	var bytes int64
	for _, it := range items {
		bytes += int64(len(it.title) + len(it.text) + 1)
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		for _, it := range items {
			tg.Tag(it.title, it.text)
		}
	}
	reportCPU(b, bytes, cpu0)
}

// reportCPU reports the throughput per CPU second since cpu0 (cpuSeconds)
// of b.N passes over bytes bytes, which holds still when other processes
// load the machine.
func reportCPU(b *testing.B, bytes int64, cpu0 float64) {
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/cpu/1e6, "MB/cpu-s")
	}
}

// BenchmarkTagCorpus measures throughput with the shipped taxonomy on the
// real feeds (target: at least 50 MB/s per core).
func BenchmarkTagCorpus(b *testing.B) {
	tg := shippedTagger(b)
	benchTag(b, tg, benchCorpus(b))
}

// inflate returns the taxonomy with factor-1 generated look-alike aliases
// added to every entry: plausible words and phrases (shifted letters, a
// suffix, a second word) so that the automaton grows about factor times.
func inflate(entries []config.TaxonomyEntry, factor int) []config.TaxonomyEntry {
	out := make([]config.TaxonomyEntry, len(entries))
	for i, e := range entries {
		e.Aliases = append([]config.Alias(nil), e.Aliases...)
		var words []string
		for _, a := range e.Aliases {
			words = append(words, a.Text)
		}
		for _, a := range e.Demonyms {
			words = append(words, a.Text)
		}
		// In a fixed order, so that every run builds the same taxonomy.
		for _, lang := range slices.Sorted(maps.Keys(e.Names)) {
			words = append(words, e.Names[lang]...)
		}
		words = append(words, e.Name)
		for k := 1; k < factor; k++ {
			for j, w := range words {
				// Letters only, so each generated alias is one pattern.
				code := string(rune('a'+k%26)) + string(rune('a'+(i+j)%26)) + "q"
				var g string
				switch (j + k) % 3 {
				case 0:
					g = w + " " + code
				case 1:
					g = code + w
				default:
					g = w + code
				}
				e.Aliases = append(e.Aliases, config.Alias{Text: g})
			}
		}
		out[i] = e
	}
	return out
}

// BenchmarkTagCorpus10x measures throughput and automaton memory with a
// taxonomy ten times the shipped one (target: within 1.5× of
// BenchmarkTagCorpus, automaton under 100 MB).
func BenchmarkTagCorpus10x(b *testing.B) {
	entries, rules := shippedTaxonomy(b)
	tg, taggerMB := newMeasured(b, inflate(entries, 10), rules)
	benchTag(b, tg, benchCorpus(b))
	// After the run: ResetTimer drops metrics reported before it.
	reportSize(b, tg, taggerMB)
}

// newMeasured builds a tagger and returns it with the heap it takes, in MB.
func newMeasured(b *testing.B, entries []config.TaxonomyEntry, rules []config.Inflection) (*Tagger, float64) {
	b.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	tg, err := New(entries, rules...)
	if err != nil {
		b.Fatal(err)
	}
	tg.compiled()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return tg, float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
}

// reportSize reports a tagger's heap, its automaton's and its pattern count.
func reportSize(b *testing.B, tg *Tagger, taggerMB float64) {
	b.ReportMetric(taggerMB, "tagger-MB")
	b.ReportMetric(float64(tg.ac.heapBytes())/(1<<20), "automaton-MB")
	b.ReportMetric(float64(len(tg.pats)), "patterns")
}

// BenchmarkTagMemory reports the shipped taxonomy's tagger and automaton size.
func BenchmarkTagMemory(b *testing.B) {
	entries, rules := shippedTaxonomy(b)
	tg, taggerMB := newMeasured(b, entries, rules)
	reportSize(b, tg, taggerMB)
	for i := 0; i < b.N; i++ {
		_ = tg.Tag("Syria", "Putin")
	}
}

// BenchmarkTagSeed is the time to tag the seed article (target: well under
// a millisecond).
func BenchmarkTagSeed(b *testing.B) {
	title, text := readSeed(b)
	tg := shippedTagger(b)
	b.SetBytes(int64(len(title) + len(text) + 1))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tg.Tag(title, text)
	}
}

// BenchmarkNew is the time to build a Tagger (automaton included) from the
// shipped taxonomy: paid once per taxonomy load.
func BenchmarkNew(b *testing.B) {
	entries, rules := shippedTaxonomy(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		tg, err := New(entries, rules...)
		if err != nil {
			b.Fatal(err)
		}
		tg.compiled()
	}
	b.ReportMetric((cpuSeconds()-cpu0)*1e3/float64(b.N), "cpu-ms/op")
}

// BenchmarkScan measures the automaton pass alone (in two lanes, as Tag
// scans) over the normalized corpus text, all in one.
func BenchmarkScan(b *testing.B) {
	tg := shippedTagger(b)
	var all []byte
	for _, t := range normalizedCorpus(b, tg) {
		all = append(all, t...)
	}
	b.SetBytes(int64(len(all)))
	var raw []rawMatch
	var ln lanes
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		raw = tg.ac.scanLanes(all, raw[:0], &ln)
	}
	reportCPU(b, int64(len(all)), cpu0)
}

// BenchmarkScanArticles measures the automaton pass alone as Tag makes it:
// one corpus item at a time (most are a few hundred bytes).
func BenchmarkScanArticles(b *testing.B) {
	tg := shippedTagger(b)
	texts := normalizedCorpus(b, tg)
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	b.SetBytes(n)
	var raw []rawMatch
	var ln lanes
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			raw = tg.ac.scanLanes(t, raw[:0], &ln)
		}
	}
	reportCPU(b, n, cpu0)
}

// normalizedCorpus returns the matching form of each item of benchCorpus.
func normalizedCorpus(b *testing.B, tg *Tagger) [][]byte {
	var nt normText
	var out [][]byte
	for _, it := range benchCorpus(b) {
		tg.ft.normalize(it.title+"\n"+it.text, &nt)
		out = append(out, slices.Clone(nt.b))
	}
	return out
}

// BenchmarkNormalize measures the normalization pass alone.
func BenchmarkNormalize(b *testing.B) {
	tg := shippedTagger(b)
	items := benchCorpus(b)
	var n int64
	for _, it := range items {
		n += int64(len(it.title) + len(it.text))
	}
	b.SetBytes(n)
	var nt normText
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, it := range items {
			tg.ft.normalize(it.text, &nt)
		}
	}
}

// BenchmarkLoadCompiled is the time to read the shipped taxonomy's compiled
// tagger (ReadCompiled from bytes in memory, as a cache hit reads its file),
// beside BenchmarkNew's build: what a process that tags pays with the cache.
func BenchmarkLoadCompiled(b *testing.B) {
	var buf bytes.Buffer
	if err := shippedTagger(b).WriteCompiled(&buf, "key"); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		if _, err := decodeCompiled(data, "key"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu0)*1e3/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(data))/(1<<20), "file-MB") // after ResetTimer, which drops metrics
}

// BenchmarkWriteCompiled is the time to encode the compiled tagger (the
// background write after a build that found no cache).
func BenchmarkWriteCompiled(b *testing.B) {
	tg := shippedTagger(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		if err := tg.writeCompiled(io.Discard, "key"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu0)*1e3/float64(b.N), "cpu-ms/op")
}
