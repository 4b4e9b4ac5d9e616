package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/store"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// testSetup describes a pipeline for a test or benchmark: its sources (id,
// URL), the topics.yaml text (or, with shipped, the shipped topics and
// taxonomy instead of the small test taxonomy) and extra lines for the fetch
// block of aggregator.yaml.
type testSetup struct {
	sources  [][2]string
	topics   string
	shipped  bool
	fetch    string
	database func(testing.TB) string // the store (storetest.Backends); nil: an SQLite file
}

// eachBackend runs test once per store backend (storetest.Backends): SQLite
// always, PostgreSQL when the tests have a server.
func eachBackend(t *testing.T, test func(t *testing.T, database func(testing.TB) string)) {
	t.Helper()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { test(t, b.Database) })
	}
}

// buildPipeline writes the configuration into a temp dir, loads it, and
// returns a pipeline over a fresh database there. With the shipped taxonomy a
// configuration that does not load skips (the data may be mid-edit); the small
// test one must load.
func buildPipeline(tb testing.TB, s testSetup) (*Pipeline, *store.Store) {
	tb.Helper()
	dir := tb.TempDir()
	var srcs strings.Builder
	srcs.WriteString("sources:\n")
	for _, src := range s.sources {
		fmt.Fprintf(&srcs, "  - id: %s\n    url: %s\n", src[0], src[1])
	}
	topics, taxonomy := filepath.Join(dir, "topics.yaml"), "testdata/taxonomy.yaml"
	if s.shipped {
		topics, taxonomy = "../../config/topics.yaml", "../../config/taxonomy"
	}
	topics, _ = filepath.Abs(topics)
	taxonomy, _ = filepath.Abs(taxonomy)
	files := map[string]string{
		"sources.yaml": srcs.String(),
		"aggregator.yaml": fmt.Sprintf("database: test.db\nsources: sources.yaml\ntopics: %s\ntaxonomy: %s\nfetch:\n  allow_private_addresses: true\n%s",
			topics, taxonomy, s.fetch),
	}
	if !s.shipped {
		files["topics.yaml"] = s.topics
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	cfg, err := config.Load(filepath.Join(dir, "aggregator.yaml"))
	if err != nil {
		if s.shipped {
			tb.Skipf("shipped config does not load: %v", err)
		}
		tb.Fatal(err)
	}
	if s.database != nil {
		cfg.Database = s.database(tb)
	}
	st, err := store.Open(context.Background(), cfg.Database)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	p, err := New(context.Background(), Options{Store: st, Config: cfg})
	if err != nil {
		tb.Fatal(err)
	}
	return p, st
}

// syriaTopic is the topics.yaml of most tests.
const syriaTopic = "topics:\n  - slug: syria-diplomacy\n    title: Syria diplomacy\n    match: region:syria AND topic:diplomacy\n"
