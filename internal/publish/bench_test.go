package publish_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/publish/publishtest"
)

// discardWriter is a ResponseWriter that keeps nothing but the status, so
// a benchmark measures the handler rather than a recorder.
type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }

// benchServer returns a server over n generated stories with its feeds warm.
func benchServer(b *testing.B, n int) *publish.Server {
	b.Helper()
	r := publishtest.NewReader(map[string][]model.Story{"syria-diplomacy": publishtest.ManyStories(n)})
	o := testOptions()
	o.Limit = n
	s := publish.NewServer(o, r, publishtest.SampleLabels())
	b.Cleanup(func() { _ = s.Close() })
	w := &discardWriter{h: http.Header{}}
	s.ServeHTTP(w, httptest.NewRequest("GET", "/feeds/syria-diplomacy.atom", nil))
	if w.code != 200 {
		b.Fatalf("warm-up: %d", w.code)
	}
	return s
}

func benchRequest(b *testing.B, s *publish.Server, req *http.Request, want int) {
	b.Helper()
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := &discardWriter{h: make(http.Header, 16)}
		for pb.Next() {
			clear(w.h)
			s.ServeHTTP(w, req)
			if w.code != want {
				b.Errorf("status %d, want %d", w.code, want)
				return
			}
		}
	})
	_ = w
}

// BenchmarkCachedFeed: a full 50-item Atom feed from the cache, gzip.
func BenchmarkCachedFeed(b *testing.B) {
	s := benchServer(b, 50)
	req := httptest.NewRequest("GET", "/feeds/syria-diplomacy.atom", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	benchRequest(b, s, req, 200)
}

// BenchmarkCachedFeedIdentity: the same without compression.
func BenchmarkCachedFeedIdentity(b *testing.B) {
	s := benchServer(b, 50)
	benchRequest(b, s, httptest.NewRequest("GET", "/feeds/syria-diplomacy.rss", nil), 200)
}

// BenchmarkNotModified: a conditional poll answered with 304.
func BenchmarkNotModified(b *testing.B) {
	s := benchServer(b, 50)
	w := &discardWriter{h: http.Header{}}
	req := httptest.NewRequest("GET", "/feeds/syria-diplomacy.atom", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	s.ServeHTTP(w, req)
	req.Header.Set("If-None-Match", w.h.Get("ETag"))
	req.Header.Set("If-Modified-Since", w.h.Get("Last-Modified"))
	benchRequest(b, s, req, 304)
}

// BenchmarkColdRender100 renders a 100-item feed from stories, per format
// (the budget: under 5 ms).
func BenchmarkColdRender100(b *testing.B) {
	stories := publishtest.ManyStories(100)
	o := testOptions()
	o.Limit = 100
	labels := publishtest.SampleLabels()
	for _, format := range []string{"rss", "atom", "json"} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := publish.Render(format, syriaTopic, stories, o, labels)
				if err != nil || len(out) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkColdTopicBuild: what a cache miss costs the server for a
// 100-item topic: read, every format, the page, and gzip of each.
func BenchmarkColdTopicBuild(b *testing.B) {
	s := benchServer(b, 100)
	req := httptest.NewRequest("GET", "/feeds/syria-diplomacy.atom", nil)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		s.Invalidate("syria-diplomacy")
		clear(w.h)
		s.ServeHTTP(w, req)
		if w.code != 200 {
			b.Fatal(w.code)
		}
	}
}

// BenchmarkFileServerReference is the reference for BenchmarkCachedFeed: the
// same Atom bytes served from a file by Go's http.FileServer, as a static
// export behind a plain web server would be.
func BenchmarkFileServerReference(b *testing.B) {
	s := benchServer(b, 50)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/feeds/syria-diplomacy.atom", nil))
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "syria-diplomacy.atom"), w.Body.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	fs := http.FileServer(http.Dir(dir))
	req := httptest.NewRequest("GET", "/syria-diplomacy.atom", nil)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := &discardWriter{h: make(http.Header, 16)}
		for pb.Next() {
			clear(w.h)
			w.code = 200
			fs.ServeHTTP(w, req)
			if w.code != 200 {
				b.Errorf("status %d", w.code)
				return
			}
		}
	})
}
