package pipeline

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/store"
)

// feedServer serves n feeds made from the corpus, /f/I.xml being the
// (I / len(corpus))-th replay of corpus file I % len(corpus), with a strong
// ETag so that a second round is all 304s. Bodies are made per request, so
// the benchmark's heap figure is the pipeline's, not the server's.
func feedServer(b *testing.B, corpus [][]byte, n int) *httptest.Server {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/f/"), ".xml"))
		if err != nil || i < 0 || i >= n {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"%d-%d"`, i%len(corpus), i/len(corpus))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(replay(corpus[i%len(corpus)], i/len(corpus)))
	}))
	b.Cleanup(srv.Close)
	return srv
}

// roundPipeline is a pipeline over a fresh database whose n sources are the
// feeds of srv, with the shipped taxonomy and topics.
func roundPipeline(b *testing.B, srv *httptest.Server, n int) (*Pipeline, *store.Store) {
	b.Helper()
	srcs := make([][2]string, n)
	for i := range srcs {
		srcs[i] = [2]string{fmt.Sprintf("feed-%d", i), fmt.Sprintf("%s/f/%d.xml", srv.URL, i)}
	}
	return buildPipeline(b, testSetup{sources: srcs, shipped: true, fetch: "  concurrency: 16\n  per_host: 16\n"})
}

// BenchmarkRound is a whole fetch round through the pipeline over n feeds
// served from loopback: cold (an empty database, every feed new) and warm
// (every feed answers 304). It reports feeds/s, articles/s and the heap in use
// after the round.
func BenchmarkRound(b *testing.B) {
	corpus := corpus(b)
	for _, c := range []struct {
		n    int
		cold bool
	}{{100, true}, {1000, true}, {100, false}, {1000, false}, {10000, false}} {
		name := fmt.Sprintf("warm-%d", c.n)
		if c.cold {
			name = fmt.Sprintf("cold-%d", c.n)
		}
		b.Run(name, func(b *testing.B) {
			srv := feedServer(b, corpus, c.n)
			ctx := context.Background()
			var p *Pipeline
			var st *store.Store
			if !c.cold {
				p, st = roundPipeline(b, srv, c.n)
				if _, err := p.Round(ctx, RoundOptions{All: true}); err != nil {
					b.Fatal(err)
				}
			}
			articles := 0
			for b.Loop() {
				if c.cold {
					b.StopTimer()
					if st != nil {
						st.Close()
					}
					p, st = roundPipeline(b, srv, c.n)
					b.StartTimer()
				}
				sum, err := p.Round(ctx, RoundOptions{All: true})
				if err != nil {
					b.Fatal(err)
				}
				if sum.Failed > 0 || (!c.cold && sum.NotModified != c.n) {
					b.Fatalf("round: %+v", sum)
				}
				articles += sum.NewArticles + sum.Duplicates
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(c.n*b.N)/b.Elapsed().Seconds(), "feeds/s")
			if c.cold {
				b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
			}
			b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "live-heap-MB")
			b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
		})
	}
}
