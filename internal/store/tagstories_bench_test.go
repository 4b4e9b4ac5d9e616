package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// BenchmarkTagStories reads one tag's feed (50 stories) from a store of
// 10,000 single-article stories spread over 40 countries: the cost of a
// tag page's cold render, which scans the stories' tags column.
func BenchmarkTagStories(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.SyncSources(ctx, []model.Source{{ID: "a", URL: "http://a/feed"}}); err != nil {
		b.Fatal(err)
	}
	codes := []string{"SY", "TR", "IR", "IQ", "LB", "JO", "IL", "PS", "EG", "SD", "SS", "ET", "SO", "KE", "UG", "RW", "CD", "NG", "ML", "NE",
		"BF", "TD", "LY", "TN", "DZ", "MA", "YE", "SA", "AE", "QA", "UA", "RU", "BY", "PL", "DE", "FR", "GB", "US", "CN", "IN"}
	base := time.Now().Add(-48 * time.Hour)
	const n, batch = 10000, 500
	for i := 0; i < n; i += batch {
		var arts []model.Article
		for j := i; j < i+batch; j++ {
			at := base.Add(time.Duration(j) * 10 * time.Second)
			arts = append(arts, model.Article{GUID: fmt.Sprint(j), URL: fmt.Sprintf("https://x.org/%d", j), CanonicalURL: fmt.Sprintf("https://x.org/%d", j),
				Title: fmt.Sprintf("Report %d", j), Text: "text", ContentHash: fmt.Sprint("h", j), Published: at, FetchedAt: at,
				Tags: model.TagSet{Countries: []string{codes[j%len(codes)], codes[(j/7)%len(codes)]}, Regions: []string{"middle-east", "world"}, Topics: []string{"diplomacy"}}})
		}
		if _, err := s.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed"}, arts); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		got, err := s.TagStories(ctx, model.KindCountry, "SY", 50, 72*time.Hour)
		if err != nil || len(got) != 50 {
			b.Fatalf("%d stories, %v", len(got), err)
		}
	}
}
