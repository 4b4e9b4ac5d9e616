package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
)

// The taxonomy is read at every start of every command, and parsing and
// validating its YAML (tens of thousands of lines once names in fifty
// languages are in) is most of that start. A taxonomy that validated is
// therefore kept decoded in a cache file in the cache directory (CacheDir),
// named by a hash of the taxonomy files' bytes and of the binary: any edit
// makes a new key, and the files are parsed and validated again.

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

// taxonomyCachePath is the cache file for key in the cache directory
// (CacheDir); "" when there is none.
func taxonomyCachePath(database, key string) string {
	return cachePath(database, ".taxonomy", ".gob", key)
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
	TouchCacheFile(path)
	return &h, dec, true
}

// writeTaxonomyCache writes the cache file (atomically, WriteCacheFile).
// The cache is an optimization: a directory that cannot be written is no
// error.
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
	WriteCacheFile(path, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// buildID names the binary's build (version, revision and the executable's
// build ID), so that a new binary, whose validation may be stricter or whose
// tagger compiles differently, validates and builds again.
func buildID() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return executableID()
	}
	id := bi.Main.Version + " " + executableID()
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.time" || s.Key == "vcs.modified" {
			id += " " + s.Value
		}
	}
	return id
}
