package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/intlwire/aggregator/internal/store"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// feedServer serves n feeds made from the corpus, /f/I.xml being the
// (I / len(corpus))-th replay of corpus file I % len(corpus), with a strong
// ETag so that a second round is all 304s. Bodies are made per request, so
// the benchmark's heap figure is the pipeline's, not the server's.
func feedServer(b *testing.B, corpus [][]byte, n int) *httptest.Server {
	return changingFeedServer(b, corpus, n, new(atomic.Int64))
}

// changingFeedServer is feedServer whose feeds each carry gen new items on
// top of what they sent before (and a new ETag) once gen is above zero: a
// daemon's steady state, where a changed feed re-sends its old items.
func changingFeedServer(b *testing.B, corpus [][]byte, n int, gen *atomic.Int64) *httptest.Server {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/f/"), ".xml"))
		if err != nil || i < 0 || i >= n {
			http.NotFound(w, r)
			return
		}
		g := gen.Load()
		etag := fmt.Sprintf(`"%d-%d-%d"`, i%len(corpus), i/len(corpus), g)
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(withNewItems(replay(corpus[i%len(corpus)], i/len(corpus)), i, g))
	}))
	b.Cleanup(srv.Close)
	return srv
}

// withNewItems puts g new items (RSS) or entries (Atom) before the first
// one of a feed, each with its own id, title and text.
func withNewItems(body []byte, feed int, g int64) []byte {
	for _, mark := range []string{"<item>", "<item ", "<entry>", "<entry "} {
		at := bytes.Index(body, []byte(mark))
		if at < 0 {
			continue
		}
		var add bytes.Buffer
		for k := int64(1); k <= g; k++ {
			id := fmt.Sprintf("urn:bench:%d:%d", feed, k)
			text := fmt.Sprintf("Officials in capital %d said on day %d that talks on item %d would resume.", feed, k, feed*1000+int(k))
			if mark[1] == 'i' {
				fmt.Fprintf(&add, "<item><title>Update %d from feed %d</title><guid>%s</guid><description>%s</description></item>", k, feed, id, text)
			} else {
				fmt.Fprintf(&add, "<entry><title>Update %d from feed %d</title><id>%s</id><summary>%s</summary></entry>", k, feed, id, text)
			}
		}
		return append(append(append([]byte{}, body[:at]...), add.Bytes()...), body[at:]...)
	}
	return body
}

// roundPipeline is a pipeline over a fresh database whose n sources are the
// feeds of srv, with the shipped taxonomy and topics.
func roundPipeline(b *testing.B, srv *httptest.Server, n int) (*Pipeline, *store.Store) {
	return roundPipelineOn(b, srv, n, nil)
}

// roundPipelineOn is roundPipeline over the given store backend (nil: an
// SQLite file).
func roundPipelineOn(b *testing.B, srv *httptest.Server, n int, database func(testing.TB) string) (*Pipeline, *store.Store) {
	b.Helper()
	srcs := make([][2]string, n)
	for i := range srcs {
		srcs[i] = [2]string{fmt.Sprintf("feed-%d", i), fmt.Sprintf("%s/f/%d.xml", srv.URL, i)}
	}
	return buildPipeline(b, testSetup{sources: srcs, shipped: true, fetch: "  concurrency: 16\n  per_host: 16\n", database: database})
}

// roundCase is one BenchmarkRound: n feeds, cold (an empty database) or
// warm, with leases (claimed and released per source) or without.
type roundCase struct {
	n            int
	cold, leased bool
}

// BenchmarkRound is a whole fetch round through the pipeline over n feeds
// served from loopback: cold (an empty database, every feed new) and warm
// (every feed answers 304). It reports feeds/s, articles/s and the heap in use
// after the round. The -leased cases claim and release each source as every
// daemon does (two more writes per source), to weigh what sharing the fetch
// work costs a single machine.
func BenchmarkRound(b *testing.B) {
	benchRound(b, nil, []roundCase{{100, true, false}, {1000, true, false}, {1000, true, true}, {100, false, false},
		{1000, false, false}, {1000, false, true}, {10000, false, false}})
}

// BenchmarkRoundPostgres is BenchmarkRound's 1,000-feed rounds on
// PostgreSQL (AGGREGATOR_TEST_PG; skipped without), to set beside SQLite's.
func BenchmarkRoundPostgres(b *testing.B) {
	storetest.PostgresURL(b) // skips without a server
	benchRound(b, storetest.PostgresURL, []roundCase{{1000, true, false}, {1000, false, false}})
}

func benchRound(b *testing.B, database func(testing.TB) string, cases []roundCase) {
	corpus := corpus(b)
	for _, c := range cases {
		name := fmt.Sprintf("warm-%d", c.n)
		if c.cold {
			name = fmt.Sprintf("cold-%d", c.n)
		}
		if c.leased {
			name += "-leased"
		}
		b.Run(name, func(b *testing.B) {
			srv := feedServer(b, corpus, c.n)
			ctx := context.Background()
			var p *Pipeline
			var st *store.Store
			build := func() (*Pipeline, *store.Store) {
				p, st := roundPipelineOn(b, srv, c.n, database)
				if c.leased {
					p.leases, p.owner = st, "bench"
				}
				return p, st
			}
			if !c.cold {
				p, st = build()
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
					p, st = build()
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

// BenchmarkRoundChanged is the daemon's steady state: after a cold round,
// every one of n feeds changes by one new item on top of what it sent
// before. Each round costs the lookups of the known items and the work on
// the new ones; compare with BenchmarkRound/cold-N of the same run.
func BenchmarkRoundChanged(b *testing.B) {
	corpus := corpus(b)
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("changed-%d", n), func(b *testing.B) {
			gen := new(atomic.Int64)
			srv := changingFeedServer(b, corpus, n, gen)
			ctx := context.Background()
			p, _ := roundPipeline(b, srv, n)
			if _, err := p.Round(ctx, RoundOptions{All: true}); err != nil {
				b.Fatal(err)
			}
			news := 0
			for b.Loop() {
				gen.Add(1)
				sum, err := p.Round(ctx, RoundOptions{All: true})
				if err != nil || sum.Failed > 0 {
					b.Fatalf("round: %+v %v", sum, err)
				}
				news += sum.NewArticles
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "feeds/s")
			b.ReportMetric(float64(news)/float64(b.N), "new-articles/round")
		})
	}
}

// BenchmarkRestart is a daemon's start over a busy window: after a cold
// round of 1,000 feeds (about 39,000 articles, all in the window), the time
// to build a pipeline again, which rebuilds the story stage's indexes from
// the stored articles.
func BenchmarkRestart(b *testing.B) {
	corpus := corpus(b)
	srv := feedServer(b, corpus, 1000)
	ctx := context.Background()
	p, st := roundPipeline(b, srv, 1000)
	sum, err := p.Round(ctx, RoundOptions{All: true})
	if err != nil {
		b.Fatal(err)
	}
	cfg := p.Config()
	tagger := p.Tagger()
	for b.Loop() {
		if _, err := New(ctx, Options{Store: st, Config: cfg, Tagger: tagger}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sum.NewArticles)/b.Elapsed().Seconds()*float64(b.N), "articles/s")
}
