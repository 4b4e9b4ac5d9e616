package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestTaxonomyCache checks that a validated taxonomy is cached beside the
// database and read back the same, and that an edit, valid or not, is parsed
// and validated again.
func TestTaxonomyCache(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(dir, "tax"), 0o755)
	write("aggregator.yaml", "database: test.db\nsources: sources.yaml\ntopics: topics.yaml\ntaxonomy: tax\n")
	write("sources.yaml", "sources: []\n")
	write("topics.yaml", "topics: []\n")
	write("tax/geo.yaml", "entries:\n  - {id: syria, kind: country, name: Syria, iso: SY, names: {pl: [Syria]}}\n")
	write("tax/inflection.yaml", "inflection:\n  - {langs: [pl], suffixes: [{ends: [ia], strip: a, add: [i]}]}\n")
	first, err := Load(filepath.Join(dir, "aggregator.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	caches, _ := filepath.Glob(filepath.Join(dir, ".taxonomy-*.gob"))
	if len(caches) != 1 {
		t.Fatalf("cache files %v, want one beside the database", caches)
	}
	second, err := Load(filepath.Join(dir, "aggregator.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first.Taxonomy, second.Taxonomy) || !reflect.DeepEqual(first.Inflection, second.Inflection) {
		t.Errorf("cached taxonomy differs:\n%+v\n%+v", first.Taxonomy, second.Taxonomy)
	}
	// A bad edit is found: the cache is of other bytes.
	write("tax/geo.yaml", "entries:\n  - {id: syria, kind: country, name: Syria, iso: SY, parents: [nowhere]}\n")
	if _, err := Load(filepath.Join(dir, "aggregator.yaml")); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("edited taxonomy: err %v, want the unknown parent", err)
	}
	// A good edit replaces the cache.
	write("tax/geo.yaml", "entries:\n  - {id: iraq, kind: country, name: Iraq, iso: IQ}\n")
	cfg, err := Load(filepath.Join(dir, "aggregator.yaml"))
	if err != nil || len(cfg.Taxonomy) != 1 || cfg.Taxonomy[0].ID != "iraq" {
		t.Fatalf("after an edit: %v %+v", err, cfg)
	}
	if caches, _ = filepath.Glob(filepath.Join(dir, ".taxonomy-*.gob")); len(caches) != 1 {
		t.Errorf("cache files %v, want only the new one", caches)
	}
}
