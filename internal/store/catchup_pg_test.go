package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store/storetest"
	"github.com/jackc/pgx/v5"
)

// TestPostgresCatchUpIsOneStatement: a catch-up that finds articles, some
// of a merged story, reads them in one statement, the merge included
// (before, each such catch-up read every merged story in a second).
func TestPostgresCatchUpIsOneStatement(t *testing.T) {
	ctx := context.Background()
	var c tripCounter
	s, err := openPostgres(ctx, storetest.PostgresURL(t), func(cfg *pgx.ConnConfig) { cfg.Tracer = &c })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SyncSources(ctx, []model.Source{{ID: "a", URL: "http://a/feed"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed"}, []model.Article{
		art("1", "https://x.org/1", "Talks in Astana", "h1"), art("2", "https://x.org/2", "Floods in Dhaka", "h2"),
	}); err != nil {
		t.Fatal(err)
	}
	catchUp := func() int {
		n := 0
		if err := s.ArticlesAfter(ctx, 0, time.Unix(1700000000, 0), func(model.Article) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	catchUp() // prepares its statements on the connection
	var n int
	trips := c.record(func() { n = catchUp() })
	if n != 2 {
		t.Fatalf("the catch-up read %d articles, want 2", n)
	}
	var sent []string
	for _, tr := range trips {
		if !strings.HasPrefix(tr.sql, "prepare: ") {
			sent = append(sent, tr.sql)
		}
	}
	if len(sent) != 1 {
		t.Errorf("a catch-up sent %d statements, want 1: %q", len(sent), sent)
	}
}
