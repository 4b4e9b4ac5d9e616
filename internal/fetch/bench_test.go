package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// corpusServer serves n feeds at /feed/0 .. /feed/n-1, each one of the real
// corpus files, gzip-compressed when ?gz=1, with an ETag per feed that turns
// a conditional request into a 304.
func corpusServer(b *testing.B, n int) *httptest.Server {
	files := readCorpus(b)
	gz := make([][]byte, len(files))
	for i, f := range files {
		gz[i] = compress(b, "gzip", f)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/feed/"))
		if err != nil || i < 0 || i >= n {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"feed-%d"`, i)
		h := w.Header()
		h.Set("ETag", etag)
		h.Set("Content-Type", "application/rss+xml; charset=utf-8")
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		body := files[i%len(files)]
		if r.URL.Query().Get("gz") == "1" && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.Set("Content-Encoding", "gzip")
			body = gz[i%len(files)]
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// benchRound fetches every request once per iteration, all submitted at once
// as the scheduler does at a round, and reports feeds/s and ns per feed.
func benchRound(b *testing.B, c *Client, reqs []Request, check func(*Response) bool) {
	b.ReportAllocs()
	var wire int64
	b.ResetTimer()
	for range b.N {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for _, r := range reqs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp, err := c.Fetch(context.Background(), r)
				if err != nil || !check(resp) {
					b.Errorf("%s: err %v status %d", r.URL, err, resp.Status)
					return
				}
				mu.Lock()
				wire += resp.Bytes
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	b.StopTimer()
	secs := b.Elapsed().Seconds()
	feeds := float64(len(reqs) * b.N)
	b.ReportMetric(feeds/secs, "feeds/s")
	b.ReportMetric(b.Elapsed().Seconds()*1e9/feeds, "ns/feed")
	b.ReportMetric(float64(wire)/float64(b.N)/1e6, "MB/round")
}

func benchRequests(base string, n int, query string, etag bool) []Request {
	reqs := make([]Request, n)
	for i := range reqs {
		reqs[i] = Request{SourceID: fmt.Sprintf("s%d", i), URL: fmt.Sprintf("%s/feed/%d%s", base, i, query)}
		if etag {
			reqs[i].ETag = fmt.Sprintf(`"feed-%d"`, i)
		}
	}
	return reqs
}

// BenchmarkFetchRound fetches a round of feeds built from the real corpus
// from a loopback server: cold (every feed a 200 with its full body, plain
// or gzip) and warm (every feed answers 304). Each op is one whole round.
// All feeds share one host, so PerHost is raised to Concurrency; the
// default-politeness case (PerHost 2) is measured too.
func BenchmarkFetchRound(b *testing.B) {
	okBody := func(r *Response) bool { return r.Status == 200 && len(r.Body) > 0 }
	notMod := func(r *Response) bool { return r.NotModified }
	for _, tc := range []struct {
		name          string
		feeds         int
		conc, perHost int
		query         string
		etag          bool
		check         func(*Response) bool
	}{
		{"cold/plain/1000", 1000, 16, 16, "", false, okBody},
		{"cold/gzip/1000", 1000, 16, 16, "?gz=1", false, okBody},
		{"warm/304/100", 100, 16, 16, "", true, notMod},
		{"warm/304/1000", 1000, 16, 16, "", true, notMod},
		{"warm/304/10000", 10000, 16, 16, "", true, notMod},
		{"warm/304/1000/perhost2", 1000, 16, 2, "", true, notMod},
	} {
		b.Run(tc.name, func(b *testing.B) {
			srv := corpusServer(b, tc.feeds)
			c := testClient(b, Options{Concurrency: tc.conc, PerHost: tc.perHost})
			benchRound(b, c, benchRequests(srv.URL, tc.feeds, tc.query, tc.etag), tc.check)
		})
	}
}
