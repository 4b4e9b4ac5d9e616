package tag

import (
	"io"
	"os"
	"sync/atomic"

	"github.com/intlwire/aggregator/internal/config"
)

// taggerCache is where a tagger came from or goes: the compiled-tagger cache
// file of its configuration (config.Config.TaggerCachePath).
type taggerCache struct {
	path, key string
	// loaded: the tagger was read from path, not built.
	loaded bool
	// writing is set when the build starts writing the file; written is
	// closed when that write is over, done or not.
	writing atomic.Bool
	written chan struct{}
}

// FromConfig returns the tagger of cfg's taxonomy: read from the
// compiled-tagger cache when it holds one for cfg's taxonomy and build
// (cfg.TaxonomyKey), else built by New from cfg.Taxonomy(), as lazily as
// New builds (Prepare, or the first Tag); once built, its compiled form is
// written to the cache in the background (WaitCache waits for it), so that
// the next process reads it. The cache is an optimization: a missing,
// stale, damaged or unwritable file costs a build, never an error.
func FromConfig(cfg *config.Config) (*Tagger, error) {
	path := cfg.TaggerCachePath()
	if t := readCache(path, cfg.TaxonomyKey); t != nil {
		return t, nil
	}
	entries, rules := cfg.Taxonomy()
	t, err := New(entries, rules...)
	if err != nil {
		return nil, err
	}
	if path != "" {
		t.cache = &taggerCache{path: path, key: cfg.TaxonomyKey, written: make(chan struct{})}
	}
	return t, nil
}

// readCache reads the tagger cached at path for key, or returns nil.
func readCache(path, key string) *Tagger {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	t, err := decodeCompiled(data, key)
	if err != nil {
		return nil
	}
	config.TouchCacheFile(path)
	t.cache = &taggerCache{path: path, key: key, loaded: true}
	return t
}

// Loaded reports whether the tagger was read from the compiled-tagger cache
// (or ReadCompiled) rather than built: evidence that a start skipped the
// build.
func (t *Tagger) Loaded() bool { return t.cache != nil && t.cache.loaded }

// WaitCache waits until the compiled form that this tagger's build is
// writing to the cache is written: a short command calls it before it
// exits, so that the next start finds the file. It returns at once when
// nothing is being written.
func (t *Tagger) WaitCache() {
	if c := t.cache; c != nil && c.writing.Load() {
		<-c.written
	}
}

// startCacheWrite writes the compiled form to the cache in the background,
// once the matcher is built (compiled calls it), so that the build's
// waiters do not wait for the write too.
func (t *Tagger) startCacheWrite() {
	c := t.cache
	if c == nil || c.loaded || c.path == "" {
		return
	}
	c.writing.Store(true)
	go func() {
		defer close(c.written)
		config.WriteCacheFile(c.path, func(w io.Writer) error { return t.writeCompiled(w, c.key) })
	}()
}
