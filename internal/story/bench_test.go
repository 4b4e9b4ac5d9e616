package story

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// synthDocs makes n articles of synthetic news: words drawn from a Zipf
// vocabulary (a few very common, most rare), a few taxonomy ids and numbers,
// and times spread over the window; about one in four repeats an earlier
// article's event with other words, so stories grow as they do in real news.
func synthDocs(n int, seed uint64) []*Features {
	r := rand.New(rand.NewPCG(seed, 1))
	zipf := rand.NewZipf(r, 1.1, 1, 200_000)
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]*Features, n)
	word := func() string { return fmt.Sprintf("w%x", zipf.Uint64()) }
	for i := range out {
		var title, text strings.Builder
		for k := 0; k < 10; k++ {
			title.WriteString(word() + " ")
		}
		for k := 0; k < 120; k++ {
			text.WriteString(word() + " ")
		}
		fmt.Fprintf(&text, " %d people", r.IntN(5000)+10)
		ents := []string{fmt.Sprintf("c%d", r.IntN(200)), fmt.Sprintf("p%d", r.IntN(5000))}
		if i > 0 && r.IntN(4) == 0 {
			prev := out[r.IntN(i)]
			title.WriteString(prev.Title)
			ents = append(ents, prev.Entities...)
		}
		// The window holds n articles over three days.
		at := base.Add(time.Duration(i) * 72 * time.Hour / time.Duration(max(n, 1)))
		out[i] = Read(Doc{ArticleID: int64(i + 1), Lang: "en", Time: at, Title: title.String(), Text: text.String(), Entities: ents})
	}
	return out
}

// BenchmarkAssign is story assignment (Match, then Add) of new articles
// against an event index that already holds N articles of the window. It
// reports articles/s and the heap per windowed article.
func BenchmarkAssign(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("window-%d", n), func(b *testing.B) {
			docs := synthDocs(n+20_000, 7)
			// Only the index is measured: the articles' own signals are
			// dropped as the pipeline drops them after Add.
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			ev := NewEvents(EventOptions{Window: 100 * 24 * time.Hour})
			next := int64(0)
			assign := func(f *Features) {
				ev.Observe(f)
				m := ev.Match(f)
				if m.StoryID == 0 {
					next++
					m.StoryID = next
				}
				ev.Add(f, m.StoryID)
			}
			for _, f := range docs[:n] {
				assign(f)
			}
			runtime.GC()
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			perArticle := float64(int64(after.HeapInuse)-int64(before.HeapInuse)) / float64(n)
			// The windowed articles' own signals are garbage now, as in the
			// pipeline; left reachable they made every GC cycle mark them.
			clear(docs[:n])
			i := n
			b.ResetTimer()
			cpu := cpuTime()
			for b.Loop() {
				assign(docs[i])
				i++
				if i == len(docs) {
					i = n
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
			// Per CPU second as well: on a shared, busy machine the wall
			// clock counts other processes' time too.
			b.ReportMetric(float64(b.N)/(cpuTime()-cpu).Seconds(), "articles/cpu-s")
			b.ReportMetric(perArticle, "heap-B/windowed-article")
		})
	}
}

// cpuTime is the CPU time (user and system) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
