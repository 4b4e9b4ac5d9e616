package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzIngest drives arbitrary bytes through the whole ingest path — parse,
// normalize, tag, dedupe, store, topic membership — against a real SQLite
// database. Bytes that are not a feed must fail cleanly; nothing may panic,
// and the database must stay sound.
func FuzzIngest(f *testing.F) {
	f.Add([]byte(syriaFeed))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>x</id><title>Syria ceasefire talks</title><link href="javascript:alert(1)"/><updated>9999-01-01T00:00:00Z</updated></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"j","items":[{"id":"1","content_html":"<script>x</script>Damascus talks"}]}`))
	f.Add([]byte("<rss><channel><item><title>\x00\x01</title></item></channel></rss>"))
	f.Add([]byte("<html><body>not a feed</body></html>"))
	if seeds, err := filepath.Glob("../../../shared/corpus/news/*.xml"); err == nil {
		for _, s := range seeds {
			if b, err := os.ReadFile(s); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	p, st := newTestPipeline(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body []byte) {
		p.IngestBody(ctx, "src", body)
		if res, err := st.IntegrityCheck(ctx); err != nil || res != "ok" {
			t.Fatalf("integrity after ingest: %q %v", res, err)
		}
	})
}
