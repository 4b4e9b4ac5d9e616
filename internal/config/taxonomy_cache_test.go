package config

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// taxonomyConfigDir makes a configuration directory whose taxonomy is in
// tax/ and whose sources are none, and returns it with a function that
// writes a file in it (the topics and the taxonomy are the test's).
func taxonomyConfigDir(t *testing.T) (string, func(name, body string)) {
	dir := t.TempDir()
	t.Setenv(CacheEnv, filepath.Join(dir, "cache"))
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(dir, "tax"), 0o755)
	write("aggregator.yaml", "database: test.db\nsources: sources.yaml\ntopics: topics.yaml\ntaxonomy: tax\n")
	write("sources.yaml", "sources: []\n")
	return dir, write
}

// TestTaxonomyCache checks that a validated taxonomy is cached in the cache
// directory and read back the same, and that an edit, valid or not, is
// parsed and validated again.
func TestTaxonomyCache(t *testing.T) {
	dir, write := taxonomyConfigDir(t)
	write("topics.yaml", "topics: []\n")
	write("tax/geo.yaml", "entries:\n  - {id: syria, kind: country, name: Syria, iso: SY, names: {pl: [Syria]}}\n")
	write("tax/inflection.yaml", "inflection:\n  - {langs: [pl], suffixes: [{ends: [ia], strip: a, add: [i]}]}\n")
	first, err := Load(filepath.Join(dir, "aggregator.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	caches, _ := filepath.Glob(filepath.Join(dir, "cache", ".taxonomy-*.gob"))
	if len(caches) != 1 {
		t.Fatalf("cache files %v, want one in the cache directory", caches)
	}
	second, err := Load(filepath.Join(dir, "aggregator.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	firstEntries, firstRules := first.Taxonomy()
	secondEntries, secondRules := second.Taxonomy()
	if !reflect.DeepEqual(firstEntries, secondEntries) || !reflect.DeepEqual(firstRules, secondRules) {
		t.Errorf("cached taxonomy differs:\n%+v\n%+v", firstEntries, secondEntries)
	}
	// A bad edit is found: the cache is of other bytes.
	write("tax/geo.yaml", "entries:\n  - {id: syria, kind: country, name: Syria, iso: SY, parents: [nowhere]}\n")
	if _, err := Load(filepath.Join(dir, "aggregator.yaml")); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("edited taxonomy: err %v, want the unknown parent", err)
	}
	// A good edit replaces the cache.
	write("tax/geo.yaml", "entries:\n  - {id: iraq, kind: country, name: Iraq, iso: IQ}\n")
	cfg, err := Load(filepath.Join(dir, "aggregator.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := cfg.Taxonomy(); len(entries) != 1 || entries[0].ID != "iraq" {
		t.Fatalf("after an edit: %v %+v", err, cfg)
	}
	if now, _ := filepath.Glob(filepath.Join(dir, "cache", ".taxonomy-*.gob")); len(now) != 2 || !slices.Contains(now, caches[0]) {
		t.Errorf("cache files %v, want the new one beside %v", now, caches)
	}
}

// TestTaxonomyCacheDecodesOnFirstUse checks that a start which finds the
// taxonomy in its cache checks the topics against the cached index and
// leaves the entries undecoded until they are asked for, and that a cache
// whose body cannot be decoded falls back to the files.
func TestTaxonomyCacheDecodesOnFirstUse(t *testing.T) {
	dir, write := taxonomyConfigDir(t)
	write("topics.yaml", "topics:\n  - {slug: syria, title: Syria, match: \"country:syria\"}\n")
	write("tax/geo.yaml", "entries:\n  - {id: syria, kind: country, name: Syria, iso: SY, aliases: [{text: Sham}]}\n")
	path := filepath.Join(dir, "aggregator.yaml")
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.taxonomy == nil || cfg.taxonomy.decode == nil {
		t.Fatal("a cached taxonomy was decoded before anything asked for it")
	}
	entries, _ := cfg.Taxonomy()
	if len(entries) != 1 || entries[0].Name != "Syria" || len(entries[0].Aliases) != 1 {
		t.Fatalf("decoded on first use: %+v", entries)
	}
	// A topic naming an id the taxonomy lacks is still refused on a hit.
	write("topics.yaml", "topics:\n  - {slug: iraq, title: Iraq, match: \"country:iraq\"}\n")
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "iraq") {
		t.Fatalf("topic against the cached index: %v", err)
	}
	write("topics.yaml", "topics: []\n")
	// A cache cut after its header: the entries come from the files.
	caches, _ := filepath.Glob(filepath.Join(dir, "cache", ".taxonomy-*.gob"))
	data, err := os.ReadFile(caches[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(caches[0], data[:len(data)-20], 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err = Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.taxonomy.decode == nil {
		t.Fatal("the cut cache's header was not read")
	}
	if entries, _ := cfg.Taxonomy(); len(entries) != 1 || entries[0].Name != "Syria" {
		t.Fatalf("after a cut cache: %+v", entries)
	}
}

// TestTaxonomyCacheForPostgreSQL checks that a configuration whose database
// is a PostgreSQL URL keeps its taxonomy cache in the cache directory
// ($CACHE_DIRECTORY, as systemd's CacheDirectory= sets it) and starts from it.
func TestTaxonomyCacheForPostgreSQL(t *testing.T) {
	dir, write := taxonomyConfigDir(t)
	cache := filepath.Join(t.TempDir(), "cache")
	t.Setenv(CacheEnv, "")
	t.Setenv("CACHE_DIRECTORY", cache)
	write("aggregator.yaml", "database: postgres://u@127.0.0.1:1/db\nsources: sources.yaml\ntopics: topics.yaml\ntaxonomy: tax\n")
	write("topics.yaml", "topics: []\n")
	write("tax/geo.yaml", "entries:\n  - {id: syria, kind: country, name: Syria, iso: SY}\n")
	path := filepath.Join(dir, "aggregator.yaml")
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
	if caches, _ := filepath.Glob(filepath.Join(cache, ".taxonomy-*.gob")); len(caches) != 1 {
		t.Fatalf("cache files %v, want one in $CACHE_DIRECTORY", caches)
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.taxonomy == nil || cfg.taxonomy.decode == nil {
		t.Fatal("the second start did not come from the cache")
	}
	if entries, _ := cfg.Taxonomy(); len(entries) != 1 || entries[0].ID != "syria" {
		t.Fatalf("cached entries %+v", entries)
	}
}
