package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/intlwire/aggregator/internal/store"
	"github.com/mmcdole/gofeed"
)

// corpus reads the real saved feeds from ../shared/corpus/news, or skips.
func corpus(b *testing.B) [][]byte {
	b.Helper()
	files, _ := filepath.Glob("../../../shared/corpus/news/*.xml")
	var out [][]byte
	for _, f := range files {
		if body, err := os.ReadFile(f); err == nil && len(bytes.TrimSpace(body)) > 0 {
			out = append(out, body)
		}
	}
	if len(out) == 0 {
		b.Skip("../shared/corpus/news is not here")
	}
	return out
}

// replay makes the r-th copy of a feed look new: other hosts in every URL and
// a marker in every title, so items are new articles, not exact duplicates.
func replay(body []byte, r int) []byte {
	tag := fmt.Sprintf("r%d", r)
	body = bytes.ReplaceAll(body, []byte("://"), []byte("://"+tag+"."))
	return bytes.ReplaceAll(body, []byte("<title>"), []byte("<title>"+tag+" "))
}

// shippedPipeline is a pipeline over a fresh database with the shipped
// taxonomy and topics, and sources bench-0 … bench-(n-1).
func shippedPipeline(b *testing.B, n int) (*Pipeline, *store.Store) {
	b.Helper()
	srcs := make([][2]string, n)
	for i := range srcs {
		srcs[i] = [2]string{fmt.Sprintf("bench-%d", i), fmt.Sprintf("https://bench%d.example.org/feed", i)}
	}
	return buildPipeline(b, testSetup{sources: srcs, shipped: true})
}

// BenchmarkGofeedParse is the reference: gofeed alone parsing the corpus once
// per iteration.
func BenchmarkGofeedParse(b *testing.B) {
	feeds := corpus(b)
	items := 0
	b.ResetTimer()
	for b.Loop() {
		for _, f := range feeds {
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(f))
			if err == nil {
				items += len(feed.Items)
			}
		}
	}
	b.ReportMetric(float64(items)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkIngestPipeline runs the whole pipeline after the fetch — parse,
// normalize, tag, dedupe, store, topic membership — over the corpus, each
// iteration a new replay of every feed into a growing database.
func BenchmarkIngestPipeline(b *testing.B) {
	feeds := corpus(b)
	const sources = 64
	p, _ := shippedPipeline(b, sources)
	ctx := context.Background()
	items, r := 0, 0
	b.ResetTimer()
	for b.Loop() {
		r++
		for i, f := range feeds {
			body := replay(f, r)
			res, err := p.IngestBody(ctx, fmt.Sprintf("bench-%d", (r*len(feeds)+i)%sources), body)
			if err != nil {
				b.Fatal(err)
			}
			items += res.Items
		}
	}
	b.ReportMetric(float64(items)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkIngestFresh is the cold case: every iteration ingests the corpus
// into an empty database, so every item is a new article and nearly every one
// a new story (set-up is not timed). Feeds are ingested by as many goroutines
// as a fetch round runs, so parsing and tagging overlap the single writer as
// they do in the daemon; "sequential" shows one feed at a time.
func BenchmarkIngestFresh(b *testing.B) {
	for _, workers := range []int{1, 4} {
		name := "sequential"
		if workers > 1 {
			name = fmt.Sprintf("workers=%d", workers)
		}
		b.Run(name, func(b *testing.B) { ingestFresh(b, workers) })
	}
}

func ingestFresh(b *testing.B, workers int) {
	feeds := corpus(b)
	ctx := context.Background()
	var items atomic.Int64
	for b.Loop() {
		b.StopTimer()
		p, st := shippedPipeline(b, len(feeds))
		work := make(chan int, len(feeds))
		for i := range feeds {
			work <- i
		}
		close(work)
		b.StartTimer()
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := range work {
					res, err := p.IngestBody(ctx, fmt.Sprintf("bench-%d", i), feeds[i])
					if err != nil {
						b.Error(err)
						return
					}
					items.Add(int64(res.Items))
				}
			})
		}
		wg.Wait()
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(items.Load())/b.Elapsed().Seconds(), "articles/s")
}
