package tag

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
)

// cacheConfig is a configuration over testdata/taxonomy.yaml with the given
// taxonomy key, its caches in dir.
func cacheConfig(t *testing.T, dir, key string) *config.Config {
	t.Helper()
	t.Setenv(config.CacheEnv, dir)
	cfg := &config.Config{Database: filepath.Join(t.TempDir(), "aggregator.db"), TaxonomyKey: key}
	cfg.SetTaxonomy(loadYAML(t, "testdata/taxonomy.yaml"), nil)
	return cfg
}

// fromConfig is FromConfig that fails the test on an error and waits for
// the cache write of a build that one Tag started.
func fromConfig(t *testing.T, cfg *config.Config) (*Tagger, Result) {
	t.Helper()
	tg, err := FromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := tg.Tag("Syria talks", "Talks in Damascus and Moscow went on; Russia and Syria agreed.")
	tg.WaitCache()
	return tg, r
}

const testKey = "0123456789abcdef0123456789abcdef"

// A miss builds and writes the cache once the matcher is built; the next
// start reads it (no build) and tags alike.
func TestTaggerCacheMissThenHit(t *testing.T) {
	dir := t.TempDir()
	cfg := cacheConfig(t, dir, testKey)
	tg, err := FromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if tg.Loaded() {
		t.Fatal("an empty cache gave a loaded tagger")
	}
	path := cfg.TaggerCachePath()
	if !strings.HasPrefix(path, dir) {
		t.Fatalf("cache path %q is not in %q", path, dir)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("the cache was written before the matcher was built")
	}
	tg.Prepare()
	want := tg.Tag("Syria talks", "Talks in Damascus and Moscow went on; Russia and Syria agreed.")
	tg.WaitCache()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no cache after the build: %v", err)
	}
	hit, got := fromConfig(t, cfg)
	if !hit.Loaded() {
		t.Fatal("the second start built the tagger again")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("loaded tagger: %+v, built %+v", got, want)
	}
}

// A file of another key (the taxonomy or the binary changed) is not read:
// the tagger is built, and its own file written beside the other.
func TestTaggerCacheStaleKey(t *testing.T) {
	dir := t.TempDir()
	fromConfig(t, cacheConfig(t, dir, testKey))
	cfg := cacheConfig(t, dir, strings.Repeat("f", 40))
	stale := cacheConfig(t, dir, testKey).TaggerCachePath()
	// The stale file under the new name: its header's key is the old one.
	data, err := os.ReadFile(stale)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg.TaggerCachePath(), data, 0o644); err != nil {
		t.Fatal(err)
	}
	tg, _ := fromConfig(t, cfg)
	if tg.Loaded() {
		t.Fatal("a file of another key was read")
	}
	if tg, _ = fromConfig(t, cfg); !tg.Loaded() {
		t.Error("the rebuilt tagger's file was not written over the stale one")
	}
}

// A damaged file is ignored: the tagger is built and the file rewritten.
func TestTaggerCacheCorrupt(t *testing.T) {
	dir := t.TempDir()
	cfg := cacheConfig(t, dir, testKey)
	_, want := fromConfig(t, cfg)
	path := cfg.TaggerCachePath()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{"cut": data[:len(data)/2], "flipped": flip(data, len(data)-3)} {
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		tg, got := fromConfig(t, cfg)
		if tg.Loaded() || !reflect.DeepEqual(got, want) {
			t.Errorf("%s file: loaded %v, tags %+v, want a build tagging %+v", name, tg.Loaded(), got, want)
		}
		if tg, _ = fromConfig(t, cfg); !tg.Loaded() {
			t.Errorf("%s file: not rewritten after the build", name)
		}
	}
}

// flip returns a copy of b with byte i changed.
func flip(b []byte, i int) []byte {
	c := append([]byte(nil), b...)
	c[i] ^= 0x01
	return c
}

// A cache directory that cannot be written, or none at all, is no error:
// the tagger is built every time.
func TestTaggerCacheUnwritable(t *testing.T) {
	// A regular file where the directories should be: no one, root
	// included, can write in it.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := cacheConfig(t, filepath.Join(file, "cache"), testKey)
	cfg.Database = filepath.Join(file, "aggregator.db")
	for range 2 {
		if tg, r := fromConfig(t, cfg); tg.Loaded() || len(r.Countries) == 0 {
			t.Fatalf("unwritable cache: loaded %v, countries %v", tg.Loaded(), r.Countries)
		}
	}
	t.Setenv(config.CacheEnv, "off")
	cfg.Database = "postgres://u@h/db"
	if tg, r := fromConfig(t, cfg); tg.Loaded() || len(r.Countries) == 0 {
		t.Fatalf("no cache: loaded %v, countries %v", tg.Loaded(), r.Countries)
	}
}
