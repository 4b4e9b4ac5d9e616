package dedupe

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// BenchmarkSketch measures tokenizing, shingling and MinHashing one
// synthetic article (10-word title, 150-word text).
func BenchmarkSketch(b *testing.B) {
	g := newSynth(7)
	docs := make([]Doc, 1024)
	for i := range docs {
		docs[i] = g.doc(int64(i), t0)
	}
	ix := NewIndex(Options{})
	b.ResetTimer()
	cpu0 := cpuNanos()
	for i := 0; b.Loop(); i++ {
		d := docs[i%len(docs)]
		ix.Sketch(d.Title, d.Text)
	}
	reportCPU(b, cpu0)
}

// reportCPU reports the process CPU time per operation since cpu0: on a
// shared machine wall time (ns/op) grows with other load, CPU time does not.
func reportCPU(b *testing.B, cpu0 int64) {
	if cpu0 < 0 {
		return
	}
	b.ReportMetric(float64(cpuNanos()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkMatchAdd measures the dedupe step per article (sketch, Match,
// Add) on one core, with the index held at a steady size by pruning, at
// 10,000 and 1,000,000 entries. One article in five is an edited copy of an
// indexed one, so matches are confirmed as well as rejected. The per-article
// cost should stay flat (within 1.5x) between the two sizes.
func BenchmarkMatchAdd(b *testing.B) {
	for _, size := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("index=%d", size), func(b *testing.B) {
			if testing.Short() && size > 100_000 {
				b.Skip("large index in -short mode")
			}
			benchMatchAdd(b, size)
		})
	}
}

func benchMatchAdd(b *testing.B, size int) {
	const (
		poolSize = 1 << 16
		lag      = 101 // an edited copy arrives 101 articles after its original
	)
	g := newSynth(uint64(size))
	// One article per second; Prune keeps the index at size entries. The
	// window (30,000 s) is shorter than the pool's reuse period, so a pool
	// article re-added later never matches its own earlier copy.
	ix := NewIndex(Options{Window: 30000 * time.Second})
	fill(ix, g, size)
	pool := make([]Doc, poolSize)
	edits := make([]Doc, poolSize)
	for i := range pool {
		pool[i] = g.doc(0, t0)
		edits[i] = g.edit(pool[i], 0)
	}
	var matched int
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuNanos()
	next := size
	for i := 0; b.Loop(); i++ {
		d := pool[i%poolSize]
		if i%5 == 4 && i >= lag {
			d = edits[(i-lag)%poolSize]
		}
		d.ArticleID = int64(next + 1)
		d.Time = t0.Add(time.Duration(next) * time.Second)
		sk := ix.Sketch(d.Title, d.Text)
		story, _, ok := ix.MatchSketch(d, sk)
		if ok {
			matched++
		} else {
			story = d.ArticleID
		}
		d.StoryID = story
		ix.AddSketch(d, sk)
		next++
		if next%1024 == 0 {
			ix.Prune(t0.Add(time.Duration(next-size) * time.Second))
		}
	}
	b.StopTimer()
	reportCPU(b, cpu0)
	b.ReportMetric(float64(matched)/float64(b.N), "matched/op")
	b.ReportMetric(float64(ix.Len()), "entries")
}

// fill adds n synthetic articles, one per second from t0.
func fill(ix *Index, g *synth, n int) {
	for i := 0; i < n; i++ {
		ix.Add(g.doc(int64(i+1), t0.Add(time.Duration(i)*time.Second)))
	}
}

// BenchmarkIndexMemory fills an index with 1,000,000 synthetic articles and
// reports the heap it holds (live bytes after GC), total and per entry.
// Target: under 300 MB.
func BenchmarkIndexMemory(b *testing.B) {
	if testing.Short() {
		b.Skip("1M entries in -short mode")
	}
	const n = 1_000_000
	for b.Loop() {
		g := newSynth(11)
		// Sketch outside the measured heap: keep only the index alive.
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix := NewIndex(Options{})
		fill(ix, g, n)
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap := float64(after.HeapAlloc) - float64(before.HeapAlloc)
		b.ReportMetric(heap/1e6, "heap-MB")
		b.ReportMetric(heap/n, "heap-bytes/entry")
		b.ReportMetric(float64(ix.MemoryBytes())/1e6, "table-MB")
		runtime.KeepAlive(ix)
	}
}
