package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// The taxonomy is read at every start of every command, and parsing and
// validating its YAML (tens of thousands of lines once names in fifty
// languages are in) is most of that start. A taxonomy that validated is
// therefore kept decoded in a cache file beside the database (or, for
// PostgreSQL, in the user's cache directory), named by a hash
// of the taxonomy files' bytes: any edit makes a new key, and the files are
// parsed and validated again.

// taxonomyCacheVersion changes whenever TaxonomyEntry or Inflection change
// shape, so that an old cache is not read into the new types.
const taxonomyCacheVersion = "taxonomy-cache-2"

// The cache file holds two gob values: a taxonomyHeader, which is all that
// validating the topics needs, then the taxonomyBody, which is decoded only
// when the taxonomy is used (Config.Taxonomy): most starts of a command that
// fetches tag nothing (issue 18).
type taxonomyHeader struct {
	Key string
	// Index holds each entry's id, kind and ISO code only: what topic
	// rules are checked against (TaxonomyIndex).
	Index []TaxonomyEntry
}

// taxonomyBody is the validated taxonomy itself.
type taxonomyBody struct {
	Entries    []TaxonomyEntry
	Inflection []Inflection
}

// indexEntries is the part of each entry a TaxonomyIndex looks at.
func indexEntries(entries []TaxonomyEntry) []TaxonomyEntry {
	out := make([]TaxonomyEntry, len(entries))
	for i, e := range entries {
		out[i] = TaxonomyEntry{ID: e.ID, Kind: e.Kind, ISO: e.ISO}
	}
	return out
}

// taxonomyKey hashes the files' names and bytes; ok is false when one cannot
// be read (then there is no cache, and the parse reports the problem).
func taxonomyKey(files []string) (string, bool) {
	h := sha256.New()
	h.Write([]byte(taxonomyCacheVersion))
	h.Write([]byte(buildID()))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", false
		}
		h.Write([]byte(f))
		h.Write([]byte{0})
		h.Write(data)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// taxonomyCachePath is the cache file for key: beside a database file, or,
// when the database is not a file (PostgreSQL), in the user's cache
// directory (taxonomyCacheDir); "" when there is none.
func taxonomyCachePath(database, key string) string {
	if key == "" {
		return ""
	}
	dir := ""
	switch {
	case strings.Contains(database, "://"):
		dir = taxonomyCacheDir()
	case database != "":
		dir = filepath.Dir(database)
	}
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, ".taxonomy-"+key[:20]+".gob")
}

// taxonomyCacheDir is where a process whose database is not a file keeps
// its taxonomy cache: $CACHE_DIRECTORY (systemd's CacheDirectory=), else
// $XDG_CACHE_HOME/aggregator or ~/.cache/aggregator, created when missing;
// "" when none can be had (the taxonomy is then parsed at every start).
// Without it every start of a fleet node parsed the whole taxonomy YAML.
func taxonomyCacheDir() string {
	dir := os.Getenv("CACHE_DIRECTORY")
	if i := strings.IndexByte(dir, ':'); i >= 0 {
		dir = dir[:i] // systemd lists several directories with ':'
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(base, "aggregator")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ""
	}
	return dir
}

// readTaxonomyCache returns the header of the cached taxonomy of key, if
// there is one, and the decoder positioned at its body.
func readTaxonomyCache(path, key string) (*taxonomyHeader, *gob.Decoder, bool) {
	if path == "" {
		return nil, nil, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, false
	}
	dec := gob.NewDecoder(bytes.NewReader(data))
	var h taxonomyHeader
	if err := dec.Decode(&h); err != nil || h.Key != key {
		return nil, nil, false
	}
	return &h, dec, true
}

// writeTaxonomyCache writes the cache file (atomically) and removes the
// caches of older taxonomies beside it. The cache is an optimization: a
// directory that cannot be written is no error.
func writeTaxonomyCache(path, key string, entries []TaxonomyEntry, inflection []Inflection) {
	if path == "" {
		return
	}
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(taxonomyHeader{Key: key, Index: indexEntries(entries)}); err != nil {
		return
	}
	if err := enc.Encode(taxonomyBody{Entries: entries, Inflection: inflection}); err != nil {
		return
	}
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".taxonomy-*.tmp")
	if err != nil {
		return
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		os.Remove(tmp.Name())
		return
	}
	old, _ := filepath.Glob(filepath.Join(dir, ".taxonomy-*.gob"))
	for _, o := range old {
		if o != path {
			os.Remove(o)
		}
	}
}

// buildID names the binary's build (version and revision), so that a new
// binary, whose validation may be stricter, validates the taxonomy again.
func buildID() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	id := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.time" || s.Key == "vcs.modified" {
			id += " " + s.Value
		}
	}
	return id
}
