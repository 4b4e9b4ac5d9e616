package fetch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// sampleRSS is a tiny feed written for these tests.
const sampleRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test wire</title><link>https://example.org/</link>
<description>for tests</description>
<item><title>Envoys meet in Geneva</title><link>https://example.org/a/1</link><guid>a1</guid></item>
</channel></rss>
`

// testClient returns a client allowed to reach httptest servers on loopback.
func testClient(t testing.TB, o Options) *Client {
	t.Helper()
	o.AllowPrivate = true
	c := NewClient(o)
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// fetch runs c.Fetch with a test deadline.
func fetch(t testing.TB, c *Client, r Request) (*Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := c.Fetch(ctx, r)
	if resp == nil {
		t.Fatalf("Fetch(%s) returned a nil Response (err %v)", r.URL, err)
	}
	return resp, err
}

// corpusFiles returns the real saved feeds in ../shared/corpus/news, found
// relative to this package directory, or skips the test when they are absent.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "news")
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		t.Skipf("corpus not found in %s", dir)
	}
	return files
}

// readCorpus reads every non-empty corpus file (one saved feed is empty).
func readCorpus(t testing.TB) [][]byte {
	t.Helper()
	var out [][]byte
	for _, f := range corpusFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 0 {
			out = append(out, b)
		}
	}
	return out
}
