package tag

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
	"go.yaml.in/yaml/v3"
)

// loadYAML reads taxonomy entries from files without validation (for the
// package's own small test taxonomy).
func loadYAML(t testing.TB, paths ...string) []config.TaxonomyEntry {
	t.Helper()
	var all []config.TaxonomyEntry
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			Entries []config.TaxonomyEntry `yaml:"entries"`
		}
		if err := yaml.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		all = append(all, f.Entries...)
	}
	return all
}

// testTagger is a Tagger over testdata/taxonomy.yaml.
func testTagger(t testing.TB) *Tagger {
	t.Helper()
	tg, err := New(loadYAML(t, "testdata/taxonomy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// shippedTaxonomy loads and validates config/taxonomy through config.Load, as
// the daemon does; it skips the test when the directory is absent or empty.
func shippedTaxonomy(t testing.TB) ([]config.TaxonomyEntry, []config.Inflection) {
	t.Helper()
	dir, err := filepath.Abs("../../config/taxonomy")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(files) == 0 {
		t.Skip("no shipped taxonomy in config/taxonomy")
	}
	tmp := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(tmp, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("sources.yaml", "sources: []\n")
	write("topics.yaml", "topics: []\n")
	write("aggregator.yaml", "sources: sources.yaml\ntopics: topics.yaml\ntaxonomy: "+dir+"\n")
	cfg, err := config.Load(filepath.Join(tmp, "aggregator.yaml"))
	if err != nil {
		// The taxonomy is edited by others while this package is tested:
		// report its problems, but measure the matcher on the raw entries.
		msg := err.Error()
		if len(msg) > 2000 {
			msg = msg[:2000] + " …"
		}
		t.Logf("shipped taxonomy does not validate (using it unvalidated): %s", msg)
		return loadYAML(t, files...), nil
	}
	return cfg.Taxonomy()
}

// shippedTagger is a Tagger over the shipped taxonomy (see shippedTaxonomy).
func shippedTagger(t testing.TB) *Tagger {
	t.Helper()
	entries, rules := shippedTaxonomy(t)
	tg, err := New(entries, rules...)
	if err != nil {
		t.Skipf("shipped taxonomy unusable: %v", err)
	}
	tg.compiled() // the benchmarks read the automaton directly
	return tg
}
